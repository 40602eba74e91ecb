//! Round trips on real databases: every render fixture's target schema is rendered from empty,
//! applied to a fresh database, described, and must come back equal to the schema as the
//! dialect stores it (see `common::as_stored`), with nothing left to migrate; on PostgreSQL
//! also with nothing to migrate towards the target itself.

mod common;

use common::{as_stored, canonical, fixture_format, render_dialect, TestDb};
use db::Dialect;
use sql_schema::{NamespaceName, SqlSchema};
use std::path::{Path, PathBuf};

/// Fixture folders that hold an expectation for `dialect`, i.e. whose schemas it supports.
fn fixture_cases(dialect: Dialect) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../render/tests/fixtures");
    let file = match dialect {
        Dialect::Postgres => "postgres.sql",
        Dialect::Sqlite => "sqlite.sql",
        Dialect::Mysql => "mysql.sql",
    };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("render fixtures folder")
        .map(|entry| entry.unwrap().path())
        .filter(|case| case.join(file).exists())
        .collect();
    cases.sort();
    cases
}

/// Applies the from-empty script of the case's target schema and compares; returns a
/// description of the difference, if any.
fn round_trip(case: &Path, dialect: Dialect) -> Option<String> {
    let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(case.join("schema.txt")).expect("schema.txt");
    let (_, target) = fixture_format::parse_pair(&text, render_dialect(dialect));
    let script = render::migration_script(&SqlSchema::default(), &target, render_dialect(dialect));
    let db = TestDb::new(dialect)?;
    let mut conn = db.connect();
    if dialect == Dialect::Postgres {
        // Types from extensions that fixtures use.
        conn.execute_raw("CREATE EXTENSION IF NOT EXISTS citext").unwrap();
    }
    if let Err(e) = conn.execute_script(&script) {
        return Some(format!("{name}: the script failed: {e}\n{script}"));
    }
    let namespaces: Vec<NamespaceName> = target.namespaces.iter().map(|ns| ns.name.clone()).collect();
    let described = match conn.describe(&namespaces) {
        Ok(schema) => schema,
        Err(e) => return Some(format!("{name}: describe failed: {e}")),
    };
    conn.close();
    let expected = as_stored(&target, dialect);
    let mut problems = Vec::new();
    if canonical(&described) != canonical(&expected) {
        problems.push(format!(
            "{name}: described schema differs\n--- expected\n{:#?}\n--- described\n{:#?}",
            canonical(&expected),
            canonical(&described)
        ));
    }
    let rules = render_dialect(dialect).rules();
    let mut against_schemas = vec![("the stored form", &expected)];
    // On SQLite and MySQL the stored form is not the calculated one: SQLite keeps no
    // autoincrement flag apart from the INTEGER primary key, and MySQL adds indexes to
    // foreign keys. Drift against the target there is the calculator's and differ's matter.
    if dialect == Dialect::Postgres {
        against_schemas.push(("the target", &target));
    }
    for (what, against) in against_schemas {
        let steps = diff::diff(&described, against, rules);
        if !steps.is_empty() {
            let sql = render::migration_script(&described, against, render_dialect(dialect));
            problems.push(format!("{name}: diffing the described schema against {what} gives steps:\n{sql}"));
        }
    }
    (!problems.is_empty()).then(|| problems.join("\n"))
}

fn check_all(dialect: Dialect) {
    if TestDb::new(dialect).is_none() {
        return;
    }
    let cases = fixture_cases(dialect);
    assert!(cases.len() >= 15, "expected the render fixtures, found {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|case| round_trip(case, dialect)).collect();
    assert!(failures.is_empty(), "{} of {} round trips failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn postgres_fixtures_round_trip() {
    check_all(Dialect::Postgres);
}

#[test]
fn sqlite_fixtures_round_trip() {
    check_all(Dialect::Sqlite);
}

#[test]
fn mysql_fixtures_round_trip() {
    check_all(Dialect::Mysql);
}
