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

pub mod catalog;

use calc::Provider;
use db::{Connection, Dialect};
use sql_schema::{Column, ColumnTypeFamily, NamespaceName, SqlSchema, Table};
use std::collections::BTreeSet;
use std::path::Path;

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

pub use migrate::{provider_name, render_dialect};

/// `text` (written for PostgreSQL) with its datasource provider swapped for `dialect`'s.
pub fn with_provider(text: &str, dialect: Dialect) -> String {
    testkit::with_provider(text, provider_name(dialect))
}

/// The SQL schema of a schema made of `files` (name, text) for `dialect`, or psl's errors.
pub fn calculate(files: &[(String, String)], dialect: Dialect) -> Result<SqlSchema, String> {
    testkit::sql_schema(files, provider(dialect))
}

/// [`calculate`] for a single schema text.
pub fn calculate_text(text: &str, dialect: Dialect) -> Result<SqlSchema, String> {
    calculate(&[("schema.prisma".to_owned(), text.to_owned())], dialect)
}

pub use testkit::servers::{Server, TestDb};
pub use testkit::unique_name;

/// `schema`, calculated for the default namespace `public`, as the calculator gives it for
/// `db`'s default namespace (PostgreSQL's `?schema=`).
pub fn localize(db: &TestDb, schema: &SqlSchema) -> SqlSchema {
    let mut schema = schema.clone();
    if let Some(default) = db.default_namespace() {
        for namespace in &mut schema.namespaces {
            if namespace.name.as_str() == "public" {
                namespace.name = default.into();
            }
        }
    }
    schema
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
        let mut steps = diff::diff(from, to, rules);
        // Towards a database, Prisma's diff creates every extension installed there (plpgsql
        // too); that the database has the schema's extensions is the other direction's question.
        if what == "schema → database" {
            steps.retain(|step| {
                !matches!(
                    step,
                    diff::Step::CreateExtension(_) | diff::Step::AlterExtension(_) | diff::Step::DropExtension(_)
                )
            });
        }
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

/// The catalog ([`catalog::catalog`]) of `db`'s database, through `conn`.
pub fn catalog_of(db: &TestDb, conn: &mut Connection) -> Result<String, String> {
    catalog::catalog(conn, db.url.postgres_schema().unwrap_or("public"))
}

/// The independent judge of an applied migration: the catalog of `db` (through `conn`) must
/// equal that of a fresh database of `server` where `setup` and the from-empty script of
/// `schema` ran, as if the migration's target had been created directly.
pub fn same_catalog_as_created(
    server: &mut Server,
    db: &TestDb,
    conn: &mut Connection,
    setup: &str,
    schema: &SqlSchema,
) -> Result<(), String> {
    let fresh = server.fresh_database();
    let mut fresh_conn = fresh.connect();
    if !setup.is_empty() {
        fresh_conn.execute_raw(setup).map_err(|e| format!("the setup failed: {e}"))?;
    }
    let created = migrate(&mut fresh_conn, &SqlSchema::default(), &localize(&fresh, schema))
        .and_then(|()| catalog_of(&fresh, &mut fresh_conn));
    fresh_conn.close();
    same_catalog(&catalog_of(db, conn)?, &created?, "the migrated database", "one created from empty")
}

/// Compares two catalogs; the error lists the lines only one of them has.
pub fn same_catalog(a: &str, b: &str, a_name: &str, b_name: &str) -> Result<(), String> {
    if a == b {
        return Ok(());
    }
    let (a_lines, b_lines): (BTreeSet<&str>, BTreeSet<&str>) = (a.lines().collect(), b.lines().collect());
    let only = |x: &BTreeSet<&str>, y: &BTreeSet<&str>| {
        x.difference(y).map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
    };
    Err(format!(
        "the catalogs differ\n  only in {a_name}:\n{}\n  only in {b_name}:\n{}",
        only(&a_lines, &b_lines),
        only(&b_lines, &a_lines)
    ))
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
    let schema = &localize(&db, schema);
    let mut conn = db.connect();
    if !setup.is_empty() {
        conn.execute_raw(setup).map_err(|e| format!("the setup failed: {e}"))?;
    }
    let result = migrate(&mut conn, &SqlSchema::default(), schema).and_then(|()| check_database(&mut conn, schema));
    conn.close();
    result
}

/// PostgreSQL extensions the corpus uses without declaring them (their users install them by
/// hand, and Prisma's scripts expect them), with the schema text that shows each is needed.
const EXTENSIONS: &[(&str, &[&str])] =
    &[("citext", &["Citext"]), ("pg_trgm", &["gin_trgm_ops"]), ("postgis", &["geography", "geometry"])];

/// Runs `case` on each corpus schema (under `root`) of the server's provider, with its files and
/// the SQL that creates the extensions it needs, and records the results in `report`. A schema
/// that needs an extension the server lacks is recorded as skipped.
pub fn for_each_corpus_case(
    root: &Path,
    server: &mut Server,
    report: &mut Report,
    mut case: impl FnMut(&mut Server, &[(String, String)], &str) -> Result<(), String>,
) {
    for schema in testkit::corpus_schemas(root) {
        if schema.provider != provider_name(server.dialect()) {
            continue;
        }
        let files = testkit::schema_files(&schema.path);
        let text: String = files.iter().map(|(_, text)| text.as_str()).collect();
        let extensions: Vec<&str> =
            EXTENSIONS.iter().filter(|(_, marks)| marks.iter().any(|m| text.contains(m))).map(|(e, _)| *e).collect();
        if let Some(missing) = extensions.iter().find(|e| !server.has_extension(e)) {
            let why = format!("the server has no `{missing}` extension, which {} needs", schema.name);
            testkit::missing(&why);
            report.skip(&schema.name, &why);
            continue;
        }
        let setup: String = extensions.iter().map(|e| format!("CREATE EXTENSION IF NOT EXISTS \"{e}\";\n")).collect();
        let result = case(server, &files, &setup);
        report.record(&schema.name, result);
    }
}

/// Seeds run on this many connections at once: the databases spend most of a case waiting on
/// their own disk work, not on the test's CPU.
const WORKERS: u64 = 4;

/// `run` for the seeds `1..=count`, spread over several servers of `dialect` (with namespaces),
/// sorted by seed; `None` when the server is missing (the test is skipped).
pub fn on_seeds<T: Send>(
    dialect: Dialect,
    count: u64,
    run: impl Fn(&mut Server, u64) -> T + Sync,
) -> Option<Vec<(u64, T)>> {
    Server::with_namespaces(dialect)?;
    let run = &run;
    let mut results: Vec<(u64, T)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|worker| {
                scope.spawn(move || {
                    let Some(mut server) = Server::with_namespaces(dialect) else { return Vec::new() };
                    (1..=count)
                        .filter(|seed| seed % WORKERS == worker)
                        .map(|seed| (seed, run(&mut server, seed)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    results.sort_by_key(|(seed, _)| *seed);
    Some(results)
}

/// Collects failures of many cases and reports them together, so that one run shows them all.
/// Cases listed as known failures must still fail: the list always says exactly what is left.
#[derive(Default)]
pub struct Report {
    pub passed: usize,
    pub skipped: Vec<String>,
    pub failures: Vec<String>,
    known: Vec<String>,
    known_seen: usize,
    known_failed: usize,
}

/// The entries of a list file: one a line, `#` starting a comment, blank lines skipped.
pub fn listed(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|l| l.split('#').next().unwrap_or_default().trim()).filter(|l| !l.is_empty())
}

/// The entries of a list file (see [`listed`]) that start with `dialect`'s name, without it.
pub fn listed_for(text: &str, dialect: Dialect) -> impl Iterator<Item = &str> {
    listed(text).filter_map(move |l| l.strip_prefix(dialect.name())?.strip_prefix(' '))
}

impl Report {
    /// A report where the cases in `known` (one a line, `#` comments) are expected to fail.
    pub fn with_known_failures(known: &str) -> Report {
        Report { known: listed(known).map(str::to_owned).collect(), ..Report::default() }
    }

    /// How many recorded cases were listed as known failures (they are not expected to pass).
    pub fn known_count(&self) -> usize {
        self.known_seen
    }

    pub fn record(&mut self, case: &str, result: Result<(), String>) {
        let known = self.known.iter().any(|k| k == case);
        self.known_seen += usize::from(known);
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

    /// Prints the counts and fails when any case failed or the number that passed is not
    /// `expected` (the inputs are deterministic, so the count is known).
    pub fn finish(self, title: &str, expected: usize) {
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
        assert_eq!(self.passed, expected, "{title}: expected {expected} cases to pass, {} did", self.passed);
    }
}

/// The tables a migration from `from` to `to` leaves alone, by name: same columns (names,
/// types, enum values, arity, defaults), same primary key, no foreign keys (so that a row can
/// go in on its own).
pub fn untouched_tables<'a>(from: &'a SqlSchema, to: &SqlSchema) -> Vec<&'a Table> {
    unchanged_tables(from, to).into_iter().filter(|table| table.foreign_keys.is_empty()).collect()
}

/// The tables a migration from `from` to `to` leaves alone, by name: same columns (names,
/// types, enum values, arity, defaults), same primary key, same foreign keys (columns,
/// referenced table and columns, actions).
pub fn unchanged_tables<'a>(from: &'a SqlSchema, to: &SqlSchema) -> Vec<&'a Table> {
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
        .filter(|table| {
            let namespace = from.namespace_name(table.namespace);
            let Some(other) = to.find_table(namespace, &table.name) else { return false };
            let other = to.table(other);
            other.primary_key == table.primary_key
                && other.columns.len() == table.columns.len()
                && table.columns.iter().zip(&other.columns).all(|(a, b)| same_column(a, b))
                && foreign_keys(from, table) == foreign_keys(to, other)
        })
        .collect()
}

/// A table's foreign keys by name: (columns, referenced namespace and table, referenced
/// columns, actions), sorted.
fn foreign_keys(schema: &SqlSchema, table: &Table) -> Vec<String> {
    let mut keys: Vec<String> = table
        .foreign_keys
        .iter()
        .map(|fk| {
            let referenced = schema.table(fk.referenced_table);
            let names = |table: &Table, ids: &[sql_schema::ColumnId]| -> Vec<String> {
                ids.iter().map(|id| table.column(*id).name.as_str().to_owned()).collect()
            };
            format!(
                "{:?} -> {:?}.{} {:?} {:?}/{:?}",
                names(table, &fk.columns),
                schema.namespace_name(referenced.namespace).map(|n| n.as_str()),
                referenced.name.as_str(),
                names(referenced, &fk.referenced_columns),
                fk.on_delete,
                fk.on_update
            )
        })
        .collect();
    keys.sort();
    keys
}

/// `table`'s name as SQL writes it, with its namespace when it has one.
pub fn qualified_name(schema: &SqlSchema, table: &Table, dialect: Dialect) -> String {
    let quote = |name: &str| render_dialect(dialect).quote(name);
    match schema.namespace_name(table.namespace) {
        Some(namespace) => format!("{}.{}", quote(namespace.as_str()), quote(table.name.as_str())),
        None => quote(table.name.as_str()),
    }
}

/// A literal of `column`'s type for a generated row, or `None` when we know no value to write.
fn literal(schema: &SqlSchema, column: &Column, dialect: Dialect) -> Option<String> {
    let native = column.tpe.native.to_ascii_uppercase();
    let base = native.split('(').next().unwrap_or_default().trim().to_owned();
    if column.arity.is_list() {
        return Some("'{}'".to_owned());
    }
    Some(match (&column.tpe.family, dialect) {
        (ColumnTypeFamily::Boolean, Dialect::Postgres) => "true".to_owned(),
        (ColumnTypeFamily::Int | ColumnTypeFamily::BigInt, _) => "1".to_owned(),
        (ColumnTypeFamily::Float | ColumnTypeFamily::Decimal, _) => "1.5".to_owned(),
        (ColumnTypeFamily::Boolean, _) => "1".to_owned(),
        (ColumnTypeFamily::String, _) if matches!(base.as_str(), "TEXT" | "VARCHAR" | "CHAR" | "CITEXT") => {
            "'x'".to_owned()
        }
        (ColumnTypeFamily::DateTime, _)
            if matches!(base.as_str(), "TIMESTAMP" | "TIMESTAMPTZ" | "DATETIME" | "DATE") =>
        {
            "'2020-01-01 00:00:00'".to_owned()
        }
        (ColumnTypeFamily::Json, _) => "'{}'".to_owned(),
        (ColumnTypeFamily::Uuid, _) => "'00000000-0000-0000-0000-000000000001'".to_owned(),
        (ColumnTypeFamily::Binary, Dialect::Postgres) => "'\\x01'".to_owned(),
        (ColumnTypeFamily::Binary, _) if matches!(base.as_str(), "BLOB" | "LONGBLOB" | "MEDIUMBLOB" | "VARBINARY") => {
            "X'01'".to_owned()
        }
        (ColumnTypeFamily::Enum(id), _) => render::quote_string(schema.enum_(*id).values.first()?),
        _ => return None,
    })
}

/// An `INSERT` of one row into `table`: every required column without a default gets a value
/// of its type. `None` when a column's type has no value we know how to write.
pub fn insert_one_row(schema: &SqlSchema, table: &Table, dialect: Dialect) -> Option<String> {
    insert_row_with(schema, table, dialect, &[])
}

/// [`insert_one_row`], with the literals in `given` (column name, SQL literal) for the columns
/// they name, required or not.
pub fn insert_row_with(
    schema: &SqlSchema,
    table: &Table,
    dialect: Dialect,
    given: &[(String, String)],
) -> Option<String> {
    let quote = |name: &str| render_dialect(dialect).quote(name);
    let mut columns = Vec::new();
    let mut values = Vec::new();
    for column in &table.columns {
        let value = match given.iter().find(|(name, _)| name == column.name.as_str()) {
            Some((_, value)) => value.clone(),
            None if column.autoincrement || column.default.is_some() || column.arity.is_nullable() => continue,
            None => literal(schema, column, dialect)?,
        };
        columns.push(quote(column.name.as_str()));
        values.push(value);
    }
    let name = qualified_name(schema, table, dialect);
    Some(if columns.is_empty() && dialect == Dialect::Mysql {
        format!("INSERT INTO {name} () VALUES ()")
    } else if columns.is_empty() {
        format!("INSERT INTO {name} DEFAULT VALUES")
    } else {
        format!("INSERT INTO {name} ({}) VALUES ({})", columns.join(", "), values.join(", "))
    })
}

/// Puts one row into every table of `schema` that `allowed` accepts and that can be filled
/// generically: each required column gets a value of its type, and each foreign key with a
/// required column points at the row of its referenced table (filled first). Tables whose
/// referenced tables stay empty, or with a column type we have no value for, stay empty.
/// Returns the tables filled, in the order they were.
pub fn fill_tables<'a>(
    conn: &mut Connection,
    schema: &'a SqlSchema,
    allowed: &dyn Fn(&Table) -> bool,
) -> Result<Vec<&'a Table>, String> {
    let dialect = conn.dialect();
    let mut filled: Vec<&Table> = Vec::new();
    let mut pending: Vec<&Table> = schema.tables.iter().filter(|table| allowed(table)).collect();
    loop {
        let mut progressed = false;
        let mut still_pending = Vec::new();
        for table in pending {
            let mut given = Vec::new();
            let mut ready = true;
            for fk in &table.foreign_keys {
                if fk.columns.iter().all(|id| table.column(*id).arity.is_nullable()) {
                    continue;
                }
                let referenced = schema.table(fk.referenced_table);
                if std::ptr::eq(referenced, table) || !filled.iter().any(|t| std::ptr::eq(*t, referenced)) {
                    ready = false;
                    break;
                }
                let names: Vec<&str> =
                    fk.referenced_columns.iter().map(|id| referenced.column(*id).name.as_str()).collect();
                let row = select_text(conn, schema, referenced, &names)?.into_iter().next();
                let Some(row) = row else {
                    ready = false;
                    break;
                };
                for (id, value) in fk.columns.iter().zip(row) {
                    let literal = value.map_or_else(|| "NULL".to_owned(), |v| render::quote_string(&v));
                    given.push((table.column(*id).name.as_str().to_owned(), literal));
                }
            }
            if !ready {
                still_pending.push(table);
                continue;
            }
            // A table with a column we have no value for stays empty, for good.
            if let Some(insert) = insert_row_with(schema, table, dialect, &given) {
                conn.execute_raw(&insert).map_err(|e| format!("filling the tables: {insert}: {e}"))?;
                filled.push(table);
            }
            progressed = true;
        }
        pending = still_pending;
        if !progressed || pending.is_empty() {
            return Ok(filled);
        }
    }
}

/// The rows of `table`, every column as text, in a stable order: what must not change in a
/// table a migration leaves alone.
pub fn table_rows(
    conn: &mut Connection,
    schema: &SqlSchema,
    table: &Table,
) -> Result<Vec<Vec<Option<String>>>, String> {
    let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    select_text(conn, schema, table, &names)
}

/// `SELECT` of `columns` of `table` cast to text, ordered by all of them.
fn select_text(
    conn: &mut Connection,
    schema: &SqlSchema,
    table: &Table,
    columns: &[&str],
) -> Result<Vec<Vec<Option<String>>>, String> {
    let dialect = conn.dialect();
    let quote = |name: &str| render_dialect(dialect).quote(name);
    let binary = |name: &str| {
        table.columns.iter().any(|c| c.name.as_str() == name && matches!(c.tpe.family, ColumnTypeFamily::Binary))
    };
    let selected: Vec<String> = columns
        .iter()
        .map(|name| match dialect {
            Dialect::Postgres => format!("{}::text", quote(name)),
            Dialect::Mysql if binary(name) => format!("HEX({})", quote(name)),
            Dialect::Mysql => format!("CAST({} AS CHAR)", quote(name)),
            Dialect::Sqlite => format!("CAST({} AS TEXT)", quote(name)),
        })
        .collect();
    let order: Vec<String> = (1..=columns.len()).map(|i| i.to_string()).collect();
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {}",
        selected.join(", "),
        qualified_name(schema, table, dialect),
        order.join(", ")
    );
    conn.query_text(&sql).map_err(|e| format!("{sql}: {e}"))
}
