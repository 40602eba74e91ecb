//! `ebb migrate down [--steps N | --to NAME | --all] [--dry-run] [--force]`: rolls back the
//! latest applied migrations with their `down.sql`, newest first (see [`migrate::down`]).
//!
//! Before changing anything it works out what data the rollback loses: the migrations that stay
//! applied are replayed on a shadow database, and the live schema is diffed against that state;
//! the diff's data-loss warnings are shown, asked about on a terminal, and need `--force`
//! without one. `--force` skips this check (and the shadow database) altogether.
//!
//! When the latest attempt failed and is unresolved (on MySQL it may be half applied), its
//! `down.sql` is not trusted: the SQL from the live schema back to the schema of the migrations
//! applied before it is computed on the shadow database, shown, applied, and the attempt is
//! marked rolled back, so that `deploy` can apply it again once fixed.

use super::live_data::data_loss_on_live;
use super::migrate::{confirmed, interactive, migrate_error, resolve_name, shadow_of, SchemaView, Session};
use super::{Failure, Outcome, Success};
use crate::cli::MigrateDownArgs;
use db::Connection;
use migrate::{DownRange, MigrationsFolder, PlannedDown};
use sql_schema::SqlSchema;
use std::collections::BTreeSet;
use std::path::Path;

pub fn run(args: &MigrateDownArgs, cwd: &Path) -> Outcome {
    let session = Session::open(&args.project, cwd)?;
    let range = range_of(args, &session.folder)?;
    let mut connection = session.connect_existing()?;
    session.folder.check_provider(migrate::provider_name(connection.dialect())).map_err(migrate_error)?;
    let result = down_on(&mut connection, &session, args, &range);
    connection.close();
    result
}

fn range_of(args: &MigrateDownArgs, folder: &MigrationsFolder) -> Result<DownRange, Failure> {
    Ok(match (&args.steps, &args.to, args.all) {
        (Some(0), _, _) => return Err(Failure::Error("--steps needs a number of migrations of at least 1".into())),
        (Some(steps), _, _) => DownRange::Steps(*steps as usize),
        (None, Some(name), _) => DownRange::To(resolve_name(folder, name)?),
        (None, None, true) => DownRange::All,
        (None, None, false) => DownRange::Steps(1),
    })
}

fn down_on(connection: &mut Connection, session: &Session, args: &MigrateDownArgs, range: &DownRange) -> Outcome {
    if let Some(failed) = migrate::unresolved_failure(connection).map_err(migrate_error)? {
        if *range != DownRange::Steps(1) {
            println!(
                "\nOnly the failed attempt is undone this time; run the command again to roll back applied migrations."
            );
        }
        return undo_failed(connection, session, args, &failed.migration_name);
    }
    let planned = migrate::plan_down(connection, &session.folder, range).map_err(migrate_error)?;
    if planned.is_empty() {
        println!("\nNo migration to roll back.");
        return Ok(Success::Done);
    }
    let names: Vec<String> = planned.iter().map(|p| p.name.clone()).collect();
    println!("\nThe following migration(s) will be rolled back, newest first:\n\n{}", down_tree(session, &names));
    if args.dry_run {
        print_scripts(&planned);
        println!("\nDry run: nothing was changed.");
        return Ok(Success::Done);
    }
    if !args.force {
        let (applied, kept) = states_of_rollback(connection, session, range)?;
        let dialect = migrate::render_dialect(connection.dialect());
        let steps = diff::diff(&applied, &kept, dialect.rules());
        let warnings =
            messages(data_loss_on_live(connection, &steps, diff::Pair::new(&applied, &kept), dialect.rules()));
        if !warnings.is_empty() && !accepted(&warnings, &names, "migrate down")? {
            println!("Rollback cancelled.");
            return Err(Failure::Reported);
        }
    }
    let report = migrate::down(connection, &session.folder, range).map_err(migrate_error)?;
    println!(
        "\nThe following migration(s) have been rolled back:\n\n{}\n\nThey are pending again: `ebb migrate deploy` applies them.",
        down_tree(session, &report.rolled_back)
    );
    Ok(Success::Done)
}

/// The failed attempt `name` is undone from the live schema, not with its `down.sql`.
fn undo_failed(connection: &mut Connection, session: &Session, args: &MigrateDownArgs, name: &str) -> Outcome {
    println!(
        "\nThe migration `{name}` failed and is not resolved; it may be partly applied, so its down.sql is not used.\nThe database goes back to the schema of the migrations applied before it, computed on a shadow database."
    );
    let view = SchemaView::of(&session.project);
    let project = &session.project;
    let failed = session.folder.find(name).ok_or_else(|| {
        Failure::Error(format!(
            "the failed migration `{name}` is not in the migrations folder, so what it changed is unknown; restore its folder, or undo it by hand and run `ebb migrate resolve --rolled-back {name}`"
        ))
    })?;
    let before_folder =
        migrate::history_after_down(connection, &session.folder, &DownRange::Steps(0)).map_err(migrate_error)?;
    let (before, attempted) = migrate::states_around_failed(
        &before_folder,
        failed,
        &project.live.url,
        &shadow_of(project),
        &view.replay_options(project),
    )
    .map_err(migrate_error)?;
    let (before, attempted) = (view.normalise(before), view.normalise(attempted));
    let live = view.describe(connection)?;
    let dialect = migrate::render_dialect(connection.dialect());
    let steps = migrate::undo_failed_steps(&live, &before, &attempted, dialect.rules());
    let schemas = diff::Pair::new(&live, &before);
    let script = if steps.is_empty() {
        println!("\nThe failed attempt left nothing behind: no SQL to run.");
        String::new()
    } else {
        let script = render::render(&steps, schemas, dialect);
        println!("\n-- undo {name}\n{script}");
        script
    };
    if args.dry_run {
        println!("\nDry run: nothing was changed.");
        return Ok(Success::Done);
    }
    if !args.force {
        let warnings = messages(data_loss_on_live(connection, &steps, schemas, dialect.rules()));
        if !warnings.is_empty() && !accepted(&warnings, &[name.to_owned()], "migrate down")? {
            println!("Rollback cancelled.");
            return Err(Failure::Reported);
        }
    }
    migrate::undo_failed(connection, name, &script).map_err(migrate_error)?;
    println!(
        "\nThe migration `{name}` has been rolled back: the database is back at the migrations before it.\nAfter fixing it, `ebb migrate deploy` applies it again."
    );
    Ok(Success::Done)
}

/// The schemas of the applied history and of what stays applied after rolling back `range`,
/// replayed on one shadow database: what the down scripts, if right, change. Differences the
/// history does not explain (drift) are not theirs, so they are left out of the warnings.
fn states_of_rollback(
    connection: &mut Connection,
    session: &Session,
    range: &DownRange,
) -> Result<(SqlSchema, SqlSchema), Failure> {
    let project = &session.project;
    let view = SchemaView::of(project);
    let applied =
        migrate::history_after_down(connection, &session.folder, &DownRange::Steps(0)).map_err(migrate_error)?;
    let kept = migrate::history_after_down(connection, &session.folder, range).map_err(migrate_error)?;
    let at = BTreeSet::from([kept.migrations.len(), applied.migrations.len()]);
    let mut states =
        migrate::history_states(&applied, &project.live.url, &shadow_of(project), &view.replay_options(project), &at)
            .map_err(migrate_error)?;
    let mut state = |k: usize| states.remove(&k).map(|schema| view.normalise(schema)).unwrap_or_default();
    let after_all = state(applied.migrations.len());
    // Equal counts (nothing rolled back) share one entry: the same state twice.
    let after_kept = if kept.migrations.len() == applied.migrations.len() {
        after_all.clone()
    } else {
        state(kept.migrations.len())
    };
    Ok((after_all, after_kept))
}

fn messages(warnings: Vec<diff::DataLossWarning>) -> Vec<String> {
    warnings.into_iter().map(|warning| warning.message).collect()
}

/// Shows the warnings; on a terminal asks, else refuses unless `--force` (which callers check
/// before coming here).
fn accepted(warnings: &[String], names: &[String], command: &str) -> Result<bool, Failure> {
    let list: String = warnings.iter().map(|w| format!("\n  • {w}")).collect();
    println!("\n⚠️  Rolling back {} will lose data:\n{list}\n", names.join(", "));
    if !interactive() {
        return Err(Failure::Error(format!(
            "rolling back loses data and there is no terminal to confirm it; nothing was changed. Run `ebb {command} --force` to roll back anyway, or `--dry-run` to see the SQL"
        )));
    }
    Ok(confirmed("Are you sure you want to roll back and lose this data?"))
}

fn print_scripts(planned: &[PlannedDown]) {
    for migration in planned {
        let script = migration.script.trim_end_matches('\n');
        println!("\n-- {}\n{script}", migration.name);
    }
}

/// The tree of rolled-back migrations, as Prisma draws applied ones, with their `down.sql`.
fn down_tree(session: &Session, names: &[String]) -> String {
    let mut tree = format!("{}/", session.folder_shown());
    for name in names {
        tree += &format!("\n  └─ {name}/\n    └─ {}", migrate::DOWN_FILE);
    }
    tree
}
