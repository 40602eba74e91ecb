//! `ebb migrate deploy | status | resolve | reset | dev`: the project's migrations folder
//! against its database, with Prisma 7's output.
//!
//! Prisma writes progress and results to stdout and problems to stderr, each command starting
//! with a `Datasource "db": …` line; ebb keeps the texts word for word (with `ebb` where Prisma
//! names its own command). Errors carry Prisma's P-code (`ebb: P3009` then the message).
//!
//! `migrate dev` replays the migrations the database has applied on a shadow database and
//! compares the result with the database (drift); then applies pending migrations; then diffs
//! the database, which now holds the whole history, against the schema to write the new
//! migration (`migration.sql`, and `down.sql` from the reverse diff, each headed by Prisma's
//! `Warnings` block when it loses data); then proves on a shadow database that the new
//! `down.sql` undoes `migration.sql` (`migrate check --steps 1`), warning when it does not.
//!
//! Where ebb differs from Prisma 7.10.1, on purpose:
//! - Without a terminal `migrate dev` needs `--name` (Prisma falls back to a folder named after
//!   the timestamp alone); on a terminal, drift or an edited migration asks whether to reset
//!   (Prisma always stops with exit 130).
//! - `status` reports applied migrations edited since (exit 1); Prisma says nothing.
//! - A new migration's timestamp is one second after the last folder's when the clock would
//!   not sort it last, so that folder order stays history order.
//! - MySQL `reset` drops the database's tables and views, not the database itself.
//! - `migrate dev` writes `down.sql` beside `migration.sql` and checks it on a shadow database
//!   (one more replay); a down that does not restore the schema is a warning on stderr, and
//!   the exit code stays 0.

use super::diff::unqualify;
use super::{Failure, Outcome, Success};
use crate::cli::{MigrateDevArgs, MigrateResetArgs, MigrateResolveArgs, ProjectArgs};
use crate::datasource::{self, Project};
use calc::Provider;
use db::{Connection, DbUrl, Dialect};
use migrate::{MigrateError, MigrationsFolder, ReplayOptions, Resolution, ShadowDatabase, StatusReport};
use sql_schema::{NamespaceName, SqlSchema};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

/// The command that empties the development database, named in messages.
const RESET_COMMAND: &str = "ebb migrate reset";

pub(super) fn migrate_error(error: MigrateError) -> Failure {
    match error.prisma_code() {
        Some(code) => Failure::Error(format!("{code}\n\n{error}")),
        None => Failure::Error(error.to_string()),
    }
}

pub(super) fn db_error(error: db::DbError) -> Failure {
    migrate_error(MigrateError::from(error))
}

/// The project, its migrations folder, and the `Datasource "db": …` line printed.
pub(super) struct Session {
    pub(super) project: Project,
    pub(super) folder: MigrationsFolder,
}

impl Session {
    pub(super) fn open(args: &ProjectArgs, cwd: &Path) -> Result<Session, Failure> {
        let project = datasource::load_project(args.schema.as_deref(), args.config.as_deref(), cwd)?;
        println!("{}", datasource_line(&project));
        let folder = MigrationsFolder::read(&cwd.join(&project.migrations_dir)).map_err(migrate_error)?;
        Ok(Session { project, folder })
    }

    pub(super) fn url(&self) -> &DbUrl {
        &self.project.live.url
    }

    /// Connects; a SQLite file that did not exist is created and announced, as Prisma does
    /// for the commands that may create the database.
    pub(super) fn connect_creating(&self) -> Result<Connection, Failure> {
        let url = self.url();
        let created = url.dialect() == Dialect::Sqlite && !Path::new(&url.database()).exists();
        let connection = match Connection::connect(url) {
            Err(db::DbError::DatabaseMissing { .. }) if url.dialect() != Dialect::Sqlite => {
                // As Prisma: the commands that build a database create it when it is missing,
                // connecting to a database every server has.
                let admin_database = if url.dialect() == Dialect::Postgres { "postgres" } else { "information_schema" };
                let mut admin = Connection::connect(&url.with_database(admin_database)).map_err(db_error)?;
                let name = url.database();
                let quoted = match url.dialect() {
                    Dialect::Mysql => format!("`{}`", name.replace('`', "``")),
                    _ => format!("\"{}\"", name.replace('"', "\"\"")),
                };
                let result = admin.execute_raw(&format!("CREATE DATABASE {quoted}"));
                admin.close();
                result.map_err(db_error)?;
                println!(
                    "\n{} database {name} created at {}",
                    pretty_provider(url.dialect()),
                    url.server_location().unwrap_or_default()
                );
                Connection::connect(url).map_err(db_error)?
            }
            other => other.map_err(db_error)?,
        };
        if created {
            println!("\nSQLite database {} created at {}", sqlite_file_name(url), url.masked());
        }
        Ok(connection)
    }

    /// Connects to a database that must exist (P1003 otherwise).
    pub(super) fn connect_existing(&self) -> Result<Connection, Failure> {
        let url = self.url();
        if url.dialect() == Dialect::Sqlite && !Path::new(&url.database()).exists() {
            return Err(Failure::Error(format!("P1003: Database `{}` does not exist", sqlite_file_name(url))));
        }
        Connection::connect(url).map_err(db_error)
    }

    /// Where the migrations are, as Prisma names it in the migration trees.
    pub(super) fn folder_shown(&self) -> String {
        self.project.migrations_dir.display().to_string()
    }
}

pub(super) fn sqlite_file_name(url: &DbUrl) -> String {
    let path = url.database();
    Path::new(&path).file_name().map_or(path.clone(), |name| name.to_string_lossy().into_owned())
}

pub(super) fn pretty_provider(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "PostgreSQL",
        Dialect::Mysql => "MySQL",
        Dialect::Sqlite => "SQLite",
    }
}

/// `Datasource "db": PostgreSQL database "app", schema "public" at "localhost:5432"`.
pub(super) fn datasource_line(project: &Project) -> String {
    let url = &project.live.url;
    let mut line = format!("Datasource \"{}\": {} database", project.datasource_name(), pretty_provider(url.dialect()));
    match url.dialect() {
        Dialect::Sqlite => line += &format!(" \"{}\"", sqlite_file_name(url)),
        _ => line += &format!(" \"{}\"", url.database()),
    }
    if !project.live.schemas.is_empty() {
        line += &format!(", schemas \"{}\"", project.live.schemas.join(", "));
    } else if let Some(schema) = url.postgres_schema() {
        line += &format!(", schema \"{schema}\"");
    }
    let location = url.server_location().unwrap_or_else(|| url.masked());
    line += &format!(" at \"{location}\"");
    line
}

/// `N migrations found in prisma/migrations` (Prisma names that folder whatever it is).
pub(super) fn found_line(folder: &MigrationsFolder) -> String {
    match folder.migrations.len() {
        0 => "No migration found in prisma/migrations".to_owned(),
        1 => "1 migration found in prisma/migrations".to_owned(),
        n => format!("{n} migrations found in prisma/migrations"),
    }
}

/// Prisma's tree of migration folders:
///
/// ```text
/// migrations/
///   └─ 20240101000000_init/
///     └─ migration.sql
/// ```
pub(super) fn migration_tree(root: &str, names: &[String]) -> String {
    let mut tree = format!("{root}/");
    for name in names {
        tree += &format!("\n  └─ {name}/\n    └─ migration.sql");
    }
    tree
}

/// A migration name as typed: the folder name, or the part after the timestamp when exactly
/// one migration of the folder has it.
pub(super) fn resolve_name(folder: &MigrationsFolder, typed: &str) -> Result<String, Failure> {
    if folder.find(typed).is_some() {
        return Ok(typed.to_owned());
    }
    let matches: Vec<&str> = folder
        .migrations
        .iter()
        .map(|m| m.name.as_str())
        .filter(|name| name.split_once('_').is_some_and(|(_, rest)| rest == typed))
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).to_owned()),
        [] => Ok(typed.to_owned()),
        many => Err(Failure::Error(format!(
            "`{typed}` names several migrations ({}); give the whole folder name",
            many.join(", ")
        ))),
    }
}

pub fn deploy(args: &ProjectArgs, cwd: &Path) -> Outcome {
    let session = Session::open(args, cwd)?;
    let mut connection = session.connect_creating()?;
    println!("\n{}\n", found_line(&session.folder));
    let result = migrate::deploy(&mut connection, &session.folder);
    connection.close();
    let report = result.map_err(migrate_error)?;
    println!();
    if report.applied.is_empty() {
        println!("No pending migrations to apply.");
    } else {
        println!(
            "The following migration(s) have been applied:\n\n{}\n\nAll migrations have been successfully applied.",
            migration_tree("migrations", &report.applied)
        );
    }
    Ok(Success::Done)
}

pub fn status(args: &ProjectArgs, cwd: &Path) -> Outcome {
    let session = Session::open(args, cwd)?;
    let mut connection = session.connect_existing()?;
    let result = migrate::status(&mut connection, &session.folder);
    connection.close();
    let report = result.map_err(migrate_error)?;
    println!("\n{}", found_line(&session.folder));
    // A database with tables but no history lists every migration as not applied, as in
    // Prisma; `deploy` then stops with P3005 and its baselining advice.
    print_status(&report)
}

fn print_status(report: &StatusReport) -> Outcome {
    if !report.missing_locally.is_empty() {
        let last_common = report.applied.last().map_or("", String::as_str);
        let plural = |names: &[String]| if names.len() > 1 { "s" } else { "" };
        eprintln!(
            "Your local migration history and the migrations table from your database are different:\n\nThe last common migration is: {last_common}\n\nThe migration{} have not yet been applied:\n{}\n\nThe migration{} from the database are not found locally in prisma/migrations:\n{}",
            plural(&report.unapplied),
            report.unapplied.join("\n"),
            plural(&report.missing_locally),
            report.missing_locally.join("\n"),
        );
        return Err(Failure::Reported);
    }
    if !report.unapplied.is_empty() && report.failed.is_empty() {
        let plural = if report.unapplied.len() > 1 { "s" } else { "" };
        println!(
            "Following migration{plural} have not yet been applied:\n{}\n\nTo apply migrations in development run ebb migrate dev.\nTo apply migrations in production run ebb migrate deploy.",
            report.unapplied.join("\n")
        );
        return Err(Failure::Reported);
    }
    if !report.failed.is_empty() {
        let names: Vec<&str> = report.failed.iter().map(|f| f.name.as_str()).collect();
        let plural = if names.len() > 1 { "s" } else { "" };
        eprintln!(
            "Following migration{plural} have failed:\n{}\n\nDuring development if the failed migration(s) have not been deployed to a production database you can then fix the migration(s) and run ebb migrate dev.\n",
            names.join("\n")
        );
        eprintln!(
            "The failed migration(s) can be marked as rolled back or applied:\n\n- If you rolled back the migration(s) manually:\nebb migrate resolve --rolled-back \"{0}\"\n\n- If you fixed the database manually (hotfix):\nebb migrate resolve --applied \"{0}\"\n\nRead more about how to resolve migration issues in a production database:\nhttps://pris.ly/d/migrate-resolve",
            names[0]
        );
        return Err(Failure::Reported);
    }
    // Prisma computes this and says nothing; a changed applied migration deserves a word.
    if !report.edited.is_empty() || !report.missing_script.is_empty() {
        for name in &report.edited {
            eprintln!("The migration `{name}` was modified after it was applied.");
        }
        for name in &report.missing_script {
            eprintln!("The migration `{name}` has no migration.sql file.");
        }
        eprintln!(
            "\nIn development, run {RESET_COMMAND} to re-apply the history; in production, restore the applied version of the file."
        );
        return Err(Failure::Reported);
    }
    println!("\nDatabase schema is up to date!");
    Ok(Success::Done)
}

pub fn resolve(args: &MigrateResolveArgs, cwd: &Path) -> Outcome {
    let (typed, rolled_back) = match (&args.applied, &args.rolled_back) {
        (Some(name), None) => (name, false),
        (None, Some(name)) => (name, true),
        _ => {
            return Err(Failure::Error(
                "migrate resolve needs exactly one of --applied MIGRATION or --rolled-back MIGRATION".into(),
            ))
        }
    };
    let session = Session::open(&args.project, cwd)?;
    let name = resolve_name(&session.folder, typed)?;
    let mut connection = session.connect_existing()?;
    let resolution = if rolled_back { Resolution::RolledBack(name.clone()) } else { Resolution::Applied(name.clone()) };
    let result = migrate::resolve(&mut connection, &session.folder, &resolution);
    connection.close();
    result.map_err(migrate_error)?;
    let what = if rolled_back { "rolled back" } else { "applied" };
    println!("\nMigration {name} marked as {what}.\n");
    Ok(Success::Done)
}

/// Whether a person can answer questions: standard input and output are terminals.
pub(super) fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stdout().is_terminal()
}

/// Asks a question on the terminal; `None` when the input ended.
pub(super) fn ask(question: &str) -> Option<String> {
    print!("{question} ");
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    match std::io::stdin().lock().read_line(&mut answer) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(answer.trim().to_owned()),
    }
}

pub(super) fn confirmed(question: &str) -> bool {
    ask(&format!("{question} [y/N]")).is_some_and(|a| a.eq_ignore_ascii_case("y") || a.eq_ignore_ascii_case("yes"))
}

pub fn reset(args: &MigrateResetArgs, cwd: &Path) -> Outcome {
    let session = Session::open(&args.project, cwd)?;
    if !args.force {
        if !interactive() {
            println!();
            return Err(Failure::Error(format!(
                "Prisma Migrate has detected that the environment is non-interactive. It is recommended to run this command in an interactive environment.\n\nUse --force to run this command without user interaction.\nSee https://pris.ly/d/migrate-reset\n\n(run `{RESET_COMMAND} --force`)"
            )));
        }
        if !confirmed("Are you sure you want to reset your database? All data will be lost.") {
            println!("Reset cancelled.");
            return Err(Failure::Reported);
        }
    }
    let mut connection = session.connect_creating()?;
    let applied = reset_and_apply(&mut connection, &session);
    connection.close();
    let applied = applied?;
    print_reset_done(&applied);
    Ok(Success::Done)
}

fn reset_and_apply(connection: &mut Connection, session: &Session) -> Result<Vec<String>, Failure> {
    session.folder.check_provider(migrate::provider_name(connection.dialect())).map_err(migrate_error)?;
    migrate::reset_database(connection, &session.project.live.schemas).map_err(migrate_error)?;
    Ok(migrate::deploy(connection, &session.folder).map_err(migrate_error)?.applied)
}

fn print_reset_done(applied: &[String]) {
    if applied.is_empty() {
        println!("Database reset successful\n");
    } else {
        println!(
            "\nDatabase reset successful\n\nThe following migration(s) have been applied:\n\n{}\n",
            migration_tree("migrations", applied)
        );
    }
}

/// The provider of a database, from its URL's dialect.
pub(super) fn provider_of(dialect: Dialect) -> Provider {
    match dialect {
        Dialect::Postgres => Provider::PostgreSql,
        Dialect::Mysql => Provider::MySql,
        Dialect::Sqlite => Provider::Sqlite,
    }
}

/// How a project's schemas are described and calculated so that both sides compare: objects
/// of the URL's schema unqualified, those of other `schemas` qualified.
pub(super) struct SchemaView {
    pub(super) provider: Provider,
    pub(super) default_namespace: String,
    /// PostgreSQL: the URL's schema and the datasource's `schemas`; empty elsewhere.
    pub(super) namespaces: Vec<NamespaceName>,
}

impl SchemaView {
    pub(super) fn of(project: &Project) -> SchemaView {
        let url = &project.live.url;
        let default_namespace = url.postgres_schema().unwrap_or("public").to_owned();
        // As `migrate diff` does: PostgreSQL databases are described with their namespaces
        // listed, then the URL's own written unqualified, like the calculated schema.
        let namespaces = if url.dialect() == Dialect::Postgres {
            let mut names: Vec<String> = project.live.schemas.clone();
            if !names.contains(&default_namespace) {
                names.push(default_namespace.clone());
            }
            names.sort();
            names.into_iter().map(NamespaceName::new).collect()
        } else {
            Vec::new()
        };
        SchemaView { provider: provider_of(url.dialect()), default_namespace, namespaces }
    }

    pub(super) fn normalise(&self, mut schema: SqlSchema) -> SqlSchema {
        if !self.namespaces.is_empty() {
            unqualify(&mut schema, &NamespaceName::new(self.default_namespace.clone()));
        }
        schema
    }

    pub(super) fn describe(&self, connection: &mut Connection) -> Result<SqlSchema, Failure> {
        Ok(self.normalise(connection.describe(&self.namespaces).map_err(db_error)?))
    }

    pub(super) fn calculate(&self, datamodel: &psl::datamodel::Datamodel) -> Result<SqlSchema, Failure> {
        let options = calc::Options { provider: self.provider, default_namespace: self.default_namespace.clone() };
        calc::calculate_with(datamodel, &options).map_err(|e| Failure::Error(e.to_string()))
    }

    pub(super) fn replay_options(&self, project: &Project) -> ReplayOptions {
        ReplayOptions { namespaces: self.namespaces.clone(), schemas: project.live.schemas.clone() }
    }
}

/// The shadow database of a project: its configured URL, else a temporary one.
pub(super) fn shadow_of(project: &Project) -> ShadowDatabase {
    match &project.shadow_url {
        Some(url) => ShadowDatabase::Configured(url.clone()),
        None => ShadowDatabase::Temporary,
    }
}

pub fn dev(args: &MigrateDevArgs, cwd: &Path) -> Outcome {
    let mut session = Session::open(&args.project, cwd)?;
    if let Some(url) = &args.url {
        session.project.live.url = crate::datasource::parse_url(url, cwd).map_err(db_error)?;
    }
    let dialect = session.url().dialect();
    session.folder.check_provider(migrate::provider_name(dialect)).map_err(migrate_error)?;
    let view = SchemaView::of(&session.project);
    let rules = calc::dialect(view.provider).map_err(|e| Failure::Error(e.to_string()))?;

    let mut connection = session.connect_creating()?;
    println!();
    let result = dev_on(&mut connection, &session, &view, rules, args);
    connection.close();
    result
}

fn dev_on(
    connection: &mut Connection,
    session: &Session,
    view: &SchemaView,
    dialect: render::Dialect,
    args: &MigrateDevArgs,
) -> Outcome {
    let project = &session.project;
    let folder = &session.folder;
    let report = migrate::status(connection, folder).map_err(migrate_error)?;

    // The history the database says it has, replayed on a shadow database, must give the
    // database's schema; anything else is drift.
    let mut reasons: Vec<String> = Vec::new();
    for name in &report.edited {
        reasons.push(format!("The migration `{name}` was modified after it was applied."));
    }
    for failed in &report.failed {
        reasons.push(format!("The migration `{}` failed.", failed.name));
    }
    if !report.missing_locally.is_empty() {
        reasons.push(format!(
            "The following migration(s) are applied to the database but missing from the local migrations directory: {}",
            report.missing_locally.join(", ")
        ));
    }
    let applied_history = MigrationsFolder {
        path: folder.path.clone(),
        lockfile: folder.lockfile.clone(),
        migrations: folder.migrations.iter().filter(|m| report.applied.contains(&m.name)).cloned().collect(),
    };
    let shadow = shadow_of(project);
    let options = view.replay_options(project);
    // An edited migration is replayed as it reads now, as Prisma does.
    if report.failed.is_empty() && report.missing_locally.is_empty() {
        let mut expected = view.normalise(
            migrate::schema_of_history(&applied_history, &project.live.url, &shadow, &options)
                .map_err(migrate_error)?,
        );
        // As Prisma's drift check: partial indexes made outside the history are not drift.
        expected.partial_indexes = false;
        let actual = view.describe(connection)?;
        let drift = diff::diff(&expected, &actual, dialect.rules());
        if !drift.is_empty() {
            let summary = render::summarize(&drift, diff::Pair::new(&expected, &actual));
            let summary = summary.trim_start_matches('\n');
            reasons.push(format!(
                "Drift detected: Your database schema is not in sync with your migration history.\n\nThe following is a summary of the differences between the expected database schema given your migrations files, and the actual schema of the database.\n\nIt should be understood as the set of changes to get from the expected schema to the actual schema.\n\n{summary}"
            ));
        }
    }

    let applied = if !reasons.is_empty() {
        let reason = match reasons.as_slice() {
            [one] => one.clone(),
            many => many.iter().map(|r| format!("- {r}")).collect::<Vec<_>>().join("\n"),
        };
        println!("\n{reason}");
        println!("{}", reset_target(project));
        if !interactive() {
            println!("\nYou may use {RESET_COMMAND} to drop the development database.\nAll data will be lost.");
            return Err(Failure::Interrupted);
        }
        if !confirmed(
            "\nDo you want to reset the development database and re-apply the migrations? All data will be lost.",
        ) {
            println!("Migration cancelled.");
            return Err(Failure::Interrupted);
        }
        let applied = reset_and_apply(connection, session)?;
        print_reset_done(&applied);
        applied
    } else {
        let pending = migrate::deploy(connection, folder).map_err(migrate_error)?.applied;
        if !pending.is_empty() {
            println!("\nThe following migration(s) have been applied:\n\n{}", migration_tree("migrations", &pending));
        }
        pending
    };

    // The database now holds the whole history: its schema is where the new migration starts.
    let from = view.describe(connection)?;
    let to = view.calculate(&project.datamodel)?;
    let steps = diff::diff(&from, &to, dialect.rules());
    if steps.is_empty() && !args.create_only {
        if applied.is_empty() {
            println!("Already in sync, no schema change or pending migration was found.\n");
        } else {
            println!("\nYour database is now in sync with your schema.\n");
        }
        return Ok(Success::Done);
    }
    let name = match &args.name {
        Some(name) => migrate::sanitize_migration_name(name),
        None if interactive() => match ask("Enter a name for the new migration:") {
            Some(name) => migrate::sanitize_migration_name(&name),
            None => {
                println!("Canceled by user.");
                return Err(Failure::Interrupted);
            }
        },
        None => {
            return Err(Failure::Error(
                "the new migration needs a name and there is no terminal to ask for one: run `ebb migrate dev --name <NAME>`"
                    .into(),
            ))
        }
    };
    let up = render::migration_file(&steps, diff::Pair::new(&from, &to), dialect);
    let down = super::migrate_proof::down_file(view, &to, &from, dialect);
    let migrations_dir = &folder.path;
    if folder.lockfile.is_none() {
        migrate::write_lockfile(migrations_dir, migrate::provider_name(connection.dialect())).map_err(migrate_error)?;
    }
    let last = folder.migrations.last().map(|m| m.name.as_str());
    let created_at = migrate::Timestamp::for_new_migration(migrate::Timestamp::now(), last);
    let created = migrate::write_migration(
        migrations_dir,
        &migrate::NewMigration { created_at, name: &name, script: &up, down: Some(&down) },
    )
    .map_err(migrate_error)?;
    let created_name = created.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    super::migrate_proof::warn_unless_new_down_restores(project, migrations_dir);
    if args.create_only {
        println!(
            "Prisma Migrate created the following migration without applying it {created_name}\n\nYou can now edit it and apply it by running ebb migrate dev."
        );
        return Ok(Success::Done);
    }
    let folder = MigrationsFolder::read(migrations_dir).map_err(migrate_error)?;
    let new = migrate::deploy(connection, &folder).map_err(migrate_error)?.applied;
    println!(
        "\nThe following migration(s) have been created and applied from new schema changes:\n\n{}\n\nYour database is now in sync with your schema.\n",
        migration_tree(&session.folder_shown(), &new)
    );
    Ok(Success::Done)
}

/// `We need to reset the "public" schema at "localhost:5432"`, as Prisma says it.
fn reset_target(project: &Project) -> String {
    let url = &project.live.url;
    let mut text = match url.dialect() {
        Dialect::Postgres if !project.live.schemas.is_empty() => {
            format!("We need to reset the following schemas: \"{}\"", project.live.schemas.join(", "))
        }
        Dialect::Postgres => format!("We need to reset the \"{}\" schema", url.postgres_schema().unwrap_or("public")),
        Dialect::Sqlite => format!("We need to reset the SQLite database \"{}\"", sqlite_file_name(url)),
        Dialect::Mysql => format!("We need to reset the MySQL database \"{}\"", url.database()),
    };
    text += &format!(" at \"{}\"", url.server_location().unwrap_or_else(|| url.masked()));
    text
}
