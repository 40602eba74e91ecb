//! Invalid schemas: for each `tests/invalid/X.prisma`, ebb's rendered diagnostics are compared
//! with `X.expected` (`UPDATE_EXPECT=1` rewrites them), and whenever Prisma 7.10.1 reports an
//! error (`X.prisma.prisma-says.txt`), ebb must report at least one error too.
//!
//! `tests/valid/X.prisma` are schemas Prisma accepts or rejects in subtle ways: ebb must agree
//! with Prisma on whether there is an error, and its output is kept in `X.expected` as well.

mod common;

use psl::SourceSet;
use std::path::Path;

/// Warnings that mark a Prisma 6 form ebb accepts although Prisma 7 refuses it.
const PRISMA6_FORM_WARNINGS: &[&str] =
    &[psl::codes::DATASOURCE_URL_IN_SCHEMA, psl::codes::RETIRED_PREVIEW_FEATURE, psl::codes::ID_ON_VIEW];

/// Whether Prisma's recorded output shows a validation error.
fn prisma_reports_error(says: &str) -> bool {
    says.lines().any(|l| l.starts_with("error:") || l.starts_with("Error:"))
}

fn run(dir_name: &str, require_agreement: bool) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join(dir_name);
    let inputs = common::files_with_extension(&dir, ".prisma");
    assert!(!inputs.is_empty(), "no fixtures in {}", dir.display());
    let mut failures = Vec::new();
    for input in &inputs {
        let name = input.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(input).unwrap();
        let sources = SourceSet::single(name.clone(), text);
        let validated = psl::parse_schema(&sources);
        let rendered = psl::diagnostics::render(&sources, &validated.diagnostics);
        let expected_path = input.with_file_name(name.replace(".prisma", ".expected"));
        if let Err(message) = common::check(&expected_path, &rendered) {
            failures.push(message);
        }
        let says_path = input.with_file_name(format!("{name}.prisma-says.txt"));
        let Ok(says) = std::fs::read_to_string(&says_path) else {
            failures.push(format!("{}: missing", says_path.display()));
            continue;
        };
        let prisma_error = prisma_reports_error(&says);
        let ebb_error = validated.diagnostics.has_errors();
        // Prisma 6 forms that Prisma 7 refuses are accepted on purpose, with a warning.
        let accepted_prisma6_form = validated.diagnostics.iter().any(|d| PRISMA6_FORM_WARNINGS.contains(&d.code));
        if prisma_error && !ebb_error && !accepted_prisma6_form {
            failures.push(format!("{name}: Prisma reports an error, ebb does not:\n{says}\nebb:\n{rendered}"));
        }
        // ebb refuses MongoDB schemas on purpose: there are no SQL migrations for them.
        let refused_mongodb = validated.diagnostics.iter().any(|d| d.code == psl::codes::MONGODB_UNSUPPORTED);
        if require_agreement && !prisma_error && ebb_error && !refused_mongodb {
            failures.push(format!("{name}: Prisma accepts this schema, ebb reports:\n{rendered}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} fixtures fail:\n{}", failures.len(), inputs.len(), failures.join("\n"));
}

#[test]
fn invalid_fixtures() {
    run("invalid", false);
}

#[test]
fn valid_fixtures_agree_with_prisma() {
    run("valid", true);
}
