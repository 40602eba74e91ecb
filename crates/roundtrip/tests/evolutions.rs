//! Every schema evolution of the renderer's fixtures (`crates/render/tests/fixtures/<case>/`
//! with `from.prisma` and `to.prisma`), on each dialect's real database: build `from` from
//! empty, migrate up to `to`, then down to `from`; after each script the database must show no
//! drift against the calculated schema. Each table the migration leaves alone gets a row
//! before it, which must survive up and down. The schemas are written for PostgreSQL; SQLite and
//! MySQL read them with their own provider; a case the provider cannot express (a PostgreSQL
//! feature) is listed in `evolutions_provider_limits.txt` with the code psl refuses it with, and
//! must keep being refused that way. Besides ebb's own describe and differ, each case is judged
//! by the database's catalog (`roundtrip::catalog`), as the case `Dialect case catalog`.
//! Cases that fail for reasons outside ebb's control are listed in
//! `evolutions_known_failures.txt` (as `Dialect case` or `Dialect case catalog`), with why, and
//! must keep failing. Every count is exact: the fixtures are fixed.

use db::Dialect;
use roundtrip::{
    calculate, catalog_of, check_database, insert_one_row, migrate, same_catalog, same_catalog_as_created,
    untouched_tables, with_provider, Report, Server,
};
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

/// What one evolution showed beyond ebb's own checks.
struct Outcome {
    /// Tables whose row survived up and down.
    kept_rows: usize,
    /// The independent judge's verdict (see `roundtrip::catalog`).
    catalog: Result<(), String>,
}

/// Empty → from → to → from, checking the database after each step with ebb's describe and
/// differ (the `Err`), and with the catalog itself (`Outcome::catalog`): after `up` it equals a
/// database created from empty to `to`, after `down` what it was before `up`.
fn up_and_down(server: &mut Server, from: &SqlSchema, to: &SqlSchema) -> Result<Outcome, String> {
    let db = server.fresh_database();
    let mut conn = db.connect();
    // A type some fixtures use, which Prisma expects to exist already.
    let setup = if conn.dialect() == Dialect::Postgres { "CREATE EXTENSION IF NOT EXISTS citext" } else { "" };
    if !setup.is_empty() {
        conn.execute_raw(setup).map_err(|e| e.to_string())?;
    }
    let empty = SqlSchema::default();
    migrate(&mut conn, &empty, from).map_err(|e| format!("from empty: {e}"))?;
    check_database(&mut conn, from).map_err(|e| format!("after from empty: {e}"))?;
    let before = catalog_of(&db, &mut conn)?;
    // A row in each table the migration leaves alone, which must still be there after it.
    let dialect = conn.dialect();
    let seeded: Vec<&Table> = untouched_tables(from, to)
        .into_iter()
        .filter_map(|table| Some((table, insert_one_row(from, table, dialect)?)))
        .map(|(table, insert)| conn.execute_raw(&insert).map(|()| table).map_err(|e| format!("{insert}: {e}")))
        .collect::<Result<_, _>>()?;
    let mut catalog = Ok(());
    for (label, previous, next) in [("up", from, to), ("down", to, from)] {
        migrate(&mut conn, previous, next).map_err(|e| format!("{label}: {e}"))?;
        check_database(&mut conn, next).map_err(|e| format!("after {label}: {e}"))?;
        let judged = match label {
            "up" => same_catalog_as_created(server, &db, &mut conn, setup, next),
            _ => same_catalog(&catalog_of(&db, &mut conn)?, &before, "the database after down", "before up"),
        };
        if catalog.is_ok() {
            catalog = judged.map_err(|e| format!("after {label}: {e}"));
        }
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
    Ok(Outcome { kept_rows: seeded.len(), catalog })
}

/// The cases a provider cannot express (`Dialect case CODE`, the code of psl's first error).
fn provider_limits(dialect: Dialect) -> Vec<(String, String)> {
    roundtrip::listed_for(include_str!("evolutions_provider_limits.txt"), dialect)
        .filter_map(|l| l.split_once(' ').map(|(case, code)| (case.to_owned(), code.trim().to_owned())))
        .collect()
}

/// The code of the first error in psl's message (`file:line: [CODE] message`).
fn first_code(error: &str) -> &str {
    error.split_once('[').and_then(|(_, rest)| rest.split_once(']')).map_or("", |(code, _)| code)
}

fn check(dialect: Dialect, expected_kept_rows: usize) {
    let Some(mut server) = Server::new(dialect) else { return };
    let mut report = Report::with_known_failures(include_str!("evolutions_known_failures.txt"));
    let limits = provider_limits(dialect);
    let mut kept_rows = 0;
    let mut expected_passes = 0;
    for case in cases() {
        let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let label = format!("{} {name}", dialect.name());
        let limit = limits.iter().find(|(listed, _)| *listed == name).map(|(_, code)| code.as_str());
        match (schema(&case, "from.prisma", dialect), schema(&case, "to.prisma", dialect), limit) {
            (Ok(from), Ok(to), None) => {
                expected_passes += 2;
                match up_and_down(&mut server, &from, &to) {
                    Ok(outcome) => {
                        kept_rows += outcome.kept_rows;
                        report.record(&label, Ok(()));
                        report.record(&format!("{label} catalog"), outcome.catalog);
                    }
                    Err(problem) => report.record(&label, Err(problem)),
                }
            }
            (Ok(_), Ok(_), Some(code)) => {
                report.record(&label, Err(format!("listed as refused ({code}) but psl accepts it: remove the line")))
            }
            (Err(e), _, Some(code)) | (_, Err(e), Some(code)) if first_code(&e) == code => {
                report.skip(&name, e.lines().next().unwrap_or_default())
            }
            (Err(e), _, _) | (_, Err(e), _) => report.record(
                &label,
                Err(format!("psl refuses it unexpectedly (list it with its code if that is right): {e}")),
            ),
        }
    }
    expected_passes -= report.known_count();
    report.finish(&format!("evolutions on {}", dialect.name()), expected_passes);
    eprintln!("rows kept through up and down: {kept_rows} tables");
    assert_eq!(kept_rows, expected_kept_rows, "tables whose row went through up and down");
}

#[test]
fn postgres_evolutions() {
    check(Dialect::Postgres, 29);
}

#[test]
fn sqlite_evolutions() {
    check(Dialect::Sqlite, 28);
}

#[test]
fn mysql_evolutions() {
    check(Dialect::Mysql, 24);
}
