//! `ebb migrate diff`: compares two sources and prints the SQL (`--script`) or a summary.
//!
//! Every source becomes a `SqlSchema`; the provider comes from whichever side names one.

use super::{DiffConfig, DiffSource, Failure, Outcome, Success};
use crate::schema_files;
use calc::Provider;
use sql_schema::SqlSchema;
use std::path::Path;

/// One side of the comparison, as a SQL schema, with the provider its source named (if any).
struct Side {
    schema: SqlSchema,
    provider: Option<Provider>,
}

pub fn run(config: DiffConfig, cwd: &Path) -> Outcome {
    let from = load(&config.from, "--from-schema", cwd)?;
    let to = load(&config.to, "--to-schema", cwd)?;
    let provider = match (from.provider, to.provider) {
        (Some(a), Some(b)) if a != b => {
            return Err(Failure::Error(format!(
            "the two sides use different providers (`{}` and `{}`): migrate diff compares schemas of one database kind",
            a.name(),
            b.name()
        )))
        }
        (Some(p), _) | (None, Some(p)) => p,
        (None, None) => return Err(Failure::Error(
            "neither side names a database provider: give a schema (--from-schema or --to-schema) on at least one side"
                .into(),
        )),
    };
    let dialect = calc::dialect(provider).map_err(|e| Failure::Error(e.to_string()))?;
    let steps = diff::diff(&from.schema, &to.schema, dialect.rules());
    let text = if config.script {
        render::render(&steps, diff::Pair::new(&from.schema, &to.schema), dialect)
    } else {
        return Err(Failure::NotImplemented("migrate diff without --script (the summary)"));
    };
    match &config.output {
        Some(path) => std::fs::write(cwd.join(path), &text)
            .map_err(|e| Failure::Error(format!("could not write {}: {e}", schema_files::display(path))))?,
        None => print!("{text}"),
    }
    if config.exit_code && !steps.is_empty() {
        return Ok(Success::Different);
    }
    Ok(Success::Done)
}

/// `flag` names the side in messages, as Prisma does (`--to-schema`).
fn load(source: &DiffSource, flag: &'static str, cwd: &Path) -> Result<Side, Failure> {
    match source {
        DiffSource::Empty => Ok(Side { schema: SqlSchema::default(), provider: None }),
        DiffSource::Schema(path) => load_schema(path, flag, cwd),
        DiffSource::SchemaDatasource(_) | DiffSource::ConfigDatasource | DiffSource::Url(_) => {
            Err(Failure::NotImplemented("migrate diff from a live database"))
        }
        DiffSource::Migrations(_) => Err(Failure::NotImplemented("migrate diff from a migrations folder")),
    }
}

fn load_schema(path: &Path, flag: &'static str, cwd: &Path) -> Result<Side, Failure> {
    let location = schema_files::locate(Some(path), None, cwd).map_err(|error| match error {
        schema_files::SchemaFileError::SchemaFlagMissing { path, .. } => {
            schema_files::SchemaFileError::SchemaFlagMissing { flag, path }
        }
        other => other,
    })?;
    let sources = schema_files::read(cwd, &location)?;
    let validated = psl::parse_schema(&sources);
    if !validated.diagnostics.is_empty() {
        eprint!("{}", psl::diagnostics::render(&sources, &validated.diagnostics));
    }
    if validated.diagnostics.has_errors() {
        return Err(Failure::Reported);
    }
    let provider = validated.datamodel.provider().ok_or_else(|| {
        Failure::Error(format!(
            "{}: the schema has no datasource block, so its provider is unknown",
            location.shown.display()
        ))
    })?;
    let schema = calc::calculate(&validated.datamodel, provider).map_err(|e| Failure::Error(e.to_string()))?;
    Ok(Side { schema, provider: Some(provider) })
}
