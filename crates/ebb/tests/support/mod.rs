//! What the end-to-end tests of the binary share: fresh databases on the test servers (or
//! SQLite files), a temporary project folder, and runs of `ebb` whose exit code and output are
//! asserted, and which never show a password.
//!
//! Server databases come from `testkit::server_url`: outside CI a missing server is reported as
//! skipped (`TestDb::new` returns `None`); under `CI=true` it is a failure. Each test binary
//! uses part of this module, so unused items are allowed.
#![allow(dead_code)]

use db::{Connection, DbUrl, Dialect};
use sql_schema::SqlSchema;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// A password no message may ever show; tests put it into the URLs they pass.
pub const PASSWORD: &str = "Tr0ub4dor-3xyzzy";

/// The `prisma.config.ts` of a project on one database, whose URL is `EBB_LIVE_DATABASE_URL`.
pub const CONFIG: &str = r#"import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: env("EBB_LIVE_DATABASE_URL") },
});
"#;

/// The `prisma.config.ts` of Prisma 7's guides (the URL from `DATABASE_URL`), which the
/// Prisma-made expected files were written with.
pub const GUIDE_CONFIG: &str = r#"import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  datasource: {
    url: env("DATABASE_URL"),
  },
});
"#;

/// The variable `CONFIG` reads the database URL from.
pub const URL_VAR: &str = "EBB_LIVE_DATABASE_URL";

/// A fresh, empty database (`testkit`'s), with what the end-to-end tests read from it.
pub struct TestDb {
    db: testkit::servers::TestDb,
    /// The URL with its password, as a user would write it.
    pub url: String,
}

impl From<testkit::servers::TestDb> for TestDb {
    fn from(db: testkit::servers::TestDb) -> TestDb {
        TestDb { url: db.url_text.clone(), db }
    }
}

impl TestDb {
    pub fn new(dialect: Dialect) -> Option<TestDb> {
        testkit::servers::TestDb::new(dialect).map(TestDb::from)
    }

    pub fn connect(&self) -> Connection {
        self.db.connect()
    }

    pub fn describe(&self) -> SqlSchema {
        let mut conn = self.connect();
        let schema = conn.describe(&[]).unwrap_or_else(|e| panic!("{e}"));
        conn.close();
        schema
    }

    /// The names of the tables, sorted.
    pub fn table_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.describe().tables.iter().map(|t| t.name.as_str().to_owned()).collect();
        names.sort();
        names
    }

    /// Runs `sql` directly, outside any `ebb` command (test set-up, not the user's steps).
    pub fn execute(&self, sql: &str) {
        self.db.execute(sql);
    }

    /// The history as `(name, finished, rolled back)` per row, oldest first.
    pub fn history(&self) -> Vec<(String, bool, bool)> {
        let rows = self.history_rows();
        rows.into_iter().map(|r| (r.migration_name, r.finished_at.is_some(), r.rolled_back_at.is_some())).collect()
    }

    /// The rows of the history table, oldest first (none without the table).
    pub fn history_rows(&self) -> Vec<migrate::history::HistoryRow> {
        let mut conn = self.connect();
        let rows = migrate::read_rows(&mut conn).unwrap_or_else(|e| panic!("{e}")).unwrap_or_default();
        conn.close();
        rows
    }

    /// The temporary shadow databases on this database's server (none for SQLite, whose are in
    /// memory).
    pub fn shadow_databases(&self) -> Vec<String> {
        if self.db.dialect() == Dialect::Sqlite {
            return Vec::new();
        }
        let sql = if self.url.starts_with("postgres") {
            "SELECT datname::text FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'"
        } else {
            "SELECT CAST(schema_name AS CHAR) FROM information_schema.schemata WHERE schema_name LIKE 'prisma_migrate_shadow_db_%'"
        };
        let mut conn = self.connect();
        let rows = conn.query_text(sql).unwrap_or_else(|e| panic!("{e}"));
        conn.close();
        rows.into_iter().filter_map(|row| row.into_iter().next().flatten()).collect()
    }
}

pub fn parse(url: &str) -> DbUrl {
    DbUrl::parse(url, Path::new("/")).unwrap_or_else(|e| panic!("{e}"))
}

/// The passwords no run may show: `PASSWORD`, and the test servers' when their URLs carry one.
fn passwords() -> Vec<String> {
    let servers = [
        "EBB_TEST_POSTGRES_URL",
        "EBB_TEST_MYSQL_URL",
        "EBB_TEST_POSTGRES_TLS_URL",
        "EBB_TEST_POSTGRES_TLS_MD5_URL",
        "EBB_TEST_MYSQL_TLS_URL",
    ]
    .iter()
    .filter_map(|var| std::env::var(var).ok())
    .filter_map(|text| {
        let authority = text.split_once("://")?.1.split_once('@')?.0.to_owned();
        authority.split_once(':').map(|(_, password)| password.to_owned())
    })
    .filter(|password| password.len() >= 4);
    std::iter::once(PASSWORD.to_owned()).chain(servers).collect()
}

/// A temporary project folder, with variables set for every run of `ebb` in it.
pub struct Project {
    pub dir: PathBuf,
    vars: Vec<(String, String)>,
}

impl Project {
    /// A project with `files` written into it.
    pub fn new(files: &[(&str, &str)]) -> Project {
        let project = Project {
            dir: std::env::temp_dir().join(testkit::unique_name(concat!("ebb-", env!("CARGO_CRATE_NAME")))),
            vars: Vec::new(),
        };
        std::fs::create_dir_all(&project.dir).unwrap_or_else(|e| panic!("{e}"));
        for (path, content) in files {
            project.write(path, content);
        }
        project
    }

    /// A project on `db` through `CONFIG`, with `schema` as `prisma/schema.prisma`.
    pub fn on(db: &TestDb, schema: &str) -> Project {
        let mut project = Project::new(&[("prisma.config.ts", CONFIG), ("prisma/schema.prisma", schema)]);
        project.vars.push((URL_VAR.to_owned(), db.url.clone()));
        project
    }

    /// The variables every run in the project gets.
    pub fn variables(&self) -> Vec<(&str, &str)> {
        self.vars.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect()
    }

    /// The project with the variable `name` set to `value` for every run.
    pub fn with_var(mut self, name: &str, value: &str) -> Project {
        self.vars.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn write(&self, path: &str, content: &str) {
        let full = self.dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap_or(&self.dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&full, content).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    }

    pub fn write_schema(&self, schema: &str) {
        self.write("prisma/schema.prisma", schema);
    }

    pub fn read(&self, path: &str) -> String {
        let full = self.dir.join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    pub fn migrations(&self) -> PathBuf {
        self.dir.join("prisma/migrations")
    }

    /// The migration folders under `prisma/migrations`, oldest first.
    pub fn migration_names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.migrations())
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().is_dir())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// The folder of the migration named `name` (`<timestamp>_<name>`).
    pub fn migration(&self, name: &str) -> PathBuf {
        let folder = self.migrations();
        let entries = std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("{}: {e}", folder.display()));
        let found = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| path.file_name().is_some_and(|n| n.to_string_lossy().ends_with(&format!("_{name}"))));
        found.unwrap_or_else(|| panic!("no migration `{name}` in {}", folder.display()))
    }

    /// `file` of the migration named `name`.
    pub fn read_migration(&self, name: &str, file: &str) -> String {
        let path = self.migration(name).join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Writes `migration_lock.toml` for `dialect`.
    pub fn write_lock_file(&self, dialect: Dialect) {
        self.write(
            "prisma/migrations/migration_lock.toml",
            &format!("provider = \"{}\"\n", migrate::provider_name(dialect)),
        );
    }

    /// Writes a migration folder by hand, with its down script when given.
    pub fn write_migration(&self, folder: &str, up: &str, down: Option<&str>) {
        self.write(&format!("prisma/migrations/{folder}/migration.sql"), up);
        if let Some(down) = down {
            self.write(&format!("prisma/migrations/{folder}/down.sql"), down);
        }
    }

    /// `ebb args` in the project with the project's variables, no input and its output captured,
    /// ready to run or spawn.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ebb"));
        command.args(args).current_dir(&self.dir).env("NO_COLOR", "1");
        command.envs(self.vars.iter().map(|(name, value)| (name, value)));
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        command
    }

    /// Runs `ebb args` in the project with the project's variables.
    pub fn run(&self, args: &[&str]) -> Run {
        self.ebb(args, None, &[])
    }

    /// Runs `ebb args` in the project, with `stdin` as standard input and extra variables.
    pub fn ebb(&self, args: &[&str], stdin: Option<&str>, vars: &[(&str, &str)]) -> Run {
        let mut command = self.command(args);
        command.envs(vars.iter().copied());
        if stdin.is_some() {
            command.stdin(Stdio::piped());
        }
        let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot run ebb: {e}"));
        if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
            use std::io::Write;
            input.write_all(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        Run::new(args, output)
    }

    /// Runs `ebb args` on a pseudo-terminal (util-linux `script`), typing `answers` one per line
    /// once the command has had time to ask. `None` when `script` is not installed.
    pub fn on_terminal(&self, args: &[&str], answers: &[&str], vars: &[(&str, &str)]) -> Option<Run> {
        if !Path::new("/usr/bin/script").is_file() {
            testkit::missing("/usr/bin/script (util-linux) to give ebb a terminal");
            return None;
        }
        let command = format!("{} {}", env!("CARGO_BIN_EXE_ebb"), args.join(" "));
        let mut child = Command::new("/usr/bin/script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(&self.dir)
            .envs(self.vars.iter().map(|(name, value)| (name, value)))
            .envs(vars.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{e}"));
        if let Some(mut input) = child.stdin.take() {
            use std::io::Write;
            for answer in answers {
                std::thread::sleep(Duration::from_millis(1500));
                input.write_all(format!("{answer}\n").as_bytes()).unwrap_or_else(|e| panic!("{e}"));
            }
            std::thread::sleep(Duration::from_millis(1500));
        }
        let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        Some(Run::new(args, output))
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What one run of `ebb` did.
pub struct Run {
    pub command: String,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails when the run showed a password.
    fn new(args: &[&str], output: Output) -> Run {
        let run = Run {
            command: format!("ebb {}", args.join(" ")),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        for password in passwords() {
            for (name, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
                assert!(!text.contains(&password), "`{}` showed the password on {name}:\n{text}", run.command);
            }
        }
        run
    }

    pub fn expect(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "`{}` exited with {:?}\n--- stdout\n{}--- stderr\n{}",
            self.command,
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }
}
