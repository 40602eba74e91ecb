//! Fixture tests: each folder under `tests/fixtures/` holds `from.prisma` and `to.prisma`
//! and the expected script per dialect and direction (`postgres.sql`, `sqlite.sql`,
//! `mysql.sql`; `*.down.sql` for `to → from`). Folders with a `schema.txt` (a `[from]` and a
//! `[to]` schema in the format of `fixture_format.rs`) are checked here, without the Prisma
//! schema stages; all folders are checked end to end by `crates/calc/tests/render_fixtures.rs`.
//! PostgreSQL and SQLite expectations are Prisma's own output and are never rewritten;
//! `UPDATE_EXPECT=1` rewrites MySQL scripts that exist.

use testkit::fixture_format;

use render::Dialect;
use std::path::Path;

fn check(case: &Path, dialect: Dialect, file: &str) -> Option<String> {
    let expected_path = case.join(file);
    let expected = std::fs::read_to_string(&expected_path).ok()?;
    let text = std::fs::read_to_string(case.join("schema.txt")).expect("schema.txt");
    let (from, to) = fixture_format::parse_pair(&text, dialect);
    let actual = if file.ends_with(".down.sql") {
        render::migration_script(&to, &from, dialect)
    } else {
        render::migration_script(&from, &to, dialect)
    };
    if actual == expected {
        return None;
    }
    if dialect == Dialect::Mysql && std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).expect("write expectation");
        return None;
    }
    Some(format!(
        "{} ({file}) differs\n--- expected\n{expected}\n--- actual\n{actual}",
        case.file_name().unwrap_or_default().to_string_lossy()
    ))
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&root).expect("fixtures folder").map(|e| e.unwrap().path()).collect();
    cases.sort();
    cases.retain(|case| case.join("schema.txt").exists());
    assert!(cases.len() >= 25, "expected at least 25 fixture cases, found {}", cases.len());
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
    assert!(checked > 0);
    assert!(failures.is_empty(), "{} of {checked} expectations failed:\n\n{}", failures.len(), failures.join("\n\n"));
}
