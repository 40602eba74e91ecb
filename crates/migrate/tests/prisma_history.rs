//! Interchangeability with Prisma: a history Prisma 7.10.1 wrote (captured in
//! `fixtures/prisma_history_<provider>/`: the migrations folder, the `_prisma_migrations`
//! table's DDL and its rows) is read by ebb as Prisma reads it. The rows are replayed into a
//! fresh database exactly as Prisma stored them, then ebb's `status` and `deploy` run on it.

mod common;

use common::TestDb;
use db::Dialect;
use migrate::{
    checksum, deploy, lockfile_provider, read_rows, render_lockfile, status, write_migration, MigrationsFolder,
    NewMigration, Timestamp,
};
use std::path::PathBuf;
use time::macros::format_description;
use time::OffsetDateTime;

fn fixture(provider: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/prisma_history_{provider}"))
}

/// A row of `rows.tsv`: PostgreSQL's `COPY ... TO STDOUT` text format (`\N` is NULL; `\n`,
/// `\t`, `\\` escaped), columns in the table's order.
fn captured_rows(provider: &str) -> Vec<Vec<Option<String>>> {
    let text = std::fs::read_to_string(fixture(provider).join("rows.tsv")).unwrap();
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
/// Prisma's Wasm engine writes it).
fn parse_time(text: &str) -> Timestamp {
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
    conn.execute_script(&std::fs::read_to_string(fixture(provider).join("table.sql")).unwrap()).unwrap();
    for row in &rows {
        let values: Vec<String> = row.iter().map(literal).collect();
        conn.execute_raw(&format!(
            "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ({})",
            values.join(", ")
        ))
        .unwrap();
    }

    let read = read_rows(&mut conn).unwrap().expect("the table exists");
    assert_eq!(read.len(), rows.len());
    for (ours, theirs) in read.iter().zip(&rows) {
        assert_eq!(Some(&ours.id), theirs[0].as_ref());
        assert_eq!(Some(&ours.checksum), theirs[1].as_ref());
        assert_eq!(ours.finished_at, theirs[2].as_deref().map(parse_time));
        assert_eq!(Some(&ours.migration_name), theirs[3].as_ref());
        assert_eq!(ours.logs, theirs[4]);
        assert_eq!(ours.rolled_back_at, theirs[5].as_deref().map(parse_time));
        assert_eq!(Some(ours.started_at), theirs[6].as_deref().map(parse_time));
        assert_eq!(Some(ours.applied_steps_count.to_string()), theirs[7]);
    }

    let report = status(&mut conn, &folder).unwrap();
    assert!(report.is_up_to_date(), "{report:?}");
    assert_eq!(report.applied, report.local);
    assert_eq!(deploy(&mut conn, &folder).unwrap().applied, Vec::<String>::new());

    // A checkout that turned every line ending into CRLF has edited nothing.
    let copy = db.dir.join("migrations");
    copy_folder(&folder.path, &copy);
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

fn copy_folder(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn sqlite_history_written_by_prisma() {
    prisma_history_reads_back("sqlite", Dialect::Sqlite);
}

#[test]
fn postgresql_history_written_by_prisma() {
    prisma_history_reads_back("postgresql", Dialect::Postgres);
}
