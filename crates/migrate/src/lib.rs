//! The migrations folder, checksums, the `_prisma_migrations` history table, and the commands
//! that apply and inspect a history (`deploy`, `status`, `resolve`), interchangeable with
//! Prisma Migrate 7: a folder written by either tool is read by the other, and a history table
//! written by either is understood by the other.
//!
//! Invariants:
//! - Folder layout, lock file text, checksums, migration names, the history table's DDL and
//!   the values written into its rows are Prisma's; [`history`] documents each column.
//! - The pure parts (names, checksums, lock file text, SQL text, row parsing) take no clock and
//!   touch no file; the time and the random row ids are read only by the commands.
//! - Errors are [`MigrateError`]s carrying Prisma's P-code and wording where Prisma has one.
//!
//! Deliberately absent here: `migrate dev`, shadow databases and the command line.
//!
//! Terms: a *migration* is a folder `<YYYYMMDDHHMMSS>_<name>` holding `migration.sql` (and,
//! ebb's own addition, `down.sql`); a *row* is one attempt to apply one, in
//! `_prisma_migrations`; a row is *failed* while it has neither `finished_at` nor
//! `rolled_back_at`.

mod checksum;
mod commands;
mod connection;
mod error;
mod folder;
pub mod history;
mod lockfile;
mod name;
mod store;
mod target;
mod timestamp;

pub use crate::checksum::{checksum, script_matches_checksum};
pub use crate::commands::{deploy, resolve, status, DeployReport, Resolution, StatusReport};
pub use crate::error::{FailedMigration, MigrateError};
pub use crate::folder::{
    compare_migration_names, write_lockfile, write_migration, LocalMigration, MigrationsFolder, NewMigration,
    DOWN_FILE, MIGRATION_FILE,
};
pub use crate::lockfile::{lockfile_provider, render_lockfile, LOCKFILE_NAME};
pub use crate::name::{sanitize_migration_name, MAX_MIGRATION_NAME_LEN};
pub use crate::store::{create_history_table, history_table_exists, read_rows, with_lock};
pub use crate::target::{provider_name, Target};
pub use crate::timestamp::{Civil, Timestamp};
