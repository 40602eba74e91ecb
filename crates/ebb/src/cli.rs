//! The command line as clap sees it: "low" arguments that mirror the flags one to one.
//!
//! Nothing here decides anything; `commands` turns these into the real configuration
//! (e.g. [`MigrateDiffArgs::into_config`] checks that exactly one source and one target were
//! given). Flag names are Prisma's, so scripts written for Prisma run unchanged.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "ebb",
    version,
    about = "Prisma Migrate's relational workflow in one binary, with down migrations.",
    disable_help_subcommand = true,
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a Prisma schema
    Validate(ProjectArgs),
    /// Format a Prisma schema
    Format(FormatArgs),
    /// Update the database schema with migrations
    #[command(subcommand, arg_required_else_help = true)]
    Migrate(Box<MigrateCommand>),
    /// Manage your database schema and lifecycle
    #[command(subcommand, arg_required_else_help = true)]
    Db(DbCommand),
}

/// Where the project's schema and configuration are; every command takes these.
#[derive(Debug, Clone, Default, Args)]
pub struct ProjectArgs {
    /// Custom path to your Prisma schema (a file, or a folder of .prisma files)
    #[arg(long, value_name = "PATH")]
    pub schema: Option<PathBuf>,
    /// Custom path to your Prisma config file
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FormatArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Write nothing; fail when a file is not formatted
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Subcommand)]
pub enum MigrateCommand {
    /// Compare the database schema from two arbitrary sources
    Diff(Box<MigrateDiffArgs>),
    /// Create a migration from changes in the Prisma schema, apply it to the database
    Dev(MigrateDevArgs),
    /// Apply pending migrations to the database
    Deploy(ProjectArgs),
    /// Check the status of your database migrations
    Status(ProjectArgs),
    /// Reset your database and apply all migrations, all data will be lost
    Reset(MigrateResetArgs),
    /// Resolve issues with database migrations, i.e. baseline, failed migration, hotfix
    Resolve(MigrateResolveArgs),
    /// Roll back applied migrations with their down scripts
    Down(MigrateDownArgs),
    /// Prove on a shadow database that each migration's down.sql undoes it
    Check(MigrateCheckArgs),
}

/// `migrate diff`: one `--from-...` and one `--to-...` source.
#[derive(Debug, Args)]
pub struct MigrateDiffArgs {
    /// Custom path to your Prisma config file
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Writes to a file instead of stdout
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Flag to assume from is an empty datamodel
    #[arg(long, help_heading = "From and To inputs (1 --from-... and 1 --to-... must be provided)")]
    pub from_empty: bool,
    /// Flag to assume to is an empty datamodel
    #[arg(long, help_heading = "From and To inputs (1 --from-... and 1 --to-... must be provided)")]
    pub to_empty: bool,
    /// Path to a Prisma schema file or folder, uses the datamodel for the diff
    #[arg(
        long,
        value_name = "PATH",
        help_heading = "From and To inputs (1 --from-... and 1 --to-... must be provided)"
    )]
    pub from_schema: Option<PathBuf>,
    /// Path to a Prisma schema file or folder, uses the datamodel for the diff
    #[arg(
        long,
        value_name = "PATH",
        help_heading = "From and To inputs (1 --from-... and 1 --to-... must be provided)"
    )]
    pub to_schema: Option<PathBuf>,
    /// Path to the Prisma Migrate migrations directory
    #[arg(
        long,
        value_name = "PATH",
        help_heading = "From and To inputs (1 --from-... and 1 --to-... must be provided)"
    )]
    pub from_migrations: Option<PathBuf>,
    /// Path to the Prisma Migrate migrations directory
    #[arg(
        long,
        value_name = "PATH",
        help_heading = "From and To inputs (1 --from-... and 1 --to-... must be provided)"
    )]
    pub to_migrations: Option<PathBuf>,
    /// Flag to use the datasource from the Prisma config file
    #[arg(long, help_heading = "From and To inputs (1 --from-... and 1 --to-... must be provided)")]
    pub from_config_datasource: bool,
    /// Flag to use the datasource from the Prisma config file
    #[arg(long, help_heading = "From and To inputs (1 --from-... and 1 --to-... must be provided)")]
    pub to_config_datasource: bool,

    /// Same as --from-schema (Prisma 6 name)
    #[arg(long, value_name = "PATH", help_heading = "Prisma 6 inputs (removed in Prisma 7, kept by ebb)")]
    pub from_schema_datamodel: Option<PathBuf>,
    /// Same as --to-schema (Prisma 6 name)
    #[arg(long, value_name = "PATH", help_heading = "Prisma 6 inputs (removed in Prisma 7, kept by ebb)")]
    pub to_schema_datamodel: Option<PathBuf>,
    /// Path to a Prisma schema file, uses the URL of its datasource
    #[arg(long, value_name = "PATH", help_heading = "Prisma 6 inputs (removed in Prisma 7, kept by ebb)")]
    pub from_schema_datasource: Option<PathBuf>,
    /// Path to a Prisma schema file, uses the URL of its datasource
    #[arg(long, value_name = "PATH", help_heading = "Prisma 6 inputs (removed in Prisma 7, kept by ebb)")]
    pub to_schema_datasource: Option<PathBuf>,
    /// A database URL
    #[arg(long, value_name = "URL", help_heading = "Prisma 6 inputs (removed in Prisma 7, kept by ebb)")]
    pub from_url: Option<String>,
    /// A database URL
    #[arg(long, value_name = "URL", help_heading = "Prisma 6 inputs (removed in Prisma 7, kept by ebb)")]
    pub to_url: Option<String>,
    /// URL of the shadow database used with --from-migrations / --to-migrations
    #[arg(long, value_name = "URL", help_heading = "Prisma 6 inputs (removed in Prisma 7, kept by ebb)")]
    pub shadow_database_url: Option<String>,

    /// Render a SQL script to stdout instead of the default human readable summary
    #[arg(long)]
    pub script: bool,
    /// Change the exit code behavior to signal if the diff is empty or not (Empty: 0, Error: 1, Not empty: 2)
    #[arg(long)]
    pub exit_code: bool,
}

#[derive(Debug, Args)]
pub struct MigrateDevArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Override the datasource URL from the Prisma config file
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Name the migration
    #[arg(short = 'n', long, value_name = "NAME")]
    pub name: Option<String>,
    /// Create a new migration but do not apply it
    #[arg(long)]
    pub create_only: bool,
    /// Accepted for Prisma 6 scripts; ebb generates no client
    #[arg(long)]
    pub skip_generate: bool,
    /// Accepted for Prisma 6 scripts; ebb runs no seed
    #[arg(long)]
    pub skip_seed: bool,
}

#[derive(Debug, Args)]
pub struct MigrateResetArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Skip the confirmation prompt
    #[arg(short = 'f', long)]
    pub force: bool,
    /// Accepted for Prisma 6 scripts; ebb generates no client
    #[arg(long)]
    pub skip_generate: bool,
    /// Accepted for Prisma 6 scripts; ebb runs no seed
    #[arg(long)]
    pub skip_seed: bool,
}

#[derive(Debug, Args)]
pub struct MigrateResolveArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Record a specific migration as applied
    #[arg(long, value_name = "MIGRATION")]
    pub applied: Option<String>,
    /// Record a specific migration as rolled back
    #[arg(long, value_name = "MIGRATION")]
    pub rolled_back: Option<String>,
}

#[derive(Debug, Args)]
pub struct MigrateDownArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Roll back the last N applied migrations (default 1)
    #[arg(long, value_name = "N", conflicts_with_all = ["to", "all"])]
    pub steps: Option<u32>,
    /// Roll back every migration applied after the named one
    #[arg(long, value_name = "MIGRATION", conflicts_with = "all")]
    pub to: Option<String>,
    /// Roll back every applied migration
    #[arg(long)]
    pub all: bool,
    /// Print the SQL that would run, change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Skip the confirmation prompt and data-loss warnings
    #[arg(long)]
    pub force: bool,
    /// Write missing down.sql files next to the migrations instead of touching the database
    #[arg(long)]
    pub generate: bool,
    /// With --generate: the migration to write down.sql for (default: the latest)
    #[arg(value_name = "NAME", requires = "generate", conflicts_with = "all")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct MigrateCheckArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Check the last N migrations only (default: all)
    #[arg(long, value_name = "N")]
    pub steps: Option<u32>,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Execute native commands to your database
    Execute(DbExecuteArgs),
    /// Push the state from the Prisma schema to the database during prototyping
    Push(DbPushArgs),
    /// Pull the state from the database to the Prisma schema using introspection
    Pull(DbPullArgs),
}

#[derive(Debug, Args)]
pub struct DbExecuteArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Path to a file. The content will be sent as the script to be executed
    #[arg(long, value_name = "PATH", required_unless_present = "stdin", conflicts_with = "stdin")]
    pub file: Option<PathBuf>,
    /// Use the terminal standard input as the script to be executed
    #[arg(long)]
    pub stdin: bool,
    /// URL of the database to run the script on (Prisma 6 flag, kept by ebb)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Debug, Args)]
pub struct DbPushArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Override the datasource URL from the Prisma config file
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Ignore data loss warnings
    #[arg(long)]
    pub accept_data_loss: bool,
    /// Force a reset of the database before push
    #[arg(long)]
    pub force_reset: bool,
    /// Accepted for Prisma 6 scripts; ebb generates no client
    #[arg(long)]
    pub skip_generate: bool,
}

#[derive(Debug, Args)]
pub struct DbPullArgs {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Override the datasource URL from the Prisma config file
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Print the introspected Prisma schema to stdout
    #[arg(long)]
    pub print: bool,
    /// Ignore current Prisma schema file
    #[arg(long)]
    pub force: bool,
    /// Database schemas to introspect (comma-separated), instead of the datasource's `schemas`
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub schemas: Vec<String>,
}
