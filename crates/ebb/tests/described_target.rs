//! Diffs whose target is a described SQLite database — the down scripts of Prisma's guide
//! (`--to-migrations`, `--to-config-datasource`), ebb's own `down.sql` — and the same diffs
//! the other way round, byte for byte against Prisma 7.10.1 (`tests/described_target/`; its
//! README says by which commands they were written).
//!
//! A table that a down script creates or redefines comes from the described side, which reads
//! differently from a schema: Prisma's SQLite describer knows no foreign key names, lists
//! foreign keys and indexes as SQLite's catalog does, and spells out every index column's
//! direction.

mod support;

use std::path::{Path, PathBuf};
use support::{Project, Run, GUIDE_CONFIG};

/// `migrate diff` arguments and the file holding what Prisma printed for them.
const DIFFS: &[(&[&str], &str)] = &[
    (&["--from-schema", "prisma/schema.prisma", "--to-migrations", "prisma/migrations"], "schema-to-migrations.sql"),
    (&["--from-schema", "prisma/schema.prisma", "--to-config-datasource"], "schema-to-config-datasource.sql"),
    (&["--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma"], "migrations-to-schema.sql"),
    (&["--from-config-datasource", "--to-schema", "prisma/schema.prisma"], "config-datasource-to-schema.sql"),
];

struct Case {
    name: String,
    dir: PathBuf,
}

impl Case {
    fn read(&self, file: &str) -> String {
        let path = self.dir.join(file);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn assert_prisma_bytes(&self, file: &str, what: &str, actual: &str) {
        if let Err(problem) = testkit::expected::check_prisma_unless_deliberate(&self.dir.join(file), actual, None) {
            panic!("{}: {what}: {problem}", self.name);
        }
    }
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/described_target");
    let mut cases: Vec<Case> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).path())
        .filter(|path| path.is_dir())
        .map(|dir| Case { name: dir.file_name().unwrap_or_default().to_string_lossy().into_owned(), dir })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    assert!(cases.len() >= 8, "expected the cases of {}", root.display());
    cases
}

fn on_dev(project: &Project, args: &[&str]) -> Run {
    project.ebb(args, None, &[("DATABASE_URL", "file:./dev.db")])
}

/// The script of ebb's `down.sql`, without the Warnings header it has when the down loses data,
/// followed by the two line breaks Prisma's CLI prints after a script.
fn down_script(project: &Project, migration: &str) -> String {
    let own = project.read_migration(migration, "down.sql");
    let script = own.split_once("*/\n").map_or(own.as_str(), |(_, script)| script);
    format!("{script}\n\n")
}

/// `before.prisma` applied by `migrate dev --name init` (then `hand.migration.sql`, when the case
/// has one, as a migration edited by hand), `after.prisma` written over it; then
/// the four diffs, and the `down.sql` that `migrate dev` and `migrate down --generate` write.
fn check(case: &Case) {
    let project =
        Project::new(&[("prisma.config.ts", GUIDE_CONFIG), ("prisma/schema.prisma", &case.read("before.prisma"))]);
    on_dev(&project, &["migrate", "dev", "--name", "init"]).expect(0);
    case.assert_prisma_bytes(
        "init.migration.sql",
        "init's migration.sql",
        &project.read_migration("init", "migration.sql"),
    );
    // A migration written by hand: what `migrate dev --create-only` made, edited.
    if case.dir.join("hand.migration.sql").is_file() {
        on_dev(&project, &["migrate", "dev", "--create-only", "--name", "hand"]).expect(0);
        let folder = project.migration("hand");
        std::fs::write(folder.join("migration.sql"), case.read("hand.migration.sql")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(folder.join("down.sql"), case.read("hand.down.sql")).unwrap_or_else(|e| panic!("{e}"));
        on_dev(&project, &["migrate", "deploy"]).expect(0);
    }

    project.write_schema(&case.read("after.prisma"));
    for (args, file) in DIFFS {
        let args: Vec<&str> = ["migrate", "diff"].iter().chain(args.iter()).chain(&["--script"]).copied().collect();
        let run = on_dev(&project, &args).expect(0);
        case.assert_prisma_bytes(file, &format!("`ebb {}`", args.join(" ")), &run.stdout);
    }

    // ebb's own down script of the change is the guide's `--to-migrations` script.
    on_dev(&project, &["migrate", "dev", "--name", "change", "--create-only"]).expect(0);
    case.assert_prisma_bytes("schema-to-migrations.sql", "down.sql of `migrate dev`", &down_script(&project, "change"));
    std::fs::remove_file(project.migration("change").join("down.sql")).unwrap_or_else(|e| panic!("{e}"));
    on_dev(&project, &["migrate", "down", "--generate", "change"]).expect(0);
    case.assert_prisma_bytes(
        "schema-to-migrations.sql",
        "down.sql of `migrate down --generate`",
        &down_script(&project, "change"),
    );
}

#[test]
fn sqlite_described_targets_read_as_prisma_writes_them() {
    for case in cases() {
        check(&case);
    }
}
