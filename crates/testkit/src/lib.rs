//! What the tests of every crate share: finding the corpus of real schemas and reading its
//! index, reading the test servers' URLs, unique names for test databases, comparing with
//! expected files, and the schema-text format of the render fixtures ([`fixture_format`]).
//!
//! Absent inputs are never silent: outside CI a missing corpus or server is reported as
//! skipped on stderr; under `CI=true` it is a failure (a panic in the calling test).

pub mod fixture_format;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Reports that a test cannot run without `what`: skipped outside CI, a failure under CI.
pub fn missing(what: &str) {
    if in_ci() {
        panic!("{what} (required under CI=true)");
    }
    eprintln!("skipped: {what}");
}

/// The corpus folder: `$EBB_CORPUS`, else `shared/corpus` beside the checkout or any folder
/// above it. `None` (after reporting) when it is absent.
pub fn corpus_root() -> Option<PathBuf> {
    let root = match std::env::var_os("EBB_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            manifest
                .ancestors()
                .map(|a| a.join("shared/corpus"))
                .find(|c| c.join("INDEX.tsv").is_file())
                .unwrap_or_else(|| manifest.join("../../../shared/corpus"))
        }
    };
    if root.join("INDEX.tsv").is_file() {
        return Some(root);
    }
    missing(&format!("corpus not found at {} (set EBB_CORPUS)", root.display()));
    None
}

/// One row of the corpus's `INDEX.tsv`.
#[derive(Debug, Clone)]
pub struct CorpusSchema {
    /// File or folder name under `schemas/` (without a trailing `/`).
    pub name: String,
    pub path: PathBuf,
    pub provider: String,
    /// File under `expected/` holding Prisma's from-empty SQL, when there is one.
    pub expected_sql: Option<PathBuf>,
    /// What `ebb validate` must say: `ok…` or `n/a…`.
    pub ebb_validate: String,
}

/// Every schema of the corpus, in index order.
pub fn corpus_schemas(root: &Path) -> Vec<CorpusSchema> {
    let index = std::fs::read_to_string(root.join("INDEX.tsv")).expect("INDEX.tsv is readable");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("INDEX.tsv has a header").split('\t').collect();
    let col = |name: &str| {
        header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("INDEX.tsv has no `{name}` column"))
    };
    let (file, provider, expected, verdict) = (col("file"), col("provider"), col("expected"), col("ebb_validate"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let name = cells[file].trim_end_matches('/').to_string();
            let expected = cells[expected];
            CorpusSchema {
                path: root.join("schemas").join(&name),
                name,
                provider: cells[provider].to_string(),
                expected_sql: expected.ends_with(".sql").then(|| root.join("expected").join(expected)),
                ebb_validate: cells[verdict].to_string(),
            }
        })
        .collect()
}

/// The `.prisma` files of a schema: the file itself, or every file under a folder, sorted by
/// path. Each comes with the name to show (relative to the folder) and its text.
pub fn schema_files(path: &Path) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    if path.is_dir() {
        collect_prisma_files(path, &mut paths);
        paths.sort();
    } else {
        paths.push(path.to_path_buf());
    }
    paths
        .into_iter()
        .map(|p| {
            let shown = p.strip_prefix(path).ok().filter(|r| !r.as_os_str().is_empty()).unwrap_or(&p);
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (shown.display().to_string(), text)
        })
        .collect()
}

/// Every `.prisma` file under `dir`, recursively (unsorted).
pub fn collect_prisma_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display())).path();
        if path.is_dir() {
            collect_prisma_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "prisma") {
            out.push(path);
        }
    }
}

/// The URL of a test server from `var` (`EBB_TEST_POSTGRES_URL`, `EBB_TEST_MYSQL_URL`), which
/// `scripts/test.sh` sets. `None` (after reporting) when it is not set.
pub fn server_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            missing(&format!("{var} not set (scripts/test.sh starts the servers and sets it)"));
            None
        }
    }
}

/// Compares `actual` with the file at `path`; with `UPDATE_EXPECT=1` rewrites the file
/// instead. Returns a description of the first difference.
pub fn check_file(path: &Path, actual: &str) -> Result<(), String> {
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return Ok(());
    }
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    Err(format!("{}: {}", path.display(), first_difference(&expected, actual)))
}

/// The first line where two texts differ, for readable failures.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for line in 1.. {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return "texts differ only in line endings or a final newline".into(),
            (x, y) => return format!("line {line}: expected {x:?}, found {y:?}"),
        }
    }
    unreachable!("the loop returns")
}

/// A name no other test of any process uses at the same time (for databases and folders).
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}
