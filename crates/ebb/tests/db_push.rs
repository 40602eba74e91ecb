//! `ebb db push` against live databases: a schema is pushed, changed and pushed again, and the
//! database then matches the schema (`migrate diff --from-config-datasource --to-schema
//! --exit-code` finds no difference). On SQLite, a refused push changes nothing.
//!
//! Server tests say that they were skipped when their variable is unset, and fail under
//! `CI=true`.

mod support;

use db::Dialect;
use support::{Project, TestDb};

fn schema(provider: &str, second: bool) -> String {
    let (extra_field, extra_model) = if second {
        (
            "  bio   String?\n  tag   String  @default(\"x\")\n",
            "model Tag {\n  id   Int    @id\n  name String @unique\n}\n",
        )
    } else {
        ("  email String?\n", "model Post {\n  id     Int  @id @default(autoincrement())\n  author User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n")
    };
    let posts = if second { "" } else { "  posts Post[]\n" };
    format!(
        "datasource db {{\n  provider = \"{provider}\"\n}}\n\nmodel User {{\n  id    Int     @id @default(autoincrement())\n  name  String\n{extra_field}{posts}}}\n\n{extra_model}"
    )
}

fn push_change_push(dialect: Dialect, provider: &str) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project = Project::on(&db, &schema(provider, false));
    let first = project.run(&["db", "push"]).expect(0);
    assert!(first.stdout.contains("Your database is now in sync with your Prisma schema."), "{}", first.stdout);
    db.execute("INSERT INTO User (name, email) VALUES ('a', 'a@x')".replace("User", &quoted(dialect, "User")).as_str());

    project.write_schema(&schema(provider, true));
    // Dropping `email` (one value) and the empty `Post` table: only the column is reported.
    let refused = project.run(&["db", "push"]).expect(1);
    assert!(
        refused.stdout.contains(
            "You are about to drop the column `email` on the `User` table, which still contains 1 non-null values."
        ),
        "{}",
        refused.stdout
    );
    assert!(!refused.stdout.contains("`Post` table"), "{}", refused.stdout);
    project.run(&["db", "push", "--accept-data-loss"]).expect(0);
    project
        .run(&["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"])
        .expect(0);
    let again = project.run(&["db", "push"]).expect(0);
    assert!(again.stdout.contains("The database is already in sync with the Prisma schema."), "{}", again.stdout);
    let reset = project.run(&["db", "push", "--force-reset"]).expect(0);
    let said = match dialect {
        Dialect::Postgres => "database \"", // then the name, ` schema "public" at …`
        Dialect::Mysql => "The MySQL database \"",
        Dialect::Sqlite => "The SQLite database \"",
    };
    assert!(reset.stdout.contains(said) && reset.stdout.contains("was successfully reset."), "{}", reset.stdout);
    if dialect == Dialect::Postgres {
        assert!(reset.stdout.contains("\" schema \"public\" at \""), "{}", reset.stdout);
    }
    assert_eq!(db.table_names(), vec!["Tag".to_owned(), "User".to_owned()]);
}

fn quoted(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Mysql => format!("`{name}`"),
        _ => format!("\"{name}\""),
    }
}

#[test]
fn push_change_push_postgres() {
    push_change_push(Dialect::Postgres, "postgresql");
}

#[test]
fn push_change_push_mysql() {
    push_change_push(Dialect::Mysql, "mysql");
}

#[test]
fn push_change_push_sqlite() {
    push_change_push(Dialect::Sqlite, "sqlite");
}

/// A push refused for data loss leaves the database as it was.
#[test]
fn refused_push_changes_nothing_sqlite() {
    let Some(db) = TestDb::new(Dialect::Sqlite) else { return };
    let project = Project::on(&db, &schema("sqlite", false));
    project.run(&["db", "push"]).expect(0);
    db.execute("INSERT INTO \"User\" (name, email) VALUES ('a', 'a@x')");
    let before = db.describe();
    project.write_schema(&schema("sqlite", true));
    project.run(&["db", "push"]).expect(1);
    assert_eq!(db.describe(), before);
    project.run(&["db", "push", "--accept-data-loss"]).expect(0);
    assert_ne!(db.describe(), before);
}
