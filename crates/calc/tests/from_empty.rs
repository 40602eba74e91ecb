//! From-empty fixtures: each folder under `tests/fixtures/` holds `schema.prisma` and the
//! script that creates it from nothing per dialect (`postgres.sql`, `sqlite.sql`, `mysql.sql`),
//! for the schema's own provider and, when the file exists, for the others (the provider line
//! is swapped). PostgreSQL and SQLite scripts are Prisma 7.10.1's output and are never
//! rewritten; `UPDATE_EXPECT=1` rewrites `mysql.sql` files that exist.

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
    let expected_path = case.join(file);
    let expected = std::fs::read_to_string(&expected_path).expect("expected script");
    let text = std::fs::read_to_string(case.join("schema.prisma")).expect("schema.prisma");
    let text = ["postgresql", "sqlite", "mysql"]
        .iter()
        .fold(text, |t, p| t.replace(&format!("provider = \"{p}\""), &format!("provider = \"{provider_name}\"")));
    let schema = common::sql_schema(&[("schema.prisma".to_owned(), text)], provider)?;
    let actual = common::script(&SqlSchema::default(), &schema, dialect);
    if actual == expected {
        return Ok(());
    }
    if dialect == Dialect::Mysql && std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).expect("write expectation");
        return Ok(());
    }
    Err(format!("{}\n--- expected\n{expected}--- actual\n{actual}", common::first_difference(&expected, &actual)))
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
    assert!(checked >= 3, "expected fixture scripts, found {checked}");
    assert!(failures.is_empty(), "{} of {checked} scripts differ:\n\n{}", failures.len(), failures.join("\n\n"));
}
