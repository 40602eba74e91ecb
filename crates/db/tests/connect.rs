//! Connection failures are typed, carry Prisma's codes, and never show the password.

use db::{Connection, DbError, DbUrl, Dialect};
use std::path::Path;
use testkit::{server_url, servers::TestDb};

const PASSWORD: &str = "Sup3r-Secret-Pw";

/// Connects and returns the error, after checking that its message hides the password.
fn connect_error(url: &str) -> DbError {
    let parsed = DbUrl::parse(url, Path::new(".")).unwrap();
    assert!(!parsed.to_string().contains(PASSWORD));
    let error = Connection::connect(&parsed).unwrap_err();
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(PASSWORD), "the password leaks: {text}");
        assert!(text.contains("****"), "the URL is not shown masked: {text}");
    }
    error
}

/// `base` with its password replaced and its path (database) set.
fn with(base: &str, password: Option<&str>, database: &str) -> String {
    let mut url = url::Url::parse(base).unwrap();
    if let Some(password) = password {
        url.set_password(Some(password)).unwrap();
    }
    url.set_path(&format!("/{database}"));
    url.to_string()
}

#[test]
fn unreachable_servers() {
    for url in [
        format!("postgresql://ebb:{PASSWORD}@127.0.0.1:1/db?connect_timeout=3"),
        format!("mysql://ebb:{PASSWORD}@127.0.0.1:1/db?connect_timeout=3"),
    ] {
        let error = connect_error(&url);
        assert!(matches!(error, DbError::Unreachable { .. }), "{error:?}");
        assert_eq!(error.prisma_code(), Some("P1001"));
    }
}

#[test]
fn postgres_tls_required_is_reported_as_such() {
    let Some(base) = server_url("EBB_TEST_POSTGRES_URL") else { return };
    let url = format!("{}?sslmode=require", with(&base, Some(PASSWORD), "postgres"));
    let error = connect_error(&url);
    // The plain test server offers no TLS, and the URL requires it.
    assert!(matches!(error, DbError::Tls { .. }), "{error:?}");
    assert_eq!(error.prisma_code(), Some("P1011"));
    assert!(error.to_string().contains("the server does not offer TLS"), "{error}");
}

#[test]
fn postgres_missing_database() {
    let Some(base) = server_url("EBB_TEST_POSTGRES_URL") else { return };
    let error = connect_error(&with(&base, Some(PASSWORD), "ebb_no_such_database"));
    assert!(
        matches!(&error, DbError::DatabaseMissing { database, .. } if database == "ebb_no_such_database"),
        "{error:?}"
    );
    assert_eq!(error.prisma_code(), Some("P1003"));
}

#[test]
fn mysql_authentication_and_missing_database() {
    let Some(base) = server_url("EBB_TEST_MYSQL_URL") else { return };
    let error = connect_error(&with(&base, Some(PASSWORD), "ebb"));
    assert!(matches!(error, DbError::AuthenticationFailed { .. }), "{error:?}");
    assert_eq!(error.prisma_code(), Some("P1000"));
    let base_url = url::Url::parse(&base).unwrap();
    // The right password, a database that does not exist.
    let missing = with(&base, None, "ebb_no_such_database");
    let parsed = DbUrl::parse(&missing, Path::new(".")).unwrap();
    let error = Connection::connect(&parsed).unwrap_err();
    assert!(matches!(error, DbError::DatabaseMissing { .. }), "{error:?}");
    if let Some(password) = base_url.password() {
        assert!(!error.to_string().contains(password), "{error}");
    }
}

#[test]
fn prisma_parameters_we_do_not_use_are_accepted() {
    for dialect in [Dialect::Postgres, Dialect::Mysql] {
        let Some(db) = TestDb::new(dialect) else { continue };
        let separator = if db.url_text.contains('?') { '&' } else { '?' };
        let url = format!("{}{separator}connection_limit=3&pool_timeout=2&pgbouncer=true&socket_timeout=5&sslmode=prefer&connect_timeout=10", db.url_text);
        let mut conn = Connection::connect(&DbUrl::parse(&url, Path::new(".")).unwrap()).unwrap();
        conn.execute_script("-- nothing\n").unwrap();
    }
}

#[test]
fn postgres_schema_parameter_selects_the_namespace() {
    let Some(db) = TestDb::new(Dialect::Postgres) else { return };
    db.connect()
        .execute_script("CREATE SCHEMA \"tenant\";\nCREATE TABLE \"tenant\".\"T\" (\"id\" INTEGER);\nCREATE TABLE \"public\".\"P\" (\"id\" INTEGER);")
        .unwrap();
    let url = format!("{}?schema=tenant", db.url_text);
    let mut conn = Connection::connect(&DbUrl::parse(&url, Path::new(".")).unwrap()).unwrap();
    let schema = conn.describe(&[]).unwrap();
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["T"]);
    let namespaces: Vec<&str> = schema.namespaces.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(namespaces, ["tenant"]);
    assert!(schema.tables[0].namespace.is_none(), "the URL's schema is written unqualified");
    // Unqualified statements go to the URL's schema.
    conn.execute_script("CREATE TABLE \"U\" (\"id\" INTEGER);").unwrap();
    let schema = conn.describe(&["tenant".into(), "public".into(), "absent".into()]).unwrap();
    let names: Vec<(&str, &str)> = schema
        .tables
        .iter()
        .map(|t| (schema.namespace_name(t.namespace).map_or("", |n| n.as_str()), t.name.as_str()))
        .collect();
    // As the calculator does, objects of the URL's schema stay unqualified.
    assert_eq!(names, [("public", "P"), ("", "T"), ("", "U")]);
    let namespaces: Vec<&str> = schema.namespaces.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(namespaces, ["tenant", "public"]);
}

#[test]
fn sqlite_files_are_created_relative_to_the_base_directory() {
    let dir = std::env::temp_dir().join(testkit::unique_name("ebb_sqlite_dir"));
    std::fs::create_dir_all(&dir).unwrap();
    let url = DbUrl::parse("file:./dev.db?connection_limit=1", &dir).unwrap();
    let mut conn = Connection::connect(&url).unwrap();
    conn.execute_script("CREATE TABLE \"_prisma_migrations\" (\"id\" TEXT);\nCREATE TABLE \"A\" (\"id\" TEXT);")
        .unwrap();
    let names: Vec<String> = conn.describe(&[]).unwrap().tables.iter().map(|t| t.name.to_string()).collect();
    assert_eq!(names, ["A"], "the migrations table is never described");
    conn.close();
    assert!(dir.join("dev.db").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}
