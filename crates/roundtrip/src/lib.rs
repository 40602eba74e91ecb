//! Round trips on real databases, shared by the tests under `tests/`: a schema is turned into
//! SQL, applied to a fresh database, the database is described, and the description must diff
//! empty against the schema the calculator computed, in both directions. That is the promise
//! `migrate dev` makes to its users: after applying what ebb wrote, ebb sees nothing to do.
//!
//! Servers come from `EBB_TEST_POSTGRES_URL` and `EBB_TEST_MYSQL_URL` (through
//! [`testkit::server_url`]): a test without its server says it was skipped, except under
//! `CI=true`, where it fails. SQLite needs no server: each database is a temporary file.
//!
//! Nothing here decides what counts as equal: that is the differ's job, asked with the
//! dialect's rules exactly as `migrate dev` asks it.

use calc::Provider;
use db::{Connection, DbUrl, Dialect};
use psl::{SourceFile, SourceSet};
use sql_schema::{Column, ColumnTypeFamily, NamespaceName, SqlSchema, Table};
use std::path::{Path, PathBuf};

/// The three dialects, in the order tests report them.
pub const DIALECTS: [Dialect; 3] = [Dialect::Postgres, Dialect::Sqlite, Dialect::Mysql];

/// The psl provider that targets `dialect`.
pub fn provider(dialect: Dialect) -> Provider {
    match dialect {
        Dialect::Postgres => Provider::PostgreSql,
        Dialect::Sqlite => Provider::Sqlite,
        Dialect::Mysql => Provider::MySql,
    }
}

/// The provider's name as a datasource writes it.
pub fn provider_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "postgresql",
        Dialect::Sqlite => "sqlite",
        Dialect::Mysql => "mysql",
    }
}

/// The renderer's dialect for a database dialect.
pub fn render_dialect(dialect: Dialect) -> render::Dialect {
    match dialect {
        Dialect::Postgres => render::Dialect::Postgres,
        Dialect::Sqlite => render::Dialect::Sqlite,
        Dialect::Mysql => render::Dialect::Mysql,
    }
}

/// `text` (written for PostgreSQL) with its datasource provider swapped for `dialect`'s.
pub fn with_provider(text: &str, dialect: Dialect) -> String {
    text.replace("provider = \"postgresql\"", &format!("provider = \"{}\"", provider_name(dialect)))
}

/// The SQL schema of a schema made of `files` (name, text) for `dialect`, or psl's errors.
pub fn calculate(files: &[(String, String)], dialect: Dialect) -> Result<SqlSchema, String> {
    let mut sources = SourceSet::new();
    for (name, text) in files {
        sources.add(SourceFile::new(name.clone(), text.clone()));
    }
    let validated = psl::parse_schema(&sources);
    if validated.diagnostics.has_errors() {
        let messages: Vec<String> = validated
            .diagnostics
            .errors()
            .map(|d| {
                let file = sources.get(d.span.file);
                let (line, _) = file.line_col(d.span.start);
                format!("{}:{line}: [{}] {}", file.name, d.code, d.message)
            })
            .collect();
        return Err(messages.join("\n"));
    }
    calc::calculate(&validated.datamodel, provider(dialect)).map_err(|e| e.to_string())
}

/// [`calculate`] for a single schema text.
pub fn calculate_text(text: &str, dialect: Dialect) -> Result<SqlSchema, String> {
    calculate(&[("schema.prisma".to_owned(), text.to_owned())], dialect)
}

pub use testkit::unique_name;

/// The server of a dialect: an admin connection that creates and drops test databases.
pub struct Server {
    dialect: Dialect,
    admin: Option<(Connection, DbUrl)>,
    /// PostgreSQL in namespace mode: the one database (and its URL text) whose namespaces are
    /// the fresh databases. Creating a namespace costs a fraction of creating a database.
    shared: Option<(String, String)>,
}

impl Server {
    /// The server for `dialect`, or `None` (after reporting, or failing under `CI=true`) when
    /// its URL is not set. SQLite always has one.
    pub fn new(dialect: Dialect) -> Option<Server> {
        let var = match dialect {
            Dialect::Postgres => "EBB_TEST_POSTGRES_URL",
            Dialect::Mysql => "EBB_TEST_MYSQL_URL",
            Dialect::Sqlite => return Some(Server { dialect, admin: None, shared: None }),
        };
        let text = testkit::server_url(var)?;
        let url = DbUrl::parse(&text, Path::new(".")).unwrap_or_else(|e| panic!("{var}: {e}"));
        let admin = Connection::connect(&url).unwrap_or_else(|e| panic!("{var}: {e}"));
        Some(Server { dialect, admin: Some((admin, url)), shared: None })
    }

    /// Like [`Server::new`], but on PostgreSQL each fresh database is a namespace of one
    /// database, made the connection's default (`?schema=`): for the many small schemas of
    /// property tests, which never name a namespace of their own.
    pub fn with_namespaces(dialect: Dialect) -> Option<Server> {
        let mut server = Server::new(dialect)?;
        if dialect == Dialect::Postgres {
            let name = unique_name("ebb_rt");
            let var = "EBB_TEST_POSTGRES_URL";
            let text = testkit::server_url(var)?;
            let (admin, _) = server.admin.as_mut()?;
            admin.execute_raw(&format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("{e}"));
            let mut url = url::Url::parse(&text).unwrap_or_else(|e| panic!("{var}: {e}"));
            url.set_path(&format!("/{name}"));
            server.shared = Some((name, url.to_string()));
        }
        Some(server)
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Whether the PostgreSQL extension `name` can be created on the server.
    pub fn has_extension(&mut self, name: &str) -> bool {
        let db = self.fresh_database();
        let mut conn = db.connect();
        let created = conn.execute_raw(&format!("CREATE EXTENSION IF NOT EXISTS \"{name}\"")).is_ok();
        conn.close();
        created
    }

    /// A fresh, empty database, dropped when the value goes out of scope.
    pub fn fresh_database(&mut self) -> TestDb<'_> {
        let name = unique_name("ebb_rt");
        if let Some((_, text)) = &self.shared {
            let separator = if text.contains('?') { '&' } else { '?' };
            let url = DbUrl::parse(&format!("{text}{separator}schema={name}"), Path::new("."))
                .unwrap_or_else(|e| panic!("{e}"));
            let mut conn = Connection::connect(&url).unwrap_or_else(|e| panic!("{e}"));
            conn.execute_raw(&format!("CREATE SCHEMA \"{name}\"")).unwrap_or_else(|e| panic!("{e}"));
            return TestDb { url, cleanup: Cleanup::Namespace(Box::new(conn), name) };
        }
        match &mut self.admin {
            Some((admin, base)) => {
                admin.execute_raw(&format!("CREATE DATABASE {name}")).unwrap_or_else(|e| panic!("{e}"));
                let url = base.with_database(&name);
                TestDb { url, cleanup: Cleanup::Database(admin, name) }
            }
            None => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                let url =
                    DbUrl::parse(&format!("file:{}", path.display()), Path::new("/")).unwrap_or_else(|e| panic!("{e}"));
                TestDb { url, cleanup: Cleanup::File(path) }
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let (Some((admin, _)), Some((name, _))) = (&mut self.admin, &self.shared) {
            // A database left behind only costs disk space; the test result stands.
            let _ = admin.execute_raw(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// What to remove once a test database is done with.
enum Cleanup<'a> {
    Database(&'a mut Connection, String),
    Namespace(Box<Connection>, String),
    File(PathBuf),
}

/// A database created for one round trip and dropped when the value goes out of scope.
pub struct TestDb<'a> {
    pub url: DbUrl,
    cleanup: Cleanup<'a>,
}

impl TestDb<'_> {
    pub fn connect(&self) -> Connection {
        Connection::connect(&self.url).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The namespace unqualified objects land in (PostgreSQL's `?schema=`), when it is not
    /// `public`.
    pub fn default_namespace(&self) -> Option<&str> {
        self.url.postgres_schema().filter(|ns| *ns != "public")
    }

    /// `schema`, calculated for the default namespace `public`, as the calculator gives it for
    /// this database's default namespace.
    pub fn localize(&self, schema: &SqlSchema) -> SqlSchema {
        let mut schema = schema.clone();
        if let Some(default) = self.default_namespace() {
            for namespace in &mut schema.namespaces {
                if namespace.name.as_str() == "public" {
                    namespace.name = default.into();
                }
            }
        }
        schema
    }
}

impl Drop for TestDb<'_> {
    fn drop(&mut self) {
        // Whatever is left behind only costs disk space; the test result stands.
        match &mut self.cleanup {
            Cleanup::Database(admin, name) => {
                let statement = match self.url.dialect() {
                    Dialect::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                    _ => format!("DROP DATABASE IF EXISTS {name}"),
                };
                let _ = admin.execute_raw(&statement);
            }
            Cleanup::Namespace(conn, name) => {
                let _ = conn.execute_raw(&format!("DROP SCHEMA IF EXISTS \"{name}\" CASCADE"));
            }
            Cleanup::File(file) => {
                let _ = std::fs::remove_file(file);
            }
        }
    }
}

/// The namespaces to describe so that the description is comparable with `schema`: the ones
/// the calculator listed (PostgreSQL: the datasource's `schemas`, or `public`).
pub fn namespaces_of(schema: &SqlSchema) -> Vec<NamespaceName> {
    schema.namespaces.iter().map(|ns| ns.name.clone()).collect()
}

/// Renders the migration from `from` to `to` and runs it; the error carries the script.
pub fn migrate(conn: &mut Connection, from: &SqlSchema, to: &SqlSchema) -> Result<(), String> {
    let dialect = conn.dialect();
    let script = render::migration_script(from, to, render_dialect(dialect));
    conn.execute_script(&script).map_err(|e| format!("the script failed: {e}\n{script}"))
}

/// Describes the database behind `conn` as `expected` would be described.
pub fn describe_like(conn: &mut Connection, expected: &SqlSchema) -> Result<SqlSchema, String> {
    conn.describe(&namespaces_of(expected)).map_err(|e| format!("describe failed: {e}"))
}

/// Diffs `described` against `expected` in both directions: each must give no steps. The
/// error shows the scripts the differ would write.
pub fn no_drift(described: &SqlSchema, expected: &SqlSchema, dialect: Dialect) -> Result<(), String> {
    let rules = render_dialect(dialect).rules();
    let mut problems = Vec::new();
    for (what, from, to) in [("database → schema", described, expected), ("schema → database", expected, described)]
    {
        let steps = diff::diff(from, to, rules);
        if !steps.is_empty() {
            let script = render::render(&steps, diff::Pair::new(from, to), render_dialect(dialect));
            let names: Vec<String> = steps.iter().map(|s| format!("{s:?}")).collect();
            problems.push(format!("{what}: {} step(s) {}\n{script}", steps.len(), names.join(", ")));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Describes the database and checks that it shows no drift against `expected`.
pub fn check_database(conn: &mut Connection, expected: &SqlSchema) -> Result<(), String> {
    let described = describe_like(conn, expected)?;
    no_drift(&described, expected, conn.dialect())
}

/// Applies `schema` from empty to a fresh database of `server` and checks the round trip.
pub fn from_empty_round_trip(server: &mut Server, schema: &SqlSchema) -> Result<(), String> {
    from_empty_round_trip_after(server, "", schema)
}

/// [`from_empty_round_trip`] on a database prepared by `setup` (such as `CREATE EXTENSION`s
/// the schema expects to exist, as Prisma does).
pub fn from_empty_round_trip_after(server: &mut Server, setup: &str, schema: &SqlSchema) -> Result<(), String> {
    let db = server.fresh_database();
    let schema = &db.localize(schema);
    let mut conn = db.connect();
    if !setup.is_empty() {
        conn.execute_raw(setup).map_err(|e| format!("the setup failed: {e}"))?;
    }
    let result = migrate(&mut conn, &SqlSchema::default(), schema).and_then(|()| check_database(&mut conn, schema));
    conn.close();
    result
}

/// Collects failures of many cases and reports them together, so that one run shows them all.
/// Cases listed as known failures must still fail: the list always says exactly what is left.
#[derive(Default)]
pub struct Report {
    pub passed: usize,
    pub skipped: Vec<String>,
    pub failures: Vec<String>,
    known: Vec<String>,
    known_failed: usize,
}

impl Report {
    /// A report where the cases in `known` (one a line, `#` comments) are expected to fail.
    pub fn with_known_failures(known: &str) -> Report {
        let known = known
            .lines()
            .map(|l| l.split('#').next().unwrap_or_default().trim())
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        Report { known, ..Report::default() }
    }

    pub fn record(&mut self, case: &str, result: Result<(), String>) {
        let known = self.known.iter().any(|k| k == case);
        match (result, known) {
            (Ok(()), false) => self.passed += 1,
            (Ok(()), true) => self.failures.push(format!("{case}: passes now; remove it from the known failures")),
            (Err(_), true) => self.known_failed += 1,
            (Err(problem), false) => self.failures.push(format!("{case}: {problem}")),
        }
    }

    pub fn skip(&mut self, case: &str, why: &str) {
        self.skipped.push(format!("{case}: {why}"));
    }

    /// Prints the counts and fails when any case failed or fewer than `minimum` passed.
    pub fn finish(self, title: &str, minimum: usize) {
        eprintln!(
            "{title}: {} passed, {} failed, {} known failures, {} skipped",
            self.passed,
            self.failures.len(),
            self.known_failed,
            self.skipped.len()
        );
        for skipped in &self.skipped {
            eprintln!("  skipped {skipped}");
        }
        assert!(self.failures.is_empty(), "{title}: {} failed:\n\n{}", self.failures.len(), self.failures.join("\n\n"));
        assert!(self.passed >= minimum, "{title}: expected at least {minimum} round trips, {} passed", self.passed);
    }
}

/// The tables a migration from `from` to `to` leaves alone, by name: same columns (names,
/// types, enum values, arity, defaults), same primary key, no foreign keys (so that a row can
/// go in on its own).
pub fn untouched_tables<'a>(from: &'a SqlSchema, to: &SqlSchema) -> Vec<&'a Table> {
    let enum_values = |schema: &SqlSchema, column: &Column| match column.tpe.family {
        ColumnTypeFamily::Enum(id) => Some(schema.enum_(id).values.clone()),
        _ => None,
    };
    let same_column = |a: &Column, b: &Column| {
        a.name == b.name
            && a.tpe.native == b.tpe.native
            && enum_values(from, a) == enum_values(to, b)
            && std::mem::discriminant(&a.tpe.family) == std::mem::discriminant(&b.tpe.family)
            && a.arity == b.arity
            && a.default == b.default
            && a.autoincrement == b.autoincrement
    };
    from.tables
        .iter()
        .filter(|table| table.foreign_keys.is_empty())
        .filter(|table| {
            let namespace = from.namespace_name(table.namespace);
            let Some(other) = to.find_table(namespace, &table.name) else { return false };
            let other = to.table(other);
            other.foreign_keys.is_empty()
                && other.primary_key == table.primary_key
                && other.columns.len() == table.columns.len()
                && table.columns.iter().zip(&other.columns).all(|(a, b)| same_column(a, b))
        })
        .collect()
}

/// An `INSERT` of one row into `table`: every required column without a default gets a value
/// of its type. `None` when a column's type has no value we know how to write.
pub fn insert_one_row(schema: &SqlSchema, table: &Table, dialect: Dialect) -> Option<String> {
    let quote = |name: &str| render_dialect(dialect).quote(name);
    let mut columns = Vec::new();
    let mut values = Vec::new();
    for column in &table.columns {
        if column.autoincrement || column.default.is_some() || column.arity.is_nullable() {
            continue;
        }
        let native = column.tpe.native.to_ascii_uppercase();
        let base = native.split('(').next().unwrap_or_default().trim().to_owned();
        let value = if column.arity.is_list() {
            "'{}'".to_owned()
        } else {
            match &column.tpe.family {
                ColumnTypeFamily::Int | ColumnTypeFamily::BigInt => "1".to_owned(),
                ColumnTypeFamily::Float | ColumnTypeFamily::Decimal => "1.5".to_owned(),
                ColumnTypeFamily::Boolean => "1".to_owned(),
                ColumnTypeFamily::String if matches!(base.as_str(), "TEXT" | "VARCHAR" | "CHAR" | "CITEXT") => {
                    "'x'".to_owned()
                }
                ColumnTypeFamily::DateTime
                    if matches!(base.as_str(), "TIMESTAMP" | "TIMESTAMPTZ" | "DATETIME" | "DATE") =>
                {
                    "'2020-01-01 00:00:00'".to_owned()
                }
                ColumnTypeFamily::Json => "'{}'".to_owned(),
                ColumnTypeFamily::Uuid => "'00000000-0000-0000-0000-000000000001'".to_owned(),
                ColumnTypeFamily::Enum(id) => render::quote_string(schema.enum_(*id).values.first()?),
                _ => return None,
            }
        };
        let value = match (dialect, &column.tpe.family) {
            (Dialect::Postgres, ColumnTypeFamily::Boolean) => "true".to_owned(),
            _ => value,
        };
        columns.push(quote(column.name.as_str()));
        values.push(value);
    }
    let name = match schema.namespace_name(table.namespace) {
        Some(namespace) => format!("{}.{}", quote(namespace.as_str()), quote(table.name.as_str())),
        None => quote(table.name.as_str()),
    };
    Some(if columns.is_empty() && dialect == Dialect::Mysql {
        format!("INSERT INTO {name} () VALUES ()")
    } else if columns.is_empty() {
        format!("INSERT INTO {name} DEFAULT VALUES")
    } else {
        format!("INSERT INTO {name} ({}) VALUES ({})", columns.join(", "), values.join(", "))
    })
}
