//! Which database a command talks to, found the way Prisma finds it.
//!
//! Prisma 7 reads the URL from `datasource.url` of `prisma.config.ts` (relative SQLite paths
//! resolve against the config file's folder, relative certificate paths against the schema's); Prisma 6 projects name it in the schema's
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

/// Parses a URL the user wrote (`base` resolves relative SQLite and certificate paths) and
/// shows what it says that ebb does not act on, such as an unknown parameter, as warnings.
pub fn parse_url(text: &str, base: &Path) -> Result<DbUrl, db::DbError> {
    let url = DbUrl::parse(text, base)?;
    for warning in url.warnings() {
        eprintln!("warning: {warning}");
    }
    Ok(url)
}

/// A URL given on the command line (`--url`, `--from-url`).
pub fn from_flag(text: &str, cwd: &Path) -> Result<LiveDatabase, Failure> {
    let url = parse_url(text, cwd).map_err(|e| Failure::Error(e.to_string()))?;
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
    load(schema, config, cwd, false).map(|loaded| loaded.live)
}

/// What the migrate commands need of a project: its schema (required), database, shadow
/// database and migrations folder.
#[derive(Debug)]
pub struct Project {
    pub datamodel: Datamodel,
    pub live: LiveDatabase,
    /// `datasource.shadowDatabaseUrl` of the config (or `shadowDatabaseUrl` of the schema).
    pub shadow_url: Option<DbUrl>,
    /// The migrations folder: `migrations.path` of the config, else `migrations` beside the
    /// schema; relative to the current directory when possible.
    pub migrations_dir: PathBuf,
}

impl Project {
    /// The name of the schema's datasource block (`db`).
    pub fn datasource_name(&self) -> &str {
        self.datamodel.datasource.as_ref().map_or("db", |ds| ds.name.as_str())
    }
}

/// Loads the project for a migrate command, announcing the config and schema on stderr.
pub fn load_project(schema: Option<&Path>, config: Option<&Path>, cwd: &Path) -> Result<Project, Failure> {
    let mut loaded = load(schema, config, cwd, true)?;
    let (Some(location), Some(datamodel)) = (loaded.location.take(), loaded.datamodel.take()) else {
        return Err(Failure::Error("no Prisma schema found".into()));
    };
    let migrations_dir = match loaded.config.as_ref().map(|c| c.string(&["migrations", "path"])).transpose() {
        Err(error) => return Err(config_error(error)),
        Ok(Some(Some(path))) => normalise(&loaded.config_dir.join(path), cwd),
        Ok(_) => normalise(&cwd.join(schema_folder(&location)).join("migrations"), cwd),
    };
    let shadow_url = shadow_url(&loaded, Some(&datamodel))?;
    Ok(Project { datamodel, live: loaded.live, shadow_url, migrations_dir })
}

/// The project's datasource URL and its shadow database URL, for commands that need no schema
/// (`migrate diff --from-migrations`).
pub fn database_and_shadow(config: Option<&Path>, cwd: &Path) -> Result<(DbUrl, Option<DbUrl>), Failure> {
    let loaded = load(None, config, cwd, false)?;
    let shadow = shadow_url(&loaded, loaded.datamodel.as_ref())?;
    Ok((loaded.live.url, shadow))
}

/// `datasource.shadowDatabaseUrl` of the config, else `shadowDatabaseUrl` of the schema.
fn shadow_url(loaded: &Loaded, datamodel: Option<&Datamodel>) -> Result<Option<DbUrl>, Failure> {
    let from_config = match &loaded.config {
        Some(config) => match config.string_or_env(&["datasource", "shadowDatabaseUrl"]).map_err(config_error)? {
            Some(StringOrEnv::Literal(text)) => Some(text.to_owned()),
            Some(StringOrEnv::Env(variable)) => variable.resolve(|name| loaded.env.get(name)),
            None => None,
        },
        None => None,
    };
    let text = from_config.or_else(|| match datamodel?.datasource.as_ref()?.shadow_database_url.as_ref()? {
        datamodel::StringOrEnv::Literal(text) => Some(text.clone()),
        datamodel::StringOrEnv::Env(name) => loaded.env.get(name),
    });
    match text.filter(|text| !text.trim().is_empty()) {
        Some(text) => {
            let url = parse_url(&text, &loaded.config_dir).map_err(|e| Failure::Error(e.to_string()))?;
            Ok(Some(match &loaded.certificate_dir {
                Some(dir) => url.with_certificates_relative_to(dir),
                None => url,
            }))
        }
        None => Ok(None),
    }
}

/// `path` relative to `cwd` when it lies below it, without `.` components.
fn normalise(path: &Path, cwd: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out.strip_prefix(cwd).map(Path::to_path_buf).unwrap_or(out)
}

struct Loaded {
    config: Option<PrismaConfig>,
    config_dir: PathBuf,
    /// Where relative certificate paths of a config URL start: the schema's folder, the
    /// working directory of Prisma's schema engine.
    certificate_dir: Option<PathBuf>,
    env: Env,
    location: Option<SchemaLocation>,
    datamodel: Option<Datamodel>,
    live: LiveDatabase,
}

/// Reads the config, the schema (required when `need_schema`) and the environment, and finds
/// the datasource URL.
fn load(schema: Option<&Path>, config: Option<&Path>, cwd: &Path, need_schema: bool) -> Result<Loaded, Failure> {
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
        Err(_) if config_url.is_some() && !need_schema => None,
        Err(error) => return Err(error.into()),
    };
    if need_schema {
        if let Some(location) = &location {
            eprintln!("Prisma schema loaded from {}.", schema_files::display(&location.shown));
        }
    }
    let config_dir = config.as_ref().map_or_else(|| cwd.to_path_buf(), |c| cwd.join(&c.dir));
    let certificate_dir = location.as_ref().map(|location| cwd.join(schema_folder(location)));
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

    let live = if let (Some((property, value)), Some(config)) = (config_url, &config) {
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
        let url = parse_url(&text, &config_dir).map_err(|e| Failure::Error(e.to_string()))?;
        let url = match &certificate_dir {
            Some(dir) => url.with_certificates_relative_to(dir),
            None => url,
        };
        LiveDatabase { url, schemas }
    } else {
        match (&datamodel, &location) {
            (Some(datamodel), Some(location)) => schema_datasource(datamodel, location, &env, cwd)?,
            // `locate` failed without a URL in the config: its error was returned above.
            _ => return Err(Failure::Error("no datasource URL: set `datasource.url` in prisma.config.ts".into())),
        }
    };
    Ok(Loaded { config, config_dir, certificate_dir, env, location, datamodel, live })
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
    let url = parse_url(&text, &cwd.join(schema_folder(location))).map_err(|e| Failure::Error(e.to_string()))?;
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
