//! The binary as a user runs it, in a fresh project folder per case.
//!
//! Every `tests/cli/*.txt` file is one case:
//!
//! ```text
//! args: validate --schema prisma
//! -- prisma/schema.prisma
//! datasource db { ... }
//! === exit
//! 0
//! === stdout
//! ...
//! === stderr
//! ...
//! ```
//!
//! The `-- PATH` sections are written into a temporary folder, `ebb ARGS` runs there, and the
//! exit code and output must equal the `===` sections. Optional `before: ARGS` lines after the
//! `args:` line run ebb first, in order, to set the database up; each must succeed, and their
//! output is not compared. Timings (`in 12ms`) are shown as
//! `in <N>ms`. `UPDATE_EXPECT=1` rewrites the expected sections from what ebb did.

use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn cli_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).path())
        .filter(|path| path.extension().is_some_and(|e| e == "txt"))
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    let update = testkit::update_expect();
    let failures: Vec<String> = cases.iter().filter_map(|case| check(case, update).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// Runs one case; on a mismatch returns a report (or rewrites the case under UPDATE_EXPECT=1).
fn check(case: &Path, update: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(case).map_err(|e| format!("{}: {e}", case.display()))?;
    let (input, expected) = match text.find("\n=== ") {
        Some(at) => (&text[..=at], &text[at + 1..]),
        None => (text.as_str(), ""),
    };
    let (args, before, files) = parse_input(input).map_err(|e| format!("{}: {e}", case.display()))?;

    let project = temp_project(case);
    for (path, content) in &files {
        let full = project.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(&full, content).map_err(|e| e.to_string())?;
    }
    for setup in &before {
        let output = Command::new(env!("CARGO_BIN_EXE_ebb"))
            .args(setup)
            .current_dir(&project)
            .output()
            .map_err(|e| format!("cannot run ebb: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "{}: `before: {}` failed:\n{}",
                case.display(),
                setup.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    let output = Command::new(env!("CARGO_BIN_EXE_ebb"))
        .args(&args)
        .current_dir(&project)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .map_err(|e| format!("cannot run ebb: {e}"))?;
    let _ = std::fs::remove_dir_all(&project);

    let code = output.status.code().map_or("signal".to_string(), |c| c.to_string());
    let actual = format!(
        "=== exit\n{code}\n=== stdout\n{}=== stderr\n{}",
        normalise(&String::from_utf8_lossy(&output.stdout)),
        normalise(&String::from_utf8_lossy(&output.stderr)),
    );
    if actual == expected {
        return Ok(());
    }
    if update {
        std::fs::write(case, format!("{input}{actual}")).map_err(|e| e.to_string())?;
        return Ok(());
    }
    Err(format!(
        "--- {}: {}\n--- expected\n{expected}--- actual\n{actual}",
        case.display(),
        testkit::first_difference(expected, &actual)
    ))
}

/// The files of a case: relative path and content.
type Files = Vec<(String, String)>;

/// The arguments of the `before:` runs, in order.
type Setup = Vec<Vec<String>>;

/// The `args:` line, the `before:` lines and the `-- PATH` file sections.
fn parse_input(input: &str) -> Result<(Vec<String>, Setup, Files), String> {
    let mut lines = input.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let args = first.strip_prefix("args:").ok_or("the first line must be `args: ...`")?;
    let args = args.split_whitespace().map(str::to_string).collect();
    let mut before: Setup = Vec::new();
    let mut files: Files = Vec::new();
    for line in lines {
        if let (Some(setup), true) = (line.strip_prefix("before:"), files.is_empty()) {
            before.push(setup.split_whitespace().map(str::to_string).collect());
        } else if let Some(path) = line.strip_prefix("-- ") {
            files.push((path.trim().to_string(), String::new()));
        } else if let Some((_, content)) = files.last_mut() {
            content.push_str(line);
        } else if !line.trim().is_empty() {
            return Err(format!("text before the first `-- PATH` section: {line:?}"));
        }
    }
    Ok((args, before, files))
}

/// A fresh empty folder for one case.
fn temp_project(case: &Path) -> PathBuf {
    let name = case.file_stem().map_or("case".into(), |s| s.to_string_lossy().into_owned());
    let dir = std::env::temp_dir().join(format!("ebb-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// Replaces what changes from run to run: `in 12ms` becomes `in <N>ms`.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(" in ") {
        let (before, after) = rest.split_at(at + 4);
        out.push_str(before);
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with("ms") {
            out.push_str("<N>");
            rest = &after[digits..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The example the README points to stays valid.
#[test]
fn example_blog_schema_is_valid() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/blog/schema.prisma");
    let output = Command::new(env!("CARGO_BIN_EXE_ebb"))
        .arg("validate")
        .arg("--schema")
        .arg(&schema)
        .output()
        .unwrap_or_else(|e| panic!("cannot run ebb: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "ebb validate failed:\n{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.ends_with("schema.prisma is valid 🚀\n"), "unexpected output: {stdout}");
}
