//! Shadow databases and emptying a database, on real databases: the history replayed gives the
//! tables it creates, a failing script is P3006, temporary databases are gone afterwards, and
//! `reset_database` leaves nothing behind.

mod common;

use common::{scalar, TestDb};
use db::{Connection, Dialect};
use migrate::{
    deploy, reset_database, schema_of_history, write_migration, MigrateError, MigrationsFolder, NewMigration,
    ReplayOptions, ShadowDatabase, TemporaryDatabase, Timestamp,
};
use time::macros::datetime;

const USERS: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(191) NOT NULL);\n";
const POSTS: &str = "CREATE TABLE posts (id INTEGER PRIMARY KEY, author INTEGER REFERENCES users (id));\nCREATE VIEW post_ids AS SELECT id FROM posts;\n";

fn write(db: &TestDb, scripts: &[(&str, &str)]) -> MigrationsFolder {
    for (i, (name, script)) in scripts.iter().enumerate() {
        let created_at = Timestamp::from(datetime!(2024-01-01 00:00:00 UTC) + time::Duration::minutes(i as i64));
        write_migration(&db.migrations(), &NewMigration { created_at, name, script, down: None }).unwrap();
    }
    MigrationsFolder::read(&db.migrations()).unwrap()
}

fn table_names(schema: &sql_schema::SqlSchema) -> Vec<String> {
    schema.tables.iter().map(|t| t.name.as_str().to_owned()).collect()
}

/// Shadow databases of the server `db` is on.
fn temporary_databases(conn: &mut Connection) -> Vec<String> {
    let sql = match conn.dialect() {
        Dialect::Postgres => "SELECT datname::text FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
        Dialect::Mysql => "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata WHERE schema_name LIKE 'prisma_migrate_shadow_db_%'",
        Dialect::Sqlite => return Vec::new(),
    };
    conn.query_text(sql).unwrap().into_iter().filter_map(|row| row.into_iter().next().flatten()).collect()
}

fn history_replays_on_a_temporary_database(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write(&db, &[("users", USERS), ("posts", POSTS)]);
    let schema = schema_of_history(&folder, &db.url, &ShadowDatabase::Temporary, &ReplayOptions::default()).unwrap();
    assert_eq!(table_names(&schema), ["posts", "users"]);
    // The main database is untouched.
    let mut conn = db.connect();
    assert_eq!(conn.describe(&[]).unwrap().tables.len(), 0);

    let broken = write(&db, &[("broken", "INSERT INTO missing_table VALUES (1);\n")]);
    let error = schema_of_history(&broken, &db.url, &ShadowDatabase::Temporary, &ReplayOptions::default()).unwrap_err();
    assert_eq!(error.prisma_code(), Some("P3006"), "{error}");
    assert!(
        error
            .to_string()
            .starts_with("Migration `20240101000000_broken` failed to apply cleanly to the shadow database."),
        "{error}"
    );
    conn.close();
}

fn a_temporary_database_is_dropped_with_its_guard(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let temporary = TemporaryDatabase::create(&db.url).unwrap();
    let name = temporary.name().to_owned();
    assert!(name.starts_with("prisma_migrate_shadow_db_"));
    let mut conn = db.connect();
    assert!(temporary_databases(&mut conn).contains(&name));
    let mut inside = Connection::connect(temporary.url()).unwrap();
    inside.execute_raw("CREATE TABLE t (id INTEGER)").unwrap();
    // A session still open on it does not keep it alive.
    drop(temporary);
    assert!(!temporary_databases(&mut conn).contains(&name));
    conn.close();
}

fn a_configured_shadow_database_is_emptied_and_not_the_main_one(dialect: Dialect) {
    let (Some(main), Some(shadow)) = (TestDb::new(dialect), TestDb::new(dialect)) else { return };
    let folder = write(&main, &[("users", USERS)]);
    let configured = ShadowDatabase::Configured(main.url.clone());
    if dialect != Dialect::Sqlite {
        let error = schema_of_history(&folder, &main.url, &configured, &ReplayOptions::default()).unwrap_err();
        assert_eq!(error, MigrateError::ShadowIsMain);
    }
    let mut conn = shadow.connect();
    conn.execute_raw("CREATE TABLE leftover (id INTEGER)").unwrap();
    let configured = ShadowDatabase::Configured(shadow.url.clone());
    let schema = schema_of_history(&folder, &main.url, &configured, &ReplayOptions::default()).unwrap();
    assert_eq!(table_names(&schema), ["users"]);
    conn.close();
}

fn reset_leaves_nothing(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write(&db, &[("users", USERS), ("posts", POSTS)]);
    let mut conn = db.connect();
    deploy(&mut conn, &folder).unwrap();
    reset_database(&mut conn, &[]).unwrap();
    let tables = match dialect {
        Dialect::Postgres => "SELECT count(*)::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'",
        Dialect::Mysql => "SELECT CAST(count(*) AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE()",
        Dialect::Sqlite => "SELECT CAST(count(*) AS TEXT) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
    };
    assert_eq!(scalar(&mut conn, tables).as_deref(), Some("0"));
    // And the history applies again from scratch.
    assert_eq!(deploy(&mut conn, &folder).unwrap().applied.len(), 2);
    conn.close();
}

testkit::on_dialects!(sqlite postgres mysql =>
    history_replays_on_a_temporary_database,
    a_configured_shadow_database_is_emptied_and_not_the_main_one,
    reset_leaves_nothing,
);

// SQLite's temporary shadow databases live in memory: nothing to drop.
testkit::on_dialects!(servers: postgres mysql => a_temporary_database_is_dropped_with_its_guard);
