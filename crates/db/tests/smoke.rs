//! Each supported database answers `SELECT 1` through the driver ebb uses.
//!
//! PostgreSQL and MariaDB come from `EBB_TEST_POSTGRES_URL` and `EBB_TEST_MYSQL_URL`, which
//! `scripts/test.sh` sets after starting private servers. Outside CI a missing variable skips
//! that test with a note; under `CI=true` it fails, so CI can never pass without the servers.

use db::Dialect;

/// The URL in `var`, or `None` (with a note) when it is unset outside CI.
fn server_url(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("{var} is not set, but CI=true requires it: run the tests through scripts/test.sh")
        }
        _ => {
            eprintln!("skipped: {var} not set (scripts/test.sh starts the servers and sets it)");
            None
        }
    }
}

fn check(url: &str, expected: Dialect) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
    let runtime = runtime.unwrap_or_else(|e| panic!("cannot start a tokio runtime: {e}"));
    match runtime.block_on(db::ping(url)) {
        Ok(dialect) => assert_eq!(dialect, expected),
        Err(error) => panic!("SELECT 1 failed: {error}"),
    }
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
        Err(db::DbError::UnsupportedUrl { scheme }) => assert_eq!(scheme, "redis"),
        other => panic!("expected UnsupportedUrl, got {other:?}"),
    }
}
