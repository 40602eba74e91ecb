//! Each supported database answers `SELECT 1` through the driver ebb uses.
//!
//! PostgreSQL and MariaDB come from `EBB_TEST_POSTGRES_URL` and `EBB_TEST_MYSQL_URL`, which
//! `scripts/test.sh` sets after starting private servers. Outside CI a missing variable skips
//! that test with a note; under `CI=true` it fails, so CI can never pass without the servers.

use db::{Connection, DbError, DbUrl, Dialect};
use std::path::Path;
use testkit::server_url;

fn check(url: &str, expected: Dialect) {
    let url = DbUrl::parse(url, Path::new(".")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(url.dialect(), expected);
    let mut conn = Connection::connect(&url).unwrap_or_else(|e| panic!("cannot connect: {e}"));
    conn.execute_script("SELECT 1").unwrap_or_else(|e| panic!("SELECT 1 failed: {e}"));
    conn.close();
}

#[test]
fn sqlite_in_memory_answers() {
    check("sqlite::memory:", Dialect::Sqlite);
}

#[test]
fn postgres_answers() {
    if let Some(url) = server_url("EBB_TEST_POSTGRES_URL") {
        check(&url, Dialect::Postgres);
    }
}

#[test]
fn mysql_answers() {
    if let Some(url) = server_url("EBB_TEST_MYSQL_URL") {
        check(&url, Dialect::Mysql);
    }
}

#[test]
fn unknown_scheme_is_an_error() {
    match Dialect::from_url("redis://localhost") {
        Err(DbError::InvalidUrl { reason, .. }) => assert!(reason.contains("`redis`"), "{reason}"),
        other => panic!("expected InvalidUrl, got {other:?}"),
    }
}
