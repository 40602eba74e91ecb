//! Typed errors of the migrate commands, with Prisma's P-codes and wording where Prisma has them.

use crate::timestamp::Timestamp;
use std::fmt;
use std::path::PathBuf;

/// A migration whose row says it started and neither finished nor was rolled back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedMigration {
    pub name: String,
    pub started_at: Timestamp,
    pub logs: Option<String>,
}

/// Why a migrate operation failed.
#[derive(Debug, Clone, PartialEq)]
pub enum MigrateError {
    /// Talking to the database failed.
    Db(Box<db::DbError>),
    /// A file or folder could not be read or written.
    Io { path: PathBuf, reason: String },
    /// P3005: the database has tables but no migration history.
    DatabaseNotEmpty,
    /// P3008: `resolve --applied` on a migration that is applied already.
    AlreadyApplied { name: String },
    /// P3009: failed migrations block `deploy`.
    FailedMigrations { migrations: Vec<FailedMigration> },
    /// P3010: a migration name longer than 200 bytes.
    MigrationNameTooLong,
    /// P3011: `resolve --rolled-back` on a migration the database never saw.
    RollbackUnapplied { name: String },
    /// P3012: `resolve --rolled-back` on a migration that did not fail.
    RollbackSucceeded { name: String },
    /// P3015: a migration folder without `migration.sql`.
    MigrationFileMissing { path: PathBuf },
    /// P3017: `resolve --applied` on a name that is not in the migrations folder.
    MigrationNotFound { name: String },
    /// P3018: a migration's script failed; its row records the failure.
    MigrationFailed { name: String, error: Box<db::DbError> },
    /// P3019: the lock file was written for another provider.
    ProviderSwitched { provider: String, expected: String },
    /// A new migration's folder exists already.
    MigrationFolderExists { path: PathBuf },
    /// The history table holds a value ebb cannot read.
    CorruptHistory { reason: String },
    /// P3006: a migration failed on the shadow database.
    ShadowReplayFailed { name: String, error: Box<db::DbError> },
    /// P3014: the temporary shadow database could not be created.
    ShadowCreateFailed { error: Box<db::DbError> },
    /// The configured shadow database is the main database.
    ShadowIsMain,
    /// `migrate down` with an unresolved failed attempt: its `down.sql` cannot be trusted.
    DownAfterFailed { name: String },
    /// `migrate down --steps N` with fewer than N migrations applied.
    DownTooManySteps { requested: usize, applied: usize },
    /// `migrate down --to NAME` where NAME is not an applied migration.
    DownTargetNotApplied { name: String },
    /// Applied migrations in range that the migrations folder lacks.
    DownMigrationsMissing { names: Vec<String> },
    /// Applied migrations in range whose `migration.sql` changed since they were applied.
    DownMigrationsEdited { names: Vec<String> },
    /// Migrations in range without a `down.sql` (the paths where it is missing).
    DownScriptsMissing { paths: Vec<PathBuf> },
    /// A down script failed; on PostgreSQL and SQLite nothing of that migration's rollback
    /// remains. `rolled_back` are the migrations rolled back before it, which stay so.
    DownFailed { name: String, error: Box<db::DbError>, rolled_back: Vec<String> },
}

impl MigrateError {
    /// Prisma's error code, where one exists.
    pub fn prisma_code(&self) -> Option<&'static str> {
        Some(match self {
            MigrateError::Db(error) => return error.prisma_code(),
            MigrateError::DatabaseNotEmpty => "P3005",
            MigrateError::AlreadyApplied { .. } => "P3008",
            MigrateError::FailedMigrations { .. } => "P3009",
            MigrateError::MigrationNameTooLong => "P3010",
            MigrateError::RollbackUnapplied { .. } => "P3011",
            MigrateError::RollbackSucceeded { .. } => "P3012",
            MigrateError::MigrationFileMissing { .. } => "P3015",
            MigrateError::MigrationNotFound { .. } => "P3017",
            MigrateError::MigrationFailed { .. } => "P3018",
            MigrateError::ProviderSwitched { .. } => "P3019",
            MigrateError::ShadowReplayFailed { .. } => "P3006",
            MigrateError::ShadowCreateFailed { .. } => "P3014",
            MigrateError::Io { .. }
            | MigrateError::MigrationFolderExists { .. }
            | MigrateError::CorruptHistory { .. }
            | MigrateError::ShadowIsMain
            | MigrateError::DownAfterFailed { .. }
            | MigrateError::DownTooManySteps { .. }
            | MigrateError::DownTargetNotApplied { .. }
            | MigrateError::DownMigrationsMissing { .. }
            | MigrateError::DownMigrationsEdited { .. }
            | MigrateError::DownScriptsMissing { .. }
            | MigrateError::DownFailed { .. } => return None,
        })
    }
}

impl From<db::DbError> for MigrateError {
    fn from(error: db::DbError) -> Self {
        MigrateError::Db(Box::new(error))
    }
}

/// The messages are Prisma's, word for word, where Prisma has one.
impl fmt::Display for MigrateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MigrateError::Db(error) => error.fmt(f),
            MigrateError::Io { path, reason } => write!(f, "cannot read or write `{}`: {reason}", path.display()),
            MigrateError::DatabaseNotEmpty => f.write_str(
                "The database schema is not empty. Read more about how to baseline an existing production database: https://pris.ly/d/migrate-baseline",
            ),
            MigrateError::AlreadyApplied { name } => {
                write!(f, "The migration `{name}` is already recorded as applied in the database.")
            }
            MigrateError::FailedMigrations { migrations } => {
                f.write_str("migrate found failed migrations in the target database, new migrations will not be applied. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n")?;
                for migration in migrations {
                    writeln!(f, "The `{}` migration started at {} failed", migration.name, migration.started_at)?;
                }
                Ok(())
            }
            MigrateError::MigrationNameTooLong => {
                f.write_str("The name of the migration is too long. It must not be longer than 200 characters (bytes).")
            }
            MigrateError::RollbackUnapplied { name } => write!(
                f,
                "Migration `{name}` cannot be rolled back because it was never applied to the database. Hint: did you pass in the whole migration name? (example: \"20201207184859_initial_migration\")"
            ),
            MigrateError::RollbackSucceeded { name } => {
                write!(f, "Migration `{name}` cannot be rolled back because it is not in a failed state.")
            }
            MigrateError::MigrationFileMissing { path } => write!(
                f,
                "Could not find the migration file at {}. Please delete the directory or restore the migration file.",
                path.display()
            ),
            MigrateError::MigrationNotFound { name } => write!(
                f,
                "The migration {name} could not be found. Please make sure that the migration exists, and that you included the whole name of the directory. (example: \"20201207184859_initial_migration\")"
            ),
            MigrateError::MigrationFailed { name, error } => {
                let (code, message) = match error.as_ref() {
                    db::DbError::Script(script) => (script.code.clone().unwrap_or_default(), script.to_string()),
                    other => (String::new(), other.to_string()),
                };
                write!(
                    f,
                    "A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve\n\nMigration name: {name}\n\nDatabase error code: {code}\n\nDatabase error:\n{message}\n"
                )
            }
            MigrateError::ProviderSwitched { provider, expected } => write!(
                f,
                "The datasource provider `{provider}` specified in your schema does not match the one specified in the migration_lock.toml, `{expected}`. Please remove your current migration directory and start a new migration history with prisma migrate dev. Read more: https://pris.ly/d/migrate-provider-switch"
            ),
            MigrateError::MigrationFolderExists { path } => {
                write!(f, "The migration directory already exists at {}", path.display())
            }
            MigrateError::CorruptHistory { reason } => {
                write!(f, "the `_prisma_migrations` table holds a value ebb cannot read: {reason}")
            }
            MigrateError::ShadowReplayFailed { name, error } => {
                let (code, message) = match error.as_ref() {
                    db::DbError::Script(script) => (script.code.clone(), script.to_string()),
                    other => (None, other.to_string()),
                };
                let code = code.map(|code| format!("Error code: {code}\n")).unwrap_or_default();
                write!(
                    f,
                    "Migration `{name}` failed to apply cleanly to the shadow database. \n{code}Error:\n{message}"
                )
            }
            MigrateError::ShadowCreateFailed { error } => write!(
                f,
                "Prisma Migrate could not create the shadow database. Please make sure the database user has permission to create databases. Read more about the shadow database (and workarounds) at https://pris.ly/d/migrate-shadow\n\nOriginal error: {error}\n\nTo use an existing empty database instead, set `shadowDatabaseUrl` in the `datasource` of prisma.config.ts (`migrate diff` also takes --shadow-database-url)."
            ),
            MigrateError::ShadowIsMain => f.write_str(
                "The shadow database you configured appears to be the same as the main database. Please specify another shadow database.",
            ),
            MigrateError::DownAfterFailed { name } => write!(
                f,
                "the migration `{name}` failed and is not resolved, so its down.sql cannot be trusted (it may be partly applied): run `ebb migrate down` to undo what it left from the live schema, or resolve it with `ebb migrate resolve`"
            ),
            MigrateError::DownTooManySteps { requested, applied } => write!(
                f,
                "cannot roll back {requested} migration(s): {applied} {} applied; nothing was changed",
                if *applied == 1 { "is" } else { "are" }
            ),
            MigrateError::DownTargetNotApplied { name } => write!(
                f,
                "`{name}` is not an applied migration, so there is nothing to roll back to; give the folder name of an applied migration (see `ebb migrate status`); nothing was changed"
            ),
            MigrateError::DownMigrationsMissing { names } => write!(
                f,
                "cannot roll back: these applied migrations are not in the migrations folder: {}; restore their folders (with down.sql) first; nothing was changed",
                names.join(", ")
            ),
            MigrateError::DownMigrationsEdited { names } => write!(
                f,
                "cannot roll back: the migration.sql of {} changed since it was applied, so its down.sql may not undo what the database holds; restore the applied version of the file; nothing was changed",
                names.join(", ")
            ),
            MigrateError::DownScriptsMissing { paths } => {
                f.write_str("cannot roll back: these migrations have no down.sql:\n")?;
                for path in paths {
                    writeln!(f, "  {}", path.display())?;
                }
                let name = paths
                    .first()
                    .and_then(|path| path.parent())
                    .and_then(|folder| folder.file_name())
                    .map_or("NAME".into(), |name| name.to_string_lossy());
                write!(f, "write them, or generate them with `ebb migrate down --generate {name}` (or `--generate --all`); nothing was changed")
            }
            MigrateError::DownFailed { name, error, rolled_back } => {
                write!(f, "rolling back the migration `{name}` failed: {error}")?;
                if !rolled_back.is_empty() {
                    write!(f, "\nrolled back before the failure (they stay so): {}", rolled_back.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for MigrateError {}
