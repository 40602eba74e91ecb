//! Finding and reading the project's schema, the way Prisma does.
//!
//! Order: `--schema PATH` (a file, or a folder whose `.prisma` files are read recursively);
//! else `schema` in the Prisma config file (`--config FILE`, or `prisma.config.ts` in the
//! current directory), relative to that file; else `schema.prisma`, `prisma/schema.prisma`,
//! and last the `prisma/` folder when it holds `.prisma` files.
//!
//! Paths are shown relative to the current directory, lexically normalised (`./prisma/` is
//! shown as `prisma`), as Prisma shows them. Files of a folder are sorted by path, so the
//! [`psl::SourceSet`] and every diagnostic come in the same order on every machine.

use crate::prisma_config::{self, ConfigError, PrismaConfig};
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// Where the schema was found, before reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaLocation {
    /// The file or folder, as shown to the user.
    pub shown: PathBuf,
    /// The `.prisma` files: one for a file, every file under a folder, sorted.
    pub files: Vec<PathBuf>,
    /// The config file that named it, or that was read on the way.
    pub config: Option<PathBuf>,
}

#[derive(Debug)]
pub enum SchemaFileError {
    /// `--schema PATH` names nothing.
    SchemaFlagMissing { path: PathBuf },
    /// `--config FILE` names nothing.
    ConfigFlagMissing { path: PathBuf },
    Config(ConfigError),
    /// The config file's `schema` names nothing.
    ConfigSchemaMissing { config: PathBuf, path: PathBuf },
    /// A folder without `.prisma` files.
    EmptyFolder { path: PathBuf },
    /// Nothing was found; `looked` lists where, in order.
    NotFound { looked: Vec<String> },
    Read { path: PathBuf, error: std::io::Error },
}

impl fmt::Display for SchemaFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SchemaFileError::SchemaFlagMissing { path } => write!(
                f,
                "could not load `--schema` from provided path `{}`: file or directory not found",
                path.display()
            ),
            SchemaFileError::ConfigFlagMissing { path } => {
                write!(f, "could not find the Prisma config file `{}` given with --config", path.display())
            }
            SchemaFileError::Config(error) => error.fmt(f),
            SchemaFileError::ConfigSchemaMissing { config, path } => write!(
                f,
                "could not load schema from `{}` provided by the Prisma config file {}: file or directory not found",
                path.display(),
                config.display()
            ),
            SchemaFileError::EmptyFolder { path } => {
                write!(f, "the schema folder `{}` contains no .prisma files", path.display())
            }
            SchemaFileError::NotFound { looked } => {
                writeln!(f, "could not find a Prisma schema. Looked at:")?;
                for place in looked {
                    writeln!(f, "  {place}")?;
                }
                write!(f, "Pass --schema PATH, or set `schema` in {}.", prisma_config::DEFAULT_FILE)
            }
            SchemaFileError::Read { path, error } => write!(f, "could not read {}: {error}", path.display()),
        }
    }
}

impl From<ConfigError> for SchemaFileError {
    fn from(error: ConfigError) -> Self {
        SchemaFileError::Config(error)
    }
}

/// Finds the schema. `cwd` is the directory relative paths start from.
pub fn locate(schema: Option<&Path>, config: Option<&Path>, cwd: &Path) -> Result<SchemaLocation, SchemaFileError> {
    let config_path = match config {
        Some(path) if !cwd.join(path).is_file() => {
            return Err(SchemaFileError::ConfigFlagMissing { path: path.to_path_buf() })
        }
        explicit => prisma_config::find(explicit, cwd),
    };
    let config_shown = config_path.as_deref().map(|p| shown(p, cwd));

    if let Some(path) = schema {
        let shown_path = shown(path, cwd);
        return at(cwd, &shown_path, config_shown.clone())?
            .ok_or(SchemaFileError::SchemaFlagMissing { path: shown_path });
    }

    if let (Some(path), Some(shown_config)) = (&config_path, &config_shown) {
        let config = PrismaConfig::load(&cwd.join(path), shown_config)?;
        if let Some(schema) = config.string(&["schema"])? {
            let shown_path = normalise(&config.dir.join(schema));
            return at(cwd, &shown_path, config_shown.clone())?.ok_or(SchemaFileError::ConfigSchemaMissing {
                config: shown_config.clone(),
                path: shown_path,
            });
        }
    }

    let mut looked = vec![match &config_shown {
        Some(path) => format!("{}: has no `schema` property", path.display()),
        None => format!("{}: file not found", prisma_config::DEFAULT_FILE),
    }];
    for candidate in ["schema.prisma", "prisma/schema.prisma"] {
        if cwd.join(candidate).is_file() {
            return Ok(SchemaLocation { shown: candidate.into(), files: vec![candidate.into()], config: config_shown });
        }
        looked.push(format!("{candidate}: file not found"));
    }
    let folder = Path::new("prisma");
    if cwd.join(folder).is_dir() {
        let files = prisma_files(cwd, folder)?;
        if !files.is_empty() {
            return Ok(SchemaLocation { shown: folder.into(), files, config: config_shown });
        }
    }
    looked.push("prisma/: no folder of .prisma files".to_string());
    Err(SchemaFileError::NotFound { looked })
}

/// The schema at `path` (already in shown form): `None` when nothing is there.
fn at(cwd: &Path, path: &Path, config: Option<PathBuf>) -> Result<Option<SchemaLocation>, SchemaFileError> {
    let full = cwd.join(path);
    if full.is_file() {
        return Ok(Some(SchemaLocation { shown: path.to_path_buf(), files: vec![path.to_path_buf()], config }));
    }
    if full.is_dir() {
        let files = prisma_files(cwd, path)?;
        if files.is_empty() {
            return Err(SchemaFileError::EmptyFolder { path: path.to_path_buf() });
        }
        return Ok(Some(SchemaLocation { shown: path.to_path_buf(), files, config }));
    }
    Ok(None)
}

/// Every `.prisma` file under `folder`, recursively, sorted by path. Symbolic links to
/// folders are not followed, so a link cycle cannot make this loop.
fn prisma_files(cwd: &Path, folder: &Path) -> Result<Vec<PathBuf>, SchemaFileError> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let read_error = |error| SchemaFileError::Read { path: dir.clone(), error };
        for entry in std::fs::read_dir(cwd.join(&dir)).map_err(read_error)? {
            let entry = entry.map_err(read_error)?;
            let path = dir.join(entry.file_name());
            let kind = entry.file_type().map_err(read_error)?;
            if kind.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "prisma") && cwd.join(&path).is_file() {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Reads the files of a location into a source set, each named by its shown path.
pub fn read(cwd: &Path, location: &SchemaLocation) -> Result<psl::SourceSet, SchemaFileError> {
    let mut sources = psl::SourceSet::new();
    for path in &location.files {
        let text = std::fs::read_to_string(cwd.join(path))
            .map_err(|error| SchemaFileError::Read { path: path.clone(), error })?;
        sources.add(psl::SourceFile::new(display(path), text));
    }
    Ok(sources)
}

/// A path as the user sees it: relative to `cwd` when it lies under it, lexically normalised.
pub fn shown(path: &Path, cwd: &Path) -> PathBuf {
    let normal = normalise(path);
    if normal.is_absolute() {
        if let Ok(inside) = normal.strip_prefix(normalise(cwd)) {
            return if inside.as_os_str().is_empty() { PathBuf::from(".") } else { inside.to_path_buf() };
        }
    }
    normal
}

/// Removes `.` components and folds `dir/..` without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let can_fold = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if can_fold {
                    out.pop();
                } else if !matches!(out.components().next_back(), Some(Component::RootDir)) {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Forward slashes on every platform, so diagnostics and fixtures agree.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_dots() {
        let cases = [
            ("./prisma/", "prisma"),
            ("cfg/sub/../prisma/schema.prisma", "cfg/prisma/schema.prisma"),
            ("../x/./y", "../x/y"),
            ("a/..", "."),
            ("/a/../../b", "/b"),
        ];
        for (input, expected) in cases {
            assert_eq!(display(&normalise(Path::new(input))), expected, "{input}");
        }
    }

    #[test]
    fn shown_is_relative_to_cwd_when_inside() {
        let cwd = Path::new("/home/u/proj");
        assert_eq!(shown(Path::new("/home/u/proj/prisma/a.prisma"), cwd), PathBuf::from("prisma/a.prisma"));
        assert_eq!(shown(Path::new("/elsewhere/s.prisma"), cwd), PathBuf::from("/elsewhere/s.prisma"));
    }
}
