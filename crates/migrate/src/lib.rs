//! The migrations folder, checksums, the `_prisma_migrations` history table, and the commands
//! that apply, inspect and roll back a history (`deploy`, `status`, `resolve`, `down`),
//! interchangeable with Prisma Migrate 7: a folder written by either tool is read by the
//! other, and a history table written by either is understood by the other.
//!
//! Invariants:
//! - Folder layout, lock file text, checksums, migration names, the history table's DDL and
//!   the values written into its rows are Prisma's; [`history`] documents each column.
//! - The pure parts (names, checksums, lock file text, SQL text, row parsing) take no clock and
//!   touch no file; the time and the random row ids are read only by the commands.
//! - Errors are [`MigrateError`]s carrying Prisma's P-code and wording where Prisma has one.
//!
//! Shadow databases ([`schema_of_history`]) replay a history and describe it; deciding what
//! `migrate dev` writes (diffing, rendering) and the command line are the binary's.
//!
//! Where ebb differs from Prisma, on purpose:
//! - `status` reports applied migrations whose `migration.sql` changed since (line endings
//!   aside); Prisma computes this and stays silent.
//! - A migration script runs in one transaction on SQLite too, so a failure leaves nothing
//!   half-applied (Prisma's SQLite runs it statement by statement; on MySQL neither can).
//! - The lock is let go as soon as a command is done; Prisma keeps it until the connection
//!   closes.
//! - `logs` of a failed attempt hold ebb's error text (statement, position, database message),
//!   not Prisma's error with its span trace.
//! - `resolve --rolled-back` with no history table is P3011; Prisma reports an invariant
//!   violation.
//! - A migrations folder that cannot be listed (other than missing) is an error; Prisma treats
//!   it as empty. Folder names are ordered by an approximation of ICU collation that agrees
//!   with Prisma's for every ASCII name.
//! - P3015 names the missing file by its full path; Prisma 7.10.1 prints only `migration.sql`.
//! - `--name` transliteration covers Latin and Cyrillic; Prisma's covers more scripts.
//! - [`down`] rolls migrations back with their `down.sql` (Prisma has no such command) and
//!   records it as `resolve --rolled-back` would, on the finished row: Prisma then lists the
//!   migration as pending and `deploy` applies it again.
//!
//! Terms: a *migration* is a folder `<YYYYMMDDHHMMSS>_<name>` holding `migration.sql` (and,
//! ebb's own addition, `down.sql`); a *row* is one attempt to apply one, in
//! `_prisma_migrations`; a row is *failed* while it has neither `finished_at` nor
//! `rolled_back_at`.

mod checksum;
mod commands;
mod connection;
mod down;
mod error;
mod folder;
pub mod history;
mod lockfile;
mod name;
mod reset;
mod shadow;
mod store;
mod target;
mod timestamp;

pub use crate::checksum::{checksum, script_matches_checksum};
pub use crate::commands::{deploy, resolve, status, DeployReport, Resolution, StatusReport};
pub use crate::down::{
    down, history_after_down, plan_down, undo_failed, unresolved_failure, DownRange, DownReport, PlannedDown,
};
pub use crate::error::{FailedMigration, MigrateError};
pub use crate::folder::{
    compare_migration_names, write_lockfile, write_migration, LocalMigration, MigrationsFolder, NewMigration,
    DOWN_FILE, MIGRATION_FILE,
};
pub use crate::lockfile::{lockfile_provider, render_lockfile, LOCKFILE_NAME};
pub use crate::name::{sanitize_migration_name, MAX_MIGRATION_NAME_LEN};
pub use crate::reset::reset_database;
pub use crate::shadow::{
    install_interrupt_cleanup, replay, schema_of_history, ReplayOptions, ShadowDatabase, TemporaryDatabase,
};
pub use crate::store::{create_history_table, history_table_exists, read_rows, with_lock};
pub use crate::target::{provider_name, render_dialect, Target};
pub use crate::timestamp::Timestamp;
