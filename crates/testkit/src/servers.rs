//! Fresh databases on the test servers, one helper for every test that needs one.
//!
//! Servers come from `EBB_TEST_POSTGRES_URL` and `EBB_TEST_MYSQL_URL` (set by
//! `scripts/test.sh`); a test without its server is reported through [`crate::missing`] and gets
//! `None`. SQLite needs no server: each database is a temporary file.

use db::{Connection, DbUrl, Dialect};
use std::path::{Path, PathBuf};

/// The variable holding the URL of `dialect`'s test server; `None` for SQLite.
pub fn server_var(dialect: Dialect) -> Option<&'static str> {
    match dialect {
        Dialect::Postgres => Some("EBB_TEST_POSTGRES_URL"),
        Dialect::Mysql => Some("EBB_TEST_MYSQL_URL"),
        Dialect::Sqlite => None,
    }
}

/// `base` with its database (the URL path) replaced by `name`, query parameters and password
/// kept: the text a user would write for that database.
pub fn with_database(base: &str, name: &str) -> String {
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

fn parse(text: &str) -> DbUrl {
    DbUrl::parse(text, Path::new("/")).unwrap_or_else(|e| panic!("{e}"))
}

/// One dialect's server: an admin connection that creates test databases.
pub struct Server {
    dialect: Dialect,
    /// The server's URL text and an admin connection to it (none for SQLite).
    admin: Option<(String, Connection)>,
    /// Namespace mode (PostgreSQL): the database whose namespaces are the fresh databases, and
    /// its URL text. A namespace costs a fraction of a database.
    shared: Option<(String, String)>,
}

impl Server {
    /// The server of `dialect`, or `None` after [`crate::missing`] when its URL is not set.
    pub fn new(dialect: Dialect) -> Option<Server> {
        let Some(var) = server_var(dialect) else { return Some(Server { dialect, admin: None, shared: None }) };
        Server::at(var)
    }

    /// The server whose URL the variable `var` holds (such as `EBB_TEST_POSTGRES_TLS_URL`), or
    /// `None` after [`crate::missing`] when it is not set.
    pub fn at(var: &str) -> Option<Server> {
        let base = crate::server_url(var)?;
        let dialect = parse(&base).dialect();
        let admin = Connection::connect(&parse(&base)).unwrap_or_else(|e| panic!("{var}: {e}"));
        Some(Server { dialect, admin: Some((base, admin)), shared: None })
    }

    /// Like [`Server::new`], but on PostgreSQL each fresh database is a namespace of one
    /// database, made the connection's default (`?schema=`): for the many small schemas of
    /// property tests, which never name a namespace of their own.
    pub fn with_namespaces(dialect: Dialect) -> Option<Server> {
        let mut server = Server::new(dialect)?;
        if let (Dialect::Postgres, Some((base, admin))) = (dialect, &mut server.admin) {
            let name = crate::unique_name("ebb_test_ns");
            admin.execute_raw(&format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("{e}"));
            let url = with_database(base, &name);
            server.shared = Some((name, url));
        }
        Some(server)
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// A fresh, empty database, dropped when the value goes out of scope.
    pub fn fresh_database(&mut self) -> TestDb {
        let name = crate::unique_name("ebb_test");
        if let Some((_, text)) = &self.shared {
            let separator = if text.contains('?') { '&' } else { '?' };
            let url_text = format!("{text}{separator}schema={name}");
            let url = parse(&url_text);
            let mut conn = Connection::connect(&url).unwrap_or_else(|e| panic!("{e}"));
            conn.execute_raw(&format!("CREATE SCHEMA \"{name}\"")).unwrap_or_else(|e| panic!("{e}"));
            conn.close();
            return TestDb { cleanup: Cleanup::Namespace(url.clone(), name), url, url_text };
        }
        match &mut self.admin {
            Some((base, admin)) => {
                admin.execute_raw(&format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("{e}"));
                let url_text = with_database(base, &name);
                TestDb { url: parse(&url_text), url_text, cleanup: Cleanup::Database(parse(base), name) }
            }
            None => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                let url_text = format!("file:{}", path.display());
                TestDb { url: parse(&url_text), url_text, cleanup: Cleanup::File(path) }
            }
        }
    }

    /// Whether the PostgreSQL extension `name` can be created on the server.
    pub fn has_extension(&mut self, name: &str) -> bool {
        let db = self.fresh_database();
        let mut conn = db.connect();
        let created = conn.execute_raw(&format!("CREATE EXTENSION IF NOT EXISTS \"{name}\"")).is_ok();
        conn.close();
        created
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let (Some((_, admin)), Some((name, _))) = (&mut self.admin, &self.shared) {
            // A database left behind only costs disk space; the test result stands.
            let _ = admin.execute_raw(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// What to remove once a test database is done with.
enum Cleanup {
    /// The server's URL and the database's name.
    Database(DbUrl, String),
    /// The database's URL and the namespace's name.
    Namespace(DbUrl, String),
    File(PathBuf),
}

/// A database created for one test and dropped (or deleted) when the value goes out of scope.
pub struct TestDb {
    pub url: DbUrl,
    /// The URL as a user writes it, password included.
    pub url_text: String,
    cleanup: Cleanup,
}

impl TestDb {
    /// A fresh database on `dialect`'s server (a temporary file for SQLite), or `None` after
    /// [`crate::missing`] when the server is not configured.
    pub fn new(dialect: Dialect) -> Option<TestDb> {
        Some(Server::new(dialect)?.fresh_database())
    }

    pub fn dialect(&self) -> Dialect {
        self.url.dialect()
    }

    pub fn connect(&self) -> Connection {
        Connection::connect(&self.url).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs `sql` directly (test set-up, not the user's steps).
    pub fn execute(&self, sql: &str) {
        let mut conn = self.connect();
        conn.execute_raw(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        conn.close();
    }

    /// The first column of the first row of `sql`.
    pub fn scalar(&self, sql: &str) -> Option<String> {
        let mut conn = self.connect();
        let rows = conn.query_text(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        conn.close();
        rows.into_iter().next().and_then(|row| row.into_iter().next().flatten())
    }

    /// The namespace unqualified objects land in (PostgreSQL's `?schema=`), when it is not
    /// `public`.
    pub fn default_namespace(&self) -> Option<&str> {
        self.url.postgres_schema().filter(|ns| *ns != "public")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // Whatever is left behind only costs disk space; the test result stands.
        match &self.cleanup {
            Cleanup::Database(server, name) => {
                let statement = match server.dialect() {
                    Dialect::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    _ => format!("DROP DATABASE IF EXISTS {name}"),
                };
                if let Ok(mut admin) = Connection::connect(server) {
                    let _ = admin.execute_raw(&statement);
                    admin.close();
                }
            }
            Cleanup::Namespace(url, name) => {
                if let Ok(mut conn) = Connection::connect(url) {
                    let _ = conn.execute_raw(&format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"));
                    conn.close();
                }
            }
            Cleanup::File(file) => {
                let _ = std::fs::remove_file(file);
                let _ = std::fs::remove_file(file.with_extension("db-journal"));
            }
        }
    }
}

/// One `#[test]` per dialect for each function `f(dialect)` named: `on_dialects!(sqlite
/// postgres mysql => a, b)` makes `sqlite::a`, `postgres::a`, … A function that means nothing
/// on a dialect is not listed for it (a test that returns at once would count as a pass);
/// `group:` before the dialects puts the tests in a module of that name, so that one file can
/// list functions for different dialects.
#[macro_export]
macro_rules! on_dialects {
    ($group:ident : $($dialect:ident)+ => $($name:ident),+ $(,)?) => {
        mod $group {
            use super::*;
            $crate::on_dialects!($($dialect)+ => $($name),+);
        }
    };
    ($dialect:ident $($rest:ident)* => $($name:ident),+ $(,)?) => {
        mod $dialect {
            $(#[test] fn $name() { super::$name($crate::on_dialects!(@dialect $dialect)) })+
        }
        $crate::on_dialects!($($rest)* => $($name),+);
    };
    (=> $($name:ident),+) => {};
    (@dialect sqlite) => { ::db::Dialect::Sqlite };
    (@dialect postgres) => { ::db::Dialect::Postgres };
    (@dialect mysql) => { ::db::Dialect::Mysql };
}
