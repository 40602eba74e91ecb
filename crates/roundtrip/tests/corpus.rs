//! The corpus of real schemas from empty, each on its own provider's database: PostgreSQL
//! schemas on PostgreSQL, SQLite on SQLite, MySQL on MariaDB. The from-empty script must run,
//! and the described database must show no drift against the calculated schema.
//!
//! The corpus lives outside the repository (`$EBB_CORPUS`); without it the tests say they were
//! skipped, and fail under `CI=true`.

use db::Dialect;
use roundtrip::{calculate, from_empty_round_trip, provider_name, Report, Server};

fn check(dialect: Dialect, expected_cases: usize) {
    let Some(root) = testkit::corpus_root() else { return };
    let Some(mut server) = Server::new(dialect) else { return };
    let mut report = Report::default();
    for case in testkit::corpus_schemas(&root) {
        if case.provider != provider_name(dialect) {
            continue;
        }
        let files = testkit::schema_files(&case.path);
        let result = calculate(&files, dialect).and_then(|schema| from_empty_round_trip(&mut server, &schema));
        report.record(&case.name, result);
    }
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
