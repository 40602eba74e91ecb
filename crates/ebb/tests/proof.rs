//! Down scripts written, proved and backfilled, through the binary as a user runs it:
//! `migrate dev` writes Prisma's `Warnings` block (fixtures from Prisma 7.10.1 in
//! `tests/proof/`) at the top of `migration.sql` and `down.sql`; `migrate check` passes an
//! honest history and catches a hand-edited `down.sql` that forgets a step; `migrate down
//! --generate` writes the missing `down.sql` files of a Prisma-made history and keeps the
//! existing ones.
//!
//! One test per database runs its scenarios in turn, then checks that no shadow database
//! outlived them (SQLite's are in memory). PostgreSQL and MySQL come from
//! `EBB_TEST_POSTGRES_URL` / `EBB_TEST_MYSQL_URL`; without them these say they were skipped,
//! and under `CI=true` they fail.

mod support;

use db::Dialect;
use std::path::Path;
use support::{Project, TestDb};

fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/proof").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

fn fixture_folder(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "header_postgres",
        _ => "header_sqlite",
    }
}

/// `migrate dev` writes the `Warnings` block byte for byte as Prisma does, and the same kind
/// of block above `down.sql`.
fn dev_writes_prismas_warnings(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = fixture_folder(dialect);
    let project = Project::on(&db, &fixture(&format!("{folder}/v1.prisma")));
    project.run(&["migrate", "dev", "--name", "init"]).expect(0);
    assert_eq!(project.read_migration("init", "migration.sql"), fixture(&format!("{folder}/init.migration.sql")));
    project.write_schema(&fixture(&format!("{folder}/v2.prisma")));
    let run = project.run(&["migrate", "dev", "--name", "second", "--create-only"]).expect(0);
    assert!(!run.stderr.contains("Warning"), "the generated down was not proved:\n{}", run.stderr);
    assert_eq!(project.read_migration("second", "migration.sql"), fixture(&format!("{folder}/second.migration.sql")));

    let down = project.read_migration("second", "down.sql");
    let header = "/*\n  Warnings:\n\n  - You are about to drop the column `age` on the `User` table. All the data in the column will be lost.\n\n*/\n";
    assert!(down.starts_with(header), "{down}");
    if dialect == Dialect::Postgres {
        // What `prisma migrate diff --from-schema v2 --to-migrations <init only> --script` prints.
        assert_eq!(&down[header.len()..], fixture("header_postgres/second.down.body.sql"));
    }
}

const HISTORY_V1: &str = "
model User {
  id    Int    @id @default(autoincrement())
  email String
}
";

const HISTORY_V2: &str = "
model User {
  id    Int    @id @default(autoincrement())
  email String

  @@index([email])
}

model Tag {
  id    Int    @id @default(autoincrement())
  label String
}
";

fn datasource(dialect: Dialect) -> String {
    format!("datasource db {{\n  provider = \"{}\"\n}}\n", migrate::provider_name(dialect))
}

/// `migrate check` passes the history `migrate dev` wrote, and fails (exit 1, naming the
/// migration and what is left) once its `down.sql` is edited to forget a step.
fn check_catches_a_forgotten_step(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project = Project::on(&db, &(datasource(dialect) + HISTORY_V1));
    project.run(&["migrate", "dev", "--name", "init"]).expect(0);
    project.write_schema(&(datasource(dialect) + HISTORY_V2));
    let run = project.run(&["migrate", "dev", "--name", "add_tag"]).expect(0);
    assert!(!run.stderr.contains("Warning"), "{}", run.stderr);

    // The down of an added table drops it, and says so at the top.
    let down = project.read_migration("add_tag", "down.sql");
    assert!(
        down.starts_with("/*\n  Warnings:\n\n  - You are about to drop the `Tag` table. If the table is not empty, all the data it contains will be lost.\n\n*/\n"),
        "{down}"
    );
    let run = project.run(&["migrate", "check"]).expect(0);
    assert!(
        run.stdout.ends_with("\n2 migrations checked: each down.sql restores the schema its migration started from.\n"),
        "{}",
        run.stdout
    );

    // The reviewer "simplifies" the down: the index stays behind.
    let start = down.find("-- DropIndex\n").unwrap_or_else(|| panic!("no DropIndex step in\n{down}"));
    let end = down[start..].find("\n\n").map_or(down.len(), |end| start + end + 2);
    let edited = format!("{}{}", &down[..start], &down[end..]);
    std::fs::write(project.migration("add_tag").join("down.sql"), &edited).unwrap_or_else(|e| panic!("{e}"));

    for args in [&["migrate", "check"][..], &["migrate", "check", "--steps", "1"]] {
        let run = project.run(args).expect(1);
        let name =
            project.migration("add_tag").file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        assert!(
            run.stderr.contains(&format!("The down.sql of `{name}` does not restore the schema")),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr.contains("[+] Added index on columns (email)"),
            "the summary names the index left behind:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains("1 of "), "{}", run.stderr);
        assert!(!run.stderr.contains("_init`"), "init's down is fine:\n{}", run.stderr);
    }
}

/// A history without `down.sql` (Prisma's own files where the oracle could make them) fails
/// the check; `migrate down --generate` writes what is missing, keeps what exists, and the
/// check then passes.
fn generate_backfills_a_prisma_history(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let folder = fixture_folder(dialect);
    let first_schema = match dialect {
        Dialect::Mysql => datasource(dialect) + HISTORY_V1,
        _ => fixture(&format!("{folder}/v2.prisma")),
    };
    let project = Project::on(&db, &first_schema);
    if dialect == Dialect::Mysql {
        // Prisma's MySQL output cannot be produced offline: ebb writes the history, and its
        // down scripts are removed.
        project.run(&["migrate", "dev", "--name", "init"]).expect(0);
        project.write_schema(&(datasource(dialect) + HISTORY_V2));
        project.run(&["migrate", "dev", "--name", "second", "--create-only"]).expect(0);
        for name in ["init", "second"] {
            std::fs::remove_file(project.migration(name).join("down.sql")).unwrap_or_else(|e| panic!("{e}"));
        }
    } else {
        project.write(
            "prisma/migrations/migration_lock.toml",
            &format!("# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = \"{}\"\n", migrate::provider_name(dialect)),
        );
        for (name, file) in [("20240101000000_init", "init"), ("20240102000000_second", "second")] {
            project.write(
                &format!("prisma/migrations/{name}/migration.sql"),
                &fixture(&format!("{folder}/{file}.migration.sql")),
            );
        }
    }
    let run = project.run(&["migrate", "check"]).expect(1);
    assert!(run.stderr.contains("has no down.sql: run `ebb migrate down --generate"), "{}", run.stderr);
    assert!(run.stderr.contains("2 of 2 migrations failed the check."), "{}", run.stderr);

    // NAME: that migration only; then a reviewer adds a note to it.
    let run = project.run(&["migrate", "down", "--generate", "init"]).expect(0);
    assert!(run.stdout.contains("_init/down.sql."), "{}", run.stdout);
    let reviewed = project.read_migration("init", "down.sql") + "-- reviewed\n";
    std::fs::write(project.migration("init").join("down.sql"), &reviewed).unwrap_or_else(|e| panic!("{e}"));

    let run = project.run(&["migrate", "down", "--generate", "--all"]).expect(0);
    assert!(run.stdout.contains("_init/down.sql (it exists already)"), "{}", run.stdout);
    assert!(run.stdout.contains("Wrote prisma/migrations/"), "{}", run.stdout);
    assert_eq!(project.read_migration("init", "down.sql"), reviewed, "an existing down.sql is never rewritten");
    let second = project.read_migration("second", "down.sql");
    if dialect == Dialect::Postgres {
        let body = fixture("header_postgres/second.down.body.sql");
        assert!(second.ends_with(&body) && second.starts_with("/*\n  Warnings:\n"), "{second}");
    }

    // No NAME: the latest, which has its down now.
    let run = project.run(&["migrate", "down", "--generate"]).expect(0);
    assert!(run.stdout.contains("_second/down.sql (it exists already)"), "{}", run.stdout);
    assert_eq!(project.read_migration("second", "down.sql"), second);

    let run = project.run(&["migrate", "check"]).expect(0);
    assert!(run.stdout.contains("2 migrations checked"), "{}", run.stdout);
}

fn run_all(dialect: Dialect) {
    dev_writes_prismas_warnings(dialect);
    check_catches_a_forgotten_step(dialect);
    generate_backfills_a_prisma_history(dialect);
    if let Some(server) = TestDb::new(dialect) {
        assert_eq!(server.shadow_databases(), Vec::<String>::new(), "shadow databases were left behind");
    }
}

#[test]
fn sqlite() {
    run_all(Dialect::Sqlite);
}

#[test]
fn postgres() {
    run_all(Dialect::Postgres);
}

#[test]
fn mysql() {
    // Prisma's `Warnings` block on MySQL is not checked: the oracle has no MySQL.
    check_catches_a_forgotten_step(Dialect::Mysql);
    generate_backfills_a_prisma_history(Dialect::Mysql);
    if let Some(server) = TestDb::new(Dialect::Mysql) {
        assert_eq!(server.shadow_databases(), Vec::<String>::new(), "shadow databases were left behind");
    }
}
