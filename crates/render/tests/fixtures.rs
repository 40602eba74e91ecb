//! Fixture tests: each folder under `tests/fixtures/` holds `from.prisma` and `to.prisma`
//! and the expected script per dialect and direction (`postgres.sql`, `sqlite.sql`,
//! `mysql.sql`; `*.down.sql` for `to → from`). Folders with a `schema.txt` (a `[from]` and a
//! `[to]` schema in the format of `fixture_format.rs`) are checked here, without the Prisma
//! schema stages; all folders are checked end to end by `crates/calc/tests/render_fixtures.rs`.
//! PostgreSQL and SQLite expectations are Prisma's own output and are never rewritten;
//! `UPDATE_EXPECT=1` rewrites the MySQL scripts that exist (ebb's own).

use testkit::fixture_format;

use render::Dialect;
use std::path::Path;

/// Checks one expected script, if the case has it: `None` when it matches or is absent.
fn check(case: &Path, dialect: Dialect, file: &str) -> Option<String> {
    let expected_path = case.join(file);
    if !expected_path.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(case.join("schema.txt")).expect("schema.txt");
    let (from, to) = fixture_format::parse_pair(&text, dialect);
    let actual = if file.ends_with(".down.sql") {
        render::migration_script(&to, &from, dialect)
    } else {
        render::migration_script(&from, &to, dialect)
    };
    let name = case.file_name().unwrap_or_default().to_string_lossy();
    // Prisma reads Prisma schemas, not `schema.txt`: its scripts here were recorded by hand.
    let result = match dialect {
        Dialect::Mysql => testkit::check_snapshot(&expected_path, &actual),
        _ => testkit::expected::check_prisma_unless_deliberate(&expected_path, &actual, None),
    };
    result.err().map(|problem| format!("{name} ({file}): {problem}"))
}

/// The expected scripts of the `schema.txt` cases.
const CHECKED: usize = 152;

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&root).expect("fixtures folder").map(|e| e.unwrap().path()).collect();
    cases.sort();
    cases.retain(|case| case.join("schema.txt").exists());
    // Exact counts: the fixtures are fixed, and a case or file that goes missing must show.
    assert_eq!(cases.len(), 30, "cases with a schema.txt");
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in &cases {
        for (dialect, file) in [
            (Dialect::Postgres, "postgres.sql"),
            (Dialect::Postgres, "postgres.down.sql"),
            (Dialect::Sqlite, "sqlite.sql"),
            (Dialect::Sqlite, "sqlite.down.sql"),
            (Dialect::Mysql, "mysql.sql"),
            (Dialect::Mysql, "mysql.down.sql"),
        ] {
            if case.join(file).exists() {
                checked += 1;
            }
            failures.extend(check(case, dialect, file));
        }
    }
    assert_eq!(checked, CHECKED, "expectations checked");
    assert!(failures.is_empty(), "{} of {checked} expectations failed:\n\n{}", failures.len(), failures.join("\n\n"));
}
