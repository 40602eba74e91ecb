//! The corpus of real schemas through the binary, as a user runs it:
//! `ebb validate --schema S` says what `INDEX.tsv`'s `ebb_validate` column says, and
//! `ebb migrate diff --from-empty --to-schema S --script` prints Prisma 7.10.1's SQL byte for
//! byte wherever the corpus has it.

use std::process::{Command, Output};

fn ebb(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ebb")).args(args).output().expect("ebb runs")
}

#[test]
fn corpus_validates_as_indexed() {
    let Some(root) = testkit::corpus_root() else {
        return;
    };
    let mut failures = Vec::new();
    let schemas = testkit::corpus_schemas(&root);
    assert_eq!(schemas.len(), 27, "the corpus has 27 schemas");
    for schema in &schemas {
        let output = ebb(&["validate".as_ref(), "--schema".as_ref(), schema.path.as_os_str()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let ok = output.status.success();
        if schema.ebb_validate.starts_with("ok") {
            let warned = stderr.contains("warning[");
            let prisma6 = schema.ebb_validate.contains("Prisma 6 form");
            if !ok || warned != prisma6 {
                failures.push(format!(
                    "{}: expected `{}`, got exit {:?}:\n{stderr}",
                    schema.name,
                    schema.ebb_validate,
                    output.status.code()
                ));
            }
        } else if ok || !stderr.contains("MongoDB") {
            failures.push(format!(
                "{}: expected a clear refusal, got exit {:?}:\n{stderr}",
                schema.name,
                output.status.code()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_from_empty_scripts_are_prismas() {
    let Some(root) = testkit::corpus_root() else {
        return;
    };
    let mut failures = Vec::new();
    let mut matched = 0;
    let with_sql: Vec<_> = testkit::corpus_schemas(&root).into_iter().filter(|s| s.expected_sql.is_some()).collect();
    assert_eq!(with_sql.len(), 21, "the corpus has 21 expected scripts");
    for schema in &with_sql {
        let script = std::fs::read_to_string(schema.expected_sql.as_ref().expect("filtered")).expect("expected SQL");
        // Prisma's CLI prints two more line breaks after the script.
        let expected = format!("{script}\n\n");
        let output = ebb(&[
            "migrate".as_ref(),
            "diff".as_ref(),
            "--from-empty".as_ref(),
            "--to-schema".as_ref(),
            schema.path.as_os_str(),
            "--script".as_ref(),
        ]);
        let actual = String::from_utf8_lossy(&output.stdout);
        if output.status.success() && actual == expected {
            matched += 1;
        } else {
            failures.push(format!(
                "{}: {}\n{}",
                schema.name,
                testkit::first_difference(&expected, &actual),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    eprintln!("{matched} of {} corpus scripts are byte-identical to Prisma's", with_sql.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
