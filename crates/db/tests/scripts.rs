//! Executing scripts: PostgreSQL and SQLite run a script in one transaction, so a failure
//! half-way leaves the database unchanged; MySQL runs statement by statement and names the
//! statement that failed.

use db::{DbError, Dialect};
use sql_schema::TableName;
use testkit::servers::TestDb;

const FAILING_SCRIPT: &str = "-- CreateTable
CREATE TABLE \"b\" (\"x\" INTEGER);

-- CreateTable
CREATE TABLE \"c\" (\"y\" INTEGER,);
";

fn table_names(db: &TestDb) -> Vec<TableName> {
    let mut conn = db.connect();
    let schema = conn.describe(&[]).unwrap();
    schema.tables.iter().map(|t| t.name.clone()).collect()
}

fn failing_script_changes_nothing(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let mut conn = db.connect();
    conn.execute_script("CREATE TABLE \"a\" (\"id\" INTEGER NOT NULL);").unwrap();
    let error = conn.execute_script(FAILING_SCRIPT).unwrap_err();
    let DbError::Script(script) = &error else { panic!("expected a script error, got {error:?}") };
    assert_eq!(script.statement_index, Some(2), "{error}");
    assert_eq!(script.statement_first_line.as_deref(), Some("CREATE TABLE \"c\" (\"y\" INTEGER,)"));
    assert!(script.message.contains("syntax error") || script.message.contains("near"), "{error}");
    assert_eq!(script.position.map(|(line, _)| line), Some(5), "{error}");
    assert_eq!(table_names(&db), vec![TableName::from("a")]);
    // The connection is usable afterwards.
    conn.execute_script("CREATE TABLE \"d\" (\"id\" INTEGER);\n-- trailing comment\n").unwrap();
    assert_eq!(table_names(&db), vec![TableName::from("a"), TableName::from("d")]);
}

#[test]
fn mysql_reports_the_failing_statement() {
    let Some(db) = TestDb::new(Dialect::Mysql) else { return };
    let mut conn = db.connect();
    let script = "-- CreateTable
CREATE TABLE `a` (`s` VARCHAR(20) NOT NULL DEFAULT 'x;y');

# a comment; with a semicolon
CREATE TABLE `b` (`x` INTEGER,);

CREATE TABLE `c` (`x` INTEGER);
";
    let error = conn.execute_script(script).unwrap_err();
    let DbError::Script(failure) = &error else { panic!("expected a script error, got {error:?}") };
    assert_eq!(failure.statement_index, Some(2), "{error}");
    assert_eq!(failure.statement_first_line.as_deref(), Some("CREATE TABLE `b` (`x` INTEGER,)"));
    assert_eq!(failure.code.as_deref(), Some("1064"), "{error}");
    assert!(error.to_string().contains("statement 2"), "{error}");
    // MySQL commits DDL as it goes: the first table stays, the third was never created.
    assert_eq!(table_names(&db), vec![TableName::from("a")]);
    let schema = conn.describe(&[]).unwrap();
    assert_eq!(
        schema.tables[0].columns[0].default,
        Some(sql_schema::DefaultValue::Value(sql_schema::Literal::String("x;y".into())))
    );
}

#[test]
fn empty_migrations_run() {
    for dialect in [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql] {
        let Some(db) = TestDb::new(dialect) else { continue };
        db.connect().execute_script("-- This is an empty migration.\n").unwrap();
    }
}

/// Prisma wraps each SQLite `DROP TABLE` in `PRAGMA foreign_keys=off` … `on`, which SQLite
/// ignores inside a transaction: the script must still drop a table other rows reference, and
/// the connection must check foreign keys again afterwards.
#[test]
fn sqlite_drops_a_referenced_table_with_rows_as_prisma_scripts_ask() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else { return };
    let mut conn = db.connect();
    conn.execute_script(
        "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY);
CREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"userId\" INTEGER NOT NULL,
    CONSTRAINT \"Post_userId_fkey\" FOREIGN KEY (\"userId\") REFERENCES \"User\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE);
INSERT INTO \"User\" (\"id\") VALUES (1);
INSERT INTO \"Post\" (\"id\", \"userId\") VALUES (1, 1);",
    )
    .unwrap();
    conn.execute_script(
        "-- DropTable\nPRAGMA foreign_keys=off;\nDROP TABLE \"User\";\nPRAGMA foreign_keys=on;\n\n-- DropTable\nPRAGMA foreign_keys=off;\nDROP TABLE \"Post\";\nPRAGMA foreign_keys=on;\n",
    )
    .unwrap();
    assert_eq!(table_names(&db), Vec::<TableName>::new());
    conn.execute_script(
        "CREATE TABLE \"A\" (\"id\" INTEGER NOT NULL PRIMARY KEY);
CREATE TABLE \"B\" (\"a\" INTEGER NOT NULL REFERENCES \"A\" (\"id\"));",
    )
    .unwrap();
    let error = conn.execute_script("INSERT INTO \"B\" (\"a\") VALUES (7);").unwrap_err();
    assert!(error.to_string().contains("FOREIGN KEY"), "{error}");
}

testkit::on_dialects!(sqlite_and_postgres: sqlite postgres =>
    failing_script_changes_nothing,
);
