//! Which database a command talks to, found the way Prisma finds it.
//!
//! Prisma 7 reads the URL from `datasource.url` of `prisma.config.ts` (relative SQLite paths
//! resolve against the config file's folder); Prisma 6 projects name it in the schema's
//! `datasource` block (`directUrl` before `url`, as Migrate uses it; relative SQLite paths
//! resolve against the schema's folder). Values may come from the environment, which includes
//! the project's `.env` files (see [`crate::env`]). A URL typed on the command line resolves
//! relative SQLite paths against the current directory.

use crate::commands::Failure;
use crate::env::Env;
use crate::prisma_config::{self, PrismaConfig, StringOrEnv};
use crate::schema_files::{self, SchemaLocation};
use db::DbUrl;
use psl::datamodel::{self, Datamodel};
use std::path::{Path, PathBuf};

/// A database to connect to, with what its project says about it.
#[derive(Debug)]
pub struct LiveDatabase {
    pub url: DbUrl,
    /// The datasource's `schemas` (PostgreSQL namespaces), when a schema file was read.
    pub schemas: Vec<String>,
}

/// A URL given on the command line (`--url`, `--from-url`).
pub fn from_flag(text: &str, cwd: &Path) -> Result<LiveDatabase, Failure> {
    let url = DbUrl::parse(text, cwd).map_err(|e| Failure::Error(e.to_string()))?;
    Ok(LiveDatabase { url, schemas: Vec::new() })
}

/// The datasource of the schema at `path` (Prisma 6's `--from-schema-datasource`).
pub fn from_schema_file(path: &Path, flag: &'static str, cwd: &Path) -> Result<LiveDatabase, Failure> {
    let location = schema_files::locate(Some(path), None, cwd).map_err(|error| match error {
        schema_files::SchemaFileError::SchemaFlagMissing { path, .. } => {
            schema_files::SchemaFileError::SchemaFlagMissing { flag, path }
        }
        other => other,
    })?;
    let env = Env::load(&[cwd, &cwd.join(schema_folder(&location))]).map_err(Failure::Error)?;
    let datamodel = read_datamodel(&location, cwd)?;
    schema_datasource(&datamodel, &location, &env, cwd)
}

/// The project's datasource: `datasource.url` of the Prisma config file, else the schema's
/// datasource block (Prisma 6). `schema` and `config` are the `--schema` and `--config` flags.
pub fn from_project(schema: Option<&Path>, config: Option<&Path>, cwd: &Path) -> Result<LiveDatabase, Failure> {
    let config_path = match config {
        Some(path) if !cwd.join(path).is_file() => {
            return Err(schema_files::SchemaFileError::ConfigFlagMissing { path: path.to_path_buf() }.into())
        }
        explicit => prisma_config::find(explicit, cwd),
    };
    let config = match &config_path {
        Some(path) => Some(
            PrismaConfig::load(&cwd.join(path), &schema_files::shown(path, cwd))
                .map_err(|e| Failure::Error(e.to_string()))?,
        ),
        None => None,
    };
    if let Some(config) = &config {
        eprintln!("Loaded Prisma config from {}.", schema_files::display(&config.shown));
    }
    let config_url = match &config {
        Some(config) => {
            let direct = config.string_or_env(&["datasource", "directUrl"]);
            let url = config.string_or_env(&["datasource", "url"]);
            match (direct.map_err(config_error)?, url.map_err(config_error)?) {
                (Some(value), _) => Some(("datasource.directUrl", value)),
                (None, Some(value)) => Some(("datasource.url", value)),
                (None, None) => None,
            }
        }
        None => None,
    };
    // The schema is optional when the config names the URL: it only adds the `schemas` list.
    let location = match schema_files::locate(schema, config.as_ref().map(|c| c.shown.as_path()), cwd) {
        Ok(location) => Some(location),
        Err(_) if config_url.is_some() => None,
        Err(error) => return Err(error.into()),
    };
    let config_dir = config.as_ref().map_or_else(|| cwd.to_path_buf(), |c| cwd.join(&c.dir));
    let mut folders: Vec<PathBuf> = vec![config_dir.clone()];
    if let Some(location) = &location {
        folders.push(cwd.join(schema_folder(location)));
    }
    let env = Env::load(&folders.iter().map(PathBuf::as_path).collect::<Vec<_>>()).map_err(Failure::Error)?;
    let datamodel = match &location {
        Some(location) => Some(read_datamodel(location, cwd)?),
        None => None,
    };
    let schemas =
        datamodel.as_ref().and_then(|dm| dm.datasource.as_ref()).map(|ds| ds.schemas.clone()).unwrap_or_default();

    if let (Some((property, value)), Some(config)) = (config_url, &config) {
        let text = match value {
            StringOrEnv::Literal(text) => text.to_owned(),
            StringOrEnv::Env(variable) => variable.resolve(|name| env.get(name)).ok_or_else(|| {
                Failure::Error(format!(
                    "environment variable `{}` is not set; `{property}` in {} reads it",
                    variable.name,
                    schema_files::display(&config.shown)
                ))
            })?,
        };
        let url = DbUrl::parse(&text, &config_dir).map_err(|e| Failure::Error(e.to_string()))?;
        return Ok(LiveDatabase { url, schemas });
    }
    match (&datamodel, &location) {
        (Some(datamodel), Some(location)) => schema_datasource(datamodel, location, &env, cwd),
        // `locate` failed without a URL in the config: its error was returned above.
        _ => Err(Failure::Error("no datasource URL: set `datasource.url` in prisma.config.ts".into())),
    }
}

fn config_error(error: prisma_config::ConfigError) -> Failure {
    Failure::Error(error.to_string())
}

/// The URL of the schema's datasource block (Prisma 6 form).
fn schema_datasource(
    datamodel: &Datamodel,
    location: &SchemaLocation,
    env: &Env,
    cwd: &Path,
) -> Result<LiveDatabase, Failure> {
    let shown = schema_files::display(&location.shown);
    let datasource = datamodel
        .datasource
        .as_ref()
        .ok_or_else(|| Failure::Error(format!("{shown}: the schema has no datasource block")))?;
    let (property, value) = match (&datasource.direct_url, &datasource.url) {
        (Some(value), _) => ("directUrl", value),
        (None, Some(value)) => ("url", value),
        (None, None) => {
            return Err(Failure::Error(format!(
            "no datasource URL: set `datasource.url` in prisma.config.ts (or `url` in the datasource block of {shown})"
        )))
        }
    };
    let text = match value {
        datamodel::StringOrEnv::Literal(text) => text.clone(),
        datamodel::StringOrEnv::Env(name) => env.get(name).ok_or_else(|| {
            Failure::Error(format!(
                "environment variable `{name}` is not set; `{property}` in the datasource block of {shown} reads it"
            ))
        })?,
    };
    let url = DbUrl::parse(&text, &cwd.join(schema_folder(location))).map_err(|e| Failure::Error(e.to_string()))?;
    Ok(LiveDatabase { url, schemas: datasource.schemas.clone() })
}

/// The folder relative paths in the schema start from: the file's folder, or the schema folder.
fn schema_folder(location: &SchemaLocation) -> PathBuf {
    if location.files.len() == 1 && location.files[0] == location.shown {
        location.shown.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        location.shown.clone()
    }
}

/// Parses and validates the schema, printing its diagnostics; errors stop the command.
pub fn read_datamodel(location: &SchemaLocation, cwd: &Path) -> Result<Datamodel, Failure> {
    let sources = schema_files::read(cwd, location)?;
    let validated = psl::parse_schema(&sources);
    if !validated.diagnostics.is_empty() {
        eprint!("{}", psl::diagnostics::render(&sources, &validated.diagnostics));
    }
    if validated.diagnostics.has_errors() {
        return Err(Failure::Reported);
    }
    Ok(validated.datamodel)
}
