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
use support::{Project, Run, TestDb, GUIDE_CONFIG};

/// The files under `tests/guide/<provider>/`.
struct Fixtures {
    dir: PathBuf,
}

impl Fixtures {
    fn new(dialect: Dialect) -> Fixtures {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/guide").join(migrate::provider_name(dialect));
        Fixtures { dir }
    }

    fn read(&self, name: &str) -> String {
        let path = self.dir.join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Asserts that `ebb`'s output is what `prisma ... --script > file` wrote into `oracle_file`,
/// byte for byte (the two line breaks the CLI prints after a script included).
fn assert_prisma_script(fixtures: &Fixtures, oracle_file: &str, ebb_output: &str) {
    if let Err(problem) = testkit::check_prisma(&fixtures.dir.join(oracle_file), ebb_output, None) {
        panic!("{problem}");
    }
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

/// The guide's project on a development and a production database, walked to its step 3.
struct Walk {
    dialect: Dialect,
    fixtures: Fixtures,
    project: Project,
    dev: TestDb,
    production: TestDb,
    /// The folder name of the `add_profile` migration.
    add_profile: String,
    /// What `migrate diff --from-schema … --to-migrations … --script` printed (`> down.sql`).
    down: String,
}

impl Walk {
    /// The starting point (the User/Post schema, applied on both databases), then steps 1 to 3:
    /// the Profile model, the down script made by `migrate diff` (both variants), and
    /// `migrate dev --name add_profile` on the development database. `None` when the server is
    /// missing outside CI.
    fn start(dialect: Dialect) -> Option<Walk> {
        let (dev, production) = (TestDb::new(dialect)?, TestDb::new(dialect)?);
        let fixtures = Fixtures::new(dialect);
        let project = Project::new(&[
            ("prisma.config.ts", GUIDE_CONFIG),
            ("prisma/schema.prisma", &fixtures.read("before.prisma")),
        ]);
        let mut walk =
            Walk { dialect, fixtures, project, dev, production, add_profile: String::new(), down: String::new() };
        let oracle = walk.has_oracle_fixtures();

        walk.on_dev(&["migrate", "dev", "--name", "init"]).expect(0);
        let init = walk.project.migration_names().remove(0);
        if oracle {
            assert_eq!(
                walk.project.read(&format!("prisma/migrations/{init}/migration.sql")),
                walk.fixtures.read("init.migration.sql")
            );
        }
        walk.on_production(&["migrate", "deploy"]).expect(0);

        // 1. Add the Profile model.
        walk.project.write("prisma/schema.prisma", &walk.fixtures.read("after.prisma"));

        // 2. The down migration, before the up migration: `--to-migrations` (replayed on a
        //    temporary shadow database) and `--to-config-datasource` (the development database)
        //    agree.
        let to_migrations = [
            "migrate",
            "diff",
            "--from-schema",
            "prisma/schema.prisma",
            "--to-migrations",
            "prisma/migrations",
            "--script",
        ];
        let down = walk.on_dev(&to_migrations).expect(0).stdout;
        let to_datasource =
            ["migrate", "diff", "--from-schema", "prisma/schema.prisma", "--to-config-datasource", "--script"];
        let down_from_datasource = walk.on_dev(&to_datasource).expect(0).stdout;
        if oracle {
            assert_prisma_script(&walk.fixtures, "down.to-migrations.sql", &down);
            assert_prisma_script(&walk.fixtures, "down.to-config-datasource.sql", &down_from_datasource);
        } else {
            assert_eq!(down, walk.fixtures.read("down.sql"));
            assert_eq!(down_from_datasource, down);
        }
        // `> down.sql`
        walk.project.write("down.sql", &down);
        walk.down = down;

        // 3. The up migration.
        walk.on_dev(&["migrate", "dev", "--name", "add_profile"]).expect(0);
        walk.add_profile = walk.project.migration_names().remove(1);
        assert!(walk.add_profile.ends_with("_add_profile"), "{}", walk.add_profile);
        if oracle {
            assert_eq!(
                walk.project.read(&format!("prisma/migrations/{}/migration.sql", walk.add_profile)),
                walk.fixtures.read("add_profile.migration.sql")
            );
        }
        Some(walk)
    }

    fn has_oracle_fixtures(&self) -> bool {
        self.dialect != Dialect::Mysql
    }

    fn on_dev(&self, args: &[&str]) -> Run {
        self.project.ebb(args, None, &[("DATABASE_URL", self.dev.url.as_str())])
    }

    fn on_production(&self, args: &[&str]) -> Run {
        self.project.ebb(args, None, &[("DATABASE_URL", self.production.url.as_str())])
    }

    fn down_file(&self) -> String {
        format!("prisma/migrations/{}/down.sql", self.add_profile)
    }

    fn profile_on_production(&self) -> bool {
        self.production.table_names().iter().any(|name| name == "Profile")
    }

    /// Step 4: on production the up migration fails for real (MySQL: half way).
    fn fail_on_production(&self) {
        let add_profile = &self.add_profile;
        self.production.execute(conflicting_hotfix(self.dialect));
        let run = self.on_production(&["migrate", "deploy"]).expect(1);
        assert!(run.stderr.contains("P3018"), "{}", run.stderr);
        assert!(run.stderr.contains(&format!("Migration name: {add_profile}\n")), "{}", run.stderr);
        if self.dialect == Dialect::Mysql {
            // Partly applied: the table is there, its foreign key is not.
            assert!(
                run.stderr.contains("failed at statement 2 (`ALTER TABLE `Profile` ADD CONSTRAINT"),
                "{}",
                run.stderr
            );
            let schema = self.production.describe();
            let profile = schema.tables.iter().find(|t| t.name.as_str() == "Profile").expect("Profile was created");
            assert!(profile.foreign_keys.is_empty());
            assert!(profile.indexes.iter().any(|index| index.name.as_str() == "Profile_userId_key"));
        } else {
            // One transaction: nothing of the migration stays.
            assert!(!self.profile_on_production());
        }
    }

    /// The fix (the hotfix's conflicting object goes) and a new deploy, which applies
    /// add_profile; production then matches the schema.
    fn fix_and_deploy(&self) {
        self.production.execute(match self.dialect {
            Dialect::Mysql => "DROP TABLE `Legacy`",
            _ => "DROP TABLE \"Legacy\"",
        });
        let run = self.on_production(&["migrate", "deploy"]).expect(0);
        assert!(run.stdout.contains(&format!("  └─ {}/\n", self.add_profile)), "{}", run.stdout);
        let run = self.on_production(&["migrate", "status"]).expect(0);
        assert!(run.stdout.ends_with("Database schema is up to date!\n"), "{}", run.stdout);
        let drift =
            ["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"];
        self.on_production(&drift).expect(0);
    }

    /// Asserts that `run_down` returns the development database, where add_profile applied in
    /// full, to the starting schema.
    fn assert_dev_returns_to_start(&self, run_down: &[&str]) {
        self.on_dev(run_down).expect(0);
        self.project.write("before/schema.prisma", &self.fixtures.read("before.prisma"));
        let back =
            ["migrate", "diff", "--from-config-datasource", "--to-schema", "before/schema.prisma", "--exit-code"];
        self.on_dev(&back).expect(0);
    }
}

/// The guide as written: the user copies the down script beside the migration, and after the
/// failed deploy runs it with `db execute`, then `migrate resolve --rolled-back`.
fn guide(dialect: Dialect) {
    let Some(walk) = Walk::start(dialect) else { return };
    let add_profile = &walk.add_profile;
    // The user copies down.sql beside the migration (over ebb's own down.sql).
    walk.project.write(&walk.down_file(), &walk.down);
    walk.fail_on_production();

    // `db execute --file ./down.sql` on production (the URL of prisma.config.ts). The script was
    // made for a fully applied migration; here it meets a database where the migration is not
    // (MySQL: not fully) applied, and its first statement fails on a missing object.
    let run = walk.on_production(&["db", "execute", "--file", "./down.sql"]).expect(1);
    let missing = match dialect {
        Dialect::Postgres => "relation \"public.Profile\" does not exist",
        Dialect::Sqlite => "no such table: Profile",
        Dialect::Mysql => "Can't DROP FOREIGN KEY `Profile_userId_fkey`; check that it exists",
    };
    assert!(run.stderr.contains(missing), "{}", run.stderr);
    if dialect == Dialect::Mysql {
        // The table stays; the user runs the rest of down.sql by hand.
        assert!(walk.profile_on_production());
        let (_, rest) = walk.down.split_once("\n\n").unwrap_or_else(|| panic!("one statement block:\n{}", walk.down));
        walk.project
            .ebb(&["db", "execute", "--stdin"], Some(rest), &[("DATABASE_URL", walk.production.url.as_str())])
            .expect(0);
    }
    assert!(!walk.profile_on_production());

    // `migrate resolve --rolled-back add_profile`, the fix, and a new deploy.
    let run = walk.on_production(&["migrate", "resolve", "--rolled-back", "add_profile"]).expect(0);
    assert!(run.stdout.contains(&format!("Migration {add_profile} marked as rolled back.")), "{}", run.stdout);
    walk.fix_and_deploy();
    walk.assert_dev_returns_to_start(&["db", "execute", "--file", &walk.down_file()]);
}

/// The same walk with ebb's own down migrations: `migrate dev` wrote down.sql (the guide's
/// script under a header naming the data it loses), `migrate check` proves it, and after the
/// failed deploy one `migrate down` puts production back, whatever the failure left.
fn ebb_way(dialect: Dialect) {
    let Some(walk) = Walk::start(dialect) else { return };
    let own = walk.project.read(&walk.down_file());
    let (header, script) = own.split_once("*/\n").unwrap_or_else(|| panic!("no Warnings header:\n{own}"));
    assert!(header.contains("You are about to drop the `Profile` table"), "{header}");
    assert_eq!(format!("{script}\n\n"), walk.down, "ebb's down.sql, under its header, is the guide's down script");
    walk.on_dev(&["migrate", "check"]).expect(0);

    walk.fail_on_production();
    // No --force: what the failed attempt left holds no rows, so nothing is lost.
    let run = walk.on_production(&["migrate", "down"]).expect(0);
    if dialect == Dialect::Mysql {
        // Undoing the half-applied migration drops the table it created, computed from the
        // live database (the guide's down.sql would first drop a foreign key never made).
        assert!(run.stdout.contains("-- DropTable\nDROP TABLE `Profile`;"), "{}", run.stdout);
        assert!(!run.stdout.contains("DROP FOREIGN KEY"), "{}", run.stdout);
    } else {
        assert!(run.stdout.contains("left nothing behind"), "{}", run.stdout);
    }
    assert!(!walk.profile_on_production());
    // The hand-made table the history knows nothing of is not the failed migration's: it stays.
    assert!(walk.production.table_names().iter().any(|name| name == "Legacy"));
    let run = walk.on_production(&["migrate", "status"]).expect(1);
    assert!(run.stdout.contains(&format!("have not yet been applied:\n{}", walk.add_profile)), "{}", run.stdout);

    walk.fix_and_deploy();
    // And back once more, on production, with the migration fully applied.
    walk.on_production(&["migrate", "down", "--force"]).expect(0);
    assert!(!walk.profile_on_production());
    walk.assert_dev_returns_to_start(&["migrate", "down", "--force"]);
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

#[test]
fn sqlite_ebb_down_migrations_on_the_guide() {
    ebb_way(Dialect::Sqlite);
}

#[test]
fn postgres_ebb_down_migrations_on_the_guide() {
    ebb_way(Dialect::Postgres);
}

#[test]
fn mysql_ebb_down_migrations_on_the_guide() {
    ebb_way(Dialect::Mysql);
}
