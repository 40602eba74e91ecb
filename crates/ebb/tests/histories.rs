//! Real projects' migration histories (`../shared/histories`, or `EBB_HISTORIES`): each
//! PostgreSQL and SQLite project's `schema.prisma` and `migrations/`, read in place, as a user
//! switching from Prisma would run ebb on them. Against what Prisma 7.10.1 did with the same
//! files (recorded under `tests/histories/<project>/`; `EBB_RECORD_PRISMA=1` records them again
//! with the oracle):
//! - `migrate diff` from empty and from the migrations to the schema print Prisma's bytes;
//! - `migrate deploy` builds the database Prisma builds: the catalog (`roundtrip::catalog`) of
//!   ebb's database equals that of Prisma's (`deployed.catalog`), and the history table holds
//!   the rows Prisma writes (`history.tsv`: name, checksum, steps, finished), which is all either
//!   tool's `migrate status` reads, so each reads the other's database as its own;
//! - `migrate diff` from that database to the schema and back prints Prisma's bytes;
//! - `migrate status` on it is clean, and so is Prisma's (`prisma_status_on_ebb.txt`, recorded
//!   on a database ebb deployed).
//!
//! MySQL projects (which the oracle cannot run): their committed `migration.sql` files are
//! Prisma's own output, so ebb must write each again from the history before it — the last one
//! byte for byte from the schema (`--from-migrations … --to-schema`), the earlier ones (whose
//! schema at the time is not kept) as the same statements from the database the history
//! builds (`--to-migrations`: tables come in the catalog's order there, not the schema's).
//! Migrations a project edited by hand would be listed in `histories/edited.txt`, with why.
//!
//! The schema is read as Prisma 7 reads it: the copy given to both tools has no `url` or
//! `directUrl` in its datasource (Prisma 7 refuses them); the URL comes from `prisma.config.ts`.

mod support;

use db::Dialect;
use std::path::{Path, PathBuf};
use support::{Project, Run, TestDb};

/// The projects checked here, with their database.
const HISTORIES: [(&str, Dialect); 3] =
    [("documenso", Dialect::Postgres), ("hoppscotch", Dialect::Postgres), ("pingvin", Dialect::Sqlite)];

/// `text` without `url`, `directUrl` and `shadowDatabaseUrl` lines in its datasource block.
fn without_datasource_urls(text: &str) -> String {
    testkit::edit_datasources(text, |key, line| {
        (!["url", "directUrl", "shadowDatabaseUrl"].contains(&key)).then(|| line.to_owned())
    })
}

/// A project folder holding the history as a user's checkout holds it, on database `db`.
fn project_on(history: &Path, db: &TestDb) -> Project {
    let schema = std::fs::read_to_string(history.join("schema.prisma")).unwrap_or_else(|e| panic!("{e}"));
    let project = Project::on(db, &without_datasource_urls(&schema));
    testkit::copy_folder(&history.join("migrations"), &project.migrations());
    project
}

/// Runs Prisma's CLI (the oracle) in `project` with its variables: for recording only.
fn prisma(project: &Project, args: &[&str]) -> Result<String, String> {
    testkit::oracle::prisma_with(args, &project.dir, &project.variables())
}

/// The rows of the history table that `migrate status` reads, one a line.
fn history_rows(db: &TestDb) -> String {
    db.history_rows()
        .into_iter()
        .map(|row| {
            format!(
                "{}\t{}\t{}\t{}\n",
                row.migration_name,
                row.checksum,
                row.applied_steps_count,
                if row.finished_at.is_some() && row.rolled_back_at.is_none() { "finished" } else { "not finished" }
            )
        })
        .collect()
}

fn catalog(db: &TestDb) -> String {
    let mut conn = db.connect();
    let catalog = roundtrip::catalog::catalog(&mut conn, "public").unwrap_or_else(|e| panic!("{e}"));
    conn.close();
    catalog + "\n"
}

fn check_history(name: &str, dialect: Dialect) -> Vec<String> {
    let Some(root) = testkit::histories_root() else { return Vec::new() };
    let history = root.join(name);
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/histories").join(name);
    let Some(db) = TestDb::new(dialect) else { return Vec::new() };
    let project = project_on(&history, &db);
    let mut failures = Vec::new();
    let mut compare = |file: &str, actual: &str, record: testkit::expected::Recorder<'_>| {
        if let Err(problem) = testkit::check_prisma(&fixtures.join(file), actual, Some(record)) {
            failures.push(format!("{name}: {problem}"));
        }
    };
    let schema_diffs: [(&str, &[&str]); 2] = [
        ("from_empty.sql", &["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"]),
        (
            "from_migrations.sql",
            &[
                "migrate",
                "diff",
                "--from-migrations",
                "prisma/migrations",
                "--to-schema",
                "prisma/schema.prisma",
                "--script",
            ],
        ),
    ];
    for (file, args) in schema_diffs {
        let run = project.run(args).expect(0);
        compare(file, &run.stdout, Box::new(|| prisma(&project, args)));
    }

    // Prisma's database, for recording: deployed by Prisma itself on a database of its own.
    let prisma_db = testkit::record_prisma().then(|| TestDb::new(dialect).expect("the server answered before"));
    let prisma_project = prisma_db.as_ref().map(|prisma_db| {
        let prisma_project = project_on(&history, prisma_db);
        prisma(&prisma_project, &["migrate", "deploy"]).unwrap_or_else(|e| panic!("{e}"));
        prisma_project
    });

    project.run(&["migrate", "deploy"]).expect(0);
    let prisma_db = prisma_db.as_ref();
    let from_prisma_db = |read: fn(&TestDb) -> String| -> testkit::expected::Recorder<'_> {
        Box::new(move || Ok(read(prisma_db.expect("recording"))))
    };
    compare("deployed.catalog", &catalog(&db), from_prisma_db(catalog));
    compare("history.tsv", &history_rows(&db), from_prisma_db(history_rows));

    let database_diffs: [(&str, &[&str]); 2] = [
        (
            "from_database.sql",
            &["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--script"],
        ),
        (
            "to_database.sql",
            &["migrate", "diff", "--from-schema", "prisma/schema.prisma", "--to-config-datasource", "--script"],
        ),
    ];
    for (file, args) in database_diffs {
        let run = project.run(args).expect(0);
        let prisma_project = prisma_project.as_ref();
        compare(file, &run.stdout, Box::new(move || prisma(prisma_project.expect("recording"), args)));
    }

    let status: Run = project.run(&["migrate", "status"]).expect(0);
    let own_status = status.stdout.contains("Database schema is up to date!");
    // Prisma's own status on the database ebb deployed, as recorded.
    compare(
        "prisma_status_on_ebb.txt",
        "Database schema is up to date!\n",
        Box::new(|| {
            let said = prisma(&project, &["migrate", "status"])?;
            Ok(said
                .lines()
                .filter(|l| l.starts_with("Database schema is up to date"))
                .map(|l| format!("{l}\n"))
                .collect())
        }),
    );
    if !own_status {
        failures.push(format!("{name}: ebb's status on its database:\n{}", status.stdout));
    }
    failures
}

/// The statements of a migration script (blocks under a `-- ` comment line), sorted.
fn statements(script: &str) -> Vec<String> {
    let mut blocks: Vec<String> =
        script.split("\n\n").map(|block| block.trim().to_owned()).filter(|block| !block.is_empty()).collect();
    blocks.sort();
    blocks
}

/// A MySQL history's committed migrations, written again by ebb (see the module comment).
fn check_mysql_history(name: &str) -> Vec<String> {
    let Some(root) = testkit::histories_root() else { return Vec::new() };
    let Some(db) = TestDb::new(Dialect::Mysql) else { return Vec::new() };
    let history = root.join(name);
    let project = project_on(&history, &db);
    let edited = include_str!("histories/edited.txt");
    let names = project.migration_names();
    let mut failures = Vec::new();
    for (k, migration) in names.iter().enumerate() {
        if edited.lines().any(|line| line.split_whitespace().next() == Some(&format!("{name}/{migration}"))) {
            continue;
        }
        // The history before the migration, and with it, each in a folder of its own.
        let folder = |count: usize, label: &str| {
            let path = project.dir.join(label);
            std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("{e}"));
            std::fs::copy(project.migrations().join("migration_lock.toml"), path.join("migration_lock.toml"))
                .unwrap_or_else(|e| panic!("{e}"));
            for earlier in &names[..count] {
                testkit::copy_folder(&project.migrations().join(earlier), &path.join(earlier));
            }
            label.to_owned()
        };
        let (before, with) = (folder(k, &format!("before_{k}")), folder(k + 1, &format!("with_{k}")));
        let committed = project.read(&format!("prisma/migrations/{migration}/migration.sql"));
        let last = k + 1 == names.len();
        let target: [&str; 2] = if last { ["--to-schema", "prisma/schema.prisma"] } else { ["--to-migrations", &with] };
        let run = project
            .run(&[&["migrate", "diff", "--from-migrations", &before][..], &target, &["--script"]].concat())
            .expect(0);
        // Prisma's CLI prints two line breaks after a script, which the file does not hold.
        let written = run.stdout.strip_suffix("\n\n").unwrap_or(&run.stdout);
        let same = if last { written == committed } else { statements(written) == statements(&committed) };
        if !same {
            failures.push(format!(
                "{name}/{migration}: ebb writes\n{written}\n--- the project committed\n{committed}\n{}",
                testkit::first_difference(&committed, written)
            ));
        }
    }
    failures
}

fn check(name: &str) {
    let dialect = HISTORIES.iter().find(|(n, _)| *n == name).map(|(_, d)| *d).expect("a listed history");
    let failures = check_history(name, dialect);
    assert!(failures.is_empty(), "{} differences from Prisma:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn documenso() {
    check("documenso");
}

#[test]
fn hoppscotch() {
    check("hoppscotch");
}

#[test]
fn pingvin() {
    check("pingvin");
}

#[test]
fn wewe_rss() {
    let failures = check_mysql_history("wewe-rss");
    assert!(failures.is_empty(), "{} migrations differ:\n\n{}", failures.len(), failures.join("\n\n"));
}
