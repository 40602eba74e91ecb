//! `ebb db execute`: runs a SQL script (`--file` or `--stdin`) against the project's database,
//! or the one `--url` names.
//!
//! PostgreSQL and SQLite run the script in one transaction, so a failing script changes
//! nothing; MySQL cannot roll back DDL and runs it statement by statement, naming the statement
//! that failed. Every message goes through `db`, which masks the URL's password.

use super::{Failure, Outcome, Success};
use crate::cli::DbExecuteArgs;
use crate::datasource;
use crate::schema_files;
use std::io::Read;
use std::path::Path;

pub fn run(args: &DbExecuteArgs, cwd: &Path) -> Outcome {
    let script = match &args.file {
        Some(path) => std::fs::read_to_string(cwd.join(path)).map_err(|e| {
            Failure::Error(if e.kind() == std::io::ErrorKind::NotFound {
                format!("the script file `{}` given with --file does not exist", schema_files::display(path))
            } else {
                format!("could not read the script file `{}`: {e}", schema_files::display(path))
            })
        })?,
        None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| Failure::Error(format!("could not read the script from standard input: {e}")))?;
            text
        }
    };
    let database = match (&args.url, &args.project.schema) {
        (Some(url), _) => datasource::from_flag(url, cwd)?,
        // Prisma 6: `--schema` names the schema whose datasource URL to use.
        (None, Some(schema)) => datasource::from_schema_file(schema, "--schema", cwd)?,
        (None, None) => datasource::from_project(None, args.project.config.as_deref(), cwd)?,
    };
    let mut connection = db::Connection::connect(&database.url).map_err(|e| Failure::Error(e.to_string()))?;
    let result = connection.execute_script(&script);
    connection.close();
    result.map_err(|e| Failure::Error(e.to_string()))?;
    println!("Script executed successfully.");
    Ok(Success::Done)
}
