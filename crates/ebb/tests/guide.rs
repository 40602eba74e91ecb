//! Prisma's guide "Generating down migrations" (Prisma ORM v7), command for command with `ebb`
//! in place of `prisma`, on SQLite, PostgreSQL and MariaDB/MySQL: a down script made with
//! `migrate diff` before `migrate dev`, then a production deploy that really fails, the down
//! script run with `db execute`, `migrate resolve --rolled-back`, a fix and a new deploy.
//!
//! The down scripts must be Prisma's bytes on PostgreSQL and SQLite (`tests/guide/`, written
//! by Prisma 7.10.1; its README says by which commands). On MySQL the failure is partial, as
//! DDL is not transactional there: the first statement of the migration stays applied.

mod support;

use db::Dialect;
use std::path::PathBuf;
use support::{Project, TestDb};

/// The guide's `prisma.config.ts` (Prisma 7: the datasource URL lives in the config).
const CONFIG: &str = r#"import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  datasource: {
    url: env("DATABASE_URL"),
  },
});
"#;

/// The files under `tests/guide/<provider>/`.
struct Fixtures {
    dir: PathBuf,
}

impl Fixtures {
    fn new(dialect: Dialect) -> Fixtures {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/guide").join(provider_dir(dialect));
        Fixtures { dir }
    }

    fn read(&self, name: &str) -> String {
        let path = self.dir.join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

fn provider_dir(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "postgresql",
        Dialect::Sqlite => "sqlite",
        Dialect::Mysql => "mysql",
    }
}

/// Asserts that `ebb`'s output is what `prisma ... --script > file` wrote into `oracle_file`,
/// byte for byte (the two line breaks the CLI prints after a script included).
fn assert_prisma_script(fixtures: &Fixtures, oracle_file: &str, ebb_output: &str) {
    let oracle = fixtures.read(oracle_file);
    assert_eq!(ebb_output, oracle, "{oracle_file}: {}", testkit::first_difference(&oracle, ebb_output));
}

/// An object left on production by a hotfix made by hand, holding the name that a statement of
/// `add_profile` creates, so that the deploy fails for real. MySQL: a foreign key name is
/// unique in a database, so the migration's second statement (`ADD CONSTRAINT`) fails after
/// its first (`CREATE TABLE`) applied. PostgreSQL and SQLite: an index name is unique in a
/// schema, so its `CREATE UNIQUE INDEX` fails, and the whole migration is rolled back.
fn conflicting_hotfix(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Mysql => {
            "CREATE TABLE `Legacy` (`id` INTEGER NOT NULL, `userId` INTEGER NOT NULL, PRIMARY KEY (`id`), \
             CONSTRAINT `Profile_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`))"
        }
        _ => "CREATE TABLE \"Legacy\" (\"id\" INTEGER NOT NULL); CREATE UNIQUE INDEX \"Profile_userId_key\" ON \"Legacy\"(\"id\")",
    }
}

fn guide(dialect: Dialect) {
    let (Some(dev), Some(production)) = (TestDb::new(dialect), TestDb::new(dialect)) else { return };
    let fixtures = Fixtures::new(dialect);
    let oracle = dialect != Dialect::Mysql;
    let project =
        Project::new(&[("prisma.config.ts", CONFIG), ("prisma/schema.prisma", &fixtures.read("before.prisma"))]);
    let on_dev = [("DATABASE_URL", dev.url.as_str())];
    let on_production = [("DATABASE_URL", production.url.as_str())];

    // The starting point: the User/Post schema and its applied migration, on both databases.
    project.ebb(&["migrate", "dev", "--name", "init"], None, &on_dev).expect(0);
    let init = project.migration_names().remove(0);
    if oracle {
        assert_eq!(
            project.read(&format!("prisma/migrations/{init}/migration.sql")),
            fixtures.read("init.migration.sql")
        );
    }
    project.ebb(&["migrate", "deploy"], None, &on_production).expect(0);

    // 1. Add the Profile model.
    project.write("prisma/schema.prisma", &fixtures.read("after.prisma"));

    // 2. The down migration, before the up migration: `--to-migrations` (replayed on a temporary
    //    shadow database) and `--to-config-datasource` (the development database) agree.
    let to_migrations = [
        "migrate",
        "diff",
        "--from-schema",
        "prisma/schema.prisma",
        "--to-migrations",
        "prisma/migrations",
        "--script",
    ];
    let down = project.ebb(&to_migrations, None, &on_dev).expect(0).stdout;
    let to_datasource =
        ["migrate", "diff", "--from-schema", "prisma/schema.prisma", "--to-config-datasource", "--script"];
    let down_from_datasource = project.ebb(&to_datasource, None, &on_dev).expect(0).stdout;
    if oracle {
        assert_prisma_script(&fixtures, "down.to-migrations.sql", &down);
        assert_prisma_script(&fixtures, "down.to-config-datasource.sql", &down_from_datasource);
    } else {
        assert_eq!(down, fixtures.read("down.sql"));
        assert_eq!(down_from_datasource, down);
    }
    // `> down.sql`
    project.write("down.sql", &down);

    // 3. The up migration; the user copies down.sql beside it (over ebb's own down.sql).
    project.ebb(&["migrate", "dev", "--name", "add_profile"], None, &on_dev).expect(0);
    let add_profile = project.migration_names().remove(1);
    assert!(add_profile.ends_with("_add_profile"), "{add_profile}");
    if oracle {
        assert_eq!(
            project.read(&format!("prisma/migrations/{add_profile}/migration.sql")),
            fixtures.read("add_profile.migration.sql")
        );
    }
    project.write(&format!("prisma/migrations/{add_profile}/down.sql"), &down);

    // 4. On production the up migration fails.
    production.execute(conflicting_hotfix(dialect));
    let run = project.ebb(&["migrate", "deploy"], None, &on_production).expect(1);
    assert!(run.stderr.contains("P3018"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("Migration name: {add_profile}\n")), "{}", run.stderr);
    let profile_exists = || production.table_names().iter().any(|name| name == "Profile");
    if dialect == Dialect::Mysql {
        // Partly applied: the table is there, its foreign key is not.
        assert!(run.stderr.contains("failed at statement 2 (`ALTER TABLE `Profile` ADD CONSTRAINT"), "{}", run.stderr);
        let schema = production.describe();
        let profile = schema.tables.iter().find(|t| t.name.as_str() == "Profile").expect("Profile was created");
        assert!(profile.foreign_keys.is_empty());
        assert!(profile.indexes.iter().any(|index| index.name.as_str() == "Profile_userId_key"));
    } else {
        // One transaction: nothing of the migration stays.
        assert!(!profile_exists());
    }

    // `db execute --file ./down.sql` on production (the URL of prisma.config.ts). The script was
    // made for a fully applied migration; here it meets a database where the migration is not
    // (MySQL: not fully) applied, and its first statement fails on a missing object.
    let run = project.ebb(&["db", "execute", "--file", "./down.sql"], None, &on_production).expect(1);
    let missing = match dialect {
        Dialect::Postgres => "relation \"public.Profile\" does not exist",
        Dialect::Sqlite => "no such table: Profile",
        Dialect::Mysql => "Can't DROP FOREIGN KEY `Profile_userId_fkey`; check that it exists",
    };
    assert!(run.stderr.contains(missing), "{}", run.stderr);
    if dialect == Dialect::Mysql {
        // The table stays; the user runs the rest of down.sql by hand.
        assert!(profile_exists());
        let (_, rest) = down.split_once("\n\n").unwrap_or_else(|| panic!("one statement block:\n{down}"));
        project.ebb(&["db", "execute", "--stdin"], Some(rest), &on_production).expect(0);
    }
    assert!(!profile_exists());

    // `migrate resolve --rolled-back add_profile`, the fix, and a new deploy.
    let run = project.ebb(&["migrate", "resolve", "--rolled-back", "add_profile"], None, &on_production).expect(0);
    assert!(run.stdout.contains(&format!("Migration {add_profile} marked as rolled back.")), "{}", run.stdout);
    production.execute(match dialect {
        Dialect::Mysql => "DROP TABLE `Legacy`",
        _ => "DROP TABLE \"Legacy\"",
    });
    let run = project.ebb(&["migrate", "deploy"], None, &on_production).expect(0);
    assert!(run.stdout.contains(&format!("  └─ {add_profile}/\n")), "{}", run.stdout);
    let run = project.ebb(&["migrate", "status"], None, &on_production).expect(0);
    assert!(run.stdout.ends_with("Database schema is up to date!\n"), "{}", run.stdout);
    let drift = ["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"];
    project.ebb(&drift, None, &on_production).expect(0);

    // Where add_profile applied in full (the development database), down.sql returns the
    // database to the starting schema.
    let down_file = format!("prisma/migrations/{add_profile}/down.sql");
    project.ebb(&["db", "execute", "--file", &down_file], None, &on_dev).expect(0);
    project.write("before/schema.prisma", &fixtures.read("before.prisma"));
    let back = ["migrate", "diff", "--from-config-datasource", "--to-schema", "before/schema.prisma", "--exit-code"];
    project.ebb(&back, None, &on_dev).expect(0);
}

#[test]
fn sqlite_guide_generating_down_migrations() {
    guide(Dialect::Sqlite);
}

#[test]
fn postgres_guide_generating_down_migrations() {
    guide(Dialect::Postgres);
}

#[test]
fn mysql_guide_generating_down_migrations() {
    guide(Dialect::Mysql);
}
