//! Renders migration [`Step`]s as SQL text, one module per dialect, byte for byte as Prisma
//! Migrate writes it.
//!
//! Invariants:
//! - Pure: a function of the steps and the two schemas they refer to.
//! - The script layout is shared: each step that yields statements becomes a `-- Name` comment
//!   line followed by its statements, each terminated by `;` and a newline; steps are separated
//!   by a blank line; no steps at all gives `-- This is an empty migration.`.
//! - Everything dialect-specific (quoting, types, statement shapes) lives in `postgres.rs`,
//!   `sqlite.rs` and `mysql.rs` behind [`DialectRenderer`].

mod common;
mod mysql;
mod postgres;
mod sqlite;
mod summary;

pub use common::{quote_backtick, quote_double, quote_string};
use diff::{DialectRules, Pair, Step};
use sql_schema::SqlSchema;
pub use summary::summarize;

/// A SQL dialect we render for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    Postgres,
    Sqlite,
    Mysql,
}

impl Dialect {
    /// The differ's rules for this dialect.
    pub fn rules(self) -> &'static dyn DialectRules {
        match self {
            Dialect::Postgres => &diff::Postgres,
            Dialect::Sqlite => &diff::Sqlite,
            Dialect::Mysql => &diff::Mysql,
        }
    }

    fn renderer(self) -> &'static dyn DialectRenderer {
        match self {
            Dialect::Postgres => &postgres::PostgresRenderer,
            Dialect::Sqlite => &sqlite::SqliteRenderer,
            Dialect::Mysql => &mysql::MysqlRenderer,
        }
    }

    /// Quotes an identifier the way this dialect's migrations do.
    pub fn quote(self, ident: &str) -> String {
        match self {
            Dialect::Postgres | Dialect::Sqlite => quote_double(ident),
            Dialect::Mysql => quote_backtick(ident),
        }
    }
}

/// Turns one step into its statements (without the terminating `;`).
pub(crate) trait DialectRenderer {
    fn render_step(&self, step: &Step, schemas: Pair<&SqlSchema>) -> Vec<String>;
}

/// The migration script for `steps`, which [`diff::diff`] computed from `schemas`.
pub fn render(steps: &[Step], schemas: Pair<&SqlSchema>, dialect: Dialect) -> String {
    let renderer = dialect.renderer();
    let mut blocks = Vec::new();
    for step in steps {
        let statements = renderer.render_step(step, schemas);
        if statements.is_empty() {
            continue;
        }
        let mut block = format!("-- {}\n", step.description());
        for statement in statements {
            block.push_str(&statement);
            block.push_str(";\n");
        }
        blocks.push(block);
    }
    if blocks.is_empty() {
        return "-- This is an empty migration.\n".to_owned();
    }
    blocks.join("\n")
}

/// Diffs and renders in one go.
pub fn migration_script(from: &SqlSchema, to: &SqlSchema, dialect: Dialect) -> String {
    let steps = diff::diff(from, to, dialect.rules());
    render(&steps, Pair::new(from, to), dialect)
}

/// Prisma's human summary of the migration from `from` to `to` (what `migrate diff` prints
/// without `--script`).
pub fn summary(from: &SqlSchema, to: &SqlSchema, dialect: Dialect) -> String {
    let steps = diff::diff(from, to, dialect.rules());
    summarize(&steps, Pair::new(from, to))
}

/// Prisma's data-loss messages for the migration from `from` to `to`, one a line, worded for
/// a database whose contents are unknown: the warnings first, then the steps that cannot run
/// on a table with rows, each group in step order (as Prisma lists them).
pub fn warnings(from: &SqlSchema, to: &SqlSchema, dialect: Dialect) -> String {
    let steps = diff::diff(from, to, dialect.rules());
    data_loss_messages(&steps, Pair::new(from, to), dialect).into_iter().map(|message| message + "\n").collect()
}

/// The data-loss messages of `steps` (see [`warnings`]), in Prisma's order.
pub fn data_loss_messages(steps: &[Step], schemas: Pair<&SqlSchema>, dialect: Dialect) -> Vec<String> {
    let mut messages: Vec<diff::DataLossWarning> =
        steps.iter().flat_map(|step| step.data_loss_warnings(schemas, dialect.rules())).collect();
    // A stable sort keeps step order inside each kind.
    messages.sort_by_key(|warning| warning.kind);
    messages.into_iter().map(|warning| warning.message).collect()
}

/// A migration file as Prisma Migrate writes it: the `Warnings` comment block listing the
/// data-loss messages of `steps` (none when there are none), then the script. The same text
/// serves `migration.sql` and ebb's `down.sql`, so a reviewer reads the losses of either
/// direction at the top of its file.
pub fn migration_file(steps: &[Step], schemas: Pair<&SqlSchema>, dialect: Dialect) -> String {
    let messages = data_loss_messages(steps, schemas, dialect);
    warnings_header(&messages) + &render(steps, schemas, dialect)
}

/// ebb's `down.sql` from `after` (the schema a migration produces) back to `before` (the one it
/// started from): [`migration_file`] of [`diff::diff_down`], which also drops the namespaces
/// the migration created.
pub fn down_file(after: &SqlSchema, before: &SqlSchema, dialect: Dialect) -> String {
    let steps = diff::diff_down(after, before, dialect.rules());
    migration_file(&steps, Pair::new(after, before), dialect)
}

/// Prisma's comment block for `messages`:
///
/// ```text
/// /*
///   Warnings:
///
///   - You are about to drop the `Post` table. …
///
/// */
/// ```
///
/// Empty when there is no message.
pub fn warnings_header(messages: &[String]) -> String {
    if messages.is_empty() {
        return String::new();
    }
    let mut header = String::from("/*\n  Warnings:\n\n");
    for message in messages {
        header.push_str("  - ");
        header.push_str(message);
        header.push('\n');
    }
    header.push_str("\n*/\n");
    header
}

#[cfg(test)]
mod tests {
    use super::warnings_header;

    #[test]
    fn warnings_header_is_prismas_comment_block() {
        // The block Prisma 7.10.1 `migrate dev --create-only` writes (crates/ebb/tests/proof).
        let messages = vec![
            "You are about to drop the `Post` table. If the table is not empty, all the data it contains will be lost.".to_owned(),
            "Added the required column `age` to the `User` table without a default value. This is not possible if the table is not empty.".to_owned(),
        ];
        assert_eq!(
            warnings_header(&messages),
            "/*\n  Warnings:\n\n  - You are about to drop the `Post` table. If the table is not empty, all the data it contains will be lost.\n  - Added the required column `age` to the `User` table without a default value. This is not possible if the table is not empty.\n\n*/\n"
        );
        assert_eq!(warnings_header(&[]), "");
    }
}
