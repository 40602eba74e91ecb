//! `ebb`, the command-line program: parses arguments, runs one command, maps the result to an
//! exit code.
//!
//! This crate is glue. Flags are parsed into "low" argument structs ([`cli`]) that mirror
//! Prisma's CLI; [`commands`] turns them into configuration and work; [`main`] is the only
//! place that chooses exit codes: 0 success, 1 any error (usage errors included, as Prisma),
//! 2 a difference found by `migrate diff --exit-code`.

mod cli;
mod commands;
mod datasource;
mod env;
mod prisma_config;
mod schema_files;

use clap::Parser;
use cli::{Cli, Command};
use commands::{Failure, Success};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout and succeed; everything else is a usage error.
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(1) } else { ExitCode::SUCCESS };
        }
    };
    match run(cli.command) {
        Ok(Success::Done) => ExitCode::SUCCESS,
        Ok(Success::Different) => ExitCode::from(2),
        Err(Failure::Reported) => ExitCode::from(1),
        Err(Failure::Interrupted) => ExitCode::from(130),
        Err(failure) => {
            eprintln!("ebb: {failure}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> commands::Outcome {
    let cwd = std::env::current_dir().map_err(|e| Failure::Error(format!("cannot read the current directory: {e}")))?;
    match command {
        Command::Validate(args) => commands::validate::run(&args, &cwd),
        Command::Format(args) => commands::format::run(&args, &cwd),
        Command::Migrate(command) => commands::migrate(*command, &cwd),
        Command::Db(command) => commands::db(command, &cwd),
    }
}
