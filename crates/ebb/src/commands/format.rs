//! `ebb format [--check]`: rewrite every schema file in canonical layout.
//!
//! All files are formatted before any is written: if one has syntax errors, nothing changes on
//! disk. Unchanged files are not rewritten (their modification time stays).

use super::{locate_schema, Failure, Outcome, Success};
use crate::cli::FormatArgs;
use crate::schema_files;
use std::path::Path;
use std::time::Instant;

pub fn run(args: &FormatArgs, cwd: &Path) -> Outcome {
    let started = Instant::now();
    let location = locate_schema(args.project.schema.as_deref(), args.project.config.as_deref(), cwd)?;
    let sources = schema_files::read(cwd, &location)?;

    let mut formatted = Vec::with_capacity(sources.len());
    let mut syntax_errors = false;
    for (path, (_, file)) in location.files.iter().zip(sources.iter()) {
        match psl::format(&file.text) {
            Ok(text) => formatted.push((path, file, text)),
            Err(diagnostics) => {
                // The formatter sees one file at a time, so its spans point into that file alone.
                let single = psl::SourceSet::single(file.name.clone(), file.text.clone());
                eprint!("{}", psl::diagnostics::render(&single, &diagnostics));
                syntax_errors = true;
            }
        }
    }
    if syntax_errors {
        eprintln!("Nothing was formatted: fix the syntax errors first.");
        return Err(Failure::Reported);
    }

    let changed: Vec<_> = formatted.iter().filter(|(_, file, text)| file.text != *text).collect();
    if args.check {
        if changed.is_empty() {
            println!("All files are formatted correctly!");
            return Ok(Success::Done);
        }
        eprintln!("! There are unformatted files. Run ebb format to format them.");
        for (_, file, _) in &changed {
            eprintln!("  {}", file.name);
        }
        return Err(Failure::Reported);
    }

    for (path, _, text) in &changed {
        std::fs::write(cwd.join(path), text)
            .map_err(|e| Failure::Error(format!("could not write {}: {e}", schema_files::display(path))))?;
    }
    let elapsed = started.elapsed().as_millis();
    println!("Formatted {} in {elapsed}ms 🚀", schema_files::display(&location.shown));
    Ok(Success::Done)
}
