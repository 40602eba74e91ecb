//! What the end-to-end tests of the binary share: fresh databases on the test servers (or
//! SQLite files), a temporary project folder, and runs of `ebb` whose exit code and output are
//! asserted.
//!
//! Server databases come from `testkit::server_url`: outside CI a missing server is reported as
//! skipped (`TestDb::new` returns `None`); under `CI=true` it is a failure.

use db::{Connection, DbUrl, Dialect};
use sql_schema::SqlSchema;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use testkit::unique_name as unique;

/// A fresh, empty database; dropped (or deleted) at the end of the test.
pub struct TestDb {
    pub url: String,
    admin: Option<(Connection, String)>,
    file: Option<PathBuf>,
}

impl TestDb {
    pub fn new(dialect: Dialect) -> Option<TestDb> {
        let var = match dialect {
            Dialect::Postgres => "EBB_TEST_POSTGRES_URL",
            Dialect::Mysql => "EBB_TEST_MYSQL_URL",
            Dialect::Sqlite => {
                let path = std::env::temp_dir().join(format!("{}.db", unique("ebb_e2e")));
                return Some(TestDb { url: format!("file:{}", path.display()), admin: None, file: Some(path) });
            }
        };
        let base = testkit::server_url(var)?;
        let mut admin = Connection::connect(&parse(&base)).unwrap_or_else(|e| panic!("{var}: {e}"));
        let name = unique("ebb_e2e");
        admin.execute_raw(&format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("{e}"));
        Some(TestDb { url: with_database(&base, &name), admin: Some((admin, name)), file: None })
    }

    pub fn describe(&self) -> SqlSchema {
        let mut conn = Connection::connect(&parse(&self.url)).unwrap_or_else(|e| panic!("{e}"));
        let schema = conn.describe(&[]).unwrap_or_else(|e| panic!("{e}"));
        conn.close();
        schema
    }

    pub fn table_names(&self) -> Vec<String> {
        self.describe().tables.iter().map(|t| t.name.as_str().to_owned()).collect()
    }

    /// Runs `sql` directly, outside any `ebb` command (test set-up, not the user's steps).
    pub fn execute(&self, sql: &str) {
        let mut conn = Connection::connect(&parse(&self.url)).unwrap_or_else(|e| panic!("{e}"));
        conn.execute_raw(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        conn.close();
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &mut self.admin {
            let statement = match self.url.split(':').next() {
                Some("postgres" | "postgresql") => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
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

pub fn parse(url: &str) -> DbUrl {
    DbUrl::parse(url, Path::new("/")).unwrap_or_else(|e| panic!("{e}"))
}

/// `base` with its database (the URL path) replaced by `name`, query parameters kept.
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

/// A temporary project folder with `files` written into it.
pub struct Project {
    pub dir: PathBuf,
}

impl Project {
    pub fn new(files: &[(&str, &str)]) -> Project {
        let project = Project { dir: std::env::temp_dir().join(unique("ebb-e2e-project")) };
        std::fs::create_dir_all(&project.dir).unwrap_or_else(|e| panic!("{e}"));
        for (path, content) in files {
            project.write(path, content);
        }
        project
    }

    pub fn write(&self, path: &str, content: &str) {
        let full = self.dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap_or(&self.dir)).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&full, content).unwrap_or_else(|e| panic!("{}: {e}", full.display()));
    }

    pub fn read(&self, path: &str) -> String {
        let full = self.dir.join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
    }

    /// The migration folders under `prisma/migrations`, oldest first.
    pub fn migration_names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.dir.join("prisma/migrations"))
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.path().is_dir())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Runs `ebb args` in the project, with `stdin` as standard input and extra variables.
    pub fn ebb(&self, args: &[&str], stdin: Option<&str>, vars: &[(&str, &str)]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ebb"));
        command.args(args).current_dir(&self.dir).env("NO_COLOR", "1");
        command.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        for (name, value) in vars {
            command.env(name, value);
        }
        let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot run ebb: {e}"));
        if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
            use std::io::Write;
            input.write_all(text.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
        Run::new(args, output)
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
    fn new(args: &[&str], output: Output) -> Run {
        Run {
            command: format!("ebb {}", args.join(" ")),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
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
