//! Interchangeability with Prisma: a history Prisma 7.10.1 wrote (captured in
//! `fixtures/prisma_history_<provider>/`: the migrations folder, the `_prisma_migrations`
//! table's DDL and its rows) is read by ebb as Prisma reads it. The rows are replayed into a
//! fresh database exactly as Prisma stored them, then ebb's `status` and `deploy` run on it.
//!
//! Rollbacks both ways (`fixtures/prisma_rollback_<provider>/`): a history that `ebb migrate
//! down` rolled back reads in ebb as it read in Prisma (the migration pending, `deploy` applying
//! it again with a new row), and ebb's `down` on a history Prisma applied leaves the rows Prisma
//! then read.

mod common;

use common::TestDb;
use db::Dialect;
use migrate::history::HistoryRow;
use migrate::{
    checksum, deploy, down, lockfile_provider, read_rows, render_lockfile, status, write_migration, DownRange,
    MigrationsFolder, NewMigration, Timestamp,
};
use std::path::PathBuf;
use time::macros::format_description;
use time::OffsetDateTime;

fn fixture(provider: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/prisma_history_{provider}"))
}

fn rollback_fixture(provider: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/prisma_rollback_{provider}"))
}

fn captured_rows(provider: &str) -> Vec<Vec<Option<String>>> {
    read_rows_tsv(&fixture(provider).join("rows.tsv"))
}

/// The rows of a `rows*.tsv`: PostgreSQL's `COPY ... TO STDOUT` text format (`\N` is NULL;
/// `\n`, `\t`, `\\` escaped), columns in the table's order.
fn read_rows_tsv(path: &std::path::Path) -> Vec<Vec<Option<String>>> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .map(|line| {
            line.split('\t')
                .map(|field| {
                    (field != "\\N").then(|| {
                        let mut out = String::new();
                        let mut chars = field.chars();
                        while let Some(c) = chars.next() {
                            match (c, c == '\\') {
                                (_, true) => match chars.next() {
                                    Some('n') => out.push('\n'),
                                    Some('t') => out.push('\t'),
                                    Some('r') => out.push('\r'),
                                    Some(other) => out.push(other),
                                    None => out.push('\\'),
                                },
                                (c, false) => out.push(c),
                            }
                        }
                        out
                    })
                })
                .collect()
        })
        .collect()
}

/// `2026-11-25 20:09:06.757+00` (PostgreSQL) or `2026-11-25T20:07:09.876+00:00` (SQLite, as
/// Prisma's Wasm engine writes it), or Unix milliseconds (SQLite, as ebb writes it).
fn parse_time(text: &str) -> Timestamp {
    if let Ok(millis) = text.parse::<i64>() {
        return Timestamp::from_unix_micros(millis * 1000).unwrap();
    }
    let format = format_description!(
        version = 2,
        "[year]-[month]-[day][first [T][ ]][hour]:[minute]:[second][optional [.[subsecond]]][offset_hour][optional [:[offset_minute]]]"
    );
    Timestamp::from(OffsetDateTime::parse(text, format).unwrap())
}

fn literal(value: &Option<String>) -> String {
    value.as_ref().map_or("NULL".to_owned(), |v| format!("'{}'", v.replace('\'', "''")))
}

fn prisma_history_reads_back(provider: &str, dialect: Dialect) {
    let folder = MigrationsFolder::read(&fixture(provider).join("migrations")).unwrap();
    let lockfile = folder.lockfile.as_deref().expect("Prisma wrote migration_lock.toml");
    assert_eq!(lockfile, render_lockfile(provider), "ebb writes the lock file Prisma wrote");
    assert_eq!(lockfile_provider(lockfile), provider);
    assert_eq!(folder.migrations.len(), 3);

    let rows = captured_rows(provider);
    for row in &rows {
        let name = row[3].as_deref().unwrap();
        let local = folder.find(name).unwrap_or_else(|| panic!("{name} is in the folder"));
        assert_eq!(row[1].as_deref(), Some(checksum(local.script().unwrap()).as_str()), "checksum of {name}");
    }

    let Some(db) = TestDb::new(dialect) else { return };
    let mut conn = db.connect();
    replay_rows(&mut conn, provider, &rows);

    let read = read_rows(&mut conn).unwrap().expect("the table exists");
    assert_rows_equal(&read, &rows);

    let report = status(&mut conn, &folder).unwrap();
    assert!(report.is_up_to_date(), "{report:?}");
    assert_eq!(report.applied, report.local);
    assert_eq!(deploy(&mut conn, &folder).unwrap().applied, Vec::<String>::new());

    // A checkout that turned every line ending into CRLF has edited nothing.
    let copy = db.dir.join("migrations");
    testkit::copy_folder(&folder.path, &copy);
    for migration in &folder.migrations {
        let script = copy.join(&migration.name).join("migration.sql");
        std::fs::write(&script, std::fs::read_to_string(&script).unwrap().replace('\n', "\r\n")).unwrap();
    }
    let crlf = MigrationsFolder::read(&copy).unwrap();
    assert_ne!(crlf.migrations[0].script, folder.migrations[0].script);
    assert!(status(&mut conn, &crlf).unwrap().is_up_to_date());

    // ebb carries the history on: one more migration.
    let created_at = Timestamp::now();
    write_migration(
        &copy,
        &NewMigration { created_at, name: "tags", script: "CREATE TABLE tags (id INTEGER);\n", down: None },
    )
    .unwrap();
    let copy = MigrationsFolder::read(&copy).unwrap();
    assert_eq!(deploy(&mut conn, &copy).unwrap().applied, [format!("{}_tags", created_at.migration_prefix())]);
    let read = read_rows(&mut conn).unwrap().unwrap();
    assert_eq!(read.len(), rows.len() + 1);
    assert!(read.last().unwrap().migration_name.ends_with("_tags"), "oldest first, whatever form the times take");
    assert!(status(&mut conn, &copy).unwrap().is_up_to_date());
}

/// Creates `_prisma_migrations` as Prisma does (the DDL of `prisma_history_<provider>/table.sql`)
/// and inserts `rows` exactly as captured.
fn replay_rows(conn: &mut db::Connection, provider: &str, rows: &[Vec<Option<String>>]) {
    conn.execute_script(&std::fs::read_to_string(fixture(provider).join("table.sql")).unwrap()).unwrap();
    for row in rows {
        let values: Vec<String> = row.iter().map(literal).collect();
        conn.execute_raw(&format!(
            "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ({})",
            values.join(", ")
        ))
        .unwrap();
    }
}

/// Every field of every row as captured, oldest first.
fn assert_rows_equal(ours: &[HistoryRow], theirs: &[Vec<Option<String>>]) {
    assert_eq!(ours.len(), theirs.len());
    for (ours, theirs) in ours.iter().zip(theirs) {
        assert_eq!(Some(&ours.id), theirs[0].as_ref());
        assert_eq!(Some(&ours.checksum), theirs[1].as_ref());
        assert_eq!(ours.finished_at, theirs[2].as_deref().map(parse_time));
        assert_eq!(Some(&ours.migration_name), theirs[3].as_ref());
        assert_eq!(ours.logs, theirs[4]);
        assert_eq!(ours.rolled_back_at, theirs[5].as_deref().map(parse_time));
        assert_eq!(Some(ours.started_at), theirs[6].as_deref().map(parse_time));
        assert_eq!(Some(ours.applied_steps_count.to_string()), theirs[7]);
    }
}

/// What a row says, without its id and times: the migration, its checksum, whether it
/// finished, its logs, whether it was rolled back, its step count.
#[derive(Debug, PartialEq, Eq)]
struct RowShape {
    name: String,
    checksum: String,
    finished: bool,
    logs: Option<String>,
    rolled_back: bool,
    applied_steps_count: String,
}

fn shape_of_captured(rows: &[Vec<Option<String>>]) -> Vec<RowShape> {
    rows.iter()
        .map(|row| RowShape {
            name: row[3].clone().unwrap(),
            checksum: row[1].clone().unwrap(),
            finished: row[2].is_some(),
            logs: row[4].clone(),
            rolled_back: row[5].is_some(),
            applied_steps_count: row[7].clone().unwrap(),
        })
        .collect()
}

fn shape_of_read(rows: &[HistoryRow]) -> Vec<RowShape> {
    rows.iter()
        .map(|row| RowShape {
            name: row.migration_name.clone(),
            checksum: row.checksum.clone(),
            finished: row.finished_at.is_some(),
            logs: row.logs.clone(),
            rolled_back: row.rolled_back_at.is_some(),
            applied_steps_count: row.applied_steps_count.to_string(),
        })
        .collect()
}

/// The migrations Prisma's `migrate status` listed as not yet applied, and its exit code.
fn prisma_status_pending(text: &str) -> (Vec<String>, i32) {
    let mut lines = text.lines();
    let pending = lines
        .by_ref()
        .skip_while(|line| !line.starts_with("Following migration have not yet been applied:"))
        .skip(1)
        .take_while(|line| !line.is_empty())
        .map(str::to_owned)
        .collect();
    (pending, exit_code(text))
}

/// The migrations Prisma's `migrate deploy` listed as applied (`  └─ NAME/`), and its exit code.
fn prisma_deploy_applied(text: &str) -> (Vec<String>, i32) {
    let applied = text
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("└─ ")?.strip_suffix('/'))
        .map(str::to_owned)
        .collect();
    (applied, exit_code(text))
}

fn exit_code(text: &str) -> i32 {
    text.lines().rev().find_map(|line| line.strip_prefix("exit code: ")).unwrap().parse().unwrap()
}

fn table_exists(conn: &mut db::Connection, table: &str) -> bool {
    conn.count_rows(None, table).is_ok()
}

/// A history `ebb migrate down` rolled back, as Prisma read it: ebb's `status` lists the same
/// migration as pending, and its `deploy` applies it again leaving rows of the shape Prisma's
/// `deploy` left.
fn rolled_back_history_reads_as_prisma_read_it(provider: &str, dialect: Dialect) {
    let dir = rollback_fixture(provider);
    let folder = MigrationsFolder::read(&dir.join("migrations")).unwrap();
    let [init, add_post] = &folder.migrations[..] else { panic!("two migrations: {:?}", folder.migrations) };
    let rolled_back = read_rows_tsv(&dir.join("rows_rolled_back.tsv"));
    let redeployed = read_rows_tsv(&dir.join("rows_redeployed.tsv"));
    let (prisma_pending, status_exit) =
        prisma_status_pending(&std::fs::read_to_string(dir.join("status.txt")).unwrap());
    let (prisma_applied, deploy_exit) =
        prisma_deploy_applied(&std::fs::read_to_string(dir.join("deploy.txt")).unwrap());
    assert_eq!(prisma_pending, [add_post.name.as_str()], "what Prisma read");
    assert_eq!(status_exit, 1);
    assert_eq!(prisma_applied, [add_post.name.as_str()]);
    assert_eq!(deploy_exit, 0);

    let Some(db) = TestDb::new(dialect) else { return };
    let mut conn = db.connect();
    // The database as ebb left it: `init` applied, `add_post` run and rolled back.
    conn.execute_script(init.script().unwrap()).unwrap();
    replay_rows(&mut conn, provider, &rolled_back);
    assert_rows_equal(&read_rows(&mut conn).unwrap().unwrap(), &rolled_back);

    let report = status(&mut conn, &folder).unwrap();
    assert_eq!(report.unapplied, prisma_pending, "{report:?}");
    assert_eq!(report.applied, [init.name.as_str()]);
    assert!(report.failed.is_empty() && report.missing_locally.is_empty() && report.edited.is_empty());
    assert_eq!(!report.is_up_to_date(), status_exit != 0);

    assert_eq!(deploy(&mut conn, &folder).unwrap().applied, prisma_applied);
    assert!(table_exists(&mut conn, "Post"));
    let read = read_rows(&mut conn).unwrap().unwrap();
    assert_eq!(shape_of_read(&read), shape_of_captured(&redeployed));
    // The rows that were there are untouched, the rolled-back one included; the new row is
    // the last.
    assert_rows_equal(&read[..rolled_back.len()], &rolled_back);
    assert_ne!(Some(&read[rolled_back.len()].id), redeployed[rolled_back.len()][0].as_ref());
    assert!(status(&mut conn, &folder).unwrap().is_up_to_date());
}

/// ebb's `down` on a history Prisma applied: the latest migration's finished row gets
/// `rolled_back_at` and nothing else changes, which is the state Prisma read as pending.
fn down_on_prisma_history_leaves_what_prisma_read(provider: &str, dialect: Dialect) {
    let dir = rollback_fixture(provider);
    let folder = MigrationsFolder::read(&dir.join("migrations")).unwrap();
    let applied = read_rows_tsv(&dir.join("rows_applied.tsv"));
    let rolled_back = read_rows_tsv(&dir.join("rows_rolled_back.tsv"));

    let Some(db) = TestDb::new(dialect) else { return };
    let mut conn = db.connect();
    // The database as Prisma left it: both migrations applied, their rows as captured.
    for migration in &folder.migrations {
        conn.execute_script(migration.script().unwrap()).unwrap();
    }
    replay_rows(&mut conn, provider, &applied);
    assert!(status(&mut conn, &folder).unwrap().is_up_to_date());

    let add_post = folder.migrations[1].name.clone();
    assert_eq!(down(&mut conn, &folder, &DownRange::Steps(1)).unwrap().rolled_back, [add_post]);
    assert!(!table_exists(&mut conn, "Post"));
    assert!(table_exists(&mut conn, "User"));
    let read = read_rows(&mut conn).unwrap().unwrap();
    assert_eq!(shape_of_read(&read), shape_of_captured(&rolled_back));
    // The same rows as Prisma wrote them, only `rolled_back_at` set on the last one.
    let last = read.len() - 1;
    assert!(read[last].rolled_back_at.is_some());
    let mut unmarked = read.clone();
    unmarked[last].rolled_back_at = None;
    assert_rows_equal(&unmarked, &applied);
}

#[test]
fn sqlite_rollback_reads_as_prisma_read_it() {
    rolled_back_history_reads_as_prisma_read_it("sqlite", Dialect::Sqlite);
}

#[test]
fn postgresql_rollback_reads_as_prisma_read_it() {
    rolled_back_history_reads_as_prisma_read_it("postgresql", Dialect::Postgres);
}

#[test]
fn sqlite_down_on_prisma_history() {
    down_on_prisma_history_leaves_what_prisma_read("sqlite", Dialect::Sqlite);
}

#[test]
fn postgresql_down_on_prisma_history() {
    down_on_prisma_history_leaves_what_prisma_read("postgresql", Dialect::Postgres);
}

#[test]
fn sqlite_history_written_by_prisma() {
    prisma_history_reads_back("sqlite", Dialect::Sqlite);
}

#[test]
fn postgresql_history_written_by_prisma() {
    prisma_history_reads_back("postgresql", Dialect::Postgres);
}
