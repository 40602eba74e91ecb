//! What the tests of every crate share, one helper per job: the roots of the shared inputs
//! (the corpus of real schemas, the real migration histories, Prisma's oracle), reporting what
//! a test could not check, the regeneration switches, comparing with expected files
//! ([`expected`]), fresh databases on the test servers ([`servers`], feature `servers`) and the
//! schema-text format of the render fixtures ([`fixture_format`]).
//!
//! Absent inputs are never silent: under `CI=true` a missing corpus, history or server fails
//! the test that needs it; otherwise the test is reported as skipped on stderr and, when the
//! test command set `EBB_SKIP_LOG`, in that file, which `scripts/test.sh` summarises after the
//! runner's own summary.

pub mod expected;
pub mod fixture_format;
pub mod oracle;
#[cfg(feature = "servers")]
pub mod servers;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

pub use expected::{check_prisma, check_snapshot, first_difference};

/// The SQL schema of a schema made of `files` (name, text) for `provider`, or psl's errors
/// (`file:line: [CODE] message`, one a line) or the calculator's.
#[cfg(feature = "schemas")]
pub fn sql_schema(files: &[(String, String)], provider: calc::Provider) -> Result<sql_schema::SqlSchema, String> {
    let mut sources = psl::SourceSet::new();
    for (name, text) in files {
        sources.add(psl::SourceFile::new(name.clone(), text.clone()));
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

/// Whether the tests run under CI (`CI=true`), where nothing may be skipped or rewritten.
pub fn in_ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// Reports that the current test cannot check what it claims without `what`: a failure under
/// `CI=true`; otherwise a line on stderr and one in `$EBB_SKIP_LOG` (the test's name, a tab,
/// `what`), for the test command's final summary. The caller then returns without checking.
pub fn missing(what: &str) {
    if in_ci() {
        panic!("{what} (required under CI=true)");
    }
    eprintln!("skipped: {what}");
    if let Some(log) = std::env::var_os("EBB_SKIP_LOG") {
        let line = format!("{}\t{what}\n", current_test());
        // Appends of one short line are atomic between the test processes sharing the log.
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log)
            .and_then(|mut file| file.write_all(line.as_bytes()));
        if let Err(e) = written {
            panic!("cannot record the skip in {}: {e}", Path::new(&log).display());
        }
    }
}

/// `crate::binary::test` for the test running on this thread: cargo and nextest give the test
/// process its package's name, the binary's file name is the test target's plus a hash, and the
/// test harness names each test's thread after the test.
fn current_test() -> String {
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_else(|_| "?".to_owned());
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|stem| match stem.rsplit_once('-') {
            Some((name, hash)) if hash.chars().all(|c| c.is_ascii_hexdigit()) => name.to_owned(),
            _ => stem,
        })
        .unwrap_or_else(|| "?".to_owned());
    let thread = std::thread::current();
    format!("{package}::{binary}::{}", thread.name().unwrap_or("?"))
}

/// A regeneration switch: `1` turns it on, unset or `0` leaves it off, anything else is a
/// mistake. Under `CI=true` an expected file is never rewritten, so a switch that is on fails
/// the test asking for it.
fn switch(var: &str) -> bool {
    match std::env::var(var) {
        Err(_) => false,
        Ok(value) if value.is_empty() || value == "0" => false,
        Ok(value) if value == "1" => {
            assert!(!in_ci(), "{var}=1 rewrites expected files, which is refused under CI=true");
            true
        }
        Ok(value) => panic!("{var}={value}: set it to 1 to rewrite expected files, or leave it unset"),
    }
}

/// `UPDATE_EXPECT=1`: rewrite ebb's own snapshots (never files recorded from Prisma).
pub fn update_expect() -> bool {
    switch("UPDATE_EXPECT")
}

/// `EBB_RECORD_PRISMA=1`: re-record the files that hold Prisma's output by asking Prisma's
/// oracle again ([`oracle`]); ebb's output never goes into them.
pub fn record_prisma() -> bool {
    switch("EBB_RECORD_PRISMA")
}

/// The `shared` folder beside the checkout (or above it), where the corpus, the histories and
/// the oracle live.
pub(crate) fn shared_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|a| a.join("shared"))
        .find(|s| s.join("corpus").is_dir() || s.join("histories").is_dir())
        .unwrap_or_else(|| manifest.join("../../../shared"))
}

/// `$var` if set, else `shared/<folder>`; `None` (after [`missing`]) when `marker` is not in it.
fn shared_input(var: &str, folder: &str, marker: &str) -> Option<PathBuf> {
    let root = std::env::var_os(var).map(PathBuf::from).unwrap_or_else(|| shared_root().join(folder));
    if root.join(marker).exists() {
        return Some(root);
    }
    missing(&format!("{folder} not found at {} (set {var})", root.display()));
    None
}

/// The corpus of real schemas: `$EBB_CORPUS`, else `shared/corpus`.
pub fn corpus_root() -> Option<PathBuf> {
    shared_input("EBB_CORPUS", "corpus", "INDEX.tsv")
}

/// The real migration histories: `$EBB_HISTORIES`, else `shared/histories`.
pub fn histories_root() -> Option<PathBuf> {
    shared_input("EBB_HISTORIES", "histories", "README.md")
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

/// Copies the folder `from` with everything in it to `to`.
pub fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{}: {e}", from.display())).path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}

/// The files directly in `dir` whose names end with `suffix`, sorted.
pub fn files_ending_with(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display())).path())
        .filter(|p| p.is_file() && p.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

/// The sub-folders of `dir` that hold every file of `required`, sorted: the cases of a
/// data-driven test.
pub fn case_folders(dir: &Path, required: &[&str]) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{}: {e}", dir.display())).path())
        .filter(|p| p.is_dir() && required.iter().all(|file| p.join(file).is_file()))
        .collect();
    cases.sort();
    cases
}

/// The files in the case folders under `root` whose names are not in `read`: expectations a
/// data-driven test would never compare (a misspelt `postgres.up.sql`).
pub fn unread_files(root: &Path, read: &[String]) -> Vec<String> {
    case_folders(root, &[])
        .iter()
        .flat_map(|case| files_ending_with(case, ""))
        .filter(|file| !read.iter().any(|name| file.file_name().is_some_and(|n| n.to_string_lossy() == *name)))
        .map(|file| file.display().to_string())
        .collect()
}

/// `text` with every datasource's `provider = "…"` line set to `provider_name`, whatever its
/// spacing: the fixtures are written for one provider and read by every other.
pub fn with_provider(text: &str, provider_name: &str) -> String {
    edit_datasources(text, |key, line| {
        if key != "provider" {
            return Some(line.to_owned());
        }
        // The key, its indentation and padding stay; the value is replaced.
        let before_value = line.split_once('=').map_or(line, |(before, _)| before);
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        Some(format!("{before_value}= \"{provider_name}\"{newline}"))
    })
}

/// `text` with each line of its datasource blocks replaced by what `edit` makes of it (given
/// the property's name and the whole line, line break included); `None` removes the line.
pub fn edit_datasources(text: &str, mut edit: impl FnMut(&str, &str) -> Option<String>) -> String {
    let mut in_datasource = false;
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("datasource ") {
            in_datasource = true;
        } else if trimmed.starts_with('}') {
            in_datasource = false;
        }
        let key = trimmed.split(|c: char| c.is_whitespace() || c == '=').next().unwrap_or_default();
        if in_datasource && !trimmed.starts_with("datasource ") {
            out.extend(edit(key, line));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The URL of a test server from `var` (`EBB_TEST_POSTGRES_URL`, `EBB_TEST_MYSQL_URL`), which
/// `scripts/test.sh` sets. `None` (after [`missing`]) when it is not set.
pub fn server_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            missing(&format!("{var} not set (scripts/test.sh starts the servers and sets it)"));
            None
        }
    }
}

/// A name no other test of any process uses at the same time (for databases and folders).
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    format!("{prefix}_{}_{}_{nanos}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}
