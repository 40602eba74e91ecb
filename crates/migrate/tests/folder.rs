//! The migrations folder on disk: what counts as a migration, the order, `down.sql`, writing a
//! new migration and the lock file.

mod common;

use migrate::{
    render_lockfile, write_lockfile, write_migration, MigrateError, MigrationsFolder, NewMigration, Timestamp,
};
use std::fs;
use time::macros::datetime;

fn scratch() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(common::unique_name("ebb_folder_test"));
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn noon(day: u8) -> Timestamp {
    Timestamp::from(datetime!(2024-03-01 12:30:05 UTC).replace_day(day).unwrap())
}

#[test]
fn every_sub_folder_is_a_migration_and_files_are_ignored() {
    let dir = scratch();
    for (name, script) in [("20240302000000_b", Some("B")), ("20240301000000_a", Some("A")), ("not_a_migration", None)]
    {
        fs::create_dir(dir.join(name)).unwrap();
        if let Some(script) = script {
            fs::write(dir.join(name).join("migration.sql"), script).unwrap();
        }
    }
    fs::write(dir.join("README.md"), "notes").unwrap();
    fs::write(dir.join("20240303000000_file.sql"), "SELECT 1;").unwrap();
    fs::write(dir.join("20240301000000_a/down.sql"), "DROP A").unwrap();
    // Invalid UTF-8 is read as Node reads it, with replacement characters.
    fs::write(dir.join("20240302000000_b/migration.sql"), b"B\xff").unwrap();

    let folder = MigrationsFolder::read(&dir).unwrap();
    let names: Vec<&str> = folder.migrations.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["20240301000000_a", "20240302000000_b", "not_a_migration"]);
    assert_eq!(folder.migrations[0].down.as_deref(), Some("DROP A"));
    assert_eq!(folder.migrations[1].down, None);
    assert_eq!(folder.migrations[1].script.as_deref(), Some("B\u{FFFD}"));
    let missing = folder.migrations[2].script().unwrap_err();
    assert!(matches!(missing, MigrateError::MigrationFileMissing { .. }));
    assert_eq!(missing.prisma_code(), Some("P3015"));
    assert_eq!(folder.lockfile, None);
    assert_eq!(folder.check_provider("mysql"), Ok(()), "no lock file, no check");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_folder_reads_as_empty() {
    let folder = MigrationsFolder::read(&scratch().join("nowhere")).unwrap();
    assert!(folder.migrations.is_empty() && folder.lockfile.is_none());
}

#[test]
fn new_migrations_are_written_as_prisma_lays_them_out() {
    let dir = scratch().join("migrations");
    write_lockfile(&dir, "postgresql").unwrap();
    let new = NewMigration {
        created_at: noon(2),
        name: "add_posts",
        script: "CREATE TABLE x();\n",
        down: Some("DROP TABLE x;\n"),
    };
    let path = write_migration(&dir, &new).unwrap();
    assert_eq!(path, dir.join("20240302123005_add_posts"));
    assert_eq!(fs::read_to_string(path.join("migration.sql")).unwrap(), "CREATE TABLE x();\n");
    assert_eq!(fs::read_to_string(path.join("down.sql")).unwrap(), "DROP TABLE x;\n");
    assert_eq!(fs::read_to_string(dir.join("migration_lock.toml")).unwrap(), render_lockfile("postgresql"));

    let again = write_migration(&dir, &new).unwrap_err();
    assert!(matches!(again, MigrateError::MigrationFolderExists { .. }), "{again:?}");
    let unnamed = write_migration(&dir, &NewMigration { name: "", created_at: noon(3), ..new.clone() }).unwrap();
    assert_eq!(unnamed, dir.join("20240303123005"), "no underscore without a name, as Prisma");
    let long = "x".repeat(201);
    let too_long = write_migration(&dir, &NewMigration { name: &long, ..new.clone() }).unwrap_err();
    assert_eq!(too_long.prisma_code(), Some("P3010"));

    let folder = MigrationsFolder::read(&dir).unwrap();
    assert_eq!(folder.locked_provider().as_deref(), Some("postgresql"));
    let switched = folder.check_provider("sqlite").unwrap_err();
    assert_eq!(switched.prisma_code(), Some("P3019"));
    fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}
