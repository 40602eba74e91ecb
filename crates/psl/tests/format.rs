//! Formatter tests: every `tests/format/NAME.prisma` formats to `NAME.formatted.prisma` (the
//! expected files are what `prisma format` 7.10.1 prints); the formatter is idempotent and
//! keeps every comment on the corpus.

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
        if let Err(message) = common::check(&expected_path, &formatted) {
            failures.push(message);
        }
        match psl::format(&formatted) {
            Ok(again) if again == formatted => {}
            Ok(again) => failures.push(format!(
                "{}: formatting twice changes the text:\n{}",
                input.display(),
                common::line_diff(&formatted, &again)
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
            Ok(again) => {
                failures.push(format!("{}: not idempotent:\n{}", path.display(), common::line_diff(&formatted, &again)))
            }
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
