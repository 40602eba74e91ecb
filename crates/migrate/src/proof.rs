//! Down scripts proved on a shadow database, and the schema states of a history.
//!
//! [`check_downs`] replays the history one migration at a time; for each migration in range it
//! describes the schema, applies `migration.sql`, applies `down.sql`, describes again and diffs
//! the two: a down that restores the schema diffs empty. It then applies `migration.sql` again
//! (a down that restores the schema lets its up run a second time) and goes on. When a down
//! fails or does not restore the schema, the shadow database is emptied and the history
//! replayed up to and including that migration, so the next migrations are checked from the
//! state the history really produces.
//!
//! [`history_states`] replays the history once and describes it after the migrations asked
//! for: the two sides of a missing `down.sql`.
//!
//! Both take one shadow database (see [`crate::on_shadow`]), gone when they return.

use crate::error::MigrateError;
use crate::folder::{LocalMigration, MigrationsFolder};
use crate::reset::reset_database;
use crate::shadow::{on_shadow, ReplayOptions, ShadowDatabase};
use crate::target::render_dialect;
use db::{Connection, DbUrl};
use sql_schema::SqlSchema;
use std::collections::{BTreeMap, BTreeSet};

/// What [`check_downs`] found, one entry per migration checked, in history order.
#[derive(Debug)]
pub struct ProofReport {
    pub migrations: Vec<MigrationProof>,
}

impl ProofReport {
    /// The migrations whose down is missing or does not restore the schema.
    pub fn failures(&self) -> impl Iterator<Item = &MigrationProof> {
        self.migrations.iter().filter(|proof| !matches!(proof.verdict, Verdict::Restored))
    }
}

/// One migration's verdict.
#[derive(Debug)]
pub struct MigrationProof {
    /// The migration's folder name.
    pub name: String,
    pub verdict: Verdict,
}

/// Whether a migration's `down.sql` undoes its `migration.sql`.
#[derive(Debug)]
pub enum Verdict {
    /// Up then down describes as the schema before the migration, and up applies again.
    Restored,
    /// The migration has no `down.sql`.
    MissingDown,
    /// `down.sql` ran and left another schema; `difference` is Prisma's summary of the
    /// changes from the schema before the migration to the schema after its down.
    NotRestored { difference: String },
    /// `down.sql` failed.
    DownFailed { error: Box<db::DbError> },
    /// `down.sql` restored the schema but `migration.sql` then failed to apply again.
    UpFailedAgain { error: Box<db::DbError> },
}

/// Proves the down scripts of the last `last` migrations of `folder` (all when `None`) on a
/// shadow database for `main`. A `migration.sql` that fails is P3006, as in any replay.
pub fn check_downs(
    folder: &MigrationsFolder,
    main: &DbUrl,
    shadow: &ShadowDatabase,
    options: &ReplayOptions,
    last: Option<usize>,
) -> Result<ProofReport, MigrateError> {
    let count = folder.migrations.len();
    let first_checked = last.map_or(0, |last| count.saturating_sub(last));
    let rules = render_dialect(main.dialect()).rules();
    on_shadow(main, shadow, options, |connection| {
        let mut migrations = Vec::new();
        for (index, migration) in folder.migrations.iter().enumerate() {
            if index < first_checked {
                apply_up(connection, migration)?;
                continue;
            }
            let before = connection.describe(&options.namespaces)?;
            apply_up(connection, migration)?;
            let Some(down) = &migration.down else {
                migrations.push(MigrationProof { name: migration.name.clone(), verdict: Verdict::MissingDown });
                continue;
            };
            let verdict = match connection.execute_script(down) {
                Err(error) => Verdict::DownFailed { error: Box::new(error) },
                Ok(()) => {
                    let after_down = connection.describe(&options.namespaces)?;
                    let steps = diff::diff(&before, &after_down, rules);
                    if steps.is_empty() {
                        match connection.execute_script(migration.script()?) {
                            Ok(()) => Verdict::Restored,
                            Err(error) => Verdict::UpFailedAgain { error: Box::new(error) },
                        }
                    } else {
                        let difference = render::summarize(&steps, diff::Pair::new(&before, &after_down));
                        Verdict::NotRestored { difference: difference.trim_start_matches('\n').to_owned() }
                    }
                }
            };
            if !matches!(verdict, Verdict::Restored) {
                // The database is in a state no migration produces: start again from empty.
                reset_database(connection, &options.schemas)?;
                for earlier in &folder.migrations[..=index] {
                    apply_up(connection, earlier)?;
                }
            }
            migrations.push(MigrationProof { name: migration.name.clone(), verdict });
        }
        Ok(ProofReport { migrations })
    })
}

/// The schema of the history after its first `k` migrations, for every `k` of `at` (0 is the
/// empty history, before the first migration), replayed once on a shadow database for `main`.
pub fn history_states(
    folder: &MigrationsFolder,
    main: &DbUrl,
    shadow: &ShadowDatabase,
    options: &ReplayOptions,
    at: &BTreeSet<usize>,
) -> Result<BTreeMap<usize, SqlSchema>, MigrateError> {
    on_shadow(main, shadow, options, |connection| {
        let mut states = BTreeMap::new();
        let last = at.last().copied().unwrap_or(0).min(folder.migrations.len());
        for applied in 0..=last {
            if applied > 0 {
                apply_up(connection, &folder.migrations[applied - 1])?;
            }
            if at.contains(&applied) {
                states.insert(applied, connection.describe(&options.namespaces)?);
            }
        }
        Ok(states)
    })
}

fn apply_up(connection: &mut Connection, migration: &LocalMigration) -> Result<(), MigrateError> {
    connection
        .execute_script(migration.script()?)
        .map_err(|error| MigrateError::ShadowReplayFailed { name: migration.name.clone(), error: Box::new(error) })
}
