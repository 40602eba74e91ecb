//! Identifiers the database must quote — quotes, backticks, backslashes, spaces, reserved
//! words, non-ASCII — given through `@@map`, `@map` and `map:`, survive the whole way: schema
//! text → calc → SQL → the real database → describe, with no drift against the calculated
//! schema (a name that came back different would show as a drop and a create).

use db::Dialect;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use roundtrip::{calculate_text, from_empty_round_trip, provider_name, Server};
use std::collections::BTreeSet;

/// The names one generated schema maps its objects to.
#[derive(Debug, Clone)]
struct Names {
    tables: [String; 2],
    columns: [String; 4],
    /// Constraint names; `None` leaves the name to Prisma's convention (`{table}_{columns}_idx`),
    /// which long names make the calculator cut to the database's identifier limit.
    index: Option<String>,
    unique: Option<String>,
    foreign_key: Option<String>,
    enum_name: String,
    enum_values: [String; 2],
}

impl Names {
    /// Whether every database can keep the names apart: objects sharing a namespace must
    /// differ, and MySQL and SQLite compare column names without case.
    fn distinct(&self) -> bool {
        let mut seen = BTreeSet::new();
        let constraints = [&self.index, &self.unique, &self.foreign_key].into_iter().flatten();
        let objects = self.tables.iter().chain(&self.columns).chain(constraints);
        let enum_values: BTreeSet<&String> = self.enum_values.iter().collect();
        objects.chain([&self.enum_name]).all(|name| seen.insert(name.to_lowercase())) && enum_values.len() == 2
    }
}

const RESERVED: &[&str] = &["select", "order", "table", "user", "group", "from", "key", "index", "default", "check"];

/// A name with characters that need quoting; never empty, never with outer spaces (MySQL
/// refuses trailing spaces in names and strips them from enum values).
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(RESERVED).prop_map(str::to_owned),
        "[a-zA-Z0-9 \"'`\\\\éßü日本_$.;%?(),*/-]{1,14}",
        // Long enough for derived names to pass the identifier limit, with characters of
        // several bytes where the cut may fall; within the limit themselves.
        "[a-z_]{20,40}[éß日]{0,4}",
    ]
    .prop_map(|n| n.trim().to_owned())
    .prop_filter("a name is not empty", |n| !n.is_empty())
}

fn names() -> impl Strategy<Value = Names> {
    let constraint = || proptest::option::of(name());
    (
        [name(), name()],
        [name(), name(), name(), name()],
        (constraint(), constraint(), constraint()),
        (name(), [name(), name()]),
    )
        .prop_map(|(tables, columns, (index, unique, foreign_key), (enum_name, enum_values))| Names {
            tables,
            columns,
            index,
            unique,
            foreign_key,
            enum_name,
            enum_values,
        })
        .prop_filter("names are distinct", Names::distinct)
}

/// A string literal of the schema language.
fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The `map:` argument of a constraint, when it has a name of its own.
fn map(name: &Option<String>) -> String {
    name.as_deref().map(|n| format!(", map: {}", literal(n))).unwrap_or_default()
}

fn schema_text(names: &Names, dialect: Dialect) -> String {
    let [t0, t1] = &names.tables;
    let [c0, c1, c2, c3] = &names.columns;
    let enums = dialect != Dialect::Sqlite;
    let mut text = format!("datasource db {{\n  provider = \"{}\"\n}}\n\n", provider_name(dialect));
    if enums {
        let [v0, v1] = &names.enum_values;
        text += &format!(
            "enum Mood {{\n  Happy @map({})\n  Sad @map({})\n\n  @@map({})\n}}\n\n",
            literal(v0),
            literal(v1),
            literal(&names.enum_name)
        );
    }
    let mood = if enums { "  mood Mood @default(Sad)\n" } else { "" };
    text += &format!(
        "model Parent {{\n  id Int @id @default(autoincrement()) @map({})\n  title String @default(\"it's \\\"quoted\\\"\") @map({})\n{mood}  children Child[]\n\n  @@unique([title]{})\n  @@map({})\n}}\n\n",
        literal(c0),
        literal(c1),
        map(&names.unique),
        literal(t0),
    );
    text += &format!(
        "model Child {{\n  id Int @id\n  parentId Int @map({})\n  note String? @map({})\n  parent Parent @relation(fields: [parentId], references: [id]{})\n\n  @@index([parentId, note]{})\n  @@map({})\n}}\n",
        literal(c2),
        literal(c3),
        map(&names.foreign_key),
        map(&names.index),
        literal(t1),
    );
    text
}

fn check(dialect: Dialect) {
    let Some(server) = Server::with_namespaces(dialect) else { return };
    // The runner takes a shared closure; each case borrows the server in turn.
    let server = std::cell::RefCell::new(server);
    // A fixed seed: the same identifiers on every run, so that a failure can be reproduced.
    let config = Config { cases: 64, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let result = runner.run(&names(), |names| {
        let text = schema_text(&names, dialect);
        let schema = calculate_text(&text, dialect)
            .map_err(|e| TestCaseError::fail(format!("psl rejects the schema: {e}\n{text}")))?;
        from_empty_round_trip(&mut server.borrow_mut(), &schema)
            .map_err(|e| TestCaseError::fail(format!("{e}\n--- schema\n{text}")))
    });
    if let Err(failure) = result {
        panic!("quoting on {}: {failure}", dialect.name());
    }
}

#[test]
fn postgres_quoting() {
    check(Dialect::Postgres);
}

#[test]
fn sqlite_quoting() {
    check(Dialect::Sqlite);
}

#[test]
fn mysql_quoting() {
    check(Dialect::Mysql);
}
