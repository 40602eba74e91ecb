//! `ebb db push [--accept-data-loss] [--force-reset] [--url URL]`: makes the database match
//! the schema without migrations, as Prisma 7's `db push` does for the relational providers.
//!
//! The live database is described, the schema calculated, the two diffed, and the steps run
//! as one script (one transaction on PostgreSQL and SQLite). Before that, the tables the steps
//! touch are counted: steps that cannot run on the rows present (a required column without a
//! default added to a table with rows) stop the push and point to `--force-reset`; steps that
//! lose data (a dropped table or column still holding values) are listed with their counts and
//! need `--accept-data-loss`. Steps on empty tables say nothing, as in Prisma. `--force-reset`
//! empties the database first (as `migrate reset` does) and then pushes.
//!
//! Where ebb differs from Prisma 7.10.1: without `--accept-data-loss` a data-loss warning
//! always stops the push (Prisma asks on a terminal); ebb never asks.

use super::migrate::{datasource_line, db_error, migrate_error, tables_of, SchemaView, Session};
use super::{Failure, Outcome, Success};
use crate::cli::DbPushArgs;
use db::{Connection, DbUrl, Dialect};
use diff::{DataLossKind, LiveCounts};
use sql_schema::SqlSchema;
use std::path::Path;
use std::time::Instant;

pub fn run(args: &DbPushArgs, cwd: &Path) -> Outcome {
    let started = Instant::now();
    let mut session = Session::open(&args.project, cwd)?;
    if let Some(url) = &args.url {
        session.project.live.url = DbUrl::parse(url, cwd).map_err(db_error)?;
    }
    let mut connection = session.connect_creating()?;
    let result = push_on(&mut connection, &session, args, started);
    connection.close();
    result
}

fn push_on(connection: &mut Connection, session: &Session, args: &DbPushArgs, started: Instant) -> Outcome {
    let project = &session.project;
    if args.force_reset {
        migrate::reset_database(connection, &project.live.schemas).map_err(migrate_error)?;
        let line = datasource_line(project);
        let target = line.split_once(": ").map_or(line.as_str(), |(_, target)| target);
        // Prisma's sentence has no comma before the schema: `database "app" schema "public"`.
        let target = target.replacen("\", schema", "\" schema", 1);
        println!("\nThe {target} was successfully reset.");
    }
    let view = SchemaView::of(project);
    let dialect = migrate::render_dialect(connection.dialect());
    let live = view.describe(connection)?;
    let target = view.calculate(&project.datamodel)?;
    let steps = diff::diff(&live, &target, dialect.rules());
    if steps.is_empty() {
        println!("\nThe database is already in sync with the Prisma schema.\n");
        return Ok(Success::Done);
    }
    let schemas = diff::Pair::new(&live, &target);
    let counts = live_counts(connection, &steps, schemas);
    let mut messages: Vec<diff::DataLossWarning> =
        steps.iter().flat_map(|step| step.data_loss_warnings_counted(schemas, dialect.rules(), &counts)).collect();
    // A stable sort keeps step order inside each kind.
    messages.sort_by_key(|message| message.kind);
    let list = |kind: DataLossKind| -> String {
        messages.iter().filter(|m| m.kind == kind).map(|m| format!("\n  • {}", m.message)).collect()
    };
    let unexecutable = list(DataLossKind::Unexecutable);
    if !unexecutable.is_empty() {
        return Err(Failure::Error(format!(
            "\n⚠️ We found changes that cannot be executed:\n{unexecutable}\n\nYou may use the --force-reset flag to drop the database before push like ebb db push --force-reset\nAll data will be lost.\n      "
        )));
    }
    let warnings = list(DataLossKind::Warning);
    if !warnings.is_empty() {
        println!("\n⚠️  There might be data loss when applying the changes:\n{warnings}\n");
        if !args.accept_data_loss {
            return Err(Failure::Error(
                "Use the --accept-data-loss flag to ignore the data loss warnings like ebb db push --accept-data-loss"
                    .into(),
            ));
        }
        println!();
    }
    let script = render::render(&steps, schemas, dialect);
    connection.execute_script(&script).map_err(db_error)?;
    println!(
        "\n🚀  Your database is now in sync with your Prisma schema. Done in {}ms\n",
        started.elapsed().as_millis()
    );
    Ok(Success::Done)
}

/// Rows of the live tables the steps touch, and non-null values of their columns that the
/// target schema no longer has: what Prisma counts before a push. What cannot be counted stays
/// unknown (and gets the wording for unknown contents).
fn live_counts(connection: &mut Connection, steps: &[diff::Step], schemas: diff::Pair<&SqlSchema>) -> LiveCounts {
    let mut counts = LiveCounts::default();
    let mut tables: Vec<(Option<String>, String)> = steps.iter().flat_map(|step| tables_of(step, schemas)).collect();
    tables.sort();
    tables.dedup();
    for (namespace, name) in tables {
        let Some(previous) = find_table(schemas.previous, namespace.as_deref(), &name) else { continue };
        let Ok(rows) = connection.count_rows(namespace.as_deref(), &name) else { continue };
        counts.rows.insert(name.clone(), rows);
        if rows == 0 {
            continue;
        }
        let next = find_table(schemas.next, namespace.as_deref(), &name);
        for column_id in previous.column_ids() {
            let column = previous.column(column_id).name.as_str();
            if next.is_some_and(|table| table.find_column(column).is_some()) {
                continue;
            }
            if let Some(values) = count_non_null(connection, namespace.as_deref(), &name, column) {
                counts.non_null.insert((name.clone(), column.to_owned()), values);
            }
        }
    }
    counts
}

fn find_table<'a>(schema: &'a SqlSchema, namespace: Option<&str>, name: &str) -> Option<&'a sql_schema::Table> {
    let namespace = namespace.map(|n| sql_schema::NamespaceName::new(n.to_owned()));
    let id = schema.find_table(namespace.as_ref(), &sql_schema::TableName::new(name.to_owned()))?;
    Some(schema.table(id))
}

fn count_non_null(connection: &mut Connection, namespace: Option<&str>, table: &str, column: &str) -> Option<i64> {
    let dialect = connection.dialect();
    let quote = |ident: &str| match dialect {
        Dialect::Mysql => format!("`{}`", ident.replace('`', "``")),
        Dialect::Postgres | Dialect::Sqlite => format!("\"{}\"", ident.replace('"', "\"\"")),
    };
    let from = match namespace {
        Some(namespace) => format!("{}.{}", quote(namespace), quote(table)),
        None => quote(table),
    };
    let sql = format!("SELECT CAST(COUNT({}) AS CHAR(20)) FROM {from}", quote(column));
    let rows = connection.query_text(&sql).ok()?;
    rows.first()?.first()?.as_deref()?.trim().parse().ok()
}
