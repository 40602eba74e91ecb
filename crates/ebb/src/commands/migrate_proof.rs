//! `ebb migrate check` and `ebb migrate down --generate`: the down scripts of a history,
//! proved and written. Neither touches the project's database; both work on one shadow
//! database (in memory for SQLite), which is gone when the command ends, Ctrl-C included.
//!
//! `check` replays the history step by step: for each migration in range, up, down, and the
//! described schema must equal the one before the up. A migration without `down.sql` fails the
//! check (`migrate down` could not roll it back), with the command that writes one. Exit 1
//! when any migration fails.
//!
//! `down --generate` writes the `down.sql` of migrations that lack one: the script from the
//! schema after the migration back to the schema before it, both from the replayed history,
//! with the same `Warnings` header `migrate dev` writes. An existing `down.sql` is never
//! overwritten.

use super::diff::qualify;
use super::migrate::{migrate_error, resolve_name, shadow_of, SchemaView, Session};
use super::{Failure, Outcome, Success};
use crate::cli::{MigrateCheckArgs, MigrateDownArgs};
use crate::datasource::Project;
use migrate::{MigrationsFolder, ProofReport, Verdict, DOWN_FILE};
use sql_schema::{NamespaceName, SqlSchema};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

pub fn check(args: &MigrateCheckArgs, cwd: &Path) -> Outcome {
    let session = Session::open(&args.project, cwd)?;
    let dialect = session.url().dialect();
    session.folder.check_provider(migrate::provider_name(dialect)).map_err(migrate_error)?;
    let last = args.steps.map(|steps| steps as usize);
    let report = prove(&session.project, &session.folder, last)?;
    let failures = report.failures().count();
    for proof in report.failures() {
        eprintln!("\n{}", failure_text(&proof.name, &proof.verdict));
    }
    let checked = report.migrations.len();
    let noun = |n: usize| if n == 1 { "migration" } else { "migrations" };
    if failures > 0 {
        eprintln!("\n{failures} of {checked} {} failed the check.", noun(checked));
        return Err(Failure::Reported);
    }
    println!("\n{checked} {} checked: each down.sql restores the schema its migration started from.", noun(checked));
    Ok(Success::Done)
}

/// Runs the check for the last `last` migrations of `folder` (all when `None`).
fn prove(project: &Project, folder: &MigrationsFolder, last: Option<usize>) -> Result<ProofReport, Failure> {
    let view = SchemaView::of(project);
    let options = view.replay_options(project);
    migrate::check_downs(folder, &project.live.url, &shadow_of(project), &options, last).map_err(migrate_error)
}

/// What `migrate dev` says after writing a migration: nothing when its down restores the
/// schema, else a warning on stderr. The migration stays written (and is applied) either way:
/// its up is what the schema asks for, and its down can be fixed by hand and checked again.
pub(super) fn warn_unless_new_down_restores(project: &Project, migrations_dir: &Path) {
    let checked = MigrationsFolder::read(migrations_dir)
        .map_err(migrate_error)
        .and_then(|folder| prove(project, &folder, Some(1)));
    match checked {
        Ok(report) => {
            for proof in report.failures() {
                eprintln!(
                    "\nWarning: {}\nRun `ebb migrate check --steps 1` once it is fixed.",
                    failure_text(&proof.name, &proof.verdict)
                );
            }
        }
        Err(failure) => eprintln!("\nWarning: the new migration's down.sql could not be checked: {failure}"),
    }
}

fn failure_text(name: &str, verdict: &Verdict) -> String {
    match verdict {
        Verdict::Restored => format!("The down.sql of `{name}` restores the schema."),
        Verdict::MissingDown => format!(
            "The migration `{name}` has no {DOWN_FILE}: run `ebb migrate down --generate {name}` to write it."
        ),
        Verdict::NotRestored { difference } => format!(
            "The {DOWN_FILE} of `{name}` does not restore the schema from before the migration. After up then down, the schema differs from it:\n\n{difference}"
        ),
        Verdict::DownFailed { error } => format!("The {DOWN_FILE} of `{name}` failed on the shadow database:\n{error}"),
        Verdict::UpFailedAgain { error } => format!(
            "The migration.sql of `{name}` failed when applied again after its {DOWN_FILE} (the down leaves something behind that the describer does not see):\n{error}"
        ),
    }
}

/// `ebb migrate down --generate [--all | NAME]`.
pub fn generate(args: &MigrateDownArgs, cwd: &Path) -> Outcome {
    let session = Session::open(&args.project, cwd)?;
    let dialect = session.url().dialect();
    let folder = &session.folder;
    folder.check_provider(migrate::provider_name(dialect)).map_err(migrate_error)?;
    let view = SchemaView::of(&session.project);
    let render_dialect = migrate::render_dialect(dialect);
    let targets: Vec<usize> = if args.all {
        (0..folder.migrations.len()).collect()
    } else if let Some(typed) = &args.name {
        let name = resolve_name(folder, typed)?;
        let index = folder
            .migrations
            .iter()
            .position(|m| m.name == name)
            .ok_or_else(|| Failure::Error(format!("no migration named `{typed}` in {}", session.folder_shown())))?;
        vec![index]
    } else {
        match folder.migrations.len() {
            0 => return Err(Failure::Error(format!("no migration found in {}", session.folder_shown()))),
            count => vec![count - 1],
        }
    };
    let shown = |index: usize| format!("{}/{}/{DOWN_FILE}", session.folder_shown(), folder.migrations[index].name);
    let missing: BTreeSet<usize> =
        targets.iter().copied().filter(|&index| folder.migrations[index].down.is_none()).collect();
    // The schema before each missing down's migration and after it, from one replay.
    let states = if missing.is_empty() {
        BTreeMap::new()
    } else {
        let wanted: BTreeSet<usize> = missing.iter().flat_map(|&index| [index, index + 1]).collect();
        let options = view.replay_options(&session.project);
        migrate::history_states(folder, session.url(), &shadow_of(&session.project), &options, &wanted)
            .map_err(migrate_error)?
    };
    println!();
    for index in targets {
        if !missing.contains(&index) {
            println!("Kept {} (it exists already).", shown(index));
            continue;
        }
        let (Some(before), Some(after)) = (states.get(&index), states.get(&(index + 1))) else {
            // `history_states` describes every state asked for, or fails.
            return Err(Failure::Error(format!(
                "the schemas around `{}` were not described",
                folder.migrations[index].name
            )));
        };
        let text = down_file(&view, after, before, render_dialect);
        if args.dry_run {
            println!("-- {}\n{text}", shown(index));
            continue;
        }
        let path = folder.migrations[index].path.join(DOWN_FILE);
        // Created, never replaced: a down.sql that appeared meanwhile is kept.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
        match written {
            Ok(()) => println!("Wrote {}.", shown(index)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                println!("Kept {} (it exists already).", shown(index));
            }
            Err(error) => return Err(Failure::Error(format!("cannot write {}: {error}", path.display()))),
        }
    }
    Ok(Success::Done)
}

/// The `down.sql` from `after` (the schema a migration produces) back to `before` (the schema
/// it starts from): Prisma's `Warnings` block for the steps that lose data, then the script
/// `prisma migrate diff --from-schema <after> --to-migrations <before> --script` prints. As
/// there, the target is a migration history, so PostgreSQL objects are written with their
/// schema (`DROP TABLE "public"."Profile"`).
pub(super) fn down_file(view: &SchemaView, after: &SqlSchema, before: &SqlSchema, dialect: render::Dialect) -> String {
    let qualified = |schema: &SqlSchema| {
        let mut schema = schema.clone();
        if !view.namespaces.is_empty() {
            qualify(&mut schema, &NamespaceName::new(view.default_namespace.clone()));
        }
        schema
    };
    render::down_file(&qualified(after), &qualified(before), dialect)
}
