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

use super::live_data::data_loss_on_live;
use super::migrate::{datasource_line, db_error, migrate_error, SchemaView, Session};
use super::{Failure, Outcome, Success};
use crate::cli::DbPushArgs;
use db::Connection;
use diff::DataLossKind;
use std::path::Path;
use std::time::Instant;

pub fn run(args: &DbPushArgs, cwd: &Path) -> Outcome {
    let started = Instant::now();
    let mut session = Session::open(&args.project, cwd)?;
    if let Some(url) = &args.url {
        session.project.live.url = crate::datasource::parse_url(url, cwd).map_err(db_error)?;
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
    let messages = data_loss_on_live(connection, &steps, schemas, dialect.rules());
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
