//! The renderer's fixtures, end to end: for each `crates/render/tests/fixtures/<case>/` with
//! `from.prisma` and `to.prisma`, psl → calc → diff → render must give the committed script of
//! every dialect that has one, in both directions: `from → to` is `postgres.sql`,
//! `sqlite.sql`, `mysql.sql`; `to → from` is `postgres.down.sql`, `sqlite.down.sql`,
//! `mysql.down.sql`. The schemas are written for PostgreSQL; the other dialects read them with
//! their own provider.
//!
//! Besides the scripts, a case may hold Prisma's human summary of the PostgreSQL migration
//! (`summary.txt`, `summary.down.txt`) and the data-loss warnings of the SQLite and the
//! PostgreSQL migration (`warnings.txt`, `warnings.down.txt`, `warnings.postgres.txt`,
//! `warnings.postgres.down.txt`; one a line, as `migrate dev` lists them atop a migration).
//! Where ebb deliberately differs from Prisma, any of these files is ebb's and Prisma's sits
//! beside it as `NAME.prisma.EXT`.
//!
//! PostgreSQL and SQLite expectations come from Prisma: `EBB_RECORD_PRISMA=1` records the
//! scripts and summaries again from the oracle; `UPDATE_EXPECT=1` rewrites the MySQL scripts
//! (ebb's own, reviewed by hand).

mod common;

use calc::Provider;
use render::Dialect;
use sql_schema::SqlSchema;
use std::path::Path;

const DIALECTS: [(Dialect, Provider, &str, &str); 3] = [
    (Dialect::Postgres, Provider::PostgreSql, "postgres", "postgresql"),
    (Dialect::Sqlite, Provider::Sqlite, "sqlite", "sqlite"),
    (Dialect::Mysql, Provider::MySql, "mysql", "mysql"),
];

/// The two directions a case is checked in: the file suffix and whether `from`/`to` swap.
const DIRECTIONS: [(&str, bool); 2] = [("", false), (".down", true)];

/// The `from` and `to` schemas of a case, or why they could not be calculated.
type SchemaPair = Result<(SqlSchema, SqlSchema), String>;

fn schemas(case: &Path, provider: Provider, provider_name: &str) -> SchemaPair {
    let read = |name: &str| {
        let text = std::fs::read_to_string(case.join(name)).expect("schema");
        vec![(name.to_owned(), testkit::with_provider(&text, provider_name))]
    };
    let from = common::sql_schema(&read("from.prisma"), provider).map_err(|e| format!("from.prisma: {e}"))?;
    let to = common::sql_schema(&read("to.prisma"), provider).map_err(|e| format!("to.prisma: {e}"))?;
    Ok((from, to))
}

/// Compares `actual` with the expectation in `file`: ebb's snapshot when `record` is `None`,
/// else Prisma's output, which `record` asks the oracle for again.
fn compare(
    case: &Path,
    file: &str,
    actual: &str,
    record: Option<testkit::expected::Recorder<'_>>,
) -> Result<(), String> {
    let path = case.join(file);
    match record {
        None => testkit::check_snapshot(&path, actual),
        Some(record) => testkit::expected::check_prisma_unless_deliberate(&path, actual, Some(record)),
    }
}

/// The case's two schemas, for `provider_name`, in the order a direction reads them.
fn texts(case: &Path, provider_name: &str, swap: bool) -> (String, String) {
    let read =
        |name: &str| testkit::with_provider(&std::fs::read_to_string(case.join(name)).expect("schema"), provider_name);
    let (from, to) = (read("from.prisma"), read("to.prisma"));
    if swap {
        (to, from)
    } else {
        (from, to)
    }
}

struct Outcome {
    checked: usize,
    failures: Vec<String>,
}

impl Outcome {
    fn record(&mut self, case: &Path, file: &str, result: Result<(), String>) {
        self.checked += 1;
        if let Err(problem) = result {
            let name = case.file_name().unwrap_or_default().to_string_lossy();
            self.failures.push(format!("{name} ({file}): {problem}"));
        }
    }
}

fn cases() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../render/tests/fixtures");
    let mut cases: Vec<_> =
        std::fs::read_dir(&root).expect("render fixtures").map(|e| e.expect("entry").path()).collect();
    cases.sort();
    cases.retain(|c| c.join("from.prisma").exists() && c.join("to.prisma").exists());
    cases
}

#[test]
fn render_fixtures_end_to_end() {
    let mut outcome = Outcome { checked: 0, failures: Vec::new() };
    // Per dialect, the cases whose scripts are checked in both directions.
    let mut both_directions = [0; DIALECTS.len()];
    for case in cases() {
        for (position, (dialect, provider, base, provider_name)) in DIALECTS.into_iter().enumerate() {
            let files: Vec<(String, bool)> = DIRECTIONS
                .iter()
                .map(|(suffix, swap)| (format!("{base}{suffix}.sql"), *swap))
                .filter(|(file, _)| case.join(file).exists())
                .collect();
            if files.is_empty() {
                continue;
            }
            both_directions[position] += usize::from(files.len() == 2);
            let pair = schemas(&case, provider, provider_name);
            for (file, swap) in files {
                let result = pair.as_ref().map_err(Clone::clone).and_then(|(from, to)| {
                    let (from, to) = if swap { (to, from) } else { (from, to) };
                    let (from_text, to_text) = texts(&case, provider_name, swap);
                    let record: Option<testkit::expected::Recorder<'_>> = (dialect != Dialect::Mysql)
                        .then(|| Box::new(move || testkit::oracle::diff_script(Some(&from_text), &to_text)) as _);
                    compare(&case, &file, &common::script(from, to, dialect), record)
                });
                outcome.record(&case, &file, result);
            }
        }
    }
    eprintln!(
        "render fixtures: {} of {} scripts match; cases checked both ways: {both_directions:?} (PostgreSQL, SQLite, MySQL)",
        outcome.checked - outcome.failures.len(),
        outcome.checked
    );
    assert!(
        outcome.failures.is_empty(),
        "{} of {} scripts differ:\n\n{}",
        outcome.failures.len(),
        outcome.checked,
        outcome.failures.join("\n\n")
    );
    // Exact: the fixtures are fixed, and a case or file that goes missing must show.
    assert_eq!(both_directions, [87, 68, 24], "cases checked both ways (PostgreSQL, SQLite, MySQL)");
}

#[test]
fn summaries_and_warnings_end_to_end() {
    let mut outcome = Outcome { checked: 0, failures: Vec::new() };
    for case in cases() {
        let postgres = schemas(&case, Provider::PostgreSql, "postgresql");
        let sqlite = schemas(&case, Provider::Sqlite, "sqlite");
        for (suffix, swap) in DIRECTIONS {
            type Produce = fn(&SqlSchema, &SqlSchema) -> String;
            // The summaries are `migrate diff`'s, which the oracle repeats; the warnings were
            // read off `migrate dev --create-only` migrations, recorded by hand.
            let checks: [(String, &SchemaPair, Produce, bool); 3] = [
                (
                    format!("summary{suffix}.txt"),
                    &postgres,
                    |from, to| render::summary(from, to, Dialect::Postgres),
                    true,
                ),
                (
                    format!("warnings{suffix}.txt"),
                    &sqlite,
                    |from, to| render::warnings(from, to, Dialect::Sqlite),
                    false,
                ),
                (
                    format!("warnings.postgres{suffix}.txt"),
                    &postgres,
                    |from, to| render::warnings(from, to, Dialect::Postgres),
                    false,
                ),
            ];
            for (file, pair, produce, repeatable) in checks {
                if !case.join(&file).exists() {
                    continue;
                }
                let result = pair.as_ref().map_err(Clone::clone).and_then(|(from, to)| {
                    let (from, to) = if swap { (to, from) } else { (from, to) };
                    let (from_text, to_text) = texts(&case, "postgresql", swap);
                    let record: Option<testkit::expected::Recorder<'_>> =
                        repeatable.then(|| Box::new(move || testkit::oracle::diff_summary(&from_text, &to_text)) as _);
                    testkit::expected::check_prisma_unless_deliberate(&case.join(&file), &produce(from, to), record)
                });
                outcome.record(&case, &file, result);
            }
        }
    }
    eprintln!("summaries and warnings: {} of {} match", outcome.checked - outcome.failures.len(), outcome.checked);
    assert!(
        outcome.failures.is_empty(),
        "{} of {} differ:\n\n{}",
        outcome.failures.len(),
        outcome.checked,
        outcome.failures.join("\n\n")
    );
    assert_eq!(outcome.checked, 233, "summaries and warnings checked");
}

/// Every file of every case is one a test reads: a misspelt expectation (`postgres.up.sql`)
/// would otherwise never be compared.
#[test]
fn every_fixture_file_is_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../render/tests/fixtures");
    let mut known: Vec<String> = ["from.prisma", "to.prisma", "schema.txt"].map(str::to_owned).to_vec();
    for (_, _, base, _) in DIALECTS {
        for (suffix, _) in DIRECTIONS {
            known.push(format!("{base}{suffix}.sql"));
            known.push(format!("{base}{suffix}.prisma.sql"));
        }
    }
    for (suffix, _) in DIRECTIONS {
        for name in ["summary", "warnings", "warnings.postgres"] {
            known.push(format!("{name}{suffix}.txt"));
            known.push(format!("{name}{suffix}.prisma.txt"));
        }
    }
    let unread = testkit::unread_files(&root, &known);
    assert!(unread.is_empty(), "files no test reads:\n{}", unread.join("\n"));
}
