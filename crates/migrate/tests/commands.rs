//! `deploy`, `status` and `resolve` on real databases: the rows they write, the errors they
//! return, and what a failing script leaves behind.

mod common;

use common::{scalar, TestDb};
use db::{Connection, Dialect};
use migrate::{
    checksum, deploy, provider_name, read_rows, resolve, status, write_lockfile, write_migration, MigrateError,
    MigrationsFolder, NewMigration, Resolution, Timestamp,
};
use time::macros::datetime;

const USERS: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(191) NOT NULL);\n";
const POSTS: &str =
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(191));\nCREATE INDEX posts_title ON posts (title);\n";
/// Creates a table, then fails.
const BROKEN: &str = "CREATE TABLE tags (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table (id) VALUES (1);\n";
const FIXED: &str = "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n";

fn at(day: u8) -> Timestamp {
    Timestamp::from(datetime!(2024-01-01 12:00:00 UTC).replace_day(day).unwrap())
}

/// Writes the migrations `(day, name, script)` and the lock file for the test's dialect.
fn write_folder(db: &TestDb, migrations: &[(u8, &str, &str)]) -> MigrationsFolder {
    let folder = db.migrations();
    write_lockfile(&folder, provider_name(db.dialect())).unwrap();
    for (day, name, script) in migrations {
        write_migration(&folder, &NewMigration { created_at: at(*day), name, script, down: None }).unwrap();
    }
    MigrationsFolder::read(&folder).unwrap()
}

fn table_exists(conn: &mut Connection, table: &str) -> bool {
    let sql = match conn.dialect() {
        Dialect::Postgres => format!("SELECT CAST(count(*) AS TEXT) FROM pg_tables WHERE schemaname = current_schema() AND tablename = '{table}'"),
        Dialect::Mysql => format!("SELECT CAST(count(*) AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '{table}'"),
        Dialect::Sqlite => format!("SELECT CAST(count(*) AS TEXT) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"),
    };
    scalar(conn, &sql).as_deref() == Some("1")
}

fn is_uuid_v4(id: &str) -> bool {
    let bytes = id.as_bytes();
    id.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-')
        && bytes[14] == b'4'
        && matches!(bytes[19], b'8' | b'9' | b'a' | b'b')
        && id.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
}

fn deploy_applies_in_order_and_records_each_row(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write_folder(&db, &[(2, "posts", POSTS), (1, "users", USERS)]);
    // `down.sql` is read beside the script and never run by `deploy`.
    std::fs::write(folder.migrations[0].path.join("down.sql"), "THIS IS NOT SQL;").unwrap();
    let folder = MigrationsFolder::read(&folder.path).unwrap();
    assert!(folder.migrations[0].down.is_some());
    let mut conn = db.connect();
    let before = Timestamp::now();
    let report = deploy(&mut conn, &folder).unwrap();
    assert_eq!(report.applied, ["20240101120000_users", "20240102120000_posts"]);
    assert!(table_exists(&mut conn, "users") && table_exists(&mut conn, "posts"));

    let rows = read_rows(&mut conn).unwrap().expect("the history table exists");
    assert_eq!(rows.len(), 2);
    for (row, (name, script)) in rows.iter().zip([("20240101120000_users", USERS), ("20240102120000_posts", POSTS)]) {
        assert_eq!(row.migration_name, name);
        assert_eq!(row.checksum, checksum(script));
        assert!(is_uuid_v4(&row.id), "{}", row.id);
        assert_eq!(row.logs, None);
        assert_eq!(row.rolled_back_at, None);
        assert_eq!(row.applied_steps_count, 1);
        let finished = row.finished_at.expect("finished");
        // MySQL keeps milliseconds, SQLite rows keep milliseconds as Prisma writes them.
        assert!(row.started_at.unix_millis() >= before.unix_millis() && finished >= row.started_at, "{row:?}");
    }

    assert_eq!(deploy(&mut conn, &folder).unwrap().applied, Vec::<String>::new());
    let report = status(&mut conn, &folder).unwrap();
    assert!(report.is_up_to_date(), "{report:?}");
    assert_eq!(report.applied, report.local);
}

fn a_failed_migration_is_recorded_and_blocks_deploy_until_resolved(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let mut folder = write_folder(&db, &[(1, "users", USERS), (2, "broken", BROKEN)]);
    let mut conn = db.connect();

    let error = deploy(&mut conn, &folder).unwrap_err();
    assert_eq!(error.prisma_code(), Some("P3018"), "{error}");
    let MigrateError::MigrationFailed { name, .. } = &error else { panic!("{error:?}") };
    assert_eq!(name, "20240102120000_broken");
    assert!(error.to_string().contains("Migration name: 20240102120000_broken"), "{error}");
    // One transaction per script on PostgreSQL and SQLite; MySQL cannot roll back DDL.
    assert_eq!(table_exists(&mut conn, "tags"), dialect == Dialect::Mysql);

    let rows = read_rows(&mut conn).unwrap().unwrap();
    let failed = &rows[1];
    assert_eq!(failed.migration_name, "20240102120000_broken");
    assert_eq!((failed.finished_at, failed.rolled_back_at, failed.applied_steps_count), (None, None, 0));
    assert!(failed.logs.as_deref().is_some_and(|logs| logs.contains("no_such_table")), "{failed:?}");

    let blocked = deploy(&mut conn, &folder).unwrap_err();
    assert_eq!(blocked.prisma_code(), Some("P3009"));
    assert!(
        blocked
            .to_string()
            .contains(&format!("The `20240102120000_broken` migration started at {} failed", failed.started_at)),
        "{blocked}"
    );
    let report = status(&mut conn, &folder).unwrap();
    assert_eq!(report.failed.len(), 1);
    assert!(!report.is_up_to_date());

    let code = |r: Result<(), MigrateError>| r.map_err(|e| e.prisma_code());
    let rolled_back = |name: &str| Resolution::RolledBack(name.to_owned());
    assert_eq!(code(resolve(&mut conn, &folder, &rolled_back("20240101120000_users"))), Err(Some("P3012")));
    assert_eq!(code(resolve(&mut conn, &folder, &rolled_back("20240109120000_nope"))), Err(Some("P3011")));
    resolve(&mut conn, &folder, &rolled_back("20240102120000_broken")).unwrap();
    // Again: nothing left to roll back, and Prisma says nothing either.
    resolve(&mut conn, &folder, &rolled_back("20240102120000_broken")).unwrap();
    let rows = read_rows(&mut conn).unwrap().unwrap();
    assert!(rows[1].rolled_back_at.is_some());

    // Fixed by hand on MySQL, where the table stayed; the fixed script applies.
    if dialect == Dialect::Mysql {
        conn.execute_raw("DROP TABLE tags").unwrap();
    }
    std::fs::write(folder.migrations[1].path.join("migration.sql"), FIXED).unwrap();
    folder = MigrationsFolder::read(&folder.path).unwrap();
    assert_eq!(deploy(&mut conn, &folder).unwrap().applied, ["20240102120000_broken"]);
    let rows = read_rows(&mut conn).unwrap().unwrap();
    assert_eq!(rows.len(), 3, "the failed attempt stays as history: {rows:?}");
    assert!(rows[2].finished_at.is_some() && rows[2].checksum == checksum(FIXED));
    assert!(status(&mut conn, &folder).unwrap().is_up_to_date());
}

fn resolve_applied_baselines_a_database_that_is_not_empty(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write_folder(&db, &[(1, "users", USERS), (2, "posts", POSTS)]);
    let mut conn = db.connect();
    conn.execute_script(USERS).unwrap();

    let error = deploy(&mut conn, &folder).unwrap_err();
    assert_eq!(error.prisma_code(), Some("P3005"), "{error}");
    let report = status(&mut conn, &folder).unwrap();
    assert!(!report.history_table_exists);
    assert_eq!(report.unapplied, report.local);

    let applied = |name: &str| Resolution::Applied(name.to_owned());
    let error = resolve(&mut conn, &folder, &applied("20240109120000_nope")).unwrap_err();
    assert_eq!(error.prisma_code(), Some("P3017"));
    let before = Timestamp::now();
    resolve(&mut conn, &folder, &applied("20240101120000_users")).unwrap();
    let rows = read_rows(&mut conn).unwrap().unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.checksum, checksum(USERS));
    assert_eq!(row.logs.as_deref(), Some(""));
    assert_eq!(row.finished_at, Some(row.started_at));
    assert_eq!(row.applied_steps_count, 0);
    assert!(row.started_at.unix_millis() >= before.unix_millis());

    let error = resolve(&mut conn, &folder, &applied("20240101120000_users")).unwrap_err();
    assert_eq!(error.prisma_code(), Some("P3008"));
    assert_eq!(deploy(&mut conn, &folder).unwrap().applied, ["20240102120000_posts"]);
}

fn resolve_applied_after_a_failure_rolls_the_attempt_back(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write_folder(&db, &[(1, "broken", BROKEN)]);
    let mut conn = db.connect();
    assert_eq!(deploy(&mut conn, &folder).unwrap_err().prisma_code(), Some("P3018"));
    resolve(&mut conn, &folder, &Resolution::Applied("20240101120000_broken".into())).unwrap();
    let rows = read_rows(&mut conn).unwrap().unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].rolled_back_at.is_some() && rows[0].finished_at.is_none());
    assert!(rows[1].is_applied() && rows[1].logs.as_deref() == Some(""));
    assert!(status(&mut conn, &folder).unwrap().is_up_to_date());
}

fn status_reports_edits_and_migrations_missing_locally(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write_folder(&db, &[(1, "users", USERS), (2, "posts", POSTS)]);
    let mut conn = db.connect();
    deploy(&mut conn, &folder).unwrap();

    // Line endings only: not an edit.
    let users = folder.migrations[0].path.join("migration.sql");
    std::fs::write(&users, USERS.replace('\n', "\r\n")).unwrap();
    let report = status(&mut conn, &MigrationsFolder::read(&folder.path).unwrap()).unwrap();
    assert!(report.is_up_to_date(), "{report:?}");

    std::fs::write(&users, format!("{USERS}-- edited\n")).unwrap();
    std::fs::remove_dir_all(&folder.migrations[1].path).unwrap();
    write_migration(&folder.path, &NewMigration { created_at: at(3), name: "later", script: FIXED, down: None })
        .unwrap();
    let report = status(&mut conn, &MigrationsFolder::read(&folder.path).unwrap()).unwrap();
    assert_eq!(report.edited, ["20240101120000_users"]);
    assert_eq!(report.missing_locally, ["20240102120000_posts"]);
    assert_eq!(report.unapplied, ["20240103120000_later"]);
    assert_eq!(report.applied, ["20240101120000_users"]);
}

fn a_lock_file_for_another_provider_is_refused(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write_folder(&db, &[(1, "users", USERS)]);
    let other = if dialect == Dialect::Sqlite { "postgresql" } else { "sqlite" };
    write_lockfile(&folder.path, other).unwrap();
    let folder = MigrationsFolder::read(&folder.path).unwrap();
    let mut conn = db.connect();
    let error = deploy(&mut conn, &folder).unwrap_err();
    assert_eq!(error.prisma_code(), Some("P3019"));
    assert_eq!(
        error.to_string(),
        format!(
            "The datasource provider `{}` specified in your schema does not match the one specified in the migration_lock.toml, `{other}`. Please remove your current migration directory and start a new migration history with prisma migrate dev. Read more: https://pris.ly/d/migrate-provider-switch",
            provider_name(dialect)
        )
    );
    assert!(!table_exists(&mut conn, "_prisma_migrations"), "nothing happens before the check");
}

fn a_folder_without_a_script_fails_with_p3015(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write_folder(&db, &[(1, "users", USERS)]);
    std::fs::create_dir(folder.path.join("20240102120000_empty")).unwrap();
    let folder = MigrationsFolder::read(&folder.path).unwrap();
    let mut conn = db.connect();
    let error = deploy(&mut conn, &folder).unwrap_err();
    assert_eq!(error.prisma_code(), Some("P3015"), "{error}");
    assert_eq!(status(&mut conn, &folder).unwrap().missing_script, ["20240102120000_empty"]);
}

fn the_lock_is_held_while_commands_run(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let probe = match dialect {
        Dialect::Postgres => {
            "SELECT CAST(count(*) AS TEXT) FROM pg_locks WHERE locktype = 'advisory' AND objid = 72707369 AND granted"
        }
        Dialect::Mysql => "SELECT CAST(IS_USED_LOCK('prisma_migrate') IS NOT NULL AS CHAR)",
        Dialect::Sqlite => unreachable!("listed for the servers only"),
    };
    let mut conn = db.connect();
    let mut observer = db.connect();
    let held = migrate::with_lock(&mut conn, |_| Ok(scalar(&mut observer, probe))).unwrap();
    assert_eq!(held.as_deref(), Some("1"));
    assert_eq!(scalar(&mut observer, probe).as_deref(), Some("0"), "let go afterwards");
}

fn concurrent_deploys_apply_each_migration_once(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write_folder(&db, &[(1, "users", USERS), (2, "posts", POSTS), (3, "tags", FIXED)]);
    let results: Vec<Vec<String>> = std::thread::scope(|scope| {
        let workers: Vec<_> =
            (0..3).map(|_| scope.spawn(|| deploy(&mut db.connect(), &folder).map(|report| report.applied))).collect();
        workers.into_iter().map(|worker| worker.join().unwrap().unwrap()).collect()
    });
    let mut applied: Vec<String> = results.into_iter().flatten().collect();
    applied.sort();
    assert_eq!(applied, folder.migrations.iter().map(|m| m.name.clone()).collect::<Vec<_>>());
    assert_eq!(read_rows(&mut db.connect()).unwrap().unwrap().len(), 3);
}

fn the_history_table_is_prismas(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let mut conn = db.connect();
    migrate::create_history_table(&mut conn).unwrap();
    let sql = match dialect {
        Dialect::Sqlite => "SELECT sql FROM sqlite_master WHERE name = '_prisma_migrations'",
        Dialect::Postgres => {
            "SELECT string_agg(format('    %s %s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                    coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''),
                    CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END), E',\n' ORDER BY a.attnum)
             FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE a.attrelid = '_prisma_migrations'::regclass AND a.attnum > 0 AND NOT a.attisdropped"
        }
        Dialect::Mysql => "SELECT CAST(GROUP_CONCAT(CONCAT(column_name, ' ', column_type, ' ', is_nullable, ' ', COALESCE(column_default, '-'), ' ', COALESCE(collation_name, '-')) ORDER BY ordinal_position SEPARATOR '\n') AS CHAR) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '_prisma_migrations'",
    };
    let described = scalar(&mut conn, sql).expect("the table exists");
    let fixture = |provider: &str| {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/prisma_history_{provider}/table.sql",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };
    match dialect {
        Dialect::Sqlite => assert_eq!(format!("{described}\n"), fixture("sqlite")),
        Dialect::Postgres => {
            // pg_dump's column lines, as captured from the table Prisma created.
            let dumped = fixture("postgresql");
            let columns = dumped.split_once("(\n").unwrap().1.split_once("\n);").unwrap().0;
            assert_eq!(described, columns);
            let key = scalar(&mut conn, "SELECT conname::text FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass AND contype = 'p'");
            assert!(dumped.contains(&format!("ADD CONSTRAINT {} PRIMARY KEY (id)", key.unwrap())));
        }
        // No MySQL oracle: the columns as Prisma's source declares them.
        Dialect::Mysql => assert_eq!(
            described.replace("current_timestamp(3)", "CURRENT_TIMESTAMP(3)"),
            "id varchar(36) NO - utf8mb4_unicode_ci
checksum varchar(64) NO - utf8mb4_unicode_ci
finished_at datetime(3) YES NULL -
migration_name varchar(255) NO - utf8mb4_unicode_ci
logs text YES NULL utf8mb4_unicode_ci
rolled_back_at datetime(3) YES NULL -
started_at datetime(3) NO CURRENT_TIMESTAMP(3) -
applied_steps_count int(10) unsigned NO 0 -"
        ),
    }
}

testkit::on_dialects!(sqlite postgres mysql =>
    deploy_applies_in_order_and_records_each_row,
    a_failed_migration_is_recorded_and_blocks_deploy_until_resolved,
    resolve_applied_baselines_a_database_that_is_not_empty,
    resolve_applied_after_a_failure_rolls_the_attempt_back,
    status_reports_edits_and_migrations_missing_locally,
    a_lock_file_for_another_provider_is_refused,
    a_folder_without_a_script_fails_with_p3015,
    the_history_table_is_prismas,
);

// SQLite takes no lock of its own (nor does Prisma on SQLite).
testkit::on_dialects!(locks: postgres mysql =>
    the_lock_is_held_while_commands_run,
    concurrent_deploys_apply_each_migration_once,
);

/// `?schema=` on PostgreSQL: the schema is created when missing and the history goes into it.
#[test]
fn postgres_deploys_into_the_urls_schema() {
    let Some(db) = TestDb::new(Dialect::Postgres) else { return };
    let separator = if db.url_text.contains('?') { '&' } else { '?' };
    let url =
        db::DbUrl::parse(&format!("{}{separator}schema=Shop%20Data", db.url_text), std::path::Path::new(".")).unwrap();
    let folder = write_folder(&db, &[(1, "users", USERS)]);
    let mut conn = Connection::connect(&url).unwrap();
    assert_eq!(deploy(&mut conn, &folder).unwrap().applied, ["20240101120000_users"]);
    let tables = scalar(
        &mut conn,
        "SELECT string_agg(tablename::text, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'Shop Data'",
    );
    assert_eq!(tables.as_deref(), Some("_prisma_migrations,users"));
    assert!(status(&mut conn, &folder).unwrap().is_up_to_date());
}
