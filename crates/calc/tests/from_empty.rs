//! From-empty fixtures: each folder under `tests/fixtures/` holds `schema.prisma` and the
//! script that creates it from nothing per dialect (`postgres.sql`, `sqlite.sql`, `mysql.sql`),
//! for the schema's own provider and, when the file exists, for the others (the provider line
//! is swapped). PostgreSQL and SQLite scripts are Prisma 7.10.1's output and are never
//! rewritten, except where the database rejects Prisma's text: then the script is the correct
//! one (ebb's snapshot) and Prisma's sits beside it as `postgres.prisma.sql`/`sqlite.prisma.sql`.
//! `UPDATE_EXPECT=1` rewrites ebb's own files (`mysql.sql` and the corrected scripts);
//! `EBB_RECORD_PRISMA=1` records Prisma's files again from the oracle.

mod common;

use calc::Provider;
use render::Dialect;
use sql_schema::SqlSchema;
use std::path::Path;

const DIALECTS: [(Dialect, Provider, &str, &str); 3] = [
    (Dialect::Postgres, Provider::PostgreSql, "postgres.sql", "postgresql"),
    (Dialect::Sqlite, Provider::Sqlite, "sqlite.sql", "sqlite"),
    (Dialect::Mysql, Provider::MySql, "mysql.sql", "mysql"),
];

fn check(case: &Path, dialect: Dialect, provider: Provider, file: &str, provider_name: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(case.join("schema.prisma")).expect("schema.prisma");
    let text = testkit::with_provider(&text, provider_name);
    let schema = common::sql_schema(&[("schema.prisma".to_owned(), text.clone())], provider)?;
    let actual = common::script(&SqlSchema::default(), &schema, dialect);
    let expected = case.join(file);
    if dialect == Dialect::Mysql {
        return testkit::check_snapshot(&expected, &actual);
    }
    let record = move || testkit::oracle::diff_script(None, &text);
    testkit::expected::check_prisma_unless_deliberate(&expected, &actual, Some(Box::new(record)))
}

#[test]
fn from_empty_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&root).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    cases.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &cases {
        for (dialect, provider, file, provider_name) in DIALECTS {
            if !case.join(file).exists() {
                continue;
            }
            checked += 1;
            if let Err(problem) = check(case, dialect, provider, file, provider_name) {
                let name = case.file_name().unwrap_or_default().to_string_lossy();
                failures.push(format!("{name} ({file}): {problem}"));
            }
        }
    }
    assert_eq!(checked, 8, "fixture scripts checked");
    assert!(failures.is_empty(), "{} of {checked} scripts differ:\n\n{}", failures.len(), failures.join("\n\n"));
}

/// Every file of every case is one the test reads.
#[test]
fn every_fixture_file_is_read() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut known = vec!["schema.prisma".to_owned()];
    for (_, _, file, _) in DIALECTS {
        known.push(file.to_owned());
        known.push(file.replace(".sql", ".prisma.sql"));
    }
    let unread = testkit::unread_files(&root, &known);
    assert!(unread.is_empty(), "files no test reads:\n{}", unread.join("\n"));
}
