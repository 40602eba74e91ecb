//! `down`, `plan_down`, `history_after_down` and `undo_failed` on real databases: what they roll
//! back, what they record, what they refuse before changing anything, and the lock they take.

mod common;

use common::TestDb;
use db::{Connection, Dialect};
use migrate::{
    deploy, down, history_after_down, plan_down, provider_name, read_rows, status, undo_failed, unresolved_failure,
    write_lockfile, write_migration, DownRange, MigrateError, MigrationsFolder, NewMigration, Timestamp,
};
use time::macros::datetime;

const USERS: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(191) NOT NULL);\n";
const USERS_DOWN: &str = "-- DropTable\nDROP TABLE users;\n";
const POSTS: &str = "CREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(191));\n";
const POSTS_DOWN: &str = "DROP TABLE posts";
const TAGS: &str = "CREATE TABLE tags (id INTEGER PRIMARY KEY);\nCREATE TABLE labels (id INTEGER PRIMARY KEY);\n";
const TAGS_DOWN: &str = "DROP TABLE labels;\nDROP TABLE tags;\n-- trailing comment without a line break";

const USERS_NAME: &str = "20240101120000_users";
const POSTS_NAME: &str = "20240102120000_posts";
const TAGS_NAME: &str = "20240103120000_tags";

fn at(day: u8) -> Timestamp {
    Timestamp::from(datetime!(2024-01-01 12:00:00 UTC).replace_day(day).unwrap())
}

/// Writes the migrations `(day, name, script, down)` and the lock file for the test's dialect.
fn write_folder(db: &TestDb, migrations: &[(u8, &str, &str, Option<&str>)]) -> MigrationsFolder {
    let folder = db.migrations();
    write_lockfile(&folder, provider_name(db.dialect())).unwrap();
    for (day, name, script, down) in migrations {
        write_migration(&folder, &NewMigration { created_at: at(*day), name, script, down: *down }).unwrap();
    }
    MigrationsFolder::read(&folder).unwrap()
}

fn three(db: &TestDb) -> MigrationsFolder {
    write_folder(
        db,
        &[
            (1, "users", USERS, Some(USERS_DOWN)),
            (2, "posts", POSTS, Some(POSTS_DOWN)),
            (3, "tags", TAGS, Some(TAGS_DOWN)),
        ],
    )
}

fn tables(conn: &mut Connection) -> Vec<String> {
    let sql = match conn.dialect() {
        Dialect::Postgres => "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
        Dialect::Mysql => {
            "SELECT CAST(table_name AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1"
        }
        Dialect::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1",
    };
    conn.query_text(sql).unwrap().into_iter().filter_map(|row| row.into_iter().next().flatten()).collect()
}

/// The history as `(name, finished, rolled back)` per row, oldest first.
fn history(conn: &mut Connection) -> Vec<(String, bool, bool)> {
    read_rows(conn)
        .unwrap()
        .unwrap_or_default()
        .into_iter()
        .map(|row| (row.migration_name, row.finished_at.is_some(), row.rolled_back_at.is_some()))
        .collect()
}

fn down_rolls_back_newest_first_and_deploy_reapplies(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = three(&db);
    let mut conn = db.connect();
    deploy(&mut conn, &folder).unwrap();

    let planned = plan_down(&mut conn, &folder, &DownRange::Steps(2)).unwrap();
    let names: Vec<&str> = planned.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, [TAGS_NAME, POSTS_NAME]);
    assert_eq!(planned[0].script, TAGS_DOWN);

    let report = down(&mut conn, &folder, &DownRange::Steps(2)).unwrap();
    assert_eq!(report.rolled_back, [TAGS_NAME, POSTS_NAME]);
    assert_eq!(tables(&mut conn), ["_prisma_migrations", "users"]);
    assert_eq!(
        history(&mut conn),
        [(USERS_NAME.into(), true, false), (POSTS_NAME.into(), true, true), (TAGS_NAME.into(), true, true)]
    );

    let report = status(&mut conn, &folder).unwrap();
    assert_eq!(report.applied, [USERS_NAME]);
    assert_eq!(report.unapplied, [POSTS_NAME, TAGS_NAME]);
    assert!(report.failed.is_empty() && report.missing_locally.is_empty());

    assert_eq!(deploy(&mut conn, &folder).unwrap().applied, [POSTS_NAME, TAGS_NAME]);
    assert_eq!(tables(&mut conn), ["_prisma_migrations", "labels", "posts", "tags", "users"]);
    assert_eq!(history(&mut conn).len(), 5, "re-applying adds rows, as Prisma does");
    assert!(status(&mut conn, &folder).unwrap().is_up_to_date());

    // A second round works on the new rows.
    assert_eq!(down(&mut conn, &folder, &DownRange::Steps(1)).unwrap().rolled_back, [TAGS_NAME]);
    assert_eq!(status(&mut conn, &folder).unwrap().unapplied, [TAGS_NAME]);
    conn.close();
}

fn down_to_keeps_the_named_migration(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = three(&db);
    let mut conn = db.connect();
    deploy(&mut conn, &folder).unwrap();

    let kept = history_after_down(&mut conn, &folder, &DownRange::To(USERS_NAME.into())).unwrap();
    assert_eq!(kept.migrations.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), [USERS_NAME]);
    assert_eq!(plan_down(&mut conn, &folder, &DownRange::To(TAGS_NAME.into())).unwrap(), vec![]);

    let report = down(&mut conn, &folder, &DownRange::To(USERS_NAME.into())).unwrap();
    assert_eq!(report.rolled_back, [TAGS_NAME, POSTS_NAME]);
    assert_eq!(tables(&mut conn), ["_prisma_migrations", "users"]);

    let report = down(&mut conn, &folder, &DownRange::All).unwrap();
    assert_eq!(report.rolled_back, [USERS_NAME]);
    assert_eq!(tables(&mut conn), ["_prisma_migrations"]);
    assert_eq!(status(&mut conn, &folder).unwrap().unapplied, [USERS_NAME, POSTS_NAME, TAGS_NAME]);
    assert_eq!(down(&mut conn, &folder, &DownRange::All).unwrap().rolled_back, Vec::<String>::new());
    conn.close();
}

/// Every refusal leaves the tables and the history as they were.
fn refusals_change_nothing(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = write_folder(
        &db,
        &[(1, "users", USERS, Some(USERS_DOWN)), (2, "posts", POSTS, None), (3, "tags", TAGS, Some(TAGS_DOWN))],
    );
    let mut conn = db.connect();
    deploy(&mut conn, &folder).unwrap();
    let tables_before = tables(&mut conn);
    let history_before = history(&mut conn);
    let unchanged = |conn: &mut Connection, error: MigrateError| {
        assert_eq!(tables(conn), tables_before, "{error}");
        assert_eq!(history(conn), history_before, "{error}");
        error
    };

    let error = down(&mut conn, &folder, &DownRange::Steps(2)).unwrap_err();
    let error = unchanged(&mut conn, error);
    let posts_down = db.migrations().join(POSTS_NAME).join("down.sql");
    assert_eq!(error, MigrateError::DownScriptsMissing { paths: vec![posts_down] });
    assert!(error.to_string().contains(&format!("ebb migrate down --generate {POSTS_NAME}")), "{error}");
    // One step does not reach the migration without down.sql.
    assert_eq!(plan_down(&mut conn, &folder, &DownRange::Steps(1)).unwrap().len(), 1);

    let error = down(&mut conn, &folder, &DownRange::Steps(4)).unwrap_err();
    let error = unchanged(&mut conn, error);
    assert_eq!(error, MigrateError::DownTooManySteps { requested: 4, applied: 3 });
    assert_eq!(error.to_string(), "cannot roll back 4 migration(s): 3 are applied; nothing was changed");

    let error = down(&mut conn, &folder, &DownRange::To("20240101120000_nope".into())).unwrap_err();
    let error = unchanged(&mut conn, error);
    assert_eq!(error, MigrateError::DownTargetNotApplied { name: "20240101120000_nope".into() });

    // Edited since applied.
    std::fs::write(db.migrations().join(TAGS_NAME).join("migration.sql"), "CREATE TABLE tags (id INTEGER);\n").unwrap();
    let edited = MigrationsFolder::read(&folder.path).unwrap();
    let error = down(&mut conn, &edited, &DownRange::Steps(1)).unwrap_err();
    let error = unchanged(&mut conn, error);
    assert_eq!(error, MigrateError::DownMigrationsEdited { names: vec![TAGS_NAME.into()] });
    assert!(error.to_string().contains("restore the applied version"), "{error}");
    // Line endings aside, the checksum still matches, as `status` treats it.
    std::fs::write(db.migrations().join(TAGS_NAME).join("migration.sql"), TAGS.replace('\n', "\r\n")).unwrap();
    let crlf = MigrationsFolder::read(&folder.path).unwrap();
    assert_eq!(plan_down(&mut conn, &crlf, &DownRange::Steps(1)).unwrap().len(), 1);

    // Missing from the folder.
    std::fs::remove_dir_all(db.migrations().join(TAGS_NAME)).unwrap();
    let missing = MigrationsFolder::read(&folder.path).unwrap();
    let error = down(&mut conn, &missing, &DownRange::Steps(1)).unwrap_err();
    let error = unchanged(&mut conn, error);
    assert_eq!(error, MigrateError::DownMigrationsMissing { names: vec![TAGS_NAME.into()] });
    conn.close();
}

/// A down script that fails: PostgreSQL and SQLite keep nothing of it and the migration stays
/// applied; MySQL keeps the statements before the failing one, and the row stays applied too.
fn a_failing_down_script_names_the_migration_and_statement(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let broken = "DROP TABLE labels;\nDROP TABLE no_such_table;\nDROP TABLE tags;\n";
    let folder = write_folder(&db, &[(1, "users", USERS, Some(USERS_DOWN)), (3, "tags", TAGS, Some(broken))]);
    let mut conn = db.connect();
    deploy(&mut conn, &folder).unwrap();
    let error = down(&mut conn, &folder, &DownRange::All).unwrap_err();
    let MigrateError::DownFailed { name, .. } = &error else { panic!("{error:?}") };
    assert_eq!(name, TAGS_NAME);
    let text = error.to_string();
    assert!(text.starts_with(&format!("rolling back the migration `{TAGS_NAME}` failed: ")), "{text}");
    assert!(text.contains("no_such_table"), "{text}");
    let expected_tables: &[&str] = match dialect {
        Dialect::Mysql => &["_prisma_migrations", "tags", "users"],
        _ => &["_prisma_migrations", "labels", "tags", "users"],
    };
    assert_eq!(tables(&mut conn), expected_tables);
    assert_eq!(history(&mut conn), [(USERS_NAME.into(), true, false), (TAGS_NAME.into(), true, false)]);
    conn.close();
}

/// An unresolved failed attempt blocks the plan; `undo_failed` runs the given SQL and marks the
/// attempt rolled back, after which `deploy` retries it. On MySQL the attempt is really half
/// applied: its first statement stays.
fn a_failed_attempt_is_undone_then_redeployed(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let half = "CREATE TABLE tags (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table (id) VALUES (1);\n";
    let folder =
        write_folder(&db, &[(1, "users", USERS, Some(USERS_DOWN)), (3, "tags", half, Some("DROP TABLE tags;"))]);
    let mut conn = db.connect();
    deploy(&mut conn, &folder).unwrap_err();
    let left_behind = if dialect == Dialect::Mysql {
        vec!["_prisma_migrations", "tags", "users"]
    } else {
        vec!["_prisma_migrations", "users"]
    };
    assert_eq!(tables(&mut conn), left_behind);

    let error = plan_down(&mut conn, &folder, &DownRange::Steps(1)).unwrap_err();
    assert_eq!(error, MigrateError::DownAfterFailed { name: TAGS_NAME.into() });
    let error = down(&mut conn, &folder, &DownRange::Steps(1)).unwrap_err();
    assert_eq!(error, MigrateError::DownAfterFailed { name: TAGS_NAME.into() });
    assert_eq!(tables(&mut conn), left_behind, "refused before changing anything");

    let failed = unresolved_failure(&mut conn).unwrap().expect("the failed attempt");
    assert_eq!(failed.migration_name, TAGS_NAME);
    // The state before it: every applied migration.
    let before = history_after_down(&mut conn, &folder, &DownRange::Steps(0)).unwrap();
    assert_eq!(before.migrations.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), [USERS_NAME]);

    let undo = if dialect == Dialect::Mysql { "DROP TABLE tags;\n" } else { "" };
    undo_failed(&mut conn, TAGS_NAME, undo).unwrap();
    assert_eq!(tables(&mut conn), ["_prisma_migrations", "users"]);
    assert_eq!(unresolved_failure(&mut conn).unwrap(), None);
    assert_eq!(history(&mut conn), [(USERS_NAME.into(), true, false), (TAGS_NAME.into(), false, true)]);
    assert_eq!(status(&mut conn, &folder).unwrap().unapplied, [TAGS_NAME]);
    assert!(matches!(undo_failed(&mut conn, TAGS_NAME, ""), Err(MigrateError::RollbackSucceeded { .. })));

    // Fixed, then deployed again.
    std::fs::write(
        db.migrations().join(TAGS_NAME).join("migration.sql"),
        "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n",
    )
    .unwrap();
    let fixed = MigrationsFolder::read(&folder.path).unwrap();
    assert_eq!(deploy(&mut conn, &fixed).unwrap().applied, [TAGS_NAME]);
    assert_eq!(down(&mut conn, &fixed, &DownRange::Steps(1)).unwrap().rolled_back, [TAGS_NAME]);
    assert_eq!(tables(&mut conn), ["_prisma_migrations", "users"]);
    conn.close();
}

testkit::on_dialects!(sqlite postgres mysql =>
    down_rolls_back_newest_first_and_deploy_reapplies,
    down_to_keeps_the_named_migration,
    refusals_change_nothing,
    a_failing_down_script_names_the_migration_and_statement,
    a_failed_attempt_is_undone_then_redeployed,
);

/// `down` waits for the lock `deploy` takes (PostgreSQL's advisory lock, MySQL's named lock).
fn down_waits_for_the_deploy_lock(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = three(&db);
    let mut conn = db.connect();
    deploy(&mut conn, &folder).unwrap();
    let mut holder = db.connect();
    let (lock, unlock) = match dialect {
        Dialect::Postgres => ("SELECT pg_advisory_lock(72707369)", "SELECT pg_advisory_unlock(72707369)"),
        _ => ("SELECT GET_LOCK('prisma_migrate', 10)", "SELECT RELEASE_LOCK('prisma_migrate')"),
    };
    holder.execute_raw(lock).unwrap();
    let worker = std::thread::spawn(move || {
        let report = down(&mut conn, &folder, &DownRange::Steps(1));
        conn.close();
        report
    });
    std::thread::sleep(std::time::Duration::from_millis(700));
    assert!(!worker.is_finished(), "down ran while another session held the lock");
    assert!(tables(&mut holder).contains(&"tags".to_owned()));
    holder.execute_raw(unlock).unwrap();
    assert_eq!(worker.join().unwrap().unwrap().rolled_back, [TAGS_NAME]);
    assert!(!tables(&mut holder).contains(&"tags".to_owned()));
    assert_eq!(history(&mut holder).iter().filter(|(_, _, rolled_back)| *rolled_back).count(), 1);
    holder.close();
}

mod lock {
    #[test]
    fn postgres() {
        super::down_waits_for_the_deploy_lock(db::Dialect::Postgres)
    }
    #[test]
    fn mysql() {
        super::down_waits_for_the_deploy_lock(db::Dialect::Mysql)
    }
}
