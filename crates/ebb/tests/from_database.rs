//! Migrations from a described PostgreSQL database to a schema, against Prisma's bytes: for each
//! case under `tests/from_database/` (written by Prisma 7.10.1; its README says by which
//! commands), `migrate dev` applies `before.prisma`, then with `after.prisma` in place
//! `migrate diff --from-migrations … --to-schema …` and `--from-config-datasource` print
//! `diff.sql`, and `migrate dev --create-only` writes `change.migration.sql`. The migration is
//! then applied, so that the SQL is known to run.
//!
//! Optional files: `hand.migration.sql` is a migration written by hand after `init` (as a user
//! edits one made by `migrate dev --create-only`), with ebb's `hand.down.sql`; `reverse.sql` is
//! `migrate diff --from-schema … --to-config-datasource`. Where ebb deliberately differs from
//! Prisma, Prisma's file sits beside ebb's as `NAME.prisma.sql` (README says why, case by case).

mod support;

use db::Dialect;
use std::path::{Path, PathBuf};
use support::{Project, TestDb};

fn cases() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/from_database");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

fn read(case: &Path, file: &str) -> String {
    let path = case.join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_optional(case: &Path, file: &str) -> Option<String> {
    case.join(file).is_file().then(|| read(case, file))
}

/// Runs one case; the differences from Prisma's files, if any.
fn check(case: &Path, db: &TestDb) -> Vec<String> {
    let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let project = Project::on(db, &read(case, "before.prisma"));
    let mut failures = Vec::new();
    let compare = |failures: &mut Vec<String>, file: &str, actual: &str| {
        failures.extend(testkit::expected::check_prisma_unless_deliberate(&case.join(file), actual, None).err());
    };

    project.run(&["migrate", "dev", "--name", "init"]).expect(0);
    compare(&mut failures, "init.migration.sql", &project.read_migration("init", "migration.sql"));
    if let Some(hand) = read_optional(case, "hand.migration.sql") {
        project.run(&["migrate", "dev", "--create-only", "--name", "hand"]).expect(0);
        let folder = project.migration("hand");
        std::fs::write(folder.join("migration.sql"), hand).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(folder.join("down.sql"), read(case, "hand.down.sql")).unwrap_or_else(|e| panic!("{e}"));
        project.run(&["migrate", "deploy"]).expect(0);
    }

    project.write_schema(&read(case, "after.prisma"));
    let from_migrations = ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema"];
    let run = project.run(&[&from_migrations[..], &["prisma/schema.prisma", "--script"]].concat()).expect(0);
    compare(&mut failures, "diff.sql", &run.stdout);
    let from_database = ["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma"];
    let run = project.run(&[&from_database[..], &["--script"]].concat()).expect(0);
    compare(&mut failures, "diff.sql", &run.stdout);
    if case.join("reverse.sql").is_file() || case.join("reverse.prisma.sql").is_file() {
        let to_database = ["migrate", "diff", "--from-schema", "prisma/schema.prisma", "--to-config-datasource"];
        let run = project.run(&[&to_database[..], &["--script"]].concat()).expect(0);
        compare(&mut failures, "reverse.sql", &run.stdout);
    }

    project.run(&["migrate", "dev", "--create-only", "--name", "change"]).expect(0);
    compare(&mut failures, "change.migration.sql", &project.read_migration("change", "migration.sql"));

    // The migration runs (and `migrate dev` proves its down script) on the database.
    project.run(&["migrate", "dev"]).expect(0);
    let run = project.run(&from_database).expect(0);
    if !run.stdout.contains("No difference detected") {
        failures.push(format!("{name}: the database differs from the schema after the migration:\n{}", run.stdout));
    }
    failures
}

#[test]
fn described_to_schema_matches_prisma() {
    let cases = cases();
    assert!(cases.len() >= 13, "the cases under tests/from_database");
    let Some(mut server) = testkit::servers::Server::new(Dialect::Postgres) else { return };
    let mut failures = Vec::new();
    for case in &cases {
        failures.extend(check(case, &TestDb::from(server.fresh_database())));
    }
    assert!(failures.is_empty(), "{} differences from Prisma:\n{}", failures.len(), failures.join("\n\n"));
}
