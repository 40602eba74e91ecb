//! The commands: each turns its "low" arguments into work and output.
//!
//! Commands print their own results and diagnostics; they return a [`Failure`] only for what
//! `main` still has to report, and `main` alone chooses the exit code.

pub mod db_execute;
pub mod db_push;
pub mod diff;
pub mod format;
mod live_data;
pub mod migrate;
pub mod migrate_down;
pub mod migrate_proof;
pub mod validate;

use crate::cli::{DbCommand, MigrateCommand, MigrateDiffArgs};
use crate::schema_files::{self, SchemaFileError, SchemaLocation};
use std::fmt;
use std::path::{Path, PathBuf};

/// A command that finished without error.
#[derive(Debug, PartialEq, Eq)]
pub enum Success {
    Done,
    /// `migrate diff --exit-code` found a difference (exit code 2).
    Different,
}

/// A command that did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// The problems were printed already (diagnostics, a list of files).
    Reported,
    /// The command exists but does its work in a later version.
    NotImplemented(&'static str),
    /// An error to print once, as `ebb: <message>`.
    Error(String),
    /// The command stopped where a person has to act (exit code 130, as Prisma).
    Interrupted,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Reported | Failure::Interrupted => Ok(()),
            Failure::NotImplemented(command) => write!(f, "{command} is not implemented yet"),
            Failure::Error(message) => f.write_str(message),
        }
    }
}

impl From<SchemaFileError> for Failure {
    fn from(error: SchemaFileError) -> Self {
        Failure::Error(error.to_string())
    }
}

pub type Outcome = Result<Success, Failure>;

/// Finds the schema and announces it on stderr, as Prisma does.
pub fn locate_schema(schema: Option<&Path>, config: Option<&Path>, cwd: &Path) -> Result<SchemaLocation, Failure> {
    let location = schema_files::locate(schema, config, cwd)?;
    if let Some(config) = &location.config {
        eprintln!("Loaded Prisma config from {}.", schema_files::display(config));
    }
    eprintln!("Prisma schema loaded from {}.", schema_files::display(&location.shown));
    Ok(location)
}

pub fn migrate(command: MigrateCommand, cwd: &Path) -> Outcome {
    match command {
        MigrateCommand::Diff(args) => diff::run(DiffConfig::from_args(*args)?, cwd),
        MigrateCommand::Dev(args) => migrate::dev(&args, cwd),
        MigrateCommand::Deploy(args) => migrate::deploy(&args, cwd),
        MigrateCommand::Status(args) => migrate::status(&args, cwd),
        MigrateCommand::Reset(args) => migrate::reset(&args, cwd),
        MigrateCommand::Resolve(args) => migrate::resolve(&args, cwd),
        MigrateCommand::Down(args) if args.generate => migrate_proof::generate(&args, cwd),
        MigrateCommand::Down(args) => migrate_down::run(&args, cwd),
        MigrateCommand::Check(args) => migrate_proof::check(&args, cwd),
    }
}

pub fn db(command: DbCommand, cwd: &Path) -> Outcome {
    match command {
        DbCommand::Execute(args) => db_execute::run(&args, cwd),
        DbCommand::Push(args) => db_push::run(&args, cwd),
        DbCommand::Pull(_) => Err(Failure::NotImplemented("db pull")),
    }
}

/// One side of `migrate diff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffSource {
    Empty,
    Schema(PathBuf),
    /// The URL of the datasource of a schema file (Prisma 6).
    SchemaDatasource(PathBuf),
    Migrations(PathBuf),
    ConfigDatasource,
    Url(String),
}

/// `migrate diff` once its flags have been checked.
#[derive(Debug)]
pub struct DiffConfig {
    pub from: DiffSource,
    pub to: DiffSource,
    /// `--config`, for `--from-config-datasource` / `--to-config-datasource`.
    pub config: Option<PathBuf>,
    pub shadow_database_url: Option<String>,
    pub script: bool,
    pub exit_code: bool,
    pub output: Option<PathBuf>,
}

impl DiffConfig {
    pub fn from_args(args: MigrateDiffArgs) -> Result<DiffConfig, Failure> {
        let from = one_source(
            "from",
            [
                args.from_empty.then_some(DiffSource::Empty),
                args.from_schema.map(DiffSource::Schema),
                args.from_schema_datamodel.map(DiffSource::Schema),
                args.from_schema_datasource.map(DiffSource::SchemaDatasource),
                args.from_migrations.map(DiffSource::Migrations),
                args.from_config_datasource.then_some(DiffSource::ConfigDatasource),
                args.from_url.map(DiffSource::Url),
            ],
        )?;
        let to = one_source(
            "to",
            [
                args.to_empty.then_some(DiffSource::Empty),
                args.to_schema.map(DiffSource::Schema),
                args.to_schema_datamodel.map(DiffSource::Schema),
                args.to_schema_datasource.map(DiffSource::SchemaDatasource),
                args.to_migrations.map(DiffSource::Migrations),
                args.to_config_datasource.then_some(DiffSource::ConfigDatasource),
                args.to_url.map(DiffSource::Url),
            ],
        )?;
        Ok(DiffConfig {
            from,
            to,
            config: args.config,
            shadow_database_url: args.shadow_database_url,
            script: args.script,
            exit_code: args.exit_code,
            output: args.output,
        })
    }
}

/// Exactly one source per side, with Prisma's wording when that is not the case.
fn one_source<const N: usize>(side: &str, given: [Option<DiffSource>; N]) -> Result<DiffSource, Failure> {
    let mut given: Vec<DiffSource> = given.into_iter().flatten().collect();
    match given.len() {
        1 => Ok(given.remove(0)),
        n => Err(Failure::Error(format!("{n} `--{side}-...` parameter(s) provided. 1 must be provided."))),
    }
}
