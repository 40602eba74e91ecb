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

use db::{Connection, DbUrl, Dialect};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use testkit::unique_name as unique;

const CONFIG: &str = r#"import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: env("EBB_PROOF_DATABASE_URL") },
});
"#;

fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/proof").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// A fresh database, dropped (or deleted) at the end.
struct TestDb {
    url: String,
    admin: Option<(Connection, String)>,
    file: Option<PathBuf>,
}

impl TestDb {
    fn new(dialect: Dialect) -> Option<TestDb> {
        let var = match dialect {
            Dialect::Postgres => "EBB_TEST_POSTGRES_URL",
            Dialect::Mysql => "EBB_TEST_MYSQL_URL",
            Dialect::Sqlite => {
                let path = std::env::temp_dir().join(format!("{}.db", unique("ebb_proof")));
                return Some(TestDb { url: format!("file:{}", path.display()), admin: None, file: Some(path) });
            }
        };
        let base = testkit::server_url(var)?;
        let mut admin = Connection::connect(&parse(&base)).unwrap_or_else(|e| panic!("{var}: {e}"));
        let name = unique("ebb_proof");
        admin.execute_raw(&format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("{e}"));
        Some(TestDb { url: with_database(&base, &name), admin: Some((admin, name)), file: None })
    }

    /// The temporary shadow databases on this database's server.
    fn shadow_databases(&mut self) -> Vec<String> {
        let Some((admin, _)) = &mut self.admin else { return Vec::new() };
        let query = match admin.dialect() {
            Dialect::Postgres => "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'",
            _ => "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata WHERE schema_name LIKE 'prisma_migrate_shadow_db_%'",
        };
        let rows = admin.query_text(query).unwrap_or_else(|e| panic!("{e}"));
        rows.into_iter().filter_map(|row| row.into_iter().next().flatten()).collect()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &mut self.admin {
            let statement = match admin.dialect() {
                Dialect::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                _ => format!("DROP DATABASE IF EXISTS {name}"),
            };
            // A database left behind only costs disk space; the test result stands.
            let _ = admin.execute_raw(&statement);
        }
        if let Some(file) = &self.file {
            let _ = std::fs::remove_file(file);
        }
    }
}

fn parse(url: &str) -> DbUrl {
    DbUrl::parse(url, Path::new("/")).unwrap_or_else(|e| panic!("{e}"))
}

/// `base` with its database (the URL path) replaced by `name`, query parameters kept; the
/// password stays (`DbUrl` only ever shows it masked).
fn with_database(base: &str, name: &str) -> String {
    let (before_query, query) = base.split_once('?').map_or((base, None), |(a, q)| (a, Some(q)));
    let authority_end = before_query.find("://").map_or(0, |i| i + 3);
    let path_start = before_query[authority_end..].find('/').map_or(before_query.len(), |i| authority_end + i);
    let mut url = format!("{}/{name}", &before_query[..path_start]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// A temporary project folder for one database.
struct Project {
    dir: PathBuf,
    url: String,
}

impl Project {
    fn new(db: &TestDb) -> Project {
        let dir = std::env::temp_dir().join(unique("ebb-proof-project"));
        std::fs::create_dir_all(dir.join("prisma")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.join("prisma.config.ts"), CONFIG).unwrap_or_else(|e| panic!("{e}"));
        Project { dir, url: db.url.clone() }
    }

    fn write(&self, path: &str, text: &str) {
        let full = self.dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap_or(&self.dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&full, text).unwrap_or_else(|e| panic!("{e}"));
    }

    fn schema(&self, text: &str) {
        self.write("prisma/schema.prisma", text);
    }

    /// The folder name of the migration named `name` (`<timestamp>_<name>`).
    fn migration(&self, name: &str) -> PathBuf {
        let folder = self.dir.join("prisma/migrations");
        let entries = std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
        let found = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| path.file_name().is_some_and(|n| n.to_string_lossy().ends_with(&format!("_{name}"))));
        found.unwrap_or_else(|| panic!("no migration `{name}` in {}", folder.display()))
    }

    fn read(&self, name: &str, file: &str) -> String {
        let path = self.migration(name).join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn ebb(&self, args: &[&str], code: i32) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_ebb"))
            .args(args)
            .current_dir(&self.dir)
            .env("NO_COLOR", "1")
            .env("EBB_PROOF_DATABASE_URL", &self.url)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run ebb: {e}"));
        let run = Run {
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert_eq!(
            output.status.code(),
            Some(code),
            "`ebb {}` exited with {:?}\n--- stdout\n{}--- stderr\n{}",
            args.join(" "),
            output.status.code(),
            run.stdout,
            run.stderr
        );
        run
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

struct Run {
    stdout: String,
    stderr: String,
}

fn provider(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    }
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
    let project = Project::new(&db);
    let folder = fixture_folder(dialect);
    project.schema(&fixture(&format!("{folder}/v1.prisma")));
    project.ebb(&["migrate", "dev", "--name", "init"], 0);
    assert_eq!(project.read("init", "migration.sql"), fixture(&format!("{folder}/init.migration.sql")));
    project.schema(&fixture(&format!("{folder}/v2.prisma")));
    let run = project.ebb(&["migrate", "dev", "--name", "second", "--create-only"], 0);
    assert!(!run.stderr.contains("Warning"), "the generated down was not proved:\n{}", run.stderr);
    assert_eq!(project.read("second", "migration.sql"), fixture(&format!("{folder}/second.migration.sql")));

    let down = project.read("second", "down.sql");
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
    format!("datasource db {{\n  provider = \"{}\"\n}}\n", provider(dialect))
}

/// `migrate check` passes the history `migrate dev` wrote, and fails (exit 1, naming the
/// migration and what is left) once its `down.sql` is edited to forget a step.
fn check_catches_a_forgotten_step(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project = Project::new(&db);
    project.schema(&(datasource(dialect) + HISTORY_V1));
    project.ebb(&["migrate", "dev", "--name", "init"], 0);
    project.schema(&(datasource(dialect) + HISTORY_V2));
    let run = project.ebb(&["migrate", "dev", "--name", "add_tag"], 0);
    assert!(!run.stderr.contains("Warning"), "{}", run.stderr);

    // The down of an added table drops it, and says so at the top.
    let down = project.read("add_tag", "down.sql");
    assert!(
        down.starts_with("/*\n  Warnings:\n\n  - You are about to drop the `Tag` table. If the table is not empty, all the data it contains will be lost.\n\n*/\n"),
        "{down}"
    );
    let run = project.ebb(&["migrate", "check"], 0);
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
        let run = project.ebb(args, 1);
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
    let project = Project::new(&db);
    if dialect == Dialect::Mysql {
        // Prisma's MySQL output cannot be produced offline: ebb writes the history, and its
        // down scripts are removed.
        project.schema(&(datasource(dialect) + HISTORY_V1));
        project.ebb(&["migrate", "dev", "--name", "init"], 0);
        project.schema(&(datasource(dialect) + HISTORY_V2));
        project.ebb(&["migrate", "dev", "--name", "second", "--create-only"], 0);
        for name in ["init", "second"] {
            std::fs::remove_file(project.migration(name).join("down.sql")).unwrap_or_else(|e| panic!("{e}"));
        }
    } else {
        let folder = fixture_folder(dialect);
        project.schema(&fixture(&format!("{folder}/v2.prisma")));
        project.write(
            "prisma/migrations/migration_lock.toml",
            &format!("# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = \"{}\"\n", provider(dialect)),
        );
        for (name, file) in [("20240101000000_init", "init"), ("20240102000000_second", "second")] {
            project.write(
                &format!("prisma/migrations/{name}/migration.sql"),
                &fixture(&format!("{folder}/{file}.migration.sql")),
            );
        }
    }
    let run = project.ebb(&["migrate", "check"], 1);
    assert!(run.stderr.contains("has no down.sql: run `ebb migrate down --generate"), "{}", run.stderr);
    assert!(run.stderr.contains("2 of 2 migrations failed the check."), "{}", run.stderr);

    // NAME: that migration only; then a reviewer adds a note to it.
    let run = project.ebb(&["migrate", "down", "--generate", "init"], 0);
    assert!(run.stdout.contains("_init/down.sql."), "{}", run.stdout);
    let reviewed = project.read("init", "down.sql") + "-- reviewed\n";
    std::fs::write(project.migration("init").join("down.sql"), &reviewed).unwrap_or_else(|e| panic!("{e}"));

    let run = project.ebb(&["migrate", "down", "--generate", "--all"], 0);
    assert!(run.stdout.contains("_init/down.sql (it exists already)"), "{}", run.stdout);
    assert!(run.stdout.contains("Wrote prisma/migrations/"), "{}", run.stdout);
    assert_eq!(project.read("init", "down.sql"), reviewed, "an existing down.sql is never rewritten");
    let second = project.read("second", "down.sql");
    if dialect == Dialect::Postgres {
        let body = fixture("header_postgres/second.down.body.sql");
        assert!(second.ends_with(&body) && second.starts_with("/*\n  Warnings:\n"), "{second}");
    }

    // No NAME: the latest, which has its down now.
    let run = project.ebb(&["migrate", "down", "--generate"], 0);
    assert!(run.stdout.contains("_second/down.sql (it exists already)"), "{}", run.stdout);
    assert_eq!(project.read("second", "down.sql"), second);

    let run = project.ebb(&["migrate", "check"], 0);
    assert!(run.stdout.contains("2 migrations checked"), "{}", run.stdout);
}

fn run_all(dialect: Dialect) {
    dev_writes_prismas_warnings(dialect);
    check_catches_a_forgotten_step(dialect);
    generate_backfills_a_prisma_history(dialect);
    if let Some(mut server) = TestDb::new(dialect) {
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
    if let Some(mut server) = TestDb::new(Dialect::Mysql) {
        assert_eq!(server.shadow_databases(), Vec::<String>::new(), "shadow databases were left behind");
    }
}
