//! Environment variables as Prisma sees them: the process environment first, then the `.env`
//! files of the project (the config file's folder, then the schema's folder), the first place
//! that sets a variable winning.
//!
//! The `.env` files are read into this value, never into the process environment, so that
//! nothing else in the program sees them by accident and no variable already set is
//! overridden.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct Env {
    /// Variables from `.env` files; the first file that sets one wins.
    from_files: BTreeMap<String, String>,
    /// The files read, in order.
    files: Vec<PathBuf>,
}

impl Env {
    /// Reads `.env` in each folder (missing files are skipped; duplicates read once).
    pub fn load(folders: &[&Path]) -> Result<Env, String> {
        let mut env = Env::default();
        for folder in folders {
            let path = folder.join(".env");
            if env.files.contains(&path) || !path.is_file() {
                continue;
            }
            let entries =
                dotenvy::from_path_iter(&path).map_err(|e| format!("could not read {}: {e}", path.display()))?;
            for entry in entries {
                let (key, value) = entry.map_err(|e| format!("could not read {}: {e}", path.display()))?;
                env.from_files.entry(key).or_insert(value);
            }
            env.files.push(path);
        }
        Ok(env)
    }

    /// The value of `name`, the process environment taking precedence over `.env` files.
    pub fn get(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().or_else(|| self.from_files.get(name).cloned())
    }
}
