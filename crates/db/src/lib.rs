//! Connections to SQLite, PostgreSQL and MySQL/MariaDB: describing a live database into the
//! neutral [`sql_schema::SqlSchema`], and executing migration scripts.
//!
//! Invariants:
//! - A database built from a schema describes equal to the schema the calculator gives for it:
//!   column types are written as the renderers write them (`TEXT`, `VARCHAR(255)`,
//!   `TIMESTAMP(3)`), defaults are normalised back to literals, `now()` and sequences, and
//!   objects come out sorted by name, so that describing twice gives the same value.
//! - Describing costs a handful of catalog queries per database, never one per table.
//! - `_prisma_migrations` is never described.
//! - Passwords never appear in errors or printed URLs: [`DbUrl`] masks them and every driver
//!   message passes through [`DbUrl::scrub`], which masks the password component of any URL
//!   in it and changes no other text.
//! - The API is blocking: each [`Connection`] owns a small single-threaded runtime that drives
//!   the async driver, so callers need not be async.
//!
//! Each dialect is one module with the same layout: `connect`, `describe`, `execute_script`.

mod error;
mod mysql;
mod postgres;
mod split;
mod sqlite;
mod tls;
mod url;

pub use crate::error::{DbError, ScriptError};
pub use crate::url::{DbUrl, Dialect, SslMode, Verify};
use sql_schema::{NamespaceName, SqlSchema};

/// The name of Prisma's migrations table, which describing leaves out.
pub const MIGRATIONS_TABLE: &str = "_prisma_migrations";

/// An open connection to one database.
pub struct Connection {
    runtime: tokio::runtime::Runtime,
    url: DbUrl,
    /// `socket_timeout`: how long one call may wait for the server.
    socket_timeout: Option<std::time::Duration>,
    inner: Inner,
}

enum Inner {
    Postgres(sqlx::PgConnection),
    Mysql(sqlx::MySqlConnection),
    Sqlite(sqlx::SqliteConnection),
}

impl Connection {
    /// Connects to the database `url` names. SQLite files are created when missing, as Prisma
    /// does.
    pub fn connect(url: &DbUrl) -> Result<Connection, DbError> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_io().enable_time().build().map_err(|e| {
            DbError::Unreachable { url: url.masked(), reason: format!("cannot start the I/O runtime: {e}") }
        })?;
        let inner = runtime.block_on(async {
            match url.dialect() {
                Dialect::Postgres => postgres::connect(url).await.map(Inner::Postgres),
                Dialect::Mysql => mysql::connect(url).await.map(Inner::Mysql),
                Dialect::Sqlite => sqlite::connect(url).await.map(Inner::Sqlite),
            }
        })?;
        let socket_timeout = url.server().and_then(|server| server.socket_timeout);
        Ok(Connection { runtime, url: url.clone(), socket_timeout, inner })
    }

    pub fn url(&self) -> &DbUrl {
        &self.url
    }

    pub fn dialect(&self) -> Dialect {
        self.url.dialect()
    }

    /// Describes the database. `namespaces` lists the PostgreSQL schemas to describe; empty
    /// means the URL's `schema=` (default `public`). Every described schema that exists is
    /// listed in the result's namespaces; objects of the URL's schema are left unqualified and
    /// the others carry their namespace, as the calculator does. Other dialects ignore it.
    pub fn describe(&mut self, namespaces: &[NamespaceName]) -> Result<SqlSchema, DbError> {
        let url = &self.url;
        match &mut self.inner {
            Inner::Postgres(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, postgres::describe(conn, url, namespaces))
            }
            Inner::Mysql(conn) => block_on(&self.runtime, self.socket_timeout, url, mysql::describe(conn, url)),
            Inner::Sqlite(conn) => block_on(&self.runtime, self.socket_timeout, url, sqlite::describe(conn, url)),
        }
    }

    /// Runs a migration script. PostgreSQL and SQLite run it in one transaction, so a failing
    /// script changes nothing; MySQL cannot roll back DDL and runs it statement by statement,
    /// reporting which statement failed.
    pub fn execute_script(&mut self, sql: &str) -> Result<(), DbError> {
        let url = &self.url;
        match &mut self.inner {
            Inner::Postgres(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, postgres::execute_script(conn, url, sql))
            }
            Inner::Mysql(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, mysql::execute_script(conn, url, sql))
            }
            Inner::Sqlite(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, sqlite::execute_script(conn, url, sql))
            }
        }
    }

    /// Runs `sql` as it is, outside any transaction of ours: for statements that refuse to run
    /// inside one, such as `CREATE DATABASE`.
    pub fn execute_raw(&mut self, sql: &str) -> Result<(), DbError> {
        use sqlx::Executor;
        let url = &self.url;
        let result = match &mut self.inner {
            Inner::Postgres(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, conn.execute(sqlx::raw_sql(sql))).map(drop)
            }
            Inner::Mysql(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, conn.execute(sqlx::raw_sql(sql))).map(drop)
            }
            Inner::Sqlite(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, conn.execute(sqlx::raw_sql(sql))).map(drop)
            }
        };
        result.map_err(|e| query_error(url, e))
    }

    /// Runs a query whose columns are all text and returns its rows, NULL as `None`. Meant for
    /// bookkeeping such as `_prisma_migrations`, whose readers cast every column to text so that
    /// one reader serves every dialect.
    pub fn query_text(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, DbError> {
        use sqlx::{Executor, Row};
        fn texts<R: Row>(rows: Vec<R>) -> Result<Vec<Vec<Option<String>>>, sqlx::Error>
        where
            for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
            usize: sqlx::ColumnIndex<R>,
        {
            rows.iter().map(|row| (0..row.len()).map(|i| row.try_get::<Option<String>, _>(i)).collect()).collect()
        }
        let url = &self.url;
        let result = match &mut self.inner {
            Inner::Postgres(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, conn.fetch_all(sqlx::raw_sql(sql))).and_then(texts)
            }
            Inner::Mysql(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, conn.fetch_all(sqlx::raw_sql(sql))).and_then(texts)
            }
            Inner::Sqlite(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, conn.fetch_all(sqlx::raw_sql(sql))).and_then(texts)
            }
        };
        result.map_err(|e| query_error(url, e))
    }

    /// The number of rows in a table (`namespace` qualifies it on PostgreSQL): whether a table
    /// is empty decides which data-loss warnings apply.
    pub fn count_rows(&mut self, namespace: Option<&str>, table: &str) -> Result<i64, DbError> {
        self.count(namespace, table, None)
    }

    /// The number of non-null values in a column of a table: what dropping the column loses.
    pub fn count_non_null(&mut self, namespace: Option<&str>, table: &str, column: &str) -> Result<i64, DbError> {
        self.count(namespace, table, Some(column))
    }

    /// `COUNT(*)`, or `COUNT(column)` (its non-null values), of a table.
    fn count(&mut self, namespace: Option<&str>, table: &str, column: Option<&str>) -> Result<i64, DbError> {
        let quote = |ident: &str| match self.dialect() {
            Dialect::Mysql => format!("`{}`", ident.replace('`', "``")),
            Dialect::Postgres | Dialect::Sqlite => format!("\"{}\"", ident.replace('"', "\"\"")),
        };
        let name = match namespace {
            Some(namespace) => format!("{}.{}", quote(namespace), quote(table)),
            None => quote(table),
        };
        let counted = column.map_or_else(|| "*".to_owned(), quote);
        let sql = format!("SELECT COUNT({counted}) FROM {name}");
        let url = &self.url;
        let result = match &mut self.inner {
            Inner::Postgres(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, sqlx::query_scalar::<_, i64>(&sql).fetch_one(conn))
            }
            Inner::Mysql(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, sqlx::query_scalar::<_, i64>(&sql).fetch_one(conn))
            }
            Inner::Sqlite(conn) => {
                block_on(&self.runtime, self.socket_timeout, url, sqlx::query_scalar::<_, i64>(&sql).fetch_one(conn))
            }
        };
        result.map_err(|e| query_error(url, e))
    }

    /// Closes the connection politely.
    pub fn close(self) {
        use sqlx::Connection as _;
        let Connection { runtime, inner, .. } = self;
        // A failed goodbye leaves nothing to clean up: the server drops the session anyway.
        let _ = match inner {
            Inner::Postgres(conn) => runtime.block_on(conn.close()),
            Inner::Mysql(conn) => runtime.block_on(conn.close()),
            Inner::Sqlite(conn) => runtime.block_on(conn.close()),
        };
    }
}

impl std::fmt::Debug for Connection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Connection({})", self.url)
    }
}

/// Runs `future` to its end, or fails it after `limit` (the URL's `socket_timeout`): the
/// connection is unusable after that, as the server may still be working on the query.
fn block_on<T, E: TimedOut>(
    runtime: &tokio::runtime::Runtime,
    limit: Option<std::time::Duration>,
    url: &DbUrl,
    future: impl std::future::Future<Output = Result<T, E>>,
) -> Result<T, E> {
    match limit {
        None => runtime.block_on(future),
        Some(limit) => runtime.block_on(async {
            tokio::time::timeout(limit, future).await.unwrap_or_else(|_| Err(E::timed_out(url, limit)))
        }),
    }
}

/// The error a call that ran out of time (`socket_timeout`) ends with.
trait TimedOut {
    fn timed_out(url: &DbUrl, limit: std::time::Duration) -> Self;
}

fn timed_out_reason(limit: std::time::Duration) -> String {
    format!("the server did not answer within {} s (socket_timeout)", limit.as_secs())
}

impl TimedOut for DbError {
    fn timed_out(url: &DbUrl, limit: std::time::Duration) -> Self {
        DbError::Query { url: url.masked(), reason: timed_out_reason(limit) }
    }
}

impl TimedOut for sqlx::Error {
    fn timed_out(_: &DbUrl, limit: std::time::Duration) -> Self {
        sqlx::Error::Io(std::io::Error::new(std::io::ErrorKind::TimedOut, timed_out_reason(limit)))
    }
}

/// A failed query of ours, with any URL password in the driver's text masked.
pub(crate) fn query_error(url: &DbUrl, error: sqlx::Error) -> DbError {
    DbError::Query { url: url.masked(), reason: url.scrub(&error.to_string()) }
}

/// Maps a failed connection attempt to the reason Prisma would give.
pub(crate) fn connect_error(url: &DbUrl, error: sqlx::Error) -> DbError {
    let masked = url.masked();
    let reason = url.scrub(&error.to_string());
    let tls = url.server().map(|server| &server.tls);
    if let sqlx::Error::Database(db) = &error {
        let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
        // PostgreSQL's `hostssl`-only pg_hba.conf refuses a plain connection with
        // invalid_authorization_specification: "… no encryption" (PostgreSQL 14 and later) or
        // "… SSL off" (earlier).
        let plain_refused = code == "28000" && (reason.contains("no encryption") || reason.contains("SSL off"));
        // MySQL refuses a user created `REQUIRE SSL` over a plain connection with the words of
        // a wrong password (ER_ACCESS_DENIED_ERROR).
        let mysql_denied = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>().is_some_and(|e| e.number() == 1045);
        if mysql_denied && tls.is_some_and(|tls| tls.mode == SslMode::Disable) {
            let reason = format!(
                "{reason}; the URL turns TLS off (`sslmode=disable`), and a user that requires TLS is refused the same way without it: try without `sslmode=disable`"
            );
            return DbError::AuthenticationFailed { url: masked, reason };
        }
        if plain_refused && tls.is_some_and(|tls| tls.mode == SslMode::Disable) {
            return DbError::Tls {
                url: masked,
                reason: format!(
                    "the server accepts only TLS connections and the URL turns TLS off (`sslmode=disable`): use `sslmode=require` or leave `sslmode` out ({reason})"
                ),
            };
        }
        match code.as_str() {
            // PostgreSQL: invalid_password, invalid_authorization_specification;
            // MySQL: ER_ACCESS_DENIED_ERROR.
            "28P01" | "28000" | "1045" => return DbError::AuthenticationFailed { url: masked, reason },
            // PostgreSQL invalid_catalog_name; MySQL ER_BAD_DB_ERROR.
            "3D000" | "1049" => return DbError::DatabaseMissing { url: masked, database: url.database() },
            // MySQL ER_DBACCESS_DENIED_ERROR.
            "1044" => return DbError::AccessDenied { url: masked, reason },
            _ => {}
        }
        // MySQL reports its numeric code through `code()` as SQLSTATE in some versions.
        if let Some(mysql) = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>() {
            match mysql.number() {
                1045 => return DbError::AuthenticationFailed { url: masked, reason },
                1049 => return DbError::DatabaseMissing { url: masked, database: url.database() },
                1044 => return DbError::AccessDenied { url: masked, reason },
                _ => {}
            }
        }
        return DbError::Query { url: masked, reason };
    }
    // rustls reports a failed handshake through the socket, as an I/O error in its own words
    // (`invalid peer certificate: …`, `received fatal alert: …`).
    let tls_handshake = |text: &str| {
        ["invalid peer certificate", "received fatal alert", "peer is incompatible", "peer misbehaved"]
            .iter()
            .any(|words| text.contains(words))
    };
    if matches!(&error, sqlx::Error::Tls(_)) || matches!(&error, sqlx::Error::Io(e) if tls_handshake(&e.to_string())) {
        let (host, verify) = match url.server() {
            Some(server) => (server.host.as_str(), server.tls.verify),
            None => ("", Verify::Nothing),
        };
        return DbError::Tls { url: masked, reason: tls::explain(&reason, host, verify) };
    }
    DbError::Unreachable { url: masked, reason }
}

/// The bytes of a hexadecimal text (`0aff`), or `None` when it is not one.
pub(crate) fn decode_hex(text: &str) -> Option<Vec<u8>> {
    text.as_bytes()
        .chunks(2)
        .map(|pair| match pair {
            [high, low] => Some(((*high as char).to_digit(16)? * 16 + (*low as char).to_digit(16)?) as u8),
            _ => None,
        })
        .collect()
}

/// 1-based line and column of the character at 1-based `offset` in `text`.
pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut column = 1;
    for c in text.chars().take(offset.saturating_sub(1)) {
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// Takes a connect future and bounds it by the URL's timeout.
pub(crate) async fn with_timeout<T>(
    url: &DbUrl,
    timeout: std::time::Duration,
    future: impl std::future::Future<Output = Result<T, sqlx::Error>>,
) -> Result<T, DbError> {
    match tokio::time::timeout(timeout, future).await {
        Ok(result) => result.map_err(|e| connect_error(url, e)),
        Err(_) => Err(DbError::Unreachable {
            url: url.masked(),
            reason: format!("no answer within {} s (connect_timeout)", timeout.as_secs()),
        }),
    }
}
