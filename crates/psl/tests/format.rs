//! Formatter tests: every `tests/format/NAME.prisma` formats to `NAME.formatted.prisma` (the
//! expected files are what `prisma format` 7.10.1 prints, re-recorded from the oracle with
//! `EBB_RECORD_PRISMA=1`); the formatter is idempotent and keeps every comment on the corpus.

mod common;

use std::path::Path;

#[test]
fn format_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/format");
    let inputs: Vec<_> = common::files_with_extension(&dir, ".prisma")
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".formatted.prisma"))
        .collect();
    assert!(inputs.len() >= 20, "expected at least 20 format fixtures in {}", dir.display());
    let mut failures = Vec::new();
    for input in inputs {
        let text = std::fs::read_to_string(&input).unwrap();
        let expected_path = input.with_extension("formatted.prisma");
        let formatted = match psl::format(&text) {
            Ok(formatted) => formatted,
            Err(diagnostics) => {
                failures.push(format!("{}: does not parse: {diagnostics:?}", input.display()));
                continue;
            }
        };
        let record = || testkit::oracle::format(&text);
        if let Err(message) = testkit::check_prisma(&expected_path, &formatted, Some(Box::new(record))) {
            failures.push(message);
        }
        match psl::format(&formatted) {
            Ok(again) if again == formatted => {}
            Ok(again) => failures.push(format!(
                "{}: formatting twice changes the text:\n{}",
                input.display(),
                testkit::first_difference(&formatted, &again)
            )),
            Err(d) => failures.push(format!("{}: the formatted text does not parse: {d:?}", input.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn format_refuses_text_with_syntax_errors() {
    let errors = psl::format("model A {\n  id Int @\n}\n").unwrap_err();
    assert!(errors.iter().any(|d| d.code == "E0007"), "{errors:?}");
}

#[test]
fn corpus_formats_idempotently_and_keeps_comments() {
    let Some(files) = common::corpus_schema_files() else {
        return;
    };
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let formatted = match psl::format(&text) {
            Ok(f) => f,
            Err(d) => {
                failures.push(format!("{}: {d:?}", path.display()));
                continue;
            }
        };
        match psl::format(&formatted) {
            Ok(again) if again == formatted => {}
            Ok(again) => failures.push(format!(
                "{}: not idempotent:\n{}",
                path.display(),
                testkit::first_difference(&formatted, &again)
            )),
            Err(d) => failures.push(format!("{}: formatted text does not parse: {d:?}", path.display())),
        }
        for comment in comments(&text) {
            if !formatted.contains(comment) {
                failures.push(format!("{}: comment lost: {comment}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The `//…` comments of a schema, found by a scan that skips string literals.
fn comments(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for line in text.lines() {
        let bytes = line.as_bytes();
        let (mut i, mut in_string) = (0, false);
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if in_string => i += 1,
                b'"' => in_string = !in_string,
                b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => {
                    found.push(line[i..].trim_end());
                    break;
                }
                _ => {}
            }
            i += 1;
        }
    }
    found
}

/// The datamodel's debug text without positions, which formatting is allowed to move.
fn datamodel_without_spans(datamodel: &psl::Datamodel) -> String {
    let text = format!("{datamodel:?}");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("Span {") {
        out.push_str(&rest[..at]);
        let close = rest[at..].find('}').map_or(rest.len(), |c| at + c + 1);
        out.push_str("Span");
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Formatting the whole corpus (each schema as one, folders included) keeps it valid and keeps
/// its meaning: the datamodel of the formatted files equals the original's, positions aside.
#[test]
fn formatting_keeps_the_datamodel() {
    let Some(root) = testkit::corpus_root() else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    for schema in testkit::corpus_schemas(&root) {
        let files = testkit::schema_files(&schema.path);
        let (mut original, mut formatted) = (psl::SourceSet::new(), psl::SourceSet::new());
        for (name, text) in &files {
            original.add(psl::SourceFile::new(name.clone(), text.clone()));
            match psl::format(text) {
                Ok(f) => formatted.add(psl::SourceFile::new(name.clone(), f)),
                Err(d) => {
                    failures.push(format!("{}: {name} does not format: {d:?}", schema.name));
                    continue;
                }
            };
        }
        let before = psl::parse_schema(&original);
        let after = psl::parse_schema(&formatted);
        if before.diagnostics.errors().count() != after.diagnostics.errors().count() {
            failures.push(format!(
                "{}: formatting changed the errors:\n{}",
                schema.name,
                psl::diagnostics::render(&formatted, &after.diagnostics)
            ));
        } else if datamodel_without_spans(&before.datamodel) != datamodel_without_spans(&after.datamodel) {
            failures.push(format!("{}: formatting changed the datamodel", schema.name));
        }
        checked += 1;
    }
    assert_eq!(checked, 27);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Found by the fuzzer: a lone `\r` ending a comment turned into a line break on the second
/// formatting, and a block comment line with stars between blanks lost one layer per run.
#[test]
fn odd_comments_format_to_a_fixed_point() {
    for text in [
        "\r//'\r..\r\r",
        "model A {\n  id Int @id // x\r\r\n}\n",
        "/// doc\r\nmodel A {\n  id Int @id\n}\n",
        "/*/\n\n\0\x0c\0\0\0\0\x15\x0c\x0c*\x0c\x0c*\x0c*/",
        "/* * * x * */\n",
    ] {
        let once = psl::format(text).unwrap();
        assert_eq!(psl::format(&once).unwrap(), once, "{text:?}");
    }
}
