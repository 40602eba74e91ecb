//! Helpers for the tests on real databases: server URLs from the environment, a fresh database
//! and a scratch folder per test.
//!
//! Servers come from `EBB_TEST_POSTGRES_URL` and `EBB_TEST_MYSQL_URL`. When one is missing the
//! test says it was skipped, except under `CI=true`, where it fails. SQLite needs no server.

#![allow(dead_code)]

use db::{Connection, DbUrl, Dialect};
use std::path::{Path, PathBuf};

pub use testkit::{server_url, unique_name};

/// A database created for one test and dropped at the end, and a scratch folder beside it.
pub struct TestDb {
    pub url: DbUrl,
    /// The URL as text, password included, for tests that add parameters.
    pub url_text: String,
    pub dir: PathBuf,
    admin: Option<(Connection, String)>,
}

impl TestDb {
    pub fn new(dialect: Dialect) -> Option<TestDb> {
        let dir = std::env::temp_dir().join(unique_name("ebb_migrate_test"));
        std::fs::create_dir_all(&dir).unwrap();
        match dialect {
            Dialect::Sqlite => {
                let url_text = "file:./test.db".to_owned();
                let url = DbUrl::parse(&url_text, &dir).unwrap();
                Some(TestDb { url, url_text, dir, admin: None })
            }
            Dialect::Postgres => Self::server("EBB_TEST_POSTGRES_URL", dir),
            Dialect::Mysql => Self::server("EBB_TEST_MYSQL_URL", dir),
        }
    }

    fn server(var: &str, dir: PathBuf) -> Option<TestDb> {
        let base_text = server_url(var)?;
        let base = DbUrl::parse(&base_text, Path::new(".")).unwrap();
        let mut admin = Connection::connect(&base).unwrap_or_else(|e| panic!("{var}: {e}"));
        let name = unique_name("ebb_migrate");
        admin.execute_raw(&format!("CREATE DATABASE {name}")).unwrap();
        let mut parsed = url::Url::parse(&base_text).unwrap();
        parsed.set_path(&format!("/{name}"));
        Some(TestDb { url: base.with_database(&name), url_text: parsed.to_string(), dir, admin: Some((admin, name)) })
    }

    pub fn dialect(&self) -> Dialect {
        self.url.dialect()
    }

    pub fn connect(&self) -> Connection {
        Connection::connect(&self.url).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The migrations folder of this test.
    pub fn migrations(&self) -> PathBuf {
        self.dir.join("migrations")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &mut self.admin {
            let statement = match self.url.dialect() {
                Dialect::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                _ => format!("DROP DATABASE IF EXISTS {name}"),
            };
            // A database left behind only costs disk space; the test result stands.
            let _ = admin.execute_raw(&statement);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `test` once per dialect, each in its own test function.
#[macro_export]
macro_rules! on_every_dialect {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $name() { super::$name(db::Dialect::Sqlite) })*
        }
        mod postgres {
            $(#[test] fn $name() { super::$name(db::Dialect::Postgres) })*
        }
        mod mysql {
            $(#[test] fn $name() { super::$name(db::Dialect::Mysql) })*
        }
    };
}

/// Reads one row-less value: the first column of the first row of `sql`.
pub fn scalar(conn: &mut Connection, sql: &str) -> Option<String> {
    conn.query_text(sql).unwrap().into_iter().next().and_then(|row| row.into_iter().next().flatten())
}
