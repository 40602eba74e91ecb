//! Helpers of the end-to-end tests: schema text → psl → calc → diff → render.

#![allow(dead_code)] // Each test file uses a part.

use calc::Provider;
use psl::{SourceFile, SourceSet};
use render::Dialect;
use sql_schema::SqlSchema;

/// The SQL schema of a schema made of `files` (name, text), or the problems met on the way.
pub fn sql_schema(files: &[(String, String)], provider: Provider) -> Result<SqlSchema, String> {
    let mut sources = SourceSet::new();
    for (name, text) in files {
        sources.add(SourceFile::new(name.clone(), text.clone()));
    }
    let validated = psl::parse_schema(&sources);
    if validated.diagnostics.has_errors() {
        let messages: Vec<String> = validated
            .diagnostics
            .errors()
            .map(|d| {
                let file = sources.get(d.span.file);
                let (line, _) = file.line_col(d.span.start);
                format!("{}:{line}: [{}] {}", file.name, d.code, d.message)
            })
            .collect();
        return Err(messages.join("\n"));
    }
    calc::calculate(&validated.datamodel, provider).map_err(|e| e.to_string())
}

/// The migration script from `from` to `to`.
pub fn script(from: &SqlSchema, to: &SqlSchema, dialect: Dialect) -> String {
    render::migration_script(from, to, dialect)
}
