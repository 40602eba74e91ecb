//! Helpers shared by the data-driven tests: the one `check` against an expected file, fixture
//! listing, and locating the corpus.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Compares `actual` with the file at `expected_path`. With `UPDATE_EXPECT=1` the file is
/// (re)written instead and the check passes.
pub fn check(expected_path: &Path, actual: &str) -> Result<(), String> {
    if std::env::var("UPDATE_EXPECT").as_deref() == Ok("1") {
        std::fs::write(expected_path, actual).map_err(|e| format!("{}: {e}", expected_path.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(expected_path)
        .map_err(|e| format!("{}: {e} (run with UPDATE_EXPECT=1 to create it)", expected_path.display()))?;
    if expected == actual {
        Ok(())
    } else {
        Err(format!(
            "{} differs (run with UPDATE_EXPECT=1 to accept):\n{}",
            expected_path.display(),
            line_diff(&expected, actual)
        ))
    }
}

/// The lines that differ, marked `-` (expected) and `+` (actual).
pub fn line_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            if let Some(x) = x {
                out.push_str(&format!("{:>4} - {x}\n", i + 1));
            }
            if let Some(y) = y {
                out.push_str(&format!("{:>4} + {y}\n", i + 1));
            }
        }
    }
    if out.is_empty() {
        out.push_str("(only line endings differ)\n");
    }
    out
}

/// Files in `dir` whose names end with `suffix`, sorted.
pub fn files_with_extension(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix)))
        .collect();
    files.sort();
    files
}

/// Every `.prisma` file of the corpus schemas (folders of multi-file schemas included), or
/// `None` when the corpus is absent outside CI. Under `CI=true` an absent corpus fails.
pub fn corpus_schema_files() -> Option<Vec<PathBuf>> {
    let root = testkit::corpus_root()?;
    let mut files = Vec::new();
    testkit::collect_prisma_files(&root.join("schemas"), &mut files);
    files.sort();
    Some(files)
}
