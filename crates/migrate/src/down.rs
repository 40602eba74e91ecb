//! `migrate down`: rolling back the latest applied migrations with their `down.sql`, newest
//! first, and recording each in the history so that `status` lists it as pending and `deploy`
//! applies it again.
//!
//! A rolled-back migration keeps its finished row, with `rolled_back_at` set: Prisma ignores
//! such a row (its `status` lists the migration as not applied, its `deploy` applies it again
//! with a new row), so a history written by ebb stays Prisma's.
//!
//! Atomicity: on PostgreSQL and SQLite each migration's `down.sql` and the update of its row
//! run as one transaction, so an interrupted rollback (even `kill -9`) leaves the database at a
//! migration boundary, matching its history. MySQL commits DDL as it goes: the statements run
//! one by one and the row is updated last, so a failure leaves the migration recorded as
//! applied with some of its down statements run; the error names the statement.
//!
//! The applied migrations are taken in the order they were applied (the rows' start times),
//! which is folder order unless a migration was added to the folder after later ones ran.

use crate::checksum::script_matches_checksum;
use crate::error::MigrateError;
use crate::folder::{LocalMigration, MigrationsFolder, DOWN_FILE};
use crate::history::{self, HistoryRow};
use crate::store;
use crate::target::{provider_name, Target};
use crate::timestamp::Timestamp;
use db::Dialect;

/// Which applied migrations to roll back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownRange {
    /// The latest N applied migrations.
    Steps(usize),
    /// Every migration applied after NAME (NAME stays applied).
    To(String),
    /// Every applied migration.
    All,
}

/// One migration to roll back and the script that does it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedDown {
    pub name: String,
    /// The text of its `down.sql`.
    pub script: String,
}

/// What [`down`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DownReport {
    /// The migrations rolled back, newest first.
    pub rolled_back: Vec<String>,
}

/// The migrations `range` rolls back, newest first, with their down scripts; changes nothing.
///
/// Refuses (before anything runs) when a failed attempt is unresolved, when `range` asks for
/// more than is applied or names a migration that is not applied, and when a migration in range
/// is missing from the folder, has no `down.sql`, or had its `migration.sql` edited since it
/// was applied.
pub fn plan_down(
    target: &mut dyn Target,
    folder: &MigrationsFolder,
    range: &DownRange,
) -> Result<Vec<PlannedDown>, MigrateError> {
    let rows = store::read_rows(target)?.unwrap_or_default();
    if let Some(failed) = rows.iter().rev().find(|row| row.is_failed()) {
        return Err(MigrateError::DownAfterFailed { name: failed.migration_name.clone() });
    }
    let applied = applied_in_order(&rows);
    let count = rolled_back_count(&applied, range)?;
    let in_range: Vec<&HistoryRow> = applied.iter().rev().take(count).copied().collect();

    let mut missing_locally = Vec::new();
    let mut edited = Vec::new();
    let mut without_down = Vec::new();
    let mut planned = Vec::new();
    for row in in_range {
        let Some(migration) = folder.find(&row.migration_name) else {
            missing_locally.push(row.migration_name.clone());
            continue;
        };
        let script = migration.script()?;
        if !script_matches_checksum(script, &row.checksum) {
            edited.push(migration.name.clone());
        }
        match &migration.down {
            Some(down) => planned.push(PlannedDown { name: migration.name.clone(), script: down.clone() }),
            None => without_down.push(migration.path.join(DOWN_FILE)),
        }
    }
    if !missing_locally.is_empty() {
        return Err(MigrateError::DownMigrationsMissing { names: missing_locally });
    }
    if !edited.is_empty() {
        return Err(MigrateError::DownMigrationsEdited { names: edited });
    }
    if !without_down.is_empty() {
        return Err(MigrateError::DownScriptsMissing { paths: without_down });
    }
    Ok(planned)
}

/// The migrations that stay applied once `range` is rolled back, in the order they were
/// applied, as a folder: replayed on a shadow database ([`crate::schema_of_history`]) it gives
/// the schema the database returns to. `DownRange::Steps(0)` gives every applied migration,
/// the state before an unresolved failed attempt. Checks nothing else; see [`plan_down`].
pub fn history_after_down(
    target: &mut dyn Target,
    folder: &MigrationsFolder,
    range: &DownRange,
) -> Result<MigrationsFolder, MigrateError> {
    let rows = store::read_rows(target)?.unwrap_or_default();
    let applied = applied_in_order(&rows);
    let count = rolled_back_count(&applied, range)?;
    let kept = &applied[..applied.len() - count];
    let migrations: Result<Vec<LocalMigration>, MigrateError> = kept
        .iter()
        .map(|row| {
            folder
                .find(&row.migration_name)
                .cloned()
                .ok_or_else(|| MigrateError::DownMigrationsMissing { names: vec![row.migration_name.clone()] })
        })
        .collect();
    Ok(MigrationsFolder { path: folder.path.clone(), lockfile: folder.lockfile.clone(), migrations: migrations? })
}

/// Rolls back the migrations of `range`, newest first, under the same lock as `deploy`.
///
/// Each migration's `down.sql` and the update that marks its row rolled back run in one
/// transaction on PostgreSQL and SQLite; on MySQL statement by statement, the row updated last.
/// A failure stops there: the migrations rolled back before it stay rolled back.
pub fn down(target: &mut dyn Target, folder: &MigrationsFolder, range: &DownRange) -> Result<DownReport, MigrateError> {
    folder.check_provider(provider_name(target.dialect()))?;
    store::with_lock(target, |target| {
        let planned = plan_down(target, folder, range)?;
        let rows = store::read_rows(target)?.unwrap_or_default();
        let mut report = DownReport::default();
        for migration in planned {
            // `plan_down` found this row; the lock keeps it there.
            let Some(row) = rows.iter().rev().find(|row| row.is_applied() && row.migration_name == migration.name)
            else {
                return Err(MigrateError::CorruptHistory {
                    reason: format!("the row of `{}` vanished while rolling it back", migration.name),
                });
            };
            let mark = history::mark_rolled_back_sql(target.dialect(), &row.id, Timestamp::now());
            if let Err(error) = run_with_bookkeeping(target, &migration.script, &mark) {
                return Err(MigrateError::DownFailed {
                    name: migration.name,
                    error: Box::new(error),
                    rolled_back: report.rolled_back,
                });
            }
            report.rolled_back.push(migration.name);
        }
        Ok(report)
    })
}

/// The latest unresolved failed attempt, if any: what `migrate down` undoes from the live schema
/// instead of with a `down.sql`.
pub fn unresolved_failure(target: &mut dyn Target) -> Result<Option<HistoryRow>, MigrateError> {
    let rows = store::read_rows(target)?.unwrap_or_default();
    Ok(rows.into_iter().rev().find(HistoryRow::is_failed))
}

/// Undoes what the failed attempt of `name` left in the database: runs `script` (computed by
/// the caller from the live schema back to the schema of the applied history) and marks the
/// failed rows of `name` rolled back, as `resolve --rolled-back` does, under the deploy lock.
/// PostgreSQL and SQLite do both in one transaction; MySQL runs the statements one by one and
/// marks the rows last. Afterwards `deploy` applies the migration again.
pub fn undo_failed(target: &mut dyn Target, name: &str, script: &str) -> Result<(), MigrateError> {
    store::with_lock(target, |target| {
        let rows = store::read_rows(target)?.unwrap_or_default();
        let failed: Vec<&HistoryRow> =
            rows.iter().filter(|row| row.is_failed() && row.migration_name == name).collect();
        if failed.is_empty() {
            return Err(MigrateError::RollbackSucceeded { name: name.to_owned() });
        }
        let now = Timestamp::now();
        let marks: Vec<String> =
            failed.iter().map(|row| history::mark_rolled_back_sql(target.dialect(), &row.id, now)).collect();
        run_with_bookkeeping(target, script, &marks.join(";\n")).map_err(|error| MigrateError::DownFailed {
            name: name.to_owned(),
            error: Box::new(error),
            rolled_back: Vec::new(),
        })
    })
}

/// Runs `script` then the history statements `bookkeeping`: one transaction where the database
/// allows it (the bookkeeping appended to the script), else one after the other.
fn run_with_bookkeeping(target: &mut dyn Target, script: &str, bookkeeping: &str) -> Result<(), db::DbError> {
    match target.dialect() {
        Dialect::Postgres | Dialect::Sqlite => {
            // The line break ends a trailing `--` comment, the `;` a last statement without one;
            // empty statements are skipped by both databases. The script's own text comes first,
            // so error positions still point into it.
            target.execute_script(&format!("{script}\n;\n{bookkeeping};\n"))
        }
        Dialect::Mysql => {
            target.execute_script(script)?;
            target.execute_script(&format!("{bookkeeping};\n"))
        }
    }
}

/// The finished, not rolled back rows, one per migration (its latest), in the order applied.
fn applied_in_order(rows: &[HistoryRow]) -> Vec<&HistoryRow> {
    let mut applied: Vec<&HistoryRow> = Vec::new();
    for row in rows.iter().filter(|row| row.is_applied()) {
        applied.retain(|earlier| earlier.migration_name != row.migration_name);
        applied.push(row);
    }
    applied
}

/// How many of the latest `applied` migrations `range` covers.
fn rolled_back_count(applied: &[&HistoryRow], range: &DownRange) -> Result<usize, MigrateError> {
    match range {
        DownRange::Steps(steps) if *steps > applied.len() => {
            Err(MigrateError::DownTooManySteps { requested: *steps, applied: applied.len() })
        }
        DownRange::Steps(steps) => Ok(*steps),
        DownRange::All => Ok(applied.len()),
        DownRange::To(name) => match applied.iter().position(|row| &row.migration_name == name) {
            Some(index) => Ok(applied.len() - index - 1),
            None => Err(MigrateError::DownTargetNotApplied { name: name.clone() }),
        },
    }
}
