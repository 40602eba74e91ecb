//! The binary against live databases, as a user runs it: fresh databases (PostgreSQL and
//! MySQL from `EBB_TEST_POSTGRES_URL` / `EBB_TEST_MYSQL_URL`, SQLite files always), a
//! temporary project folder, and `ebb` commands whose exit codes and output are asserted.
//!
//! Server tests say that they were skipped when their variable is unset, and fail under
//! `CI=true`.

mod support;

use db::{Connection, Dialect};
use std::process::Command;
use support::{parse, Project, TestDb, CONFIG, PASSWORD, URL_VAR};
use testkit::servers::with_database;
use testkit::unique_name as unique;

/// A schema exercising enums (PostgreSQL types, MySQL inline), relations, indexes, defaults.
fn schema(dialect: Dialect) -> String {
    let provider = migrate::provider_name(dialect);
    let role = if dialect == Dialect::Sqlite { "String @default(\"USER\")" } else { "Role @default(USER)" };
    let role_enum = if dialect == Dialect::Sqlite { "" } else { "enum Role {\n  USER\n  ADMIN\n}\n" };
    format!(
        r#"datasource db {{
  provider = "{provider}"
}}

{role_enum}
model User {{
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?
  role      {role}
  createdAt DateTime @default(now())
  posts     Post[]
}}

model Post {{
  id       Int     @id @default(autoincrement())
  title    String
  draft    Boolean @default(true)
  author   User    @relation(fields: [authorId], references: [id], onDelete: Cascade)
  authorId Int

  @@index([authorId, title])
}}
"#
    )
}

const CONFIG_WITH_ENV_URL: &str = r#"import "dotenv/config";
import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: env("EBB_LIVE_DATABASE_URL") },
});
"#;

fn failing_script(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Mysql => {
            "CREATE TABLE `b` (`x` INTEGER);\nCREATE TABLE `c` (`y` INTEGER,);\nCREATE TABLE `d` (`z` INTEGER);\n"
        }
        _ => "CREATE TABLE \"b\" (\"x\" INTEGER);\nCREATE TABLE \"c\" (\"y\" INTEGER,);\n",
    }
}

// ---------------------------------------------------------------------------------------------
// db execute

fn failing_script_changes_nothing(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project =
        Project::new(&[("ok.sql", "CREATE TABLE \"a\" (\"id\" INTEGER);\n"), ("bad.sql", failing_script(dialect))]);
    let run = project.ebb(&["db", "execute", "--url", &db.url, "--file", "ok.sql"], None, &[]).expect(0);
    assert_eq!(run.stdout, "Script executed successfully.\n");
    let run = project.ebb(&["db", "execute", "--url", &db.url, "--file", "bad.sql"], None, &[]).expect(1);
    assert_eq!(run.stdout, "");
    // The database's own words.
    assert!(run.stderr.contains("syntax error"), "{}", run.stderr);
    assert_eq!(db.table_names(), vec!["a".to_owned()]);
}

#[test]
fn postgres_db_execute_failure_changes_nothing() {
    failing_script_changes_nothing(Dialect::Postgres);
}

#[test]
fn sqlite_db_execute_failure_changes_nothing() {
    failing_script_changes_nothing(Dialect::Sqlite);
}

#[test]
fn mysql_db_execute_names_the_failing_statement() {
    let Some(db) = TestDb::new(Dialect::Mysql) else { return };
    let project = Project::new(&[]);
    let run = project
        .ebb(&["db", "execute", "--url", &db.url, "--stdin"], Some(failing_script(Dialect::Mysql)), &[])
        .expect(1);
    assert!(run.stderr.contains("statement 2 (`CREATE TABLE `c` (`y` INTEGER,)`)"), "{}", run.stderr);
    assert!(run.stderr.contains("You have an error in your SQL syntax"), "{}", run.stderr);
    // MySQL cannot roll back DDL: the first statement stays, the third never ran.
    assert_eq!(db.table_names(), vec!["b".to_owned()]);
}

#[test]
fn db_execute_reads_the_config_datasource_and_stdin() {
    for dialect in [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql] {
        let Some(db) = TestDb::new(dialect) else { continue };
        let project = Project::new(&[("prisma.config.ts", CONFIG_WITH_ENV_URL)]);
        let script = failing_script(dialect).lines().next().unwrap_or_default();
        let run =
            project.ebb(&["db", "execute", "--stdin"], Some(script), &[("EBB_LIVE_DATABASE_URL", &db.url)]).expect(0);
        assert_eq!(run.stdout, "Script executed successfully.\n");
        assert_eq!(db.table_names(), vec!["b".to_owned()]);
    }
}

// ---------------------------------------------------------------------------------------------
// passwords

/// `url` with `user:PASSWORD@` in place of its credentials.
fn with_password(url: &str, user: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or_else(|| panic!("not a server URL: {url}"));
    let rest = rest.split_once('@').map_or(rest, |(_, host)| host);
    format!("{scheme}://{user}:{PASSWORD}@{rest}")
}

/// `url` with another port.
fn with_port(url: &str, port: u16) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or_else(|| panic!("not a server URL: {url}"));
    let (credentials, rest) = rest.rsplit_once('@').map_or(("", rest), |(c, r)| (c, r));
    let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let host = rest[..host_end].rsplit_once(':').map_or(&rest[..host_end], |(h, _)| h);
    let at = if credentials.is_empty() { "" } else { "@" };
    format!("{scheme}://{credentials}{at}{host}:{port}{}", &rest[host_end..])
}

fn failing_commands_never_show_the_password(var: &str, user: &str) {
    let Some(base) = testkit::server_url(var) else { return };
    let project = Project::new(&[
        ("script.sql", "SELECT 1;\n"),
        ("prisma.config.ts", CONFIG_WITH_ENV_URL),
        ("prisma/schema.prisma", &schema(parse(&base).dialect())),
    ]);
    let urls = [
        // Nothing listens there.
        with_port(&with_password(&base, user), 1),
        // The server is there; the user, password or database is not.
        with_password(&with_database(&base, "ebb_no_such_database"), "ebb_no_such_user"),
        with_password(&with_database(&base, "ebb_no_such_database"), user),
    ];
    for url in &urls {
        let runs = [
            project.ebb(&["db", "execute", "--url", url, "--file", "script.sql"], None, &[]),
            project.ebb(&["db", "execute", "--file", "script.sql"], None, &[("EBB_LIVE_DATABASE_URL", url)]),
            project.ebb(&["migrate", "diff", "--from-url", url, "--to-empty", "--script"], None, &[]),
            project.ebb(
                &["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma"],
                None,
                &[("EBB_LIVE_DATABASE_URL", url)],
            ),
        ];
        for run in runs {
            let run = run.expect(1);
            assert!(run.stderr.contains("****") || !run.stderr.contains("://"), "{}", run.stderr);
        }
    }
}

#[test]
fn postgres_failing_commands_never_show_the_password() {
    failing_commands_never_show_the_password("EBB_TEST_POSTGRES_URL", "postgres");
}

#[test]
fn mysql_failing_commands_never_show_the_password() {
    failing_commands_never_show_the_password("EBB_TEST_MYSQL_URL", "ebb");
}

// ---------------------------------------------------------------------------------------------
// migrate diff between live databases

fn diff_between_databases_then_no_drift(dialect: Dialect) {
    let (Some(a), Some(b)) = (TestDb::new(dialect), TestDb::new(dialect)) else { return };
    let project = Project::new(&[("prisma/schema.prisma", &schema(dialect))]);
    // A holds a table that B does not; B holds the whole schema.
    let stray = match dialect {
        Dialect::Mysql => "CREATE TABLE `Stray` (`id` INTEGER NOT NULL, PRIMARY KEY (`id`));",
        _ => "CREATE TABLE \"Stray\" (\"id\" INTEGER NOT NULL PRIMARY KEY);",
    };
    project.ebb(&["db", "execute", "--url", &a.url, "--stdin"], Some(stray), &[]).expect(0);
    let create = project
        .ebb(&["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"], None, &[])
        .expect(0);
    project.ebb(&["db", "execute", "--url", &b.url, "--stdin"], Some(&create.stdout), &[]).expect(0);

    let diff = ["migrate", "diff", "--from-url", &a.url, "--to-url", &b.url];
    let summary = project.ebb(&[&diff[..], &["--exit-code"]].concat(), None, &[]).expect(2);
    assert!(summary.stdout.contains("[-] Removed tables\n  - Stray\n"), "{}", summary.stdout);
    let script = project.ebb(&[&diff[..], &["--script"]].concat(), None, &[]).expect(0);
    assert!(script.stdout.contains("Stray"), "{}", script.stdout);
    project.ebb(&["db", "execute", "--url", &a.url, "--stdin"], Some(&script.stdout), &[]).expect(0);
    let after = project.ebb(&[&diff[..], &["--exit-code"]].concat(), None, &[]).expect(0);
    assert_eq!(after.stdout, "No difference detected.\n\n\n");
}

fn config_datasource_matches_the_schema_it_was_built_from(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project =
        Project::new(&[("prisma.config.ts", CONFIG_WITH_ENV_URL), ("prisma/schema.prisma", &schema(dialect))]);
    let vars = [("EBB_LIVE_DATABASE_URL", db.url.as_str())];
    let drift = ["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"];
    project.ebb(&drift, None, &vars).expect(2);
    let create = project
        .ebb(&["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"], None, &vars)
        .expect(0);
    project.ebb(&["db", "execute", "--stdin"], Some(&create.stdout), &vars).expect(0);
    let run = project.ebb(&drift, None, &vars).expect(0);
    assert_eq!(run.stdout, "No difference detected.\n\n\n");
    // The other way round: the database as the target.
    let back = ["migrate", "diff", "--from-schema", "prisma/schema.prisma", "--to-config-datasource", "--exit-code"];
    project.ebb(&back, None, &vars).expect(0);
}

/// With no default namespace on the target side, Prisma qualifies every name.
#[test]
fn postgres_to_empty_from_a_database_qualifies_names() {
    let Some(db) = TestDb::new(Dialect::Postgres) else { return };
    let project = Project::new(&[("prisma/schema.prisma", &schema(Dialect::Postgres))]);
    let create = project
        .ebb(&["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"], None, &[])
        .expect(0);
    project.ebb(&["db", "execute", "--url", &db.url, "--stdin"], Some(&create.stdout), &[]).expect(0);
    let run = project.ebb(&["migrate", "diff", "--from-url", &db.url, "--to-empty", "--script"], None, &[]).expect(0);
    assert!(run.stdout.contains("DROP TABLE \"public\".\"User\";"), "{}", run.stdout);
    assert!(run.stdout.contains("DROP TYPE \"public\".\"Role\";"), "{}", run.stdout);
    let run = project
        .ebb(
            &["migrate", "diff", "--from-url", &db.url, "--to-schema", "prisma/schema.prisma", "--exit-code"],
            None,
            &[],
        )
        .expect(0);
    assert_eq!(run.stdout, "No difference detected.\n\n\n");
}

// ---------------------------------------------------------------------------------------------
// where relative SQLite paths lead

#[test]
fn sqlite_relative_paths_resolve_as_prisma_resolves_them() {
    let script = "CREATE TABLE \"a\" (\"id\" INTEGER);";
    // Prisma 7: `datasource.url` of the config file, relative to the config file's folder.
    let project = Project::new(&[(
        "config/prisma.config.ts",
        "export default defineConfig({ schema: \"../prisma/schema.prisma\", datasource: { url: \"file:./dev.db\" } });",
    )]);
    project.ebb(&["db", "execute", "--config", "config/prisma.config.ts", "--stdin"], Some(script), &[]).expect(0);
    assert!(project.dir.join("config/dev.db").is_file());

    // Prisma 6: the schema's `url`, relative to the schema's folder; `.env` beside the schema.
    let project = Project::new(&[
        ("prisma/schema.prisma", "datasource db {\n  provider = \"sqlite\"\n  url = env(\"EBB_LIVE_SQLITE_URL\")\n}\n"),
        ("prisma/.env", "EBB_LIVE_SQLITE_URL=file:./dev.db\n"),
    ]);
    project.ebb(&["db", "execute", "--stdin"], Some(script), &[]).expect(0);
    assert!(project.dir.join("prisma/dev.db").is_file());
    project
        .ebb(
            &["migrate", "diff", "--from-schema-datasource", "prisma/schema.prisma", "--to-empty", "--exit-code"],
            None,
            &[],
        )
        .expect(2);

    // A variable already set wins over `.env`.
    project.ebb(&["db", "execute", "--stdin"], Some(script), &[("EBB_LIVE_SQLITE_URL", "file:./other.db")]).expect(0);
    assert!(project.dir.join("prisma/other.db").is_file());

    // A URL on the command line: relative to the current directory.
    project.ebb(&["db", "execute", "--url", "file:./here.db", "--stdin"], Some(script), &[]).expect(0);
    assert!(project.dir.join("here.db").is_file());
}

// ---------------------------------------------------------------------------------------------
// migrate: a project's life, from the first migration to a reset

/// The schema after `step` evolutions: 0 a user table, 1 adds posts, 2 a column, 3 an index.
fn evolving_schema(dialect: Dialect, step: usize) -> String {
    let provider = migrate::provider_name(dialect);
    let mut text = format!(
        "datasource db {{\n  provider = \"{provider}\"\n}}\n\nmodel User {{\n  id    Int    @id @default(autoincrement())\n  email String @unique\n{}{}}}\n",
        if step >= 2 { "  name  String?\n" } else { "" },
        if step >= 1 && dialect != Dialect::Mysql { "  posts Post[]\n" } else { "" },
    );
    // MySQL: no relation yet, the implicit index MySQL adds for a foreign key is not matched
    // by the calculated schema.
    let author = if dialect == Dialect::Mysql {
        ""
    } else {
        "  author   User   @relation(fields: [authorId], references: [id])\n"
    };
    if step >= 1 {
        text += &format!(
            "\nmodel Post {{\n  id       Int    @id @default(autoincrement())\n  title    String\n{author}  authorId Int\n{}}}\n",
            if step >= 3 { "\n  @@index([title])\n" } else { "" }
        );
    }
    text
}

/// Held by every test that checks for leftover shadow databases, which it could otherwise see
/// from a test running beside it on the same server.
static SHADOW_SERVER: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn shadow_server() -> std::sync::MutexGuard<'static, ()> {
    SHADOW_SERVER.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn migrate_walk(dialect: Dialect) {
    let _server = shadow_server();
    let (Some(dev), Some(prod), Some(legacy)) = (TestDb::new(dialect), TestDb::new(dialect), TestDb::new(dialect))
    else {
        return;
    };
    let project = Project::new(&[("prisma.config.ts", CONFIG), ("prisma/schema.prisma", &evolving_schema(dialect, 0))]);
    let on = |db: &TestDb| vec![("EBB_LIVE_DATABASE_URL", db.url.clone())];
    let ebb = |args: &[&str], db: &TestDb| {
        let vars = on(db);
        let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        project.ebb(args, None, &vars)
    };

    // init and three evolutions
    let run = ebb(&["migrate", "dev", "--name", "init"], &dev).expect(0);
    assert!(run.stdout.contains("The following migration(s) have been created and applied from new schema changes:\n\nprisma/migrations/\n  └─ "), "{}", run.stdout);
    assert!(
        run.stdout.ends_with("_init/\n    └─ migration.sql\n\nYour database is now in sync with your schema.\n\n"),
        "{}",
        run.stdout
    );
    let lock = std::fs::read_to_string(project.dir.join("prisma/migrations/migration_lock.toml")).unwrap_or_default();
    assert!(lock.contains(&format!("provider = \"{}\"", migrate::provider_name(dialect))), "{lock}");
    for (step, name) in [(1, "add posts"), (2, "user-name"), (3, "TitleIndex")] {
        project.write_schema(&evolving_schema(dialect, step));
        ebb(&["migrate", "dev", "--name", name], &dev).expect(0);
    }
    let names = project.migration_names();
    let suffixes: Vec<&str> = names.iter().map(|n| n.split_once('_').map_or("", |(_, s)| s)).collect();
    assert_eq!(suffixes, ["init", "add_posts", "user_name", "title_index"]);
    let run = ebb(&["migrate", "dev", "--name", "nothing"], &dev).expect(0);
    assert!(
        run.stdout.ends_with("Already in sync, no schema change or pending migration was found.\n\n"),
        "{}",
        run.stdout
    );
    let run = ebb(&["migrate", "status"], &dev).expect(0);
    assert!(
        run.stdout.ends_with("4 migrations found in prisma/migrations\n\nDatabase schema is up to date!\n"),
        "{}",
        run.stdout
    );
    // The folder replayed gives the schema: no difference.
    ebb(
        &[
            "migrate",
            "diff",
            "--from-migrations",
            "prisma/migrations",
            "--to-schema",
            "prisma/schema.prisma",
            "--exit-code",
        ],
        &dev,
    )
    .expect(0);
    assert_eq!(dev.shadow_databases(), Vec::<String>::new(), "after successful commands");

    // deploy on a second database
    let run = ebb(&["migrate", "status"], &prod).expect(1);
    if dialect == Dialect::Sqlite {
        // The file does not exist yet; status creates nothing, as Prisma.
        assert!(run.stderr.contains("P1003"), "{}", run.stderr);
    } else {
        assert!(run.stdout.contains("Following migrations have not yet been applied:\n"), "{}", run.stdout);
    }
    let run = ebb(&["migrate", "deploy"], &prod).expect(0);
    assert!(run.stdout.contains("4 migrations found in prisma/migrations\n\n\nThe following migration(s) have been applied:\n\nmigrations/\n"), "{}", run.stdout);
    assert!(run.stdout.ends_with("All migrations have been successfully applied.\n"), "{}", run.stdout);
    let run = ebb(&["migrate", "deploy"], &prod).expect(0);
    assert!(run.stdout.ends_with("\n\n\nNo pending migrations to apply.\n"), "{}", run.stdout);

    // a failing migration blocks deploy until resolved
    let broken = project.dir.join("prisma/migrations/29990101000000_broken");
    std::fs::create_dir_all(&broken).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(broken.join("migration.sql"), "INSERT INTO missing_table VALUES (1);\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let run = ebb(&["migrate", "deploy"], &prod).expect(1);
    assert!(run.stderr.contains("P3018"), "{}", run.stderr);
    let run = ebb(&["migrate", "deploy"], &prod).expect(1);
    assert!(run.stderr.contains("P3009"), "{}", run.stderr);
    assert!(run.stderr.contains("The `29990101000000_broken` migration started at"), "{}", run.stderr);
    let run = ebb(&["migrate", "status"], &prod).expect(1);
    assert!(run.stderr.contains("Following migration have failed:\n29990101000000_broken\n"), "{}", run.stderr);
    assert!(run.stderr.contains("ebb migrate resolve --rolled-back \"29990101000000_broken\""), "{}", run.stderr);
    let run = ebb(&["migrate", "resolve", "--rolled-back", "broken"], &prod).expect(0);
    assert!(run.stdout.ends_with("\nMigration 29990101000000_broken marked as rolled back.\n\n"), "{}", run.stdout);
    // The fix: a script that succeeds and changes no table, so that the schema still matches.
    std::fs::write(broken.join("migration.sql"), "SELECT 1;\n").unwrap_or_else(|e| panic!("{e}"));
    let run = ebb(&["migrate", "deploy"], &prod).expect(0);
    assert!(run.stdout.contains("  └─ 29990101000000_broken/\n"), "{}", run.stdout);
    ebb(&["migrate", "status"], &prod).expect(0);

    // baselining a database that has the first migration's tables but no history
    let init = project.dir.join("prisma/migrations").join(&names[0]).join("migration.sql");
    ebb(&["db", "execute", "--file", &init.display().to_string()], &legacy).expect(0);
    let run = ebb(&["migrate", "deploy"], &legacy).expect(1);
    assert!(run.stderr.contains("P3005"), "{}", run.stderr);
    let run = ebb(&["migrate", "status"], &legacy).expect(1);
    assert!(run.stdout.contains("Following migrations have not yet been applied:\n"), "{}", run.stdout);
    let run = ebb(&["migrate", "resolve", "--applied", "init"], &legacy).expect(0);
    assert!(run.stdout.ends_with(&format!("\nMigration {} marked as applied.\n\n", names[0])), "{}", run.stdout);
    ebb(&["migrate", "deploy"], &legacy).expect(0);
    ebb(&["migrate", "status"], &legacy).expect(0);

    // drift after a manual change: dev applies the pending migration first, then reports it
    let run = ebb(&["migrate", "dev", "--name", "nothing"], &dev).expect(0);
    assert!(
        run.stdout
            .contains("The following migration(s) have been applied:\n\nmigrations/\n  └─ 29990101000000_broken/\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("\nYour database is now in sync with your schema.\n\n"), "{}", run.stdout);
    let alter = project.dir.join("alter.sql");
    let user = if dialect == Dialect::Mysql { "`User`" } else { "\"User\"" };
    std::fs::write(&alter, format!("ALTER TABLE {user} ADD COLUMN extra INTEGER;\n")).unwrap_or_else(|e| panic!("{e}"));
    ebb(&["db", "execute", "--file", "alter.sql"], &dev).expect(0);
    let run = ebb(&["migrate", "dev", "--name", "after_drift"], &dev).expect(130);
    assert!(
        run.stdout.contains("\nDrift detected: Your database schema is not in sync with your migration history.\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[*] Changed the `User` table\n  [+] Added column `extra`\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .ends_with("\nYou may use ebb migrate reset to drop the development database.\nAll data will be lost.\n"),
        "{}",
        run.stdout
    );
    assert_eq!(project.migration_names().len(), 5, "no migration is written on drift");

    // reset needs --force without a terminal, then re-applies everything
    let run = ebb(&["migrate", "reset"], &dev).expect(1);
    assert!(run.stderr.contains("Use --force to run this command without user interaction."), "{}", run.stderr);
    let run = ebb(&["migrate", "reset", "--force"], &dev).expect(0);
    assert!(
        run.stdout.contains("\nDatabase reset successful\n\nThe following migration(s) have been applied:\n"),
        "{}",
        run.stdout
    );
    ebb(&["migrate", "dev", "--name", "nothing"], &dev).expect(0);

    // an applied migration edited afterwards
    let mut text = std::fs::read_to_string(&init).unwrap_or_default();
    text.push_str("-- edited\n");
    std::fs::write(&init, text).unwrap_or_else(|e| panic!("{e}"));
    let run = ebb(&["migrate", "status"], &dev).expect(1);
    assert!(
        run.stderr.contains(&format!("The migration `{}` was modified after it was applied.", names[0])),
        "{}",
        run.stderr
    );
    let run = ebb(&["migrate", "dev", "--name", "x"], &dev).expect(130);
    assert!(run.stdout.contains("was modified after it was applied."), "{}", run.stdout);
    ebb(&["migrate", "reset", "--force"], &dev).expect(0);
    ebb(&["migrate", "status"], &dev).expect(0);

    // a history that fails on the shadow database leaves no shadow database behind
    std::fs::write(broken.join("migration.sql"), "INSERT INTO missing_table VALUES (1);\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let run = ebb(
        &[
            "migrate",
            "diff",
            "--from-migrations",
            "prisma/migrations",
            "--to-schema",
            "prisma/schema.prisma",
            "--script",
        ],
        &dev,
    )
    .expect(1);
    assert!(run.stderr.contains("P3006"), "{}", run.stderr);
    assert_eq!(dev.shadow_databases(), Vec::<String>::new(), "after a failure");
}

/// Ctrl-C while a migration runs on a temporary shadow database: the database is dropped and
/// ebb exits with 130.
fn interrupted_shadow_is_dropped(dialect: Dialect) {
    let _server = shadow_server();
    let Some(db) = TestDb::new(dialect) else { return };
    let sleep = if dialect == Dialect::Postgres { "SELECT pg_sleep(30);\n" } else { "SELECT SLEEP(30);\n" };
    let provider = migrate::provider_name(dialect);
    let project = Project::new(&[
        ("prisma.config.ts", CONFIG),
        ("prisma/migrations/migration_lock.toml", &format!("provider = \"{provider}\"\n")),
        ("prisma/migrations/20240101000000_slow/migration.sql", sleep),
    ]);
    let child = project
        .command(&["migrate", "diff", "--from-empty", "--to-migrations", "prisma/migrations", "--script"])
        .env(URL_VAR, &db.url)
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    let started = std::time::Instant::now();
    while db.shadow_databases().is_empty() {
        assert!(started.elapsed().as_secs() < 20, "no shadow database appeared");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    // Let the slow script start.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let status =
        Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap_or_else(|e| panic!("{e}"));
    assert!(status.success());
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.status.code(), Some(130), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(started.elapsed().as_secs() < 25, "the script was not interrupted");
    assert_eq!(db.shadow_databases(), Vec::<String>::new(), "after Ctrl-C");
}

#[test]
fn postgres_interrupted_shadow_database_is_dropped() {
    interrupted_shadow_is_dropped(Dialect::Postgres);
}

#[test]
fn mysql_interrupted_shadow_database_is_dropped() {
    interrupted_shadow_is_dropped(Dialect::Mysql);
}

const SHADOW_CONFIG: &str = r#"import { defineConfig, env } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: env("EBB_LIVE_DATABASE_URL"), shadowDatabaseUrl: env("EBB_LIVE_SHADOW_URL") },
});
"#;

/// A configured shadow database is used (emptied first) and may not be the main database; a
/// user who cannot create databases is told how to configure one (P3014).
#[test]
fn postgres_shadow_database_choices() {
    let _server = shadow_server();
    let (Some(main), Some(shadow), Some(owned)) =
        (TestDb::new(Dialect::Postgres), TestDb::new(Dialect::Postgres), TestDb::new(Dialect::Postgres))
    else {
        return;
    };
    let project = Project::new(&[
        ("prisma.config.ts", SHADOW_CONFIG),
        ("prisma/schema.prisma", &evolving_schema(Dialect::Postgres, 0)),
    ]);
    let with = |main_url: &str, shadow_url: &str, args: &[&str]| {
        project.ebb(args, None, &[("EBB_LIVE_DATABASE_URL", main_url), ("EBB_LIVE_SHADOW_URL", shadow_url)])
    };
    let run = with(&main.url, &main.url, &["migrate", "dev", "--name", "init"]).expect(1);
    assert!(
        run.stderr.contains("The shadow database you configured appears to be the same as the main database."),
        "{}",
        run.stderr
    );
    // A configured shadow database is emptied before the history is replayed on it.
    let mut conn = Connection::connect(&parse(&shadow.url)).unwrap_or_else(|e| panic!("{e}"));
    conn.execute_raw("CREATE TABLE leftover (id INTEGER)").unwrap_or_else(|e| panic!("{e}"));
    conn.close();
    with(&main.url, &shadow.url, &["migrate", "dev", "--name", "init"]).expect(0);
    project.write_schema(&evolving_schema(Dialect::Postgres, 1));
    with(&main.url, &shadow.url, &["migrate", "dev", "--name", "posts"]).expect(0);
    // Last replayed there: the whole history, the new migration included, whose down.sql
    // `migrate dev` proves on the shadow database.
    assert_eq!(shadow.table_names(), vec!["Post".to_owned(), "User".to_owned()], "the replayed history");
    assert_eq!(main.shadow_databases(), Vec::<String>::new());

    // A user who owns its database but may not create others.
    let base = testkit::server_url("EBB_TEST_POSTGRES_URL").unwrap_or_default();
    let mut admin = Connection::connect(&parse(&base)).unwrap_or_else(|e| panic!("{e}"));
    let role = unique("ebb_nocreatedb");
    let database = owned.url.rsplit('/').next().unwrap_or_default().to_owned();
    admin
        .execute_raw(&format!("CREATE ROLE {role} LOGIN PASSWORD '{PASSWORD}' NOCREATEDB"))
        .unwrap_or_else(|e| panic!("{e}"));
    admin.execute_raw(&format!("ALTER DATABASE {database} OWNER TO {role}")).unwrap_or_else(|e| panic!("{e}"));
    project.write_schema(&evolving_schema(Dialect::Postgres, 2));
    let limited = with_password(&owned.url, &role);
    let run = with(&limited, "", &["migrate", "dev", "--name", "name"]).expect(1);
    let _ = admin.execute_raw(&format!("ALTER DATABASE {database} OWNER TO CURRENT_USER"));
    let _ = admin.execute_raw(&format!("DROP ROLE {role}"));
    admin.close();
    assert!(run.stderr.contains("P3014"), "{}", run.stderr);
    assert!(run.stderr.contains("Prisma Migrate could not create the shadow database."), "{}", run.stderr);
    assert!(run.stderr.contains("set `shadowDatabaseUrl`"), "{}", run.stderr);
}

/// `migrate diff --from-migrations … --shadow-database-url URL` replays the folder on that
/// database (emptied first), with or without a config; only a configured main database that is
/// the same database is refused.
fn shadow_database_url_flag(dialect: Dialect) {
    let _server = shadow_server();
    let (Some(main), Some(shadow)) = (TestDb::new(dialect), TestDb::new(dialect)) else { return };
    let project = Project::new(&[("prisma/schema.prisma", &evolving_schema(dialect, 1))]);
    let script = project
        .ebb(&["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"], None, &[])
        .expect(0)
        .stdout;
    project.write_migration("20240101000000_init", &script, None);
    project.write_lock_file(dialect);
    if dialect != Dialect::Sqlite {
        shadow.execute("CREATE TABLE leftover (id INTEGER)");
    }
    let diff = |extra: &[&str], vars: &[(&str, &str)]| {
        let mut args = vec![
            "migrate",
            "diff",
            "--from-migrations",
            "prisma/migrations",
            "--to-schema",
            "prisma/schema.prisma",
            "--shadow-database-url",
            shadow.url.as_str(),
            "--exit-code",
        ];
        args.extend_from_slice(extra);
        project.ebb(&args, None, vars)
    };
    // No config: the flag alone names the shadow database.
    diff(&[], &[]).expect(0);
    if dialect != Dialect::Sqlite {
        assert_eq!(shadow.table_names(), vec!["Post".to_owned(), "User".to_owned()], "the replayed history");
        assert_eq!(main.shadow_databases(), Vec::<String>::new());
    }
    // A config whose main database is another one.
    project.write("prisma.config.ts", CONFIG_WITH_ENV_URL);
    diff(&[], &[("EBB_LIVE_DATABASE_URL", main.url.as_str())]).expect(0);
    // A config whose main database is the shadow database itself.
    if dialect != Dialect::Sqlite {
        let run = diff(&[], &[("EBB_LIVE_DATABASE_URL", shadow.url.as_str())]).expect(1);
        assert!(
            run.stderr.contains("The shadow database you configured appears to be the same as the main database."),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn postgres_shadow_database_url_flag() {
    shadow_database_url_flag(Dialect::Postgres);
}

#[test]
fn mysql_shadow_database_url_flag() {
    shadow_database_url_flag(Dialect::Mysql);
}

#[test]
fn sqlite_shadow_database_url_flag() {
    shadow_database_url_flag(Dialect::Sqlite);
}

/// On a terminal, `migrate dev` asks for the name and, on drift, whether to reset; `migrate
/// reset` asks for confirmation.
#[test]
fn sqlite_terminal_questions() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else { return };
    let project =
        Project::new(&[("prisma.config.ts", CONFIG), ("prisma/schema.prisma", &evolving_schema(Dialect::Sqlite, 0))]);
    let vars = [("EBB_LIVE_DATABASE_URL", db.url.as_str())];
    let Some(run) = project.on_terminal(&["migrate", "dev"], &["First Tables"], &vars) else { return };
    let run = run.expect(0);
    assert!(run.stdout.contains("Enter a name for the new migration:"), "{}", run.stdout);
    assert_eq!(project.migration_names().iter().filter(|n| n.ends_with("_first_tables")).count(), 1);

    project.ebb(&["db", "execute", "--stdin"], Some("CREATE TABLE manual (id INTEGER);"), &vars).expect(0);
    project.write_schema(&evolving_schema(Dialect::Sqlite, 1));
    let run = project.on_terminal(&["migrate", "dev", "--name", "posts"], &["y"], &vars).unwrap().expect(0);
    assert!(run.stdout.contains("Drift detected"), "{}", run.stdout);
    assert!(run.stdout.contains("Database reset successful"), "{}", run.stdout);
    assert!(run.stdout.contains("Your database is now in sync with your schema."), "{}", run.stdout);
    assert_eq!(db.table_names(), vec!["Post".to_owned(), "User".to_owned()]);

    let run = project.on_terminal(&["migrate", "reset"], &["n"], &vars).unwrap().expect(1);
    assert!(run.stdout.contains("Reset cancelled."), "{}", run.stdout);
    assert_eq!(db.table_names(), vec!["Post".to_owned(), "User".to_owned()]);
}

testkit::on_dialects!(sqlite postgres mysql =>
    diff_between_databases_then_no_drift,
    config_datasource_matches_the_schema_it_was_built_from,
    migrate_walk,
);
