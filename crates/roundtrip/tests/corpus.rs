//! The corpus of real schemas from empty, each on its own provider's database: PostgreSQL
//! schemas on PostgreSQL, SQLite on SQLite, MySQL on MariaDB. The from-empty script must run,
//! and the described database must show no drift against the calculated schema.
//!
//! PostgreSQL schemas that need an extension get it created first; where the server lacks
//! it, the case is skipped and listed.
//!
//! The corpus lives outside the repository (`$EBB_CORPUS`); without it the tests say they were
//! skipped, and fail under `CI=true`.

use db::Dialect;
use roundtrip::{calculate, for_each_corpus_case, from_empty_round_trip_after, Report, Server};

fn check(dialect: Dialect, expected_cases: usize) {
    let Some(root) = testkit::corpus_root() else { return };
    let Some(mut server) = Server::new(dialect) else { return };
    let mut report = Report::default();
    for_each_corpus_case(&root, &mut server, &mut report, |server, files, setup| {
        calculate(files, dialect).and_then(|schema| from_empty_round_trip_after(server, setup, &schema))
    });
    report.finish(&format!("corpus on {}", dialect.name()), expected_cases);
}

#[test]
fn postgres_corpus_from_empty() {
    check(Dialect::Postgres, 18);
}

#[test]
fn sqlite_corpus_from_empty() {
    check(Dialect::Sqlite, 3);
}

#[test]
fn mysql_corpus_from_empty() {
    check(Dialect::Mysql, 4);
}
