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
use roundtrip::{calculate, from_empty_round_trip_after, provider_name, Report, Server};

/// PostgreSQL extensions the corpus uses without declaring them (their users install them by
/// hand, and Prisma's scripts expect them), with the schema text that shows each is needed.
const EXTENSIONS: &[(&str, &[&str])] =
    &[("citext", &["Citext"]), ("pg_trgm", &["gin_trgm_ops"]), ("postgis", &["geography", "geometry"])];

fn check(dialect: Dialect, expected_cases: usize) {
    let Some(root) = testkit::corpus_root() else { return };
    let Some(mut server) = Server::new(dialect) else { return };
    let mut report = Report::default();
    for case in testkit::corpus_schemas(&root) {
        if case.provider != provider_name(dialect) {
            continue;
        }
        let files = testkit::schema_files(&case.path);
        let text: String = files.iter().map(|(_, text)| text.as_str()).collect();
        let extensions: Vec<&str> =
            EXTENSIONS.iter().filter(|(_, marks)| marks.iter().any(|m| text.contains(m))).map(|(e, _)| *e).collect();
        if let Some(missing) = extensions.iter().find(|e| !server.has_extension(e)) {
            report.skip(&case.name, &format!("the server has no `{missing}` extension, which the schema needs"));
            continue;
        }
        let setup: String = extensions.iter().map(|e| format!("CREATE EXTENSION IF NOT EXISTS \"{e}\";\n")).collect();
        let result =
            calculate(&files, dialect).and_then(|schema| from_empty_round_trip_after(&mut server, &setup, &schema));
        report.record(&case.name, result);
    }
    report.finish(&format!("corpus on {}", dialect.name()), expected_cases);
}

#[test]
fn postgres_corpus_from_empty() {
    check(Dialect::Postgres, 17);
}

#[test]
fn sqlite_corpus_from_empty() {
    check(Dialect::Sqlite, 3);
}

#[test]
fn mysql_corpus_from_empty() {
    check(Dialect::Mysql, 4);
}
