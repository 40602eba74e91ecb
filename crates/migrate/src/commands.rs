//! `deploy`, `status` and `resolve` as library functions: what `prisma migrate deploy`,
//! `status` and `resolve` do to the database, returning typed reports and errors; printing is
//! the binary's business.

use crate::checksum::{checksum, script_matches_checksum};
use crate::error::{FailedMigration, MigrateError};
use crate::folder::MigrationsFolder;
use crate::history::HistoryRow;
use crate::store;
use crate::target::{provider_name, Target};
use crate::timestamp::Timestamp;

/// What `deploy` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployReport {
    /// The migrations applied, in order; empty when the database was up to date.
    pub applied: Vec<String>,
}

/// Applies every migration of `folder` the database has not applied, in order, as
/// `prisma migrate deploy` does:
///
/// 1. P3019 when `migration_lock.toml` names another provider;
/// 2. takes the migration lock;
/// 3. creates the history table in an empty database, or fails with P3005 when the database
///    has tables but no history;
/// 4. fails with P3009 when a failed attempt is neither rolled back nor resolved;
/// 5. for each migration with no row that is not rolled back: records the start, runs the
///    script (one transaction on PostgreSQL and SQLite, statement by statement on MySQL),
///    then records the finish, or records the error in `logs` and fails with P3018.
///
/// Scripts that changed since they were applied are not reported here (Prisma neither); see
/// [`status`].
pub fn deploy(target: &mut dyn Target, folder: &MigrationsFolder) -> Result<DeployReport, MigrateError> {
    folder.check_provider(provider_name(target.dialect()))?;
    store::with_lock(target, |target| {
        store::initialize_for_deploy(target)?;
        let rows = store::read_rows(target)?.unwrap_or_default();
        let failed = failed_migrations(&rows);
        if !failed.is_empty() {
            return Err(MigrateError::FailedMigrations { migrations: failed });
        }
        let mut applied = Vec::new();
        for migration in &folder.migrations {
            let known = rows.iter().any(|row| row.rolled_back_at.is_none() && row.migration_name == migration.name);
            if known {
                continue;
            }
            let script = migration.script()?;
            let id = store::record_started(target, &migration.name, &checksum(script), Timestamp::now())?;
            match target.execute_script(script) {
                Ok(()) => store::record_finished(target, &id, Timestamp::now())?,
                Err(error) => {
                    store::record_failed(target, &id, &error.to_string())?;
                    return Err(MigrateError::MigrationFailed { name: migration.name.clone(), error: Box::new(error) });
                }
            }
            applied.push(migration.name.clone());
        }
        Ok(DeployReport { applied })
    })
}

/// How the migrations folder and the history table compare.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusReport {
    /// Whether `_prisma_migrations` exists; when it does not, every migration is unapplied.
    pub history_table_exists: bool,
    /// The migrations of the folder, in order.
    pub local: Vec<String>,
    /// Local migrations with a finished, not rolled back row.
    pub applied: Vec<String>,
    /// Local migrations without any row that is not rolled back: what `deploy` would apply.
    pub unapplied: Vec<String>,
    /// Attempts that failed and are not resolved (they block `deploy`).
    pub failed: Vec<FailedMigration>,
    /// Migrations the database has (finished or failed, not rolled back) that the folder lacks.
    pub missing_locally: Vec<String>,
    /// Applied migrations whose `migration.sql` changed since (line endings aside). Prisma's
    /// `status` computes this and says nothing; ebb reports it.
    pub edited: Vec<String>,
    /// Local migration folders without a readable `migration.sql`.
    pub missing_script: Vec<String>,
}

impl StatusReport {
    /// Nothing to apply, nothing failed, nothing missing, nothing edited.
    pub fn is_up_to_date(&self) -> bool {
        self.unapplied.is_empty()
            && self.failed.is_empty()
            && self.missing_locally.is_empty()
            && self.edited.is_empty()
            && self.missing_script.is_empty()
    }
}

/// Compares `folder` with the database's history, changing nothing.
pub fn status(target: &mut dyn Target, folder: &MigrationsFolder) -> Result<StatusReport, MigrateError> {
    folder.check_provider(provider_name(target.dialect()))?;
    let rows = store::read_rows(target)?;
    let history_table_exists = rows.is_some();
    let rows = rows.unwrap_or_default();
    let live: Vec<&HistoryRow> = rows.iter().filter(|row| row.rolled_back_at.is_none()).collect();
    let mut report = StatusReport {
        history_table_exists,
        local: folder.migrations.iter().map(|m| m.name.clone()).collect(),
        failed: failed_migrations(&rows),
        ..StatusReport::default()
    };
    for migration in &folder.migrations {
        if migration.script.is_none() {
            report.missing_script.push(migration.name.clone());
        }
        let rows_of: Vec<&&HistoryRow> = live.iter().filter(|row| row.migration_name == migration.name).collect();
        if rows_of.is_empty() {
            report.unapplied.push(migration.name.clone());
            continue;
        }
        if let Some(row) = rows_of.iter().find(|row| row.finished_at.is_some()) {
            report.applied.push(migration.name.clone());
            if let Some(script) = &migration.script {
                if !script_matches_checksum(script, &row.checksum) {
                    report.edited.push(migration.name.clone());
                }
            }
        }
    }
    for row in &live {
        if folder.find(&row.migration_name).is_none() && !report.missing_locally.contains(&row.migration_name) {
            report.missing_locally.push(row.migration_name.clone());
        }
    }
    Ok(report)
}

/// What `resolve` records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// `--applied`: the migration's changes are in the database (applied by hand, or a baseline).
    Applied(String),
    /// `--rolled-back`: a failed attempt was undone by hand and may be retried.
    RolledBack(String),
}

/// Records a resolution as `prisma migrate resolve` does.
///
/// `--rolled-back NAME`: P3011 when no row has that name; P3012 when every such row finished;
/// else marks the failed, not yet rolled back rows as rolled back.
///
/// `--applied NAME`: P3019 on a provider mismatch; P3017 when the folder has no such migration
/// (or it has no `migration.sql`); creates the history table when missing (this is how an
/// existing database is baselined); P3008 when a row of that name ever finished; else marks
/// its failed attempts rolled back and adds a finished row with the script's checksum.
pub fn resolve(
    target: &mut dyn Target,
    folder: &MigrationsFolder,
    resolution: &Resolution,
) -> Result<(), MigrateError> {
    match resolution {
        Resolution::RolledBack(name) => store::with_lock(target, |target| {
            // Prisma calls a missing table an invariant violation; it means the same as P3011.
            let rows = store::read_rows(target)?.unwrap_or_default();
            let rows_of: Vec<&HistoryRow> = rows.iter().filter(|row| &row.migration_name == name).collect();
            if rows_of.is_empty() {
                return Err(MigrateError::RollbackUnapplied { name: name.clone() });
            }
            if rows_of.iter().all(|row| row.finished_at.is_some()) {
                return Err(MigrateError::RollbackSucceeded { name: name.clone() });
            }
            let now = Timestamp::now();
            for row in rows_of.iter().filter(|row| row.is_failed()) {
                store::mark_rolled_back(target, &row.id, now)?;
            }
            Ok(())
        }),
        Resolution::Applied(name) => {
            folder.check_provider(provider_name(target.dialect()))?;
            store::with_lock(target, |target| {
                let not_found = || MigrateError::MigrationNotFound { name: name.clone() };
                let migration = folder.find(name).ok_or_else(not_found)?;
                let script = migration.script.as_deref().ok_or_else(not_found)?;
                let rows = match store::read_rows(target)? {
                    Some(rows) => rows,
                    None => {
                        store::create_history_table(target)?;
                        Vec::new()
                    }
                };
                let rows_of: Vec<&HistoryRow> = rows.iter().filter(|row| &row.migration_name == name).collect();
                if rows_of.iter().any(|row| row.finished_at.is_some()) {
                    return Err(MigrateError::AlreadyApplied { name: name.clone() });
                }
                let now = Timestamp::now();
                for row in rows_of.iter().filter(|row| row.is_failed()) {
                    store::mark_rolled_back(target, &row.id, now)?;
                }
                store::mark_applied(target, name, &checksum(script), now)?;
                Ok(())
            })
        }
    }
}

fn failed_migrations(rows: &[HistoryRow]) -> Vec<FailedMigration> {
    rows.iter()
        .filter(|row| row.is_failed())
        .map(|row| FailedMigration {
            name: row.migration_name.clone(),
            started_at: row.started_at,
            logs: row.logs.clone(),
        })
        .collect()
}
