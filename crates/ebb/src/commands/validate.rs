//! `ebb validate`: read the schema, print its diagnostics, say whether it is valid.

use super::{locate_schema, Failure, Outcome, Success};
use crate::cli::ProjectArgs;
use crate::schema_files;
use std::path::Path;

pub fn run(args: &ProjectArgs, cwd: &Path) -> Outcome {
    let location = locate_schema(args.schema.as_deref(), args.config.as_deref(), cwd)?;
    let sources = schema_files::read(cwd, &location)?;
    let validated = psl::parse_schema(&sources);
    if !validated.diagnostics.is_empty() {
        eprint!("{}", psl::diagnostics::render(&sources, &validated.diagnostics));
    }
    if validated.diagnostics.has_errors() {
        let count = validated.diagnostics.errors().count();
        let noun = if count == 1 { "error" } else { "errors" };
        eprintln!("Validation failed: {count} {noun}.");
        return Err(Failure::Reported);
    }
    let shown = schema_files::display(&location.shown);
    if location.files.len() == 1 {
        println!("The schema at {shown} is valid 🚀");
    } else {
        println!("The schemas at {shown} are valid 🚀");
    }
    Ok(Success::Done)
}
