//! `ebb migrate down` as a user runs it, on SQLite, PostgreSQL and MariaDB: what it prints,
//! refuses and records; undoing a failed (on MariaDB half-applied) migration; and `kill -9`
//! in the middle of a rollback leaving PostgreSQL and SQLite at a migration boundary.
//!
//! Server tests say that they were skipped when their variable is unset, and fail under
//! `CI=true`. These tests create temporary shadow databases, so they run in nextest's
//! `shadow-databases` group.

mod support;

use db::Dialect;
use migrate::{MigrationsFolder, ReplayOptions, ShadowDatabase};
use std::time::{Duration, Instant};
use support::{parse, Project, TestDb};

/// Step 0: users; step 1: a `name` column and a posts table.
fn schema(dialect: Dialect, step: usize) -> String {
    let mut text = format!(
        "datasource db {{\n  provider = \"{}\"\n}}\n\nmodel User {{\n  id    Int    @id @default(autoincrement())\n  email String @unique\n{}}}\n",
        migrate::provider_name(dialect),
        if step >= 1 { "  name  String?\n" } else { "" },
    );
    if step >= 1 {
        text += "\nmodel Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n";
    }
    text
}

/// `migrate dev` writes two migrations with their down; `migrate down` shows, refuses without
/// a terminal when data would be lost, rolls back with `--force`; `status` lists the migration
/// as pending and `deploy` applies it again; `--to` and `--all` roll back the rest (empty
/// tables: nothing lost, no --force needed).
fn down_walk(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project = Project::on(&db, &schema(dialect, 0));
    project.run(&["migrate", "dev", "--name", "init"]).expect(0);
    project.write_schema(&schema(dialect, 1));
    project.run(&["migrate", "dev", "--name", "posts"]).expect(0);
    let names = project.migration_names();
    let (init, posts) = (&names[0], &names[1]);
    db.execute(&"INSERT INTO Post (title) VALUES ('kept')".replace("Post", &quote(dialect, "Post")));
    let all_tables = db.table_names();

    let run = project.run(&["migrate", "down", "--dry-run"]).expect(0);
    assert!(run.stdout.starts_with("Datasource \"db\": "), "{}", run.stdout);
    assert!(
        run.stdout.contains(&format!(
            "The following migration(s) will be rolled back, newest first:\n\nprisma/migrations/\n  └─ {posts}/\n    └─ down.sql\n"
        )),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(&format!("\n-- {posts}\n")), "{}", run.stdout);
    assert!(run.stdout.contains("DROP TABLE"), "{}", run.stdout);
    assert!(run.stdout.ends_with("\nDry run: nothing was changed.\n"), "{}", run.stdout);
    assert_eq!(db.table_names(), all_tables);

    let run = project.run(&["migrate", "down"]).expect(1);
    assert!(run.stdout.contains("will lose data"), "{}", run.stdout);
    assert!(run.stdout.contains("You are about to drop the `Post` table"), "{}", run.stdout);
    assert!(run.stderr.contains("ebb: rolling back loses data and there is no terminal"), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(db.table_names(), all_tables, "refused before changing anything");

    let run = project.run(&["migrate", "down", "--force"]).expect(0);
    assert!(
        run.stdout.contains(&format!("have been rolled back:\n\nprisma/migrations/\n  └─ {posts}/\n")),
        "{}",
        run.stdout
    );
    assert_eq!(db.table_names(), ["User"]);
    let run = project.run(&["migrate", "status"]).expect(1);
    assert!(
        run.stdout.contains(&format!("Following migration have not yet been applied:\n{posts}\n")),
        "{}",
        run.stdout
    );
    project.run(&["migrate", "deploy"]).expect(0);
    assert_eq!(db.table_names(), all_tables);
    project.run(&["migrate", "status"]).expect(0);

    // `--to` takes the name after the timestamp too; nothing to lose when rolling back to the
    // latest.
    let run = project.run(&["migrate", "down", "--to", posts]).expect(0);
    assert!(run.stdout.contains("No migration to roll back."), "{}", run.stdout);
    project.run(&["migrate", "down", "--to", "init", "--force"]).expect(0);
    assert_eq!(db.table_names(), ["User"]);
    let run = project.run(&["migrate", "down", "--steps", "2"]).expect(1);
    assert!(run.stderr.contains("ebb: cannot roll back 2 migration(s): 1 is applied"), "{}", run.stderr);
    // `User` holds no rows: dropping it loses nothing, so no --force is needed.
    project.run(&["migrate", "down", "--all"]).expect(0);
    assert!(db.table_names().is_empty(), "{:?}", db.table_names());
    assert_eq!(
        db.history().iter().filter(|(_, _, rolled_back)| *rolled_back).count(),
        3,
        "posts twice, init once: {:?}",
        db.history()
    );
    let run = project.run(&["migrate", "status"]).expect(1);
    assert!(run.stdout.contains(&format!("{init}\n{posts}\n")), "{}", run.stdout);
}

fn quote(dialect: Dialect, name: &str) -> String {
    if dialect == Dialect::Mysql {
        format!("`{name}`")
    } else {
        format!("\"{name}\"")
    }
}

/// A migration without down.sql, and one edited since applied, are refused with advice.
fn refusals(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project = Project::on(&db, &schema(dialect, 0));
    project.write_lock_file(dialect);
    project.write_migration("20240101000000_a", "CREATE TABLE a (id INTEGER PRIMARY KEY);\n", None);
    project.run(&["migrate", "deploy"]).expect(0);
    let run = project.run(&["migrate", "down", "--force"]).expect(1);
    assert!(run.stderr.contains("ebb: cannot roll back: these migrations have no down.sql:"), "{}", run.stderr);
    assert!(run.stderr.contains("`ebb migrate down --generate 20240101000000_a`"), "{}", run.stderr);
    std::fs::write(project.migrations().join("20240101000000_a/down.sql"), "DROP TABLE a;\n")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(project.migrations().join("20240101000000_a/migration.sql"), "CREATE TABLE a (id INTEGER);\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let run = project.run(&["migrate", "down", "--force"]).expect(1);
    assert!(
        run.stderr.contains("the migration.sql of 20240101000000_a changed since it was applied"),
        "{}",
        run.stderr
    );
    assert_eq!(db.table_names(), ["a"]);
}

/// A migration fails half way (MariaDB keeps its first statements); `migrate down` undoes it
/// from the live schema, not from its down.sql (which here would fail), and `deploy` applies
/// the fixed migration again. PostgreSQL and SQLite left nothing behind: no SQL to run.
fn failed_migration_is_undone(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project = Project::on(&db, &schema(dialect, 0));
    project.run(&["migrate", "dev", "--name", "init"]).expect(0);
    let broken = "CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(20));\nCREATE INDEX tags_label ON tags (label);\nINSERT INTO no_such_table (id) VALUES (1);\n";
    project.write_migration("29990101000000_tags", broken, Some("DROP TABLE no_such_table;\n"));
    project.run(&["migrate", "deploy"]).expect(1);
    let half_applied = dialect == Dialect::Mysql;
    assert_eq!(db.table_names().contains(&"tags".to_owned()), half_applied, "{:?}", db.table_names());

    if half_applied {
        let run = project.run(&["migrate", "down", "--dry-run"]).expect(0);
        assert!(
            run.stdout.contains("The migration `29990101000000_tags` failed and is not resolved"),
            "{}",
            run.stdout
        );
        assert!(run.stdout.contains("-- undo 29990101000000_tags\n"), "{}", run.stdout);
        assert!(run.stdout.contains("DROP TABLE `tags`"), "{}", run.stdout);
        // A row written into the half-made table since: undoing it loses data.
        db.execute("INSERT INTO tags (id, label) VALUES (1, 'x')");
        let run = project.run(&["migrate", "down"]).expect(1);
        assert!(run.stdout.contains("You are about to drop the `tags` table"), "{}", run.stdout);
        assert!(db.table_names().contains(&"tags".to_owned()));
    }
    let run = project.run(&["migrate", "down", "--force"]).expect(0);
    if !half_applied {
        assert!(run.stdout.contains("The failed attempt left nothing behind: no SQL to run."), "{}", run.stdout);
    }
    assert!(run.stdout.contains("The migration `29990101000000_tags` has been rolled back"), "{}", run.stdout);
    assert_eq!(db.table_names(), ["User"]);
    let run = project.run(&["migrate", "status"]).expect(1);
    assert!(
        run.stdout.contains("Following migration have not yet been applied:\n29990101000000_tags\n"),
        "{}",
        run.stdout
    );

    project.write_migration(
        "29990101000000_tags",
        "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n",
        Some("DROP TABLE tags;\n"),
    );
    project.run(&["migrate", "deploy"]).expect(0);
    assert_eq!(db.table_names(), ["User", "tags"]);
    project.run(&["migrate", "down", "--force"]).expect(0);
    assert_eq!(db.table_names(), ["User"]);
}

testkit::on_dialects!(sqlite postgres mysql => down_walk, refusals, failed_migration_is_undone);

// A kill is timed against the transaction a down runs in; MySQL has none to roll back.
testkit::on_dialects!(transactional: sqlite postgres => sigkill_leaves_a_boundary);

/// On a terminal, a rollback that loses data asks first: `n` changes nothing, `y` rolls back.
#[test]
fn sqlite_terminal_confirmation() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else { return };
    let project = Project::on(&db, &schema(Dialect::Sqlite, 0));
    project.run(&["migrate", "dev", "--name", "init"]).expect(0);
    project.write_schema(&schema(Dialect::Sqlite, 1));
    project.run(&["migrate", "dev", "--name", "posts"]).expect(0);
    db.execute("INSERT INTO \"Post\" (title) VALUES ('kept')");
    let Some(run) = project.on_terminal(&["migrate", "down"], &["n"], &[]) else { return };
    let run = run.expect(1);
    assert!(run.stdout.contains("Are you sure you want to roll back and lose this data? [y/N]"), "{}", run.stdout);
    assert!(run.stdout.contains("Rollback cancelled."), "{}", run.stdout);
    assert_eq!(db.table_names(), ["Post", "User"]);
    let Some(run) = project.on_terminal(&["migrate", "down"], &["y"], &[]) else { return };
    let run = run.expect(0);
    assert!(run.stdout.contains("have been rolled back"), "{}", run.stdout);
    assert_eq!(db.table_names(), ["User"]);
}

/// How many migrations the SIGKILL test's history has.
const KILL_MIGRATIONS: usize = 5;

/// A down script that takes a while before dropping its table: PostgreSQL sleeps, SQLite
/// computes a large table and drops it again.
fn slow_down(dialect: Dialect, index: usize) -> String {
    match dialect {
        Dialect::Postgres => format!("SELECT pg_sleep(0.3);\nDROP TABLE t{index};\n"),
        _ => format!(
            "CREATE TABLE slow{index} AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT x, hex(randomblob(16)) AS y FROM c;\nDROP TABLE slow{index};\nDROP TABLE t{index};\n"
        ),
    }
}

/// `ebb migrate down --all --force` killed with SIGKILL at several moments: afterwards the
/// history says migrations 1..k are applied (the rest rolled back, none failed) and the database
/// describes exactly as 1..k replayed; a later `deploy` and `down` work.
fn sigkill_leaves_a_boundary(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project = Project::on(&db, &schema(dialect, 0));
    project.write_lock_file(dialect);
    for index in 1..=KILL_MIGRATIONS {
        let up = format!("CREATE TABLE t{index} (id INTEGER PRIMARY KEY, v{index} INTEGER);\nCREATE INDEX t{index}_v ON t{index} (v{index});\n");
        project.write_migration(&format!("2024010100000{index}_t{index}"), &up, Some(&slow_down(dialect, index)));
    }
    let folder = MigrationsFolder::read(&project.migrations()).unwrap_or_else(|e| panic!("{e}"));
    let mut boundaries_seen = Vec::new();
    // Fixed delays, then one kill timed by progress (two migrations rolled back), so that a slow
    // machine still sees a kill in the middle of the run.
    for delay_ms in [150, 450, 750, 1050, 1350, 0] {
        project.run(&["migrate", "deploy"]).expect(0);
        let rolled_back = || db.history().iter().filter(|(_, _, rolled_back)| *rolled_back).count();
        let before = rolled_back();
        let mut child =
            project.command(&["migrate", "down", "--all", "--force"]).spawn().unwrap_or_else(|e| panic!("{e}"));
        if delay_ms == 0 {
            let started = Instant::now();
            while rolled_back() < before + 2 {
                assert!(started.elapsed() < Duration::from_secs(60), "the rollback never got two migrations far");
                std::thread::sleep(Duration::from_millis(20));
            }
            std::thread::sleep(Duration::from_millis(100));
        } else {
            std::thread::sleep(Duration::from_millis(delay_ms));
        }
        // SIGKILL on Unix; an error means the command had finished already.
        let _ = child.kill();
        let _ = child.wait();
        if dialect == Dialect::Postgres {
            wait_for_other_sessions(&db);
        }
        let applied = assert_at_a_boundary(&db, &folder);
        boundaries_seen.push(applied);
    }
    // The kills fell at different places: the test saw more than one boundary.
    boundaries_seen.sort_unstable();
    boundaries_seen.dedup();
    assert!(boundaries_seen.len() >= 2, "every kill left the same boundary: {boundaries_seen:?}");
    project.run(&["migrate", "deploy"]).expect(0);
    assert_eq!(assert_at_a_boundary(&db, &folder), KILL_MIGRATIONS);
    project.run(&["migrate", "down", "--all", "--force"]).expect(0);
    assert_eq!(assert_at_a_boundary(&db, &folder), 0);
}

/// On PostgreSQL a killed client's statement still runs to its end (and commits or not) on the
/// server; the state is read once the server has no other session on the database.
fn wait_for_other_sessions(db: &TestDb) {
    let mut conn = db.connect();
    let started = Instant::now();
    loop {
        let rows = conn
            .query_text("SELECT count(*)::text FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            .unwrap_or_else(|e| panic!("{e}"));
        if rows.first().and_then(|row| row.first()).cloned().flatten().as_deref() == Some("0") {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "the killed session never ended");
        std::thread::sleep(Duration::from_millis(50));
    }
    conn.close();
}

/// Asserts that the history is `1..k` applied then `k+1..` rolled back, with no failed row, and
/// that the database describes as `1..k` replayed on a shadow database; returns k.
fn assert_at_a_boundary(db: &TestDb, folder: &MigrationsFolder) -> usize {
    let history = db.history();
    assert!(history.iter().all(|(_, finished, _)| *finished), "a row is not finished: {history:?}");
    let applied: Vec<&str> =
        history.iter().filter(|(_, _, rolled_back)| !rolled_back).map(|(name, _, _)| name.as_str()).collect();
    let count = applied.len();
    let prefix: Vec<&str> = folder.migrations[..count].iter().map(|m| m.name.as_str()).collect();
    assert_eq!(applied, prefix, "the applied migrations are not a prefix of the history: {history:?}");

    let kept = MigrationsFolder { migrations: folder.migrations[..count].to_vec(), ..folder.clone() };
    let url = parse(&db.url);
    let expected = migrate::schema_of_history(&kept, &url, &ShadowDatabase::Temporary, &ReplayOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let mut conn = db.connect();
    let actual = conn.describe(&[]).unwrap_or_else(|e| panic!("{e}"));
    conn.close();
    let dialect = migrate::render_dialect(url.dialect());
    let difference = diff::diff(&expected, &actual, dialect.rules());
    assert!(
        difference.is_empty(),
        "with {count} migration(s) applied the database differs from their replay:\n{}",
        render::render(&difference, diff::Pair::new(&expected, &actual), dialect)
    );
    count
}
