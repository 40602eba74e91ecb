//! Reading and writing the history table through a [`Target`].

use crate::error::MigrateError;
use crate::history::{self, HistoryRow, HISTORY_TABLE};
use crate::target::Target;
use crate::timestamp::Timestamp;

/// The base tables of the database (PostgreSQL: of the connection's schema), sorted.
pub fn table_names(target: &mut dyn Target) -> Result<Vec<String>, MigrateError> {
    let rows = target.query_text(history::table_names_sql(target.dialect()))?;
    Ok(rows.into_iter().filter_map(|row| row.into_iter().next().flatten()).collect())
}

pub fn history_table_exists(target: &mut dyn Target) -> Result<bool, MigrateError> {
    Ok(table_names(target)?.iter().any(|name| name == HISTORY_TABLE))
}

/// Creates the history table, and on PostgreSQL the connection's schema first when it is
/// missing, as Prisma does.
pub fn create_history_table(target: &mut dyn Target) -> Result<(), MigrateError> {
    if let Some(schema) = target.postgres_schema().filter(|_| target.dialect() == db::Dialect::Postgres) {
        // Only when missing: `CREATE SCHEMA IF NOT EXISTS` wants the CREATE privilege even then.
        let exists = format!("SELECT nspname::text FROM pg_namespace WHERE nspname = '{}'", schema.replace('\'', "''"));
        if target.query_text(&exists)?.is_empty() {
            target.execute(&format!("CREATE SCHEMA \"{}\"", schema.replace('"', "\"\"")))?;
        }
    }
    let sql = history::create_table_sql(target.dialect());
    target.execute(sql)?;
    Ok(())
}

/// Prepares the history for `deploy`, as Prisma does: nothing when the table exists; P3005
/// when other tables exist (the database must be baselined first); else creates it.
pub fn initialize_for_deploy(target: &mut dyn Target) -> Result<(), MigrateError> {
    let dialect = target.dialect();
    let tables = table_names(target)?;
    if tables.iter().any(|name| name == HISTORY_TABLE) {
        return Ok(());
    }
    if tables.iter().any(|name| !history::table_is_ignored(dialect, name)) {
        return Err(MigrateError::DatabaseNotEmpty);
    }
    create_history_table(target)
}

/// Every row, oldest attempt first; `None` when the table does not exist.
pub fn read_rows(target: &mut dyn Target) -> Result<Option<Vec<HistoryRow>>, MigrateError> {
    if !history_table_exists(target)? {
        return Ok(None);
    }
    let rows = target.query_text(&history::select_rows_sql(target.dialect()))?;
    rows.iter().map(|row| history::parse_row(row)).collect::<Result<Vec<_>, _>>().map(Some)
}

/// Records that an attempt to apply `name` starts now; returns the row's id.
pub fn record_started(
    target: &mut dyn Target,
    name: &str,
    checksum: &str,
    at: Timestamp,
) -> Result<String, MigrateError> {
    let id = history::new_row_id();
    target.execute(&history::insert_started_sql(target.dialect(), &id, name, checksum, at))?;
    Ok(id)
}

pub fn record_finished(target: &mut dyn Target, id: &str, at: Timestamp) -> Result<(), MigrateError> {
    target.execute(&history::finish_sql(target.dialect(), id, at))?;
    Ok(())
}

pub fn record_failed(target: &mut dyn Target, id: &str, logs: &str) -> Result<(), MigrateError> {
    target.execute(&history::fail_sql(target.dialect(), id, logs))?;
    Ok(())
}

pub fn mark_rolled_back(target: &mut dyn Target, id: &str, at: Timestamp) -> Result<(), MigrateError> {
    target.execute(&history::mark_rolled_back_sql(target.dialect(), id, at))?;
    Ok(())
}

/// Records `name` as applied without running it; returns the row's id.
pub fn mark_applied(
    target: &mut dyn Target,
    name: &str,
    checksum: &str,
    at: Timestamp,
) -> Result<String, MigrateError> {
    let id = history::new_row_id();
    target.execute(&history::insert_applied_sql(target.dialect(), &id, name, checksum, at))?;
    Ok(id)
}

/// Runs `work` while holding Prisma's migration lock, and lets go of it afterwards whatever
/// `work` returned. Through PgBouncer (`pgbouncer=true`) no lock is taken: PgBouncer in
/// transaction mode hands each statement to any of its server connections, so the lock would
/// be taken on one, stay there after the unlock went to another, and block the next deploy that
/// lands on a different one.
pub fn with_lock<T>(
    target: &mut dyn Target,
    work: impl FnOnce(&mut dyn Target) -> Result<T, MigrateError>,
) -> Result<T, MigrateError> {
    if target.through_pgbouncer() {
        return work(target);
    }
    let dialect = target.dialect();
    if let Some(lock) = history::lock_sql(dialect) {
        target.execute(&lock)?;
    }
    let result = work(target);
    if let Some(unlock) = history::unlock_sql(dialect) {
        let unlocked = target.execute(&unlock);
        // The work's own error matters more than a failed unlock; the session's end frees the
        // lock anyway.
        if result.is_ok() {
            unlocked?;
        }
    }
    result
}
