//! The database a command works on, as the few operations the history needs.
//!
//! [`db::Connection`] is the real one; the trait keeps the commands testable and states
//! exactly what they ask of a connection.

use db::{DbError, Dialect};

/// A database connection, seen from the migrate commands.
pub trait Target {
    fn dialect(&self) -> Dialect;
    /// Runs one statement of ours (history bookkeeping, locks), ignoring any result rows.
    fn execute(&mut self, sql: &str) -> Result<(), DbError>;
    /// Runs a migration script: in one transaction on PostgreSQL and SQLite, statement by
    /// statement on MySQL.
    fn execute_script(&mut self, script: &str) -> Result<(), DbError>;
    /// Runs a query whose columns are all text (or NULL) and returns its rows.
    fn query_text(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, DbError>;
    /// The PostgreSQL schema the connection works in (the URL's `schema=`), which the history
    /// table goes into and which is created when missing, as Prisma does.
    fn postgres_schema(&self) -> Option<String> {
        None
    }
    /// Whether the connection goes through PgBouncer in transaction mode (`pgbouncer=true`),
    /// where a session-level advisory lock would stay behind on a pooled server connection.
    fn through_pgbouncer(&self) -> bool {
        false
    }
}

/// The provider name Prisma uses for a dialect, in schemas and in `migration_lock.toml`.
pub fn provider_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    }
}

/// The renderer's dialect for a database's.
pub fn render_dialect(dialect: Dialect) -> render::Dialect {
    match dialect {
        Dialect::Postgres => render::Dialect::Postgres,
        Dialect::Mysql => render::Dialect::Mysql,
        Dialect::Sqlite => render::Dialect::Sqlite,
    }
}
