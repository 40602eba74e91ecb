//! The migrations folder, laid out as Prisma lays it out:
//!
//! ```text
//! migrations/
//!   migration_lock.toml
//!   20240101120000_init/
//!     migration.sql
//!     down.sql            (ebb's own addition: the script that undoes migration.sql)
//! ```
//!
//! As Prisma does, every sub-folder is a migration, whatever its name, and files beside them are
//! ignored. A folder without `migration.sql` is still a migration: listing it succeeds, and
//! applying or checksumming it fails with P3015. Migrations are ordered by folder name the way
//! Prisma orders them (JavaScript's `localeCompare`), see [`compare_migration_names`].
//!
//! Scripts are read as UTF-8, invalid bytes replaced by U+FFFD as Node does, and a byte-order
//! mark is kept: the checksum is of exactly that text.

use crate::error::MigrateError;
use crate::lockfile::{lockfile_provider, render_lockfile, LOCKFILE_NAME};
use crate::timestamp::Timestamp;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// The file of a migration's script.
pub const MIGRATION_FILE: &str = "migration.sql";
/// The file of the script that undoes a migration (ebb only).
pub const DOWN_FILE: &str = "down.sql";

/// A migrations folder as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationsFolder {
    pub path: PathBuf,
    /// The text of `migration_lock.toml`, when the file exists.
    pub lockfile: Option<String>,
    /// The migrations, in Prisma's order.
    pub migrations: Vec<LocalMigration>,
}

/// One migration folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalMigration {
    /// The folder's name, `<timestamp>_<name>`: the `migration_name` in the history table.
    pub name: String,
    pub path: PathBuf,
    /// The text of `migration.sql`, or `None` when the file is missing or unreadable.
    pub script: Option<String>,
    /// The text of `down.sql`, when present.
    pub down: Option<String>,
}

impl LocalMigration {
    /// The script, or P3015 when the folder has no readable `migration.sql`.
    pub fn script(&self) -> Result<&str, MigrateError> {
        self.script
            .as_deref()
            .ok_or_else(|| MigrateError::MigrationFileMissing { path: self.path.join(MIGRATION_FILE) })
    }
}

impl MigrationsFolder {
    /// Reads the folder at `path`. A folder that does not exist reads as empty, as in Prisma.
    pub fn read(path: &Path) -> Result<MigrationsFolder, MigrateError> {
        let io_error = |path: &Path, error: std::io::Error| MigrateError::Io {
            path: path.to_path_buf(),
            reason: error.to_string(),
        };
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(MigrationsFolder { path: path.to_path_buf(), lockfile: None, migrations: Vec::new() })
            }
            Err(error) => return Err(io_error(path, error)),
        };
        let lockfile = read_text(&path.join(LOCKFILE_NAME));
        let mut migrations = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| io_error(path, e))?;
            // `file_type` does not follow symbolic links, like Node's `Dirent.isDirectory`.
            let is_dir = entry.file_type().map_err(|e| io_error(&entry.path(), e))?.is_dir();
            if !is_dir {
                continue;
            }
            let folder = entry.path();
            migrations.push(LocalMigration {
                name: entry.file_name().to_string_lossy().into_owned(),
                script: read_text(&folder.join(MIGRATION_FILE)),
                down: read_text(&folder.join(DOWN_FILE)),
                path: folder,
            });
        }
        migrations.sort_by(|a, b| compare_migration_names(&a.name, &b.name));
        Ok(MigrationsFolder { path: path.to_path_buf(), lockfile, migrations })
    }

    /// The provider in `migration_lock.toml`, when the file exists.
    pub fn locked_provider(&self) -> Option<String> {
        self.lockfile.as_deref().map(lockfile_provider)
    }

    /// P3019 when the lock file names another provider than `provider`.
    pub fn check_provider(&self, provider: &str) -> Result<(), MigrateError> {
        match self.locked_provider() {
            Some(expected) if expected != provider => {
                Err(MigrateError::ProviderSwitched { provider: provider.to_owned(), expected })
            }
            _ => Ok(()),
        }
    }

    pub fn find(&self, name: &str) -> Option<&LocalMigration> {
        self.migrations.iter().find(|m| m.name == name)
    }
}

/// What [`write_migration`] creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMigration<'a> {
    /// When the migration was created; its second gives the folder's prefix.
    pub created_at: Timestamp,
    /// The sanitised name (see [`crate::sanitize_migration_name`]); may be empty.
    pub name: &'a str,
    pub script: &'a str,
    /// The script that undoes it, written as `down.sql` when given.
    pub down: Option<&'a str>,
}

/// Creates `<folder>/<timestamp>_<name>/migration.sql` (and `down.sql`), or
/// `<folder>/<timestamp>/…` when the name is empty, creating the
/// migrations folder when needed, and returns the new folder's path. Fails when the folder
/// exists already, as Prisma does; the lock file is left alone (see [`write_lockfile`]).
pub fn write_migration(folder: &Path, migration: &NewMigration<'_>) -> Result<PathBuf, MigrateError> {
    if migration.name.len() > crate::name::MAX_MIGRATION_NAME_LEN {
        return Err(MigrateError::MigrationNameTooLong);
    }
    // Prisma names the folder after the timestamp alone when the name is empty.
    let prefix = migration.created_at.migration_prefix();
    let directory = match migration.name {
        "" => folder.join(prefix),
        name => folder.join(format!("{prefix}_{name}")),
    };
    if directory.exists() {
        return Err(MigrateError::MigrationFolderExists { path: directory });
    }
    let io_error =
        |path: &Path, error: std::io::Error| MigrateError::Io { path: path.to_path_buf(), reason: error.to_string() };
    std::fs::create_dir_all(&directory).map_err(|e| io_error(&directory, e))?;
    let script_path = directory.join(MIGRATION_FILE);
    std::fs::write(&script_path, migration.script).map_err(|e| io_error(&script_path, e))?;
    if let Some(down) = migration.down {
        let down_path = directory.join(DOWN_FILE);
        std::fs::write(&down_path, down).map_err(|e| io_error(&down_path, e))?;
    }
    Ok(directory)
}

/// Writes `migration_lock.toml` for `provider` with Prisma's exact text.
pub fn write_lockfile(folder: &Path, provider: &str) -> Result<(), MigrateError> {
    let path = folder.join(LOCKFILE_NAME);
    std::fs::create_dir_all(folder)
        .and_then(|()| std::fs::write(&path, render_lockfile(provider)))
        .map_err(|e| MigrateError::Io { path, reason: e.to_string() })
}

fn read_text(path: &Path) -> Option<String> {
    let bytes = std::fs::read(path).ok()?;
    Some(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => String::from_utf8_lossy(error.as_bytes()).into_owned(),
    })
}

/// Orders migration names as Prisma does with `localeCompare` (ICU root collation), close
/// enough for folder names: punctuation and spaces sort before digits, digits before letters,
/// letters compare without case first, lowercase before uppercase on a tie, and then the raw
/// text. For the usual `<14 digits>_<lowercase words>` names this is plain byte order.
pub fn compare_migration_names(a: &str, b: &str) -> Ordering {
    let primary = |s: &str| s.chars().map(|c| (char_class(c), fold(c))).collect::<Vec<_>>();
    primary(a)
        .cmp(&primary(b))
        .then_with(|| {
            let case = |s: &str| s.chars().map(|c| c.is_uppercase()).collect::<Vec<_>>();
            case(a).cmp(&case(b))
        })
        .then_with(|| a.cmp(b))
}

/// ICU's root order of ASCII punctuation and symbols, which all sort before digits.
const PUNCTUATION_ORDER: &str = "_-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

fn char_class(c: char) -> (u8, u32) {
    if c.is_whitespace() {
        (0, c as u32)
    } else if let Some(position) = PUNCTUATION_ORDER.find(c) {
        (1, position as u32)
    } else if c.is_ascii_digit() {
        (2, 0)
    } else if c.is_alphabetic() {
        (3, 0)
    } else {
        (1, c as u32 + PUNCTUATION_ORDER.len() as u32)
    }
}

fn fold(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usual_names_sort_by_timestamp() {
        let mut names = vec!["20240102000000_b", "20240101000000_z", "20240101000000_a"];
        names.sort_by(|a, b| compare_migration_names(a, b));
        assert_eq!(names, ["20240101000000_a", "20240101000000_z", "20240102000000_b"]);
    }

    #[test]
    fn case_and_punctuation_sort_like_locale_compare() {
        // Node: ["b", "B", "a", "_x", "1"].sort((a, b) => a.localeCompare(b)) gives
        // ["_x", "1", "a", "b", "B"].
        let mut names = vec!["b", "B", "a", "_x", "1"];
        names.sort_by(|a, b| compare_migration_names(a, b));
        assert_eq!(names, ["_x", "1", "a", "b", "B"]);
    }
}
