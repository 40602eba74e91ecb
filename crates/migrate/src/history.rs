//! The `_prisma_migrations` table: its DDL per dialect, its rows, and the statements that read
//! and write them, as Prisma 7 does.
//!
//! Column meanings (Prisma's, kept exactly):
//! - `id`: a random (v4) UUID per attempt, as text.
//! - `checksum`: [`crate::checksum`] of `migration.sql` when the attempt started.
//! - `migration_name`: the migration folder's name.
//! - `started_at`: when the attempt started (client clock).
//! - `finished_at`: when the script finished; `NULL` while running and after a failure.
//! - `logs`: `NULL` on success; the error text after a failure; `''` for `resolve --applied`.
//! - `rolled_back_at`: set by `resolve --rolled-back` (and on a failed row by
//!   `resolve --applied`); a rolled-back row is history only and ignored otherwise.
//! - `applied_steps_count`: 1 once the script succeeded, 0 before, after a failure, and for
//!   rows written by `resolve --applied`.
//!
//! Times are written as the native Prisma engine writes them: `TIMESTAMPTZ` on PostgreSQL,
//! `DATETIME(3)` in UTC on MySQL, and integer Unix milliseconds in SQLite's `DATETIME` columns.
//! Reading also accepts the ISO-8601 text that Prisma's Wasm engine (driver adapters) writes in
//! SQLite. Statements are plain text with escaped literals: every value is either generated here
//! or a migration name, checksum or error text, and each is quoted for its dialect.

use crate::error::MigrateError;
use crate::timestamp::Timestamp;
use db::Dialect;

/// The name of the history table.
pub const HISTORY_TABLE: &str = "_prisma_migrations";

/// The key of Prisma's PostgreSQL advisory lock.
pub const POSTGRES_LOCK_KEY: i64 = 72_707_369;
/// The name of Prisma's MySQL named lock, and how long (seconds) to wait for it.
pub const MYSQL_LOCK_NAME: &str = "prisma_migrate";
pub const MYSQL_LOCK_TIMEOUT_SECONDS: u32 = 10;

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub id: String,
    pub checksum: String,
    pub finished_at: Option<Timestamp>,
    pub migration_name: String,
    pub logs: Option<String>,
    pub rolled_back_at: Option<Timestamp>,
    pub started_at: Timestamp,
    pub applied_steps_count: u32,
}

impl HistoryRow {
    /// Started, and neither finished nor rolled back: what blocks `deploy` (P3009).
    pub fn is_failed(&self) -> bool {
        self.finished_at.is_none() && self.rolled_back_at.is_none()
    }

    /// Finished and not rolled back.
    pub fn is_applied(&self) -> bool {
        self.finished_at.is_some() && self.rolled_back_at.is_none()
    }
}

/// The `CREATE TABLE` Prisma runs, byte for byte (PostgreSQL's and MySQL's from Prisma's
/// source, SQLite's as the oracle left it in `sqlite_master`). On PostgreSQL the table goes
/// into the connection's schema, like Prisma's unqualified statement under its `search_path`.
pub fn create_table_sql(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => {
            "CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
"
        }
        Dialect::Mysql => {
            "CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             DATETIME(3),
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          DATETIME(3),
    started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
"
        }
        Dialect::Sqlite => {
            "CREATE TABLE \"_prisma_migrations\" (
    \"id\"                    TEXT PRIMARY KEY NOT NULL,
    \"checksum\"              TEXT NOT NULL,
    \"finished_at\"           DATETIME,
    \"migration_name\"        TEXT NOT NULL,
    \"logs\"                  TEXT,
    \"rolled_back_at\"        DATETIME,
    \"started_at\"            DATETIME NOT NULL DEFAULT current_timestamp,
    \"applied_steps_count\"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
"
        }
    }
}

/// Lists the base tables of the connection's schema (PostgreSQL), database (MySQL) or file
/// (SQLite), one text column, sorted.
pub fn table_names_sql(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => {
            "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        }
        Dialect::Mysql => {
            "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
        Dialect::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
    }
}

/// Whether Prisma leaves `table` out when deciding that a database is empty (P3005): SQLite's
/// own tables, and PostGIS's on PostgreSQL.
pub fn table_is_ignored(dialect: Dialect, table: &str) -> bool {
    match dialect {
        Dialect::Sqlite => table.starts_with("sqlite_"),
        Dialect::Postgres => {
            let lower = table.to_ascii_lowercase();
            ["spatial_ref_sys", "geometry_columns", "geography_columns", "raster_columns", "raster_overviews"]
                .contains(&lower.as_str())
        }
        Dialect::Mysql => false,
    }
}

/// Reads every row, oldest attempt first, each value as text (times as microseconds since
/// the epoch) so that one reader serves the three dialects; see [`parse_row`].
pub fn select_rows_sql(dialect: Dialect) -> String {
    let micros = |column: &str| {
        match dialect {
        Dialect::Postgres => format!("CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"),
        Dialect::Mysql => format!("TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', {column})"),
        // Integers are Unix milliseconds (native Prisma), text is ISO-8601 (Prisma's Wasm
        // engine, or the column default).
        Dialect::Sqlite => format!(
            "(CASE typeof({column}) WHEN 'integer' THEN {column} * 1000 WHEN 'real' THEN CAST({column} * 1000 AS INTEGER) WHEN 'text' THEN CAST(round(unixepoch({column}, 'subsec') * 1000) AS INTEGER) * 1000 END)"
        ),
    }
    };
    let text = |expression: &str| match dialect {
        Dialect::Mysql => format!("CAST({expression} AS CHAR)"),
        Dialect::Postgres | Dialect::Sqlite => format!("CAST({expression} AS TEXT)"),
    };
    // Ordered by the time itself: in SQLite a column may mix integers and text, which
    // `ORDER BY started_at` would sort by type first.
    format!(
        "SELECT {}, {}, {}, {}, {}, {}, {}, {} FROM {HISTORY_TABLE} ORDER BY {} ASC",
        text("id"),
        text("checksum"),
        text(&micros("finished_at")),
        text("migration_name"),
        text("logs"),
        text(&micros("rolled_back_at")),
        text(&micros("started_at")),
        text("applied_steps_count"),
        micros("started_at"),
    )
}

/// One row of [`select_rows_sql`].
pub fn parse_row(values: &[Option<String>]) -> Result<HistoryRow, MigrateError> {
    let corrupt = |reason: String| MigrateError::CorruptHistory { reason };
    let [id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count] = values
    else {
        return Err(corrupt(format!("expected 8 columns, got {}", values.len())));
    };
    let required =
        |value: &Option<String>, column: &str| value.clone().ok_or_else(|| corrupt(format!("`{column}` is NULL")));
    let time = |value: &Option<String>, column: &str| -> Result<Option<Timestamp>, MigrateError> {
        value
            .as_deref()
            .map(|text| {
                text.trim()
                    .parse::<i64>()
                    .ok()
                    .and_then(Timestamp::from_unix_micros)
                    .ok_or_else(|| corrupt(format!("`{column}` is not a time: `{text}`")))
            })
            .transpose()
    };
    let applied_steps_count = required(applied_steps_count, "applied_steps_count")?;
    Ok(HistoryRow {
        id: required(id, "id")?,
        checksum: required(checksum, "checksum")?,
        finished_at: time(finished_at, "finished_at")?,
        migration_name: required(migration_name, "migration_name")?,
        logs: logs.clone(),
        rolled_back_at: time(rolled_back_at, "rolled_back_at")?,
        started_at: time(started_at, "started_at")?.ok_or_else(|| corrupt("`started_at` is NULL".to_owned()))?,
        applied_steps_count: applied_steps_count
            .trim()
            .parse()
            .map_err(|_| corrupt(format!("`applied_steps_count` is not a count: `{applied_steps_count}`")))?,
    })
}

/// A new row for an attempt that starts now: `finished_at` and `logs` stay NULL.
pub fn insert_started_sql(dialect: Dialect, id: &str, name: &str, checksum: &str, started_at: Timestamp) -> String {
    format!(
        "INSERT INTO {HISTORY_TABLE} (id, checksum, started_at, migration_name) VALUES ({}, {}, {}, {})",
        string(dialect, id),
        string(dialect, checksum),
        time(dialect, started_at),
        string(dialect, name)
    )
}

/// The script of the attempt `id` succeeded: one step applied, finished now.
pub fn finish_sql(dialect: Dialect, id: &str, finished_at: Timestamp) -> String {
    format!(
        "UPDATE {HISTORY_TABLE} SET applied_steps_count = applied_steps_count + 1, finished_at = {} WHERE id = {}",
        time(dialect, finished_at),
        string(dialect, id)
    )
}

/// The script of the attempt `id` failed with `logs`.
pub fn fail_sql(dialect: Dialect, id: &str, logs: &str) -> String {
    format!("UPDATE {HISTORY_TABLE} SET logs = {} WHERE id = {}", string(dialect, logs), string(dialect, id))
}

/// `resolve --rolled-back` (and `resolve --applied` on a failed attempt).
pub fn mark_rolled_back_sql(dialect: Dialect, id: &str, at: Timestamp) -> String {
    format!("UPDATE {HISTORY_TABLE} SET rolled_back_at = {} WHERE id = {}", time(dialect, at), string(dialect, id))
}

/// `resolve --applied`: a row that started and finished at the same instant, with empty logs
/// and no applied step, exactly as Prisma writes it.
pub fn insert_applied_sql(dialect: Dialect, id: &str, name: &str, checksum: &str, at: Timestamp) -> String {
    format!(
        "INSERT INTO {HISTORY_TABLE} (id, checksum, logs, started_at, finished_at, migration_name) VALUES ({}, {}, '', {}, {}, {})",
        string(dialect, id),
        string(dialect, checksum),
        time(dialect, at),
        time(dialect, at),
        string(dialect, name)
    )
}

/// Takes Prisma's lock, so that two deploys never interleave. PostgreSQL waits for the
/// session-level advisory lock; MySQL waits up to 10 s for the named lock, as Prisma does (and,
/// like Prisma, goes on when it times out). SQLite needs none: the file is locked while a
/// script's transaction writes.
pub fn lock_sql(dialect: Dialect) -> Option<String> {
    match dialect {
        Dialect::Postgres => Some(format!("SELECT pg_advisory_lock({POSTGRES_LOCK_KEY})")),
        Dialect::Mysql => Some(format!("SELECT GET_LOCK('{MYSQL_LOCK_NAME}', {MYSQL_LOCK_TIMEOUT_SECONDS})")),
        Dialect::Sqlite => None,
    }
}

/// Lets go of the lock of [`lock_sql`]. Prisma never does (closing the connection does it);
/// ebb lets go as soon as it is done, so that a long-lived connection does not keep it.
pub fn unlock_sql(dialect: Dialect) -> Option<String> {
    match dialect {
        Dialect::Postgres => Some(format!("SELECT pg_advisory_unlock({POSTGRES_LOCK_KEY})")),
        Dialect::Mysql => Some(format!("SELECT RELEASE_LOCK('{MYSQL_LOCK_NAME}')")),
        Dialect::Sqlite => None,
    }
}

/// A string literal. MySQL treats backslashes in literals as escapes (unless
/// `NO_BACKSLASH_ESCAPES`, which doubling them survives too); PostgreSQL with
/// `standard_conforming_strings` (the default since 9.1) and SQLite do not.
fn string(dialect: Dialect, value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' if dialect == Dialect::Mysql => out.push_str("\\\\"),
            // NUL cannot be stored in PostgreSQL text and ends C strings elsewhere.
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A time literal for the column types of [`create_table_sql`].
fn time(dialect: Dialect, at: Timestamp) -> String {
    let date = at.date_and_time();
    match dialect {
        Dialect::Postgres => format!("TIMESTAMPTZ '{date}.{:06}+00'", at.microsecond()),
        // DATETIME(3) keeps milliseconds; the value is UTC, as Prisma writes it.
        Dialect::Mysql => format!("'{date}.{:03}'", at.microsecond() / 1000),
        Dialect::Sqlite => at.unix_millis().to_string(),
    }
}

/// A random version 4 UUID in its hyphenated lowercase form, as Prisma's row ids.
///
/// The bytes come from the operating system's random source; `new_v4` panics only when there
/// is none (getrandom fails), which a Unix or Windows system that has booted always provides.
pub fn new_row_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_ids_are_v4_uuids() {
        let id = new_row_id();
        assert_eq!(id.len(), 36);
        let uuid = uuid::Uuid::parse_str(&id).unwrap();
        assert_eq!(uuid.get_version(), Some(uuid::Version::Random));
        assert_eq!(uuid.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(id, uuid.hyphenated().to_string(), "lowercase and hyphenated");
        assert_ne!(id, new_row_id());
    }

    #[test]
    fn literals_are_escaped_per_dialect() {
        assert_eq!(string(Dialect::Postgres, r"it's \n"), r"'it''s \n'");
        assert_eq!(string(Dialect::Mysql, r"it's \n"), r"'it''s \\n'");
        assert_eq!(string(Dialect::Sqlite, "a\0b"), "'a\u{FFFD}b'");
    }

    #[test]
    fn times_are_written_in_each_dialect_form() {
        let at = Timestamp::from_unix_micros(1_795_636_024_586_123).unwrap();
        assert_eq!(time(Dialect::Postgres, at), "TIMESTAMPTZ '2026-11-25 19:47:04.586123+00'");
        assert_eq!(time(Dialect::Mysql, at), "'2026-11-25 19:47:04.586'");
        assert_eq!(time(Dialect::Sqlite, at), "1795636024586");
    }

    #[test]
    fn rows_parse_from_text() {
        let text = |s: &str| Some(s.to_owned());
        let row = parse_row(&[
            text("612a197a-0145-4016-8bf4-1a259e8e40a5"),
            text("6869bc790ec9d11e34c63a9330519becda6d6c7e804bf06937c7daf6352336b0"),
            None,
            text("20261125194649_init"),
            text("boom"),
            None,
            text("1795636024586000"),
            text("0"),
        ])
        .unwrap();
        assert!(row.is_failed());
        assert_eq!(row.started_at.to_string(), "2026-11-25 19:47:04.586 UTC");
        assert!(parse_row(&[None]).is_err());
    }
}
