//! Helpers for the tests on real databases: a fresh database (from `testkit`, which reports a
//! missing server) with a scratch folder for its migrations.

#![allow(dead_code)]

use db::{Connection, Dialect};
use std::path::PathBuf;

pub use testkit::unique_name;

/// A fresh database (`testkit`'s) and a scratch folder beside it for the migrations.
pub struct TestDb {
    db: testkit::servers::TestDb,
    pub dir: PathBuf,
}

impl TestDb {
    pub fn new(dialect: Dialect) -> Option<TestDb> {
        let db = testkit::servers::TestDb::new(dialect)?;
        let dir = std::env::temp_dir().join(unique_name("ebb_migrate_test"));
        std::fs::create_dir_all(&dir).unwrap();
        Some(TestDb { db, dir })
    }

    /// The migrations folder of this test.
    pub fn migrations(&self) -> PathBuf {
        self.dir.join("migrations")
    }
}

impl std::ops::Deref for TestDb {
    type Target = testkit::servers::TestDb;

    fn deref(&self) -> &Self::Target {
        &self.db
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Reads one row-less value: the first column of the first row of `sql`.
pub fn scalar(conn: &mut Connection, sql: &str) -> Option<String> {
    conn.query_text(sql).unwrap().into_iter().next().and_then(|row| row.into_iter().next().flatten())
}
