//! The corpus of real schemas: for each schema Prisma 7.10.1 has an expected from-empty script
//! for (`expected` column of `INDEX.tsv`), psl → calc → diff → render must give the same bytes.
//!
//! The corpus lives outside the repository (`$EBB_CORPUS`, by default `../shared/corpus`
//! beside the checkout). When it is missing the test says it was skipped, and fails under
//! `CI=true`. Cases known to differ are listed in `tests/corpus_known_differences.txt`; the
//! test fails when an unlisted case differs and when a listed case starts to match, so the
//! list always says exactly what is left.

mod common;

use calc::Provider;
use sql_schema::SqlSchema;
use std::path::{Path, PathBuf};

fn corpus_root() -> PathBuf {
    match std::env::var_os("EBB_CORPUS") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus"),
    }
}

/// Every `.prisma` file of a schema: the file itself, or all files under a folder, in path
/// order.
fn schema_files(path: &Path) -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(dir).expect("schema folder").map(|e| e.expect("folder entry").path()).collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() {
                walk(&entry, out);
            } else if entry.extension().is_some_and(|e| e == "prisma") {
                out.push(entry);
            }
        }
    }
    let mut paths = Vec::new();
    if path.is_dir() {
        walk(path, &mut paths);
    } else {
        paths.push(path.to_owned());
    }
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("schema file");
            (p.display().to_string(), text)
        })
        .collect()
}

struct Case {
    schema: String,
    provider: Provider,
    expected: String,
}

fn cases(root: &Path) -> Vec<Case> {
    let index = std::fs::read_to_string(root.join("INDEX.tsv")).expect("INDEX.tsv");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no {name} column"));
    let (file, provider, expected) = (column("file"), column("provider"), column("expected"));
    lines
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let expected = cells[expected];
            if !expected.ends_with(".sql") {
                return None;
            }
            let provider = match cells[provider] {
                "postgresql" => Provider::PostgreSql,
                "sqlite" => Provider::Sqlite,
                other => panic!("expected SQL for provider {other}"),
            };
            Some(Case { schema: cells[file].to_owned(), provider, expected: expected.to_owned() })
        })
        .collect()
}

fn check(root: &Path, case: &Case) -> Result<(), String> {
    let files = schema_files(&root.join("schemas").join(case.schema.trim_end_matches('/')));
    let expected = std::fs::read_to_string(root.join("expected").join(&case.expected)).expect("expected SQL");
    let schema = common::sql_schema(&files, case.provider)?;
    let dialect = calc::dialect(case.provider).map_err(|e| e.to_string())?;
    let actual = common::script(&SqlSchema::default(), &schema, dialect);
    if actual == expected {
        Ok(())
    } else {
        if std::env::var_os("CORPUS_DUMP").is_some() {
            let _ = std::fs::write(std::env::temp_dir().join(format!("{}.actual.sql", case.expected)), &actual);
        }
        Err(common::first_difference(&expected, &actual))
    }
}

#[test]
fn corpus_from_empty_matches_prisma() {
    let root = corpus_root();
    if !root.join("INDEX.tsv").exists() {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "corpus not found at {}", root.display());
        eprintln!("skipped: corpus not found at {} (set EBB_CORPUS)", root.display());
        return;
    }
    let known: Vec<String> = include_str!("corpus_known_differences.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let cases = cases(&root);
    assert_eq!(cases.len(), 21, "the corpus has 21 schemas with expected SQL");
    let mut problems = Vec::new();
    let mut matching = 0;
    for case in &cases {
        let listed = known.contains(&case.schema);
        match (check(&root, case), listed) {
            (Ok(()), false) => matching += 1,
            (Ok(()), true) => problems.push(format!("{}: matches now; remove it from the known differences", case.schema)),
            (Err(difference), false) => problems.push(format!("{} ({:?}): {difference}", case.schema, case.provider)),
            (Err(_), true) => {}
        }
    }
    eprintln!("corpus: {matching} of {} schemas match Prisma byte for byte", cases.len());
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
