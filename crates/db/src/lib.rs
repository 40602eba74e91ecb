//! Connections to SQLite, PostgreSQL and MySQL/MariaDB: describing a live database, executing
//! scripts, advisory locks.
//!
//! For now this crate only knows how to open a connection from a URL and check that the
//! server answers ([`ping`]); describing and executing come next.
//!
//! Invariants: the dialect is decided once, from the URL's scheme ([`Dialect::from_url`]); every
//! failure is a [`DbError`] that names the dialect it concerns. Nothing here prints.

use sqlx::Connection;
use std::fmt;

/// The database families ebb talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dialect {
    Postgres,
    Mysql,
    Sqlite,
}

impl Dialect {
    /// The dialect a connection URL asks for, from its scheme (as Prisma accepts them).
    pub fn from_url(url: &str) -> Result<Dialect, DbError> {
        let scheme = url.split_once(':').map(|(scheme, _)| scheme).unwrap_or("");
        match scheme {
            "postgres" | "postgresql" => Ok(Dialect::Postgres),
            "mysql" | "mariadb" => Ok(Dialect::Mysql),
            "file" | "sqlite" => Ok(Dialect::Sqlite),
            _ => Err(DbError::UnsupportedUrl { scheme: scheme.to_string() }),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Mysql => "MySQL",
            Dialect::Sqlite => "SQLite",
        }
    }
}

/// What can go wrong while talking to a database.
#[derive(Debug)]
pub enum DbError {
    /// The URL's scheme names no database ebb supports.
    UnsupportedUrl { scheme: String },
    /// The driver reported an error (connecting, or running a statement).
    Driver { dialect: Dialect, source: sqlx::Error },
}

impl fmt::Display for DbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DbError::UnsupportedUrl { scheme } => {
                write!(f, "unsupported database URL scheme `{scheme}`: use postgresql://, mysql:// or file:")
            }
            DbError::Driver { dialect, source } => write!(f, "{}: {source}", dialect.name()),
        }
    }
}

impl std::error::Error for DbError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DbError::UnsupportedUrl { .. } => None,
            DbError::Driver { source, .. } => Some(source),
        }
    }
}

/// Opens one connection to `url`, runs `SELECT 1` and closes it. Returns the dialect it spoke to.
pub async fn ping(url: &str) -> Result<Dialect, DbError> {
    let dialect = Dialect::from_url(url)?;
    let wrap = |source| DbError::Driver { dialect, source };
    let one: i64 = match dialect {
        Dialect::Postgres => {
            let mut conn = sqlx::PgConnection::connect(url).await.map_err(wrap)?;
            let one = sqlx::query_scalar::<_, i32>("SELECT 1").fetch_one(&mut conn).await.map_err(wrap)?;
            conn.close().await.map_err(wrap)?;
            i64::from(one)
        }
        Dialect::Mysql => {
            let mut conn = sqlx::MySqlConnection::connect(url).await.map_err(wrap)?;
            let one = sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&mut conn).await.map_err(wrap)?;
            conn.close().await.map_err(wrap)?;
            one
        }
        Dialect::Sqlite => {
            let mut conn = sqlx::SqliteConnection::connect(url).await.map_err(wrap)?;
            let one = sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&mut conn).await.map_err(wrap)?;
            conn.close().await.map_err(wrap)?;
            one
        }
    };
    debug_assert_eq!(one, 1);
    Ok(dialect)
}
