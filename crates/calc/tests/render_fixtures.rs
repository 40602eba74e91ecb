//! The renderer's fixtures, end to end: for each `crates/render/tests/fixtures/<case>/` with
//! `from.prisma` and `to.prisma`, psl → calc → diff → render must give the committed script of
//! every dialect that has one (`postgres.sql`, `sqlite.sql`, `mysql.sql`). The schemas are
//! written for PostgreSQL; the other dialects read them with their own provider.

mod common;

use calc::Provider;
use render::Dialect;
use std::path::Path;

const DIALECTS: [(Dialect, Provider, &str, &str); 3] = [
    (Dialect::Postgres, Provider::PostgreSql, "postgres.sql", "postgresql"),
    (Dialect::Sqlite, Provider::Sqlite, "sqlite.sql", "sqlite"),
    (Dialect::Mysql, Provider::MySql, "mysql.sql", "mysql"),
];

fn schema_for(text: &str, provider_name: &str) -> String {
    text.replace("provider = \"postgresql\"", &format!("provider = \"{provider_name}\""))
}

fn check(case: &Path, dialect: Dialect, provider: Provider, file: &str, provider_name: &str) -> Result<(), String> {
    let expected = std::fs::read_to_string(case.join(file)).expect("expected script");
    let read = |name: &str| {
        let text = std::fs::read_to_string(case.join(name)).expect("schema");
        vec![(name.to_owned(), schema_for(&text, provider_name))]
    };
    let from = common::sql_schema(&read("from.prisma"), provider).map_err(|e| format!("from.prisma: {e}"))?;
    let to = common::sql_schema(&read("to.prisma"), provider).map_err(|e| format!("to.prisma: {e}"))?;
    let actual = common::script(&from, &to, dialect);
    if actual == expected {
        Ok(())
    } else {
        Err(format!("{}\n--- expected\n{expected}--- actual\n{actual}", common::first_difference(&expected, &actual)))
    }
}

#[test]
fn render_fixtures_end_to_end() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../render/tests/fixtures");
    let mut cases: Vec<_> = std::fs::read_dir(&root).expect("render fixtures").map(|e| e.expect("entry").path()).collect();
    cases.sort();
    let mut failures = Vec::new();
    let mut checked = 0;
    for case in cases.iter().filter(|c| c.join("from.prisma").exists() && c.join("to.prisma").exists()) {
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
    assert!(checked >= 25, "expected at least 25 fixture scripts, found {checked}");
    eprintln!("render fixtures: {} of {checked} scripts match", checked - failures.len());
    assert!(failures.is_empty(), "{} of {checked} scripts differ:\n\n{}", failures.len(), failures.join("\n\n"));
}
