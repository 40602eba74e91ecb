//! Connection URLs as Prisma accepts them, parsed once into what the drivers need.
//!
//! The password never leaves this module in clear text except towards the driver: `Display`
//! and `Debug` print `****` in its place, and [`DbUrl::scrub`] masks the password component of
//! any URL a driver message holds. Only that component is masked, never other text that happens
//! to equal the password.

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

/// Whether to use TLS (`sslmode=`; on MySQL also implied by the `ssl*` parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Never: a server that requires TLS refuses the connection.
    Disable,
    /// When the server offers it, else in plain text.
    Prefer,
    /// Always: a server without TLS is an error.
    Require,
}

/// How much of the server's certificate is checked once TLS is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verify {
    /// Nothing: the connection is encrypted but the server is not authenticated (Prisma's
    /// default, `sslaccept=accept_invalid_certs`).
    Nothing,
    /// The certificate chains to a trusted root (`sslmode=verify-ca`); any host name.
    Chain,
    /// The chain and the host name (`sslmode=verify-full`, `sslaccept=strict`).
    Full,
}

/// The TLS settings of a server URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TlsOptions {
    pub mode: SslMode,
    pub verify: Verify,
    /// `sslcert` (Prisma's name) or `sslrootcert` (libpq's): PEM certificates trusted besides
    /// the operating system's roots.
    pub root_cert: Option<PathBuf>,
    /// `sslidentity`: a PKCS #12 file with the client's certificate and key.
    pub identity: Option<PathBuf>,
    /// `sslpassword`: the password of the PKCS #12 file.
    pub identity_password: Option<String>,
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
    pub tls: TlsOptions,
    pub connect_timeout: Duration,
    /// `socket_timeout`: how long one query may wait for the server's answer.
    pub socket_timeout: Option<Duration>,
    /// `application_name` (PostgreSQL), shown in `pg_stat_activity`.
    pub application_name: Option<String>,
    /// `options` (PostgreSQL): run-time parameters set at connection start (`-c name=value`).
    pub options: Vec<(String, String)>,
    /// `pgbouncer=true` (PostgreSQL): no prepared statements kept across queries.
    pub pgbouncer: bool,
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Target {
    // Boxed: a server URL is large beside a SQLite path, and `DbUrl`s are moved around.
    Postgres { server: Box<ServerUrl>, schema: String },
    Mysql { server: Box<ServerUrl> },
    Sqlite { path: PathBuf },
}

/// A parsed connection URL. Printing it masks the password.
#[derive(Clone, PartialEq, Eq)]
pub struct DbUrl {
    /// The URL as given, kept for messages (always printed through [`DbUrl::masked`]).
    text: String,
    pub(crate) target: Target,
    /// What the URL says that ebb reads but does not act on (unknown parameters, values it
    /// replaced by Prisma's default), for the caller to show.
    warnings: Vec<String>,
}

/// Prisma's default for `connect_timeout` (seconds).
const DEFAULT_CONNECT_TIMEOUT: u64 = 5;

/// Parameters Prisma reads that change nothing for a single, short-lived connection: they are
/// checked (numbers must be numbers) and otherwise ignored, without a warning.
const POOL_PARAMETERS: &[&str] = &[
    "connection_limit",
    "pool_timeout",
    "statement_cache_size",
    "max_connection_lifetime",
    "max_idle_connection_lifetime",
];

/// Parameters Prisma reads whose value is not a number, accepted without effect or a warning.
const ACCEPTED_PARAMETERS: &[&str] = &["channel_binding", "single_use_connections", "prefer_socket"];

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
            return Ok(DbUrl { text: text.to_owned(), target: Target::Sqlite { path }, warnings: Vec::new() });
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
            tls: TlsOptions {
                mode: SslMode::Prefer,
                verify: Verify::Nothing,
                root_cert: None,
                identity: None,
                identity_password: None,
            },
            connect_timeout: Duration::from_secs(DEFAULT_CONNECT_TIMEOUT),
            socket_timeout: None,
            application_name: None,
            options: Vec::new(),
            pgbouncer: false,
        };
        let mut schema = "public".to_owned();
        let mut warnings = Vec::new();
        // `sslmode` and `sslaccept` each ask for a level of checking; the stricter one wins.
        let mut verify_from_mode = Verify::Nothing;
        let mut verify_from_accept = Verify::Nothing;
        let path = |value: &str| {
            let path = Path::new(value);
            if path.is_absolute() {
                path.to_path_buf()
            } else {
                base_dir.join(path)
            }
        };
        let seconds = |key: &str, value: &str| -> Result<u64, DbError> {
            value.parse().map_err(|_| invalid(&format!("`{key}` must be a whole number of seconds, not `{value}`")))
        };
        for (key, value) in parsed.query_pairs() {
            let (key, value) = (key.as_ref(), value.as_ref());
            match (key, dialect) {
                ("schema", Dialect::Postgres) => schema = value.to_owned(),
                ("sslmode", Dialect::Postgres) => match value {
                    "disable" => server.tls.mode = SslMode::Disable,
                    // libpq's `allow` tries plain text first; Prisma treats it as `prefer`.
                    "prefer" | "allow" => server.tls.mode = SslMode::Prefer,
                    "require" => server.tls.mode = SslMode::Require,
                    "verify-ca" => (server.tls.mode, verify_from_mode) = (SslMode::Require, Verify::Chain),
                    "verify-full" => (server.tls.mode, verify_from_mode) = (SslMode::Require, Verify::Full),
                    other => warnings.push(format!(
                        "unknown `sslmode={other}`: using `prefer` as Prisma does (expected disable, prefer, require, verify-ca or verify-full)"
                    )),
                },
                // MySQL's own spelling (`ssl-mode=REQUIRED`) and libpq's, for MySQL URLs.
                ("sslmode" | "ssl-mode" | "ssl_mode", Dialect::Mysql) => match value.to_ascii_lowercase().as_str() {
                    "disable" | "disabled" => server.tls.mode = SslMode::Disable,
                    "prefer" | "preferred" => server.tls.mode = SslMode::Prefer,
                    "require" | "required" => server.tls.mode = SslMode::Require,
                    "verify-ca" | "verify_ca" => (server.tls.mode, verify_from_mode) = (SslMode::Require, Verify::Chain),
                    "verify-full" | "verify_identity" | "verify-identity" => {
                        (server.tls.mode, verify_from_mode) = (SslMode::Require, Verify::Full)
                    }
                    _ => warnings.push(format!(
                        "unknown `{key}={value}`: ignored (expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY)"
                    )),
                },
                ("sslaccept", _) => {
                    verify_from_accept = match value {
                        "strict" => Verify::Full,
                        "accept_invalid_certs" => Verify::Nothing,
                        other => {
                            warnings.push(format!(
                                "unknown `sslaccept={other}`: using `strict` (expected strict or accept_invalid_certs)"
                            ));
                            Verify::Full
                        }
                    };
                }
                ("sslcert" | "sslrootcert", _) => server.tls.root_cert = Some(path(value)),
                ("sslidentity", _) => server.tls.identity = Some(path(value)),
                ("sslpassword", _) => server.tls.identity_password = Some(value.to_owned()),
                ("connect_timeout", _) => {
                    // Prisma reads 0 as "no timeout"; a day stands in for that.
                    let seconds = seconds(key, value)?;
                    server.connect_timeout = Duration::from_secs(if seconds == 0 { 86_400 } else { seconds });
                }
                ("socket_timeout", _) => {
                    let seconds = seconds(key, value)?;
                    server.socket_timeout = (seconds > 0).then(|| Duration::from_secs(seconds));
                }
                ("host", Dialect::Postgres) => server.socket = Some(PathBuf::from(value)),
                // Prisma strips the parentheses of `socket=(/tmp/mysql.sock)`.
                ("socket", Dialect::Mysql) => server.socket = Some(PathBuf::from(value.replace(['(', ')'], ""))),
                ("application_name", Dialect::Postgres) => server.application_name = Some(value.to_owned()),
                ("options", Dialect::Postgres) => {
                    let (settings, ignored) = parse_options(value);
                    server.options = settings;
                    warnings.extend(ignored.into_iter().map(|word| {
                        format!("`options` holds `{word}`, which is not a `-c name=value` setting: ignored")
                    }));
                }
                ("pgbouncer", Dialect::Postgres) => {
                    server.pgbouncer =
                        value.parse().map_err(|_| invalid(&format!("`pgbouncer` must be true or false, not `{value}`")))?
                }
                ("user", _) if server.user.is_empty() => server.user = value.to_owned(),
                ("password", _) if server.password.is_none() => server.password = Some(value.to_owned()),
                ("port", _) if server.port.is_none() => {
                    server.port = Some(value.parse().map_err(|_| invalid("port must be a number"))?)
                }
                (key, _) if POOL_PARAMETERS.contains(&key) => {
                    value.parse::<u64>().map_err(|_| invalid(&format!("`{key}` must be a whole number, not `{value}`")))?;
                }
                (key, _) if ACCEPTED_PARAMETERS.contains(&key) => {}
                (key, dialect) => warnings.push(format!("unknown parameter `{key}` in the {} URL: ignored", dialect.name())),
            }
        }
        server.tls.verify = verify_from_mode.max(verify_from_accept);
        // Prisma's MySQL connector turns TLS on (and requires it) as soon as a URL names any of
        // its TLS parameters.
        let names_tls =
            |key: &str| matches!(key, "sslcert" | "sslrootcert" | "sslidentity" | "sslpassword" | "sslaccept");
        let names_mode = |key: &str| matches!(key, "sslmode" | "ssl-mode" | "ssl_mode");
        if dialect == Dialect::Mysql
            && !parsed.query_pairs().any(|(key, _)| names_mode(&key))
            && parsed.query_pairs().any(|(key, _)| names_tls(&key))
        {
            server.tls.mode = SslMode::Require;
        }
        if server.tls.mode == SslMode::Disable && server.tls.verify > Verify::Nothing {
            warnings.push("`sslmode=disable` turns TLS off: the certificate settings are not used".to_owned());
        }
        if server.database.is_empty() {
            server.database = match dialect {
                Dialect::Postgres => "postgres".to_owned(),
                _ => return Err(invalid("the URL names no database (`mysql://user@host/DATABASE`)")),
            };
        }
        let target = match dialect {
            Dialect::Postgres => Target::Postgres { server: Box::new(server), schema },
            _ => Target::Mysql { server: Box::new(server) },
        };
        Ok(DbUrl { text: text.to_owned(), target, warnings })
    }

    /// The URL with its relative certificate paths (`sslcert`, `sslrootcert`, `sslidentity`)
    /// resolved against `dir` instead of the folder given to [`DbUrl::parse`]. Prisma's schema
    /// engine reads them relative to its working directory, the folder of the schema file with
    /// the datasource block, even when the URL comes from `prisma.config.ts`, whose folder
    /// relative SQLite paths start from.
    pub fn with_certificates_relative_to(mut self, dir: &Path) -> DbUrl {
        let Ok(parsed) = url::Url::parse(&self.text) else { return self };
        let (Target::Postgres { server, .. } | Target::Mysql { server }) = &mut self.target else { return self };
        for (key, value) in parsed.query_pairs() {
            let path = Path::new(value.as_ref());
            if path.is_absolute() {
                continue;
            }
            match key.as_ref() {
                "sslcert" | "sslrootcert" => server.tls.root_cert = Some(dir.join(path)),
                "sslidentity" => server.tls.identity = Some(dir.join(path)),
                _ => {}
            }
        }
        self
    }

    /// What the URL says that ebb does not act on, one sentence each: unknown parameters,
    /// unknown values replaced by Prisma's default. Empty for most URLs.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// The server's parts (PostgreSQL, MySQL); `None` for SQLite.
    pub(crate) fn server(&self) -> Option<&ServerUrl> {
        match &self.target {
            Target::Postgres { server, .. } | Target::Mysql { server } => Some(server),
            Target::Sqlite { .. } => None,
        }
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

    /// Whether the URL says it goes through PgBouncer (`pgbouncer=true`, PostgreSQL).
    pub fn pgbouncer(&self) -> bool {
        self.server().is_some_and(|server| server.pgbouncer)
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
        DbUrl { text, target, warnings: self.warnings.clone() }
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

    /// `message` with the password component of every URL in it (`scheme://user:PASSWORD@…`)
    /// and every `password=` parameter's value replaced by `****`, for driver messages that
    /// might echo a URL. Nothing else changes: a password that happens to be a word of the
    /// message (`p`, `admin`) is only a secret where it stands in a URL.
    pub fn scrub(&self, message: &str) -> String {
        mask_text(message)
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

/// The run-time parameters of libpq's `options` value: `-c name=value`, `-cname=value` or
/// `--name=value`, separated by spaces (a space inside a value is written `\\ `), and the words
/// that are none of these. The driver passes settings only, so such a word (Neon's
/// `endpoint=…`, which its proxy reads from the TLS server name as well) cannot be sent.
fn parse_options(text: &str) -> (Vec<(String, String)>, Vec<String>) {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => word.extend(chars.next()),
            c if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    let mut pairs = Vec::new();
    let mut ignored = Vec::new();
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        let setting = match word.as_str() {
            "-c" => words.next().unwrap_or_default(),
            _ => match word.strip_prefix("--").or_else(|| word.strip_prefix("-c")) {
                Some(rest) => rest.to_owned(),
                None => String::new(),
            },
        };
        match setting.split_once('=') {
            Some((name, value)) if !name.is_empty() => pairs.push((name.replace('-', "_"), value.to_owned())),
            _ => ignored.push(word),
        }
    }
    (pairs, ignored)
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
    use proptest::prelude::*;

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
        assert_eq!(server.tls.mode, SslMode::Disable);
        assert!(server.pgbouncer);
        assert!(url.warnings().is_empty(), "{:?}", url.warnings());
        assert_eq!(server.connect_timeout, Duration::from_secs(9));
        let default = parse("postgres://u@localhost/app");
        assert_eq!(default.postgres_schema(), Some("public"));
        let socket = parse("postgresql://u@localhost/app?host=/var/run/postgresql");
        let Target::Postgres { server, .. } = &socket.target else { panic!("not postgres") };
        assert_eq!(server.socket.as_deref(), Some(Path::new("/var/run/postgresql")));
    }

    fn tls(text: &str) -> TlsOptions {
        parse(text).server().map(|server| server.tls.clone()).unwrap()
    }

    #[test]
    fn postgres_tls_parameters_as_prisma_reads_them() {
        let default = tls("postgresql://u@h/db");
        assert_eq!((default.mode, default.verify), (SslMode::Prefer, Verify::Nothing));
        // Prisma's default `sslaccept` is `accept_invalid_certs`: `require` encrypts only.
        let require = tls("postgresql://u@h/db?sslmode=require");
        assert_eq!((require.mode, require.verify), (SslMode::Require, Verify::Nothing));
        let strict = tls("postgresql://u@h/db?sslmode=require&sslaccept=strict&sslcert=../ca.pem");
        assert_eq!((strict.mode, strict.verify), (SslMode::Require, Verify::Full));
        assert_eq!(strict.root_cert.as_deref(), Some(Path::new("/project/prisma/../ca.pem")));
        let ca = tls("postgresql://u@h/db?sslmode=verify-ca&sslrootcert=/etc/ca.pem");
        assert_eq!((ca.mode, ca.verify), (SslMode::Require, Verify::Chain));
        assert_eq!(ca.root_cert.as_deref(), Some(Path::new("/etc/ca.pem")));
        // The stricter of the two wins.
        let full = tls("postgresql://u@h/db?sslmode=verify-full&sslaccept=accept_invalid_certs");
        assert_eq!((full.mode, full.verify), (SslMode::Require, Verify::Full));
        let moved = parse("postgresql://u@h/db?sslrootcert=ca.pem&sslidentity=/abs/id.p12")
            .with_certificates_relative_to(Path::new("/project/prisma/schema"));
        let Some(server) = moved.server() else { panic!("not a server") };
        assert_eq!(server.tls.root_cert.as_deref(), Some(Path::new("/project/prisma/schema/ca.pem")));
        assert_eq!(server.tls.identity.as_deref(), Some(Path::new("/abs/id.p12")));
        let identity = tls("postgresql://u@h/db?sslidentity=client.p12&sslpassword=x");
        assert_eq!(identity.identity.as_deref(), Some(Path::new("/project/prisma/client.p12")));
        assert_eq!(identity.identity_password.as_deref(), Some("x"));
        let unknown = parse("postgresql://u@h/db?sslmode=sometimes&sslaccept=maybe&colour=blue");
        let Some(server) = unknown.server() else { panic!("not a server") };
        assert_eq!((server.tls.mode, server.tls.verify), (SslMode::Prefer, Verify::Full));
        assert_eq!(unknown.warnings().len(), 3, "{:?}", unknown.warnings());
        assert!(unknown.warnings()[2].contains("`colour`"), "{:?}", unknown.warnings());
    }

    #[test]
    fn mysql_tls_is_required_once_a_tls_parameter_is_named() {
        let default = tls("mysql://u@h/db");
        assert_eq!((default.mode, default.verify), (SslMode::Prefer, Verify::Nothing));
        let accept = tls("mysql://u@h/db?sslaccept=accept_invalid_certs");
        assert_eq!((accept.mode, accept.verify), (SslMode::Require, Verify::Nothing));
        let strict = tls("mysql://u@h/db?sslaccept=strict&sslcert=ca.pem");
        assert_eq!((strict.mode, strict.verify), (SslMode::Require, Verify::Full));
        let mode = tls("mysql://u@h/db?ssl-mode=VERIFY_CA");
        assert_eq!((mode.mode, mode.verify), (SslMode::Require, Verify::Chain));
        let disabled = tls("mysql://u@h/db?sslmode=disabled&sslcert=ca.pem");
        assert_eq!(disabled.mode, SslMode::Disable);
    }

    #[test]
    fn other_parameters() {
        let url = parse("postgresql://u@h/db?application_name=deploy&options=-c%20statement_timeout%3D5000%20--lock-timeout%3D2s&socket_timeout=7&connection_limit=1&pool_timeout=0");
        let Some(server) = url.server() else { panic!("not a server") };
        assert_eq!(server.application_name.as_deref(), Some("deploy"));
        assert_eq!(
            server.options,
            [("statement_timeout".to_owned(), "5000".to_owned()), ("lock_timeout".to_owned(), "2s".to_owned())]
        );
        assert_eq!(server.socket_timeout, Some(Duration::from_secs(7)));
        assert!(url.warnings().is_empty(), "{:?}", url.warnings());
        let socket = parse("mysql://u@localhost/db?socket=(/run/mysqld/mysqld.sock)");
        assert_eq!(socket.server().and_then(|s| s.socket.as_deref()), Some(Path::new("/run/mysqld/mysqld.sock")));
        for bad in [
            "postgresql://u@h/db?connection_limit=many",
            "postgresql://u@h/db?socket_timeout=-1",
            "postgresql://u@h/db?pgbouncer=yes",
        ] {
            assert!(matches!(DbUrl::parse(bad, Path::new("/")), Err(DbError::InvalidUrl { .. })), "{bad}");
        }
        let neon = parse("postgresql://u@h/db?options=endpoint%3Dep-cool-123%20-c%20search_path%3Dx");
        assert_eq!(neon.server().map(|s| s.options.clone()), Some(vec![("search_path".to_owned(), "x".to_owned())]));
        assert_eq!(neon.warnings().len(), 1, "{:?}", neon.warnings());
        // A parameter of the other dialect is unknown here.
        assert_eq!(parse("mysql://u@h/db?schema=x").warnings().len(), 1);
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
        // Only a URL's password component is a secret; the same letters elsewhere stay.
        let short = parse("postgresql://user:p@nowhere.invalid/db");
        let message = format!("failed to lookup address information for `{}`", short.text);
        assert_eq!(
            short.scrub(&message),
            "failed to lookup address information for `postgresql://user:****@nowhere.invalid/db`"
        );
        let encoded = parse("mysql://user:p%40ss@localhost/db");
        assert_eq!(encoded.to_string(), "mysql://user:****@localhost/db");
        assert_eq!(mask_text("postgres://a@h/db?password=secret&x=1"), "postgres://a@h/db?password=****&x=1");
        assert_eq!(mask_text("postgres://u:pa/s@s@h:5/db?x=1"), "postgres://u:****@h:5/db?x=1");
        assert_eq!(mask_text("see `mysql://u:p@h/db` and file:./x.db"), "see `mysql://u:****@h/db` and file:./x.db");
        assert_eq!(mask_text("postgres://h/db"), "postgres://h/db");
    }

    /// Passwords people write: one character, characters a URL must escape, parts of words.
    fn password() -> impl Strategy<Value = String> {
        const WORDS: &str = "failed to lookup address information postgres mysql localhost database password error";
        prop_oneof![
            proptest::char::range('!', '~').prop_map(String::from),
            proptest::collection::vec(
                proptest::sample::select(vec!['@', '/', ':', '?', '#', '%', ' ', '&', '=', '`', 'é', 'a', '1']),
                1..6
            )
            .prop_map(|chars| chars.into_iter().collect()),
            (0..WORDS.len(), 1..6usize)
                .prop_map(|(start, len)| WORDS[start..(start + len).min(WORDS.len())].to_owned()),
        ]
    }

    proptest! {
        // Seeded: every run checks the same passwords.
        #![proptest_config(ProptestConfig {
            cases: 256,
            failure_persistence: None,
            rng_seed: proptest::test_runner::RngSeed::Fixed(11),
            ..ProptestConfig::default()
        })]

        /// Masking a message replaces the password span of the URL in it and nothing else.
        #[test]
        fn scrubbing_replaces_only_the_password_span(password in password(), scheme in prop_oneof![Just("postgresql"), Just("mysql")]) {
            let mut url = url::Url::parse(&format!("{scheme}://user@localhost:5432/db?schema=s")).unwrap();
            // `%` is the one character the URL writer leaves as it is; a user writes `%25`.
            url.set_password(Some(&password.replace('%', "%25"))).unwrap();
            let text = url.to_string();
            let parsed = DbUrl::parse(&text, Path::new("/")).unwrap();
            prop_assert_eq!(parsed.server().and_then(|s| s.password.clone()), Some(password.clone()));
            let encoded = url.password().unwrap().to_owned();
            let message = format!("failed to lookup address information for `{text}`: password authentication failed for user \"user\"");
            let expected = message.replacen(&format!("user:{encoded}@"), "user:****@", 1);
            let scrubbed = parsed.scrub(&message);
            prop_assert_eq!(&scrubbed, &expected);
            prop_assert_eq!(parsed.to_string(), text.replacen(&format!(":{encoded}@"), ":****@", 1));
            let (in_url, decoded) = (format!(":{encoded}@"), format!(":{password}@"));
            prop_assert!(!scrubbed.contains(&in_url) && !scrubbed.contains(&decoded), "{}", scrubbed);
        }
    }

    #[test]
    fn unknown_schemes_are_rejected_with_the_url_masked() {
        let err = DbUrl::parse("sqlserver://sa:topsecret@host/db", Path::new(".")).unwrap_err();
        assert!(!err.to_string().contains("topsecret"), "{err}");
    }
}
