//! Connection URLs as Prisma accepts them, parsed once into what the drivers need.
//!
//! The password never leaves this module in clear text except towards the driver: `Display`
//! and `Debug` print `****` in its place, and [`DbUrl::scrub`] removes it from driver messages.

use crate::error::DbError;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The kind of database a URL points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
            _ => Err(DbError::InvalidUrl {
                url: mask_text(url),
                reason: format!("unsupported scheme `{scheme}`: expected postgresql://, mysql:// or file:"),
            }),
        }
    }

    /// The name people know the database by.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Mysql => "MySQL",
            Dialect::Sqlite => "SQLite",
        }
    }
}

/// How PostgreSQL should negotiate TLS (`sslmode=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Prefer,
    Require,
}

/// The parts of a server URL (PostgreSQL or MySQL).
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ServerUrl {
    pub host: String,
    pub port: Option<u16>,
    pub user: String,
    pub password: Option<String>,
    pub database: String,
    /// PostgreSQL `host=` or MySQL `socket=`: a Unix socket directory or path.
    pub socket: Option<PathBuf>,
    pub ssl_mode: SslMode,
    pub connect_timeout: Duration,
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Target {
    Postgres { server: ServerUrl, schema: String },
    Mysql { server: ServerUrl },
    Sqlite { path: PathBuf },
}

/// A parsed connection URL. Printing it masks the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DbUrl {
    /// The URL as given, kept for messages (always printed through [`DbUrl::masked`]).
    text: String,
    pub(crate) target: Target,
}

/// Prisma's default for `connect_timeout` (seconds).
const DEFAULT_CONNECT_TIMEOUT: u64 = 5;

/// Parameters Prisma accepts that change nothing for us; they are accepted and ignored so that
/// every URL Prisma takes works here too.
const IGNORED_PARAMETERS: &[&str] = &[
    "connection_limit",
    "pool_timeout",
    "pgbouncer",
    "statement_cache_size",
    "socket_timeout",
    "max_connection_lifetime",
    "max_idle_connection_lifetime",
    "application_name",
    "options",
    "sslcert",
    "sslidentity",
    "sslpassword",
    "sslaccept",
    "sslrootcert",
    "channel_binding",
    "single_use_connections",
];

impl DbUrl {
    /// Parses `text`. A relative SQLite path (`file:./dev.db`) is resolved against `base_dir`,
    /// the folder of the schema file, as Prisma does.
    pub fn parse(text: &str, base_dir: &Path) -> Result<DbUrl, DbError> {
        let text = text.trim();
        let invalid = |reason: &str| DbError::InvalidUrl { url: mask_text(text), reason: reason.to_owned() };
        if let Some(rest) = text.strip_prefix("file:").or_else(|| text.strip_prefix("sqlite:")) {
            // `file://abs/path` and `file:rel` both occur; query parameters are Prisma's own.
            let rest = rest.split('?').next().unwrap_or_default();
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            if rest.is_empty() {
                return Err(invalid("the SQLite URL names no file"));
            }
            let path = Path::new(rest);
            // `:memory:` is SQLite's name for a private in-memory database, not a file.
            let path = if path.is_absolute() || rest == ":memory:" { path.to_path_buf() } else { base_dir.join(path) };
            return Ok(DbUrl { text: text.to_owned(), target: Target::Sqlite { path } });
        }
        let parsed = url::Url::parse(text).map_err(|e| invalid(&e.to_string()))?;
        let dialect = match parsed.scheme() {
            "postgresql" | "postgres" => Dialect::Postgres,
            "mysql" | "mariadb" => Dialect::Mysql,
            other => {
                return Err(invalid(&format!(
                    "unsupported scheme `{other}`: expected postgresql://, mysql:// or file:"
                )))
            }
        };
        let mut server = ServerUrl {
            host: parsed.host_str().unwrap_or("localhost").trim_start_matches('[').trim_end_matches(']').to_owned(),
            port: parsed.port(),
            user: percent_decode(parsed.username()),
            password: parsed.password().map(percent_decode),
            database: percent_decode(parsed.path().trim_start_matches('/')),
            socket: None,
            ssl_mode: SslMode::Prefer,
            connect_timeout: Duration::from_secs(DEFAULT_CONNECT_TIMEOUT),
        };
        let mut schema = "public".to_owned();
        for (key, value) in parsed.query_pairs() {
            match (key.as_ref(), dialect) {
                ("schema", Dialect::Postgres) => schema = value.into_owned(),
                ("sslmode", _) | ("ssl-mode", _) => {
                    server.ssl_mode = match value.as_ref() {
                        "disable" => SslMode::Disable,
                        "prefer" | "allow" => SslMode::Prefer,
                        "require" | "verify-ca" | "verify-full" => SslMode::Require,
                        other => return Err(invalid(&format!("unknown sslmode `{other}`"))),
                    }
                }
                ("connect_timeout", _) => {
                    let seconds: u64 =
                        value.parse().map_err(|_| invalid("connect_timeout must be a number of seconds"))?;
                    // Prisma reads 0 as "no timeout"; a day stands in for that.
                    server.connect_timeout = Duration::from_secs(if seconds == 0 { 86_400 } else { seconds });
                }
                ("host", Dialect::Postgres) | ("socket", Dialect::Mysql) => {
                    server.socket = Some(PathBuf::from(value.into_owned()))
                }
                ("user", _) if server.user.is_empty() => server.user = value.into_owned(),
                ("password", _) if server.password.is_none() => server.password = Some(value.into_owned()),
                ("port", _) if server.port.is_none() => {
                    server.port = Some(value.parse().map_err(|_| invalid("port must be a number"))?)
                }
                (key, _) if IGNORED_PARAMETERS.contains(&key) => {}
                // Unknown parameters are ignored as well, like Prisma's own connectors do.
                _ => {}
            }
        }
        if server.database.is_empty() {
            server.database = match dialect {
                Dialect::Postgres => "postgres".to_owned(),
                _ => return Err(invalid("the URL names no database (`mysql://user@host/DATABASE`)")),
            };
        }
        let target = match dialect {
            Dialect::Postgres => Target::Postgres { server, schema },
            _ => Target::Mysql { server },
        };
        Ok(DbUrl { text: text.to_owned(), target })
    }

    pub fn dialect(&self) -> Dialect {
        match self.target {
            Target::Postgres { .. } => Dialect::Postgres,
            Target::Mysql { .. } => Dialect::Mysql,
            Target::Sqlite { .. } => Dialect::Sqlite,
        }
    }

    /// The PostgreSQL schema named by `schema=` (default `public`); `None` for other dialects.
    pub fn postgres_schema(&self) -> Option<&str> {
        match &self.target {
            Target::Postgres { schema, .. } => Some(schema),
            _ => None,
        }
    }

    /// The database name (PostgreSQL, MySQL) or file path (SQLite).
    pub fn database(&self) -> String {
        match &self.target {
            Target::Postgres { server, .. } | Target::Mysql { server } => server.database.clone(),
            Target::Sqlite { path } => path.display().to_string(),
        }
    }

    /// The same server and credentials with another database (PostgreSQL, MySQL), or another
    /// file in the same folder (SQLite): for shadow and test databases.
    pub fn with_database(&self, database: &str) -> DbUrl {
        let mut target = self.target.clone();
        let text = match &mut target {
            Target::Postgres { server, .. } | Target::Mysql { server } => {
                server.database = database.to_owned();
                match url::Url::parse(&self.text) {
                    Ok(mut parsed) => {
                        parsed.set_path(&format!("/{database}"));
                        parsed.to_string()
                    }
                    // The text parsed when this value was made; kept as it was otherwise.
                    Err(_) => self.text.clone(),
                }
            }
            Target::Sqlite { path } => {
                path.set_file_name(database);
                format!("file:{}", path.display())
            }
        };
        DbUrl { text, target }
    }

    /// Where the server is, as Prisma prints it after a datasource: `host:port` (the host alone
    /// when the URL gives no port), `unix:<socket>` for a socket; `None` for SQLite.
    pub fn server_location(&self) -> Option<String> {
        match &self.target {
            Target::Postgres { server, .. } | Target::Mysql { server } => Some(match (&server.socket, server.port) {
                (Some(socket), _) => format!("unix:{}", socket.display()),
                (None, Some(port)) => format!("{}:{port}", server.host),
                (None, None) => server.host.clone(),
            }),
            Target::Sqlite { .. } => None,
        }
    }

    /// The URL with its password replaced by `****`.
    pub fn masked(&self) -> String {
        mask_text(&self.text)
    }

    /// `message` with every occurrence of the password (raw and percent-encoded) replaced by
    /// `****`, for driver messages that might echo it.
    pub fn scrub(&self, message: &str) -> String {
        let password = match &self.target {
            Target::Postgres { server, .. } | Target::Mysql { server } => server.password.as_deref(),
            Target::Sqlite { .. } => None,
        };
        let mut out = mask_text(message);
        if let Some(password) = password.filter(|p| !p.is_empty()) {
            out = out.replace(password, "****");
            if let Some(raw) = url::Url::parse(&self.text).ok().and_then(|u| u.password().map(str::to_owned)) {
                out = out.replace(&raw, "****");
            }
        }
        out
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DbUrl({})", self.masked())
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Replaces the password part of every `scheme://user:password@` in `text` with `****`, and
/// the value of every `password=` parameter. Works on text that is not a valid URL too, such
/// as a URL whose password holds an unencoded `/` or `@`.
fn mask_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("://") {
        let (before, after) = rest.split_at(pos + 3);
        out.push_str(before);
        // The user information ends at the last `@` before the query, fragment or the end of
        // the URL; the password sits between its first `:` and that `@`.
        let url_end = after.find(['?', '#', ' ', '\n', '`']).unwrap_or(after.len());
        match after[..url_end].rfind('@') {
            Some(at) => {
                let user_info = &after[..at];
                match user_info.find(':') {
                    Some(colon) => {
                        out.push_str(&user_info[..colon + 1]);
                        out.push_str("****");
                    }
                    None => out.push_str(user_info),
                }
                rest = &after[at..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    mask_parameter(&out, "password=")
}

fn mask_parameter(text: &str, key: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(key) {
        let (before, after) = rest.split_at(pos + key.len());
        out.push_str(before);
        let end = after.find(['&', ' ', '\n', '#']).unwrap_or(after.len());
        out.push_str("****");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> DbUrl {
        DbUrl::parse(text, Path::new("/project/prisma")).unwrap()
    }

    #[test]
    fn sqlite_paths_resolve_against_the_base_directory() {
        assert_eq!(parse("file:./dev.db").database(), "/project/prisma/./dev.db");
        assert_eq!(parse("file:dev.db").database(), "/project/prisma/dev.db");
        assert_eq!(parse("file:/abs/dev.db").database(), "/abs/dev.db");
        assert_eq!(parse("sqlite:./x.db?connection_limit=1").database(), "/project/prisma/./x.db");
        assert_eq!(parse("file:./dev.db").dialect(), Dialect::Sqlite);
        assert_eq!(parse("sqlite::memory:").database(), ":memory:");
        assert_eq!(Dialect::from_url("mariadb://h/db"), Ok(Dialect::Mysql));
        assert!(Dialect::from_url("redis://localhost").is_err());
    }

    #[test]
    fn postgres_parameters() {
        let url = parse("postgresql://u:p%40ss@db.example:6543/app?schema=tenant&sslmode=disable&connect_timeout=9&connection_limit=3&pgbouncer=true&pool_timeout=2");
        let Target::Postgres { server, schema } = &url.target else { panic!("not postgres") };
        assert_eq!(schema, "tenant");
        assert_eq!(server.password.as_deref(), Some("p@ss"));
        assert_eq!(server.user, "u");
        assert_eq!(server.port, Some(6543));
        assert_eq!(server.database, "app");
        assert_eq!(server.ssl_mode, SslMode::Disable);
        assert_eq!(server.connect_timeout, Duration::from_secs(9));
        let default = parse("postgres://u@localhost/app");
        assert_eq!(default.postgres_schema(), Some("public"));
        let socket = parse("postgresql://u@localhost/app?host=/var/run/postgresql");
        let Target::Postgres { server, .. } = &socket.target else { panic!("not postgres") };
        assert_eq!(server.socket.as_deref(), Some(Path::new("/var/run/postgresql")));
    }

    #[test]
    fn another_database_on_the_same_server() {
        let url = parse("postgresql://u:pw@h:5432/app?schema=s").with_database("shadow");
        assert_eq!(url.to_string(), "postgresql://u:****@h:5432/shadow?schema=s");
        assert_eq!(url.database(), "shadow");
        assert_eq!(url.postgres_schema(), Some("s"));
        assert_eq!(parse("file:./dev.db").with_database("shadow.db").database(), "/project/prisma/shadow.db");
    }

    #[test]
    fn mysql_urls_need_a_database() {
        assert_eq!(parse("mysql://root:pw@127.0.0.1:3306/shop?connection_limit=5").database(), "shop");
        assert!(matches!(DbUrl::parse("mysql://root@localhost", Path::new(".")), Err(DbError::InvalidUrl { .. })));
    }

    #[test]
    fn printing_masks_the_password() {
        let url = parse("postgresql://user:hunter2@localhost:5432/db?schema=s");
        assert_eq!(url.to_string(), "postgresql://user:****@localhost:5432/db?schema=s");
        assert!(!format!("{url:?}").contains("hunter2"));
        assert_eq!(url.scrub("failed for hunter2 at x"), "failed for **** at x");
        let encoded = parse("mysql://user:p%40ss@localhost/db");
        assert_eq!(encoded.to_string(), "mysql://user:****@localhost/db");
        assert_eq!(mask_text("postgres://a@h/db?password=secret&x=1"), "postgres://a@h/db?password=****&x=1");
        assert_eq!(mask_text("postgres://u:pa/s@s@h:5/db?x=1"), "postgres://u:****@h:5/db?x=1");
        assert_eq!(mask_text("see `mysql://u:p@h/db` and file:./x.db"), "see `mysql://u:****@h/db` and file:./x.db");
        assert_eq!(mask_text("postgres://h/db"), "postgres://h/db");
    }

    #[test]
    fn unknown_schemes_are_rejected_with_the_url_masked() {
        let err = DbUrl::parse("sqlserver://sa:topsecret@host/db", Path::new(".")).unwrap_err();
        assert!(!err.to_string().contains("topsecret"), "{err}");
    }
}
