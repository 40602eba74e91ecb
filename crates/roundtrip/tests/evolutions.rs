//! Every schema evolution of the renderer's fixtures (`crates/render/tests/fixtures/<case>/`
//! with `from.prisma` and `to.prisma`), on each dialect's real database: build `from` from
//! empty, migrate up to `to`, then down to `from`; after each script the database must show no
//! drift against the calculated schema. Each table the migration leaves alone gets a row
//! before it, which must survive up and down. The schemas are written for PostgreSQL; SQLite and
//! MySQL read them with their own provider, and a case psl rejects for a provider is skipped
//! there (and listed). Cases that fail for reasons outside ebb's control are listed in
//! `evolutions_known_failures.txt` (as `Dialect case`), and must keep failing.

use db::Dialect;
use roundtrip::{calculate, check_database, insert_one_row, migrate, untouched_tables, with_provider, Report, Server};
use sql_schema::{SqlSchema, Table};
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../render/tests/fixtures");
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(&root).expect("render fixtures").map(|e| e.expect("entry").path()).collect();
    cases.retain(|c| c.join("from.prisma").is_file() && c.join("to.prisma").is_file());
    cases.sort();
    cases
}

fn schema(case: &Path, file: &str, dialect: Dialect) -> Result<SqlSchema, String> {
    let text = std::fs::read_to_string(case.join(file)).expect("fixture schema");
    calculate(&[(file.to_owned(), with_provider(&text, dialect))], dialect).map_err(|e| format!("{file}: {e}"))
}

/// Empty → from → to → from, checking the database after each step; returns how many tables
/// kept their row.
fn up_and_down(server: &mut Server, from: &SqlSchema, to: &SqlSchema) -> Result<usize, String> {
    let db = server.fresh_database();
    let mut conn = db.connect();
    if conn.dialect() == Dialect::Postgres {
        // A type some fixtures use, which Prisma expects to exist already.
        conn.execute_raw("CREATE EXTENSION IF NOT EXISTS citext").map_err(|e| e.to_string())?;
    }
    let empty = SqlSchema::default();
    migrate(&mut conn, &empty, from).map_err(|e| format!("from empty: {e}"))?;
    check_database(&mut conn, from).map_err(|e| format!("after from empty: {e}"))?;
    // A row in each table the migration leaves alone, which must still be there after it.
    let dialect = conn.dialect();
    let seeded: Vec<&Table> = untouched_tables(from, to)
        .into_iter()
        .filter_map(|table| Some((table, insert_one_row(from, table, dialect)?)))
        .map(|(table, insert)| conn.execute_raw(&insert).map(|()| table).map_err(|e| format!("{insert}: {e}")))
        .collect::<Result<_, _>>()?;
    for (label, previous, next) in [("up", from, to), ("down", to, from)] {
        migrate(&mut conn, previous, next).map_err(|e| format!("{label}: {e}"))?;
        check_database(&mut conn, next).map_err(|e| format!("after {label}: {e}"))?;
        for table in &seeded {
            let namespace = from.namespace_name(table.namespace).map(|n| n.as_str());
            let rows = conn.count_rows(namespace, table.name.as_str()).map_err(|e| e.to_string())?;
            if rows != 1 {
                return Err(format!(
                    "after {label}: `{}` has {rows} rows instead of the 1 put in",
                    table.name.as_str()
                ));
            }
        }
    }
    conn.close();
    Ok(seeded.len())
}

fn check(dialect: Dialect) {
    let Some(mut server) = Server::new(dialect) else { return };
    let mut report = Report::with_known_failures(include_str!("evolutions_known_failures.txt"));
    let mut kept_rows = 0;
    for case in cases() {
        let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
        match (schema(&case, "from.prisma", dialect), schema(&case, "to.prisma", dialect)) {
            (Ok(from), Ok(to)) => {
                let result = up_and_down(&mut server, &from, &to).map(|kept| kept_rows += kept);
                report.record(&format!("{} {name}", dialect.name()), result)
            }
            (Err(e), _) | (_, Err(e)) => report.skip(&name, e.lines().next().unwrap_or_default()),
        }
    }
    let minimum = if dialect == Dialect::Postgres { 79 } else { 60 };
    report.finish(&format!("evolutions on {}", dialect.name()), minimum);
    eprintln!("rows kept through up and down: {kept_rows} tables");
    assert!(kept_rows >= 20, "expected rows in at least 20 untouched tables, found {kept_rows}");
}

#[test]
fn postgres_evolutions() {
    check(Dialect::Postgres);
}

#[test]
fn sqlite_evolutions() {
    check(Dialect::Sqlite);
}

#[test]
fn mysql_evolutions() {
    check(Dialect::Mysql);
}
