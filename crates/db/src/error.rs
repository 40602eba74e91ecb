//! Typed errors of this crate. Every message that shows a URL shows it masked, and driver text
//! passes through [`crate::DbUrl::scrub`] before it lands here.

use std::fmt;

/// Why talking to a database failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DbError {
    /// The URL could not be understood.
    InvalidUrl { url: String, reason: String },
    /// The server could not be reached (Prisma's P1001), or did not answer in time.
    Unreachable { url: String, reason: String },
    /// The server refused the credentials (P1000).
    AuthenticationFailed { url: String, reason: String },
    /// The server was reached but the database does not exist (P1003).
    DatabaseMissing { url: String, database: String },
    /// A TLS connection was required but could not be opened (P1011).
    Tls { url: String, reason: String },
    /// The user may not use this database (P1010).
    AccessDenied { url: String, reason: String },
    /// A query of ours failed (describing, locking).
    Query { url: String, reason: String },
    /// A script failed; nothing of it remains on PostgreSQL and SQLite.
    Script(ScriptError),
}

/// Where and why a script failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptError {
    /// 1-based index of the failing statement, when the script was run statement by statement.
    pub statement_index: Option<usize>,
    /// The first line of the failing statement, when known.
    pub statement_first_line: Option<String>,
    /// The database's own message.
    pub message: String,
    /// The database's error code (SQLSTATE on PostgreSQL, the error number on MySQL).
    pub code: Option<String>,
    /// 1-based line and column in the script where the database located the error.
    pub position: Option<(usize, usize)>,
}

impl DbError {
    /// Prisma's error code for this error, where one exists.
    pub fn prisma_code(&self) -> Option<&'static str> {
        match self {
            DbError::AuthenticationFailed { .. } => Some("P1000"),
            DbError::Unreachable { .. } => Some("P1001"),
            DbError::DatabaseMissing { .. } => Some("P1003"),
            DbError::AccessDenied { .. } => Some("P1010"),
            DbError::Tls { .. } => Some("P1011"),
            DbError::InvalidUrl { .. } => Some("P1013"),
            DbError::Script(_) => Some("P3018"),
            DbError::Query { .. } => None,
        }
    }
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::InvalidUrl { url, reason } => write!(f, "invalid database url `{url}`: {reason}"),
            DbError::Unreachable { url, reason } => write!(
                f,
                "can't reach the database server at `{url}`: {reason}; check that the server is running and the host and port are right"
            ),
            DbError::AuthenticationFailed { url, reason } => write!(
                f,
                "authentication failed against the database server at `{url}`: {reason}; check the user name and password"
            ),
            DbError::DatabaseMissing { url, database } => {
                write!(f, "database `{database}` does not exist on the server at `{url}`; create it first")
            }
            DbError::Tls { url, reason } => write!(f, "error opening a TLS connection to `{url}`: {reason}"),
            DbError::AccessDenied { url, reason } => {
                write!(f, "the user was denied access to the database at `{url}`: {reason}")
            }
            DbError::Query { url, reason } => write!(f, "a query against `{url}` failed: {reason}"),
            DbError::Script(script) => script.fmt(f),
        }
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the script failed")?;
        if let Some(index) = self.statement_index {
            write!(f, " at statement {index}")?;
            if let Some(line) = &self.statement_first_line {
                write!(f, " (`{line}`)")?;
            }
        }
        if let Some((line, column)) = self.position {
            write!(f, " at line {line}, column {column}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(code) = &self.code {
            write!(f, " (code {code})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DbError {}
impl std::error::Error for ScriptError {}
