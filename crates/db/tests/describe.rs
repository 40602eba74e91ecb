//! Round trips on real databases: every render fixture's target schema is rendered from empty,
//! applied to a fresh database, described, and must come back equal to the schema as the
//! dialect stores it (see `common::as_stored`), with nothing left to migrate; on PostgreSQL
//! also with nothing to migrate towards the target itself. Then each fixture's migration is
//! applied to its `from` schema, and the database must describe as its `to` schema.

mod common;

use common::{as_stored, canonical, columns_by_name};
use db::Dialect;
use migrate::render_dialect;
use sql_schema::{NamespaceName, SqlSchema};
use std::path::{Path, PathBuf};
use testkit::fixture_format;
use testkit::servers::TestDb;

/// Fixture folders that hold an expectation for `dialect`, i.e. whose schemas it supports.
fn fixture_cases(dialect: Dialect) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../render/tests/fixtures");
    let file = match dialect {
        Dialect::Postgres => "postgres.sql",
        Dialect::Sqlite => "sqlite.sql",
        Dialect::Mysql => "mysql.sql",
    };
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("render fixtures folder")
        .map(|entry| entry.unwrap().path())
        // Cases written in the schema-text format; the others are covered by the `roundtrip`
        // crate, which reads their `.prisma` files.
        .filter(|case| case.join(file).exists() && case.join("schema.txt").exists())
        .collect();
    cases.sort();
    cases
}

/// Applies the from-empty script of the case's target schema and compares; returns a
/// description of the difference, if any.
fn round_trip(case: &Path, dialect: Dialect) -> Option<String> {
    let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(case.join("schema.txt")).expect("schema.txt");
    let (_, target) = fixture_format::parse_pair(&text, render_dialect(dialect));
    let script = render::migration_script(&SqlSchema::default(), &target, render_dialect(dialect));
    let db = TestDb::new(dialect)?;
    let mut conn = db.connect();
    if dialect == Dialect::Postgres {
        // Types from extensions that fixtures use.
        conn.execute_raw("CREATE EXTENSION IF NOT EXISTS citext").unwrap();
    }
    if let Err(e) = conn.execute_script(&script) {
        return Some(format!("{name}: the script failed: {e}\n{script}"));
    }
    let namespaces: Vec<NamespaceName> = target.namespaces.iter().map(|ns| ns.name.clone()).collect();
    let described = match conn.describe(&namespaces) {
        Ok(schema) => schema,
        Err(e) => return Some(format!("{name}: describe failed: {e}")),
    };
    conn.close();
    let expected = as_stored(&target, dialect);
    let mut problems = Vec::new();
    if canonical(&described) != canonical(&expected) {
        problems.push(format!(
            "{name}: described schema differs\n--- expected\n{:#?}\n--- described\n{:#?}",
            canonical(&expected),
            canonical(&described)
        ));
    }
    let rules = render_dialect(dialect).rules();
    let mut against_schemas = vec![("the stored form", &expected)];
    // On SQLite and MySQL the stored form is not the calculated one: SQLite keeps no
    // autoincrement flag apart from the INTEGER primary key, and MySQL adds indexes to
    // foreign keys. Drift against the target there is the calculator's and differ's matter.
    if dialect == Dialect::Postgres {
        against_schemas.push(("the target", &target));
    }
    for (what, against) in against_schemas {
        let steps = diff::diff(&described, against, rules);
        if !steps.is_empty() {
            let sql = render::migration_script(&described, against, render_dialect(dialect));
            problems.push(format!("{name}: diffing the described schema against {what} gives steps:\n{sql}"));
        }
    }
    (!problems.is_empty()).then(|| problems.join("\n"))
}

/// Builds the case's `from` schema, applies the migration to `to` as the renderer writes it,
/// and compares the result with `to` as stored.
fn migrate_forward(case: &Path, dialect: Dialect) -> Option<String> {
    let name = case.file_name().unwrap_or_default().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(case.join("schema.txt")).expect("schema.txt");
    let (from, to) = fixture_format::parse_pair(&text, render_dialect(dialect));
    let db = TestDb::new(dialect)?;
    let mut conn = db.connect();
    if dialect == Dialect::Postgres {
        conn.execute_raw("CREATE EXTENSION IF NOT EXISTS citext").unwrap();
    }
    for (label, script) in [
        ("from empty", render::migration_script(&SqlSchema::default(), &from, render_dialect(dialect))),
        ("the migration", render::migration_script(&from, &to, render_dialect(dialect))),
    ] {
        if let Err(e) = conn.execute_script(&script) {
            return Some(format!("{name}: {label} failed: {e}\n{script}"));
        }
    }
    let namespaces: Vec<NamespaceName> = to.namespaces.iter().map(|ns| ns.name.clone()).collect();
    let mut described = conn.describe(&namespaces).unwrap_or_else(|e| panic!("{e}"));
    let expected = as_stored(&to, dialect);
    if dialect == Dialect::Mysql {
        // MySQL keeps the index it made for a foreign key after the key is dropped.
        let stored_from = as_stored(&from, dialect);
        for table in &mut described.tables {
            let Some(from_table) = stored_from.tables.iter().find(|t| t.name == table.name) else { continue };
            table.indexes.retain(|index| {
                let implicit = from_table
                    .foreign_keys
                    .iter()
                    .any(|fk| fk.name.as_ref().map(|n| n.as_str()) == Some(index.name.as_str()));
                let wanted = expected
                    .tables
                    .iter()
                    .any(|t| t.name == table.name && t.indexes.iter().any(|i| i.name == index.name));
                wanted || !implicit
            });
        }
    }
    let (expected, described) = (columns_by_name(&canonical(&expected)), columns_by_name(&canonical(&described)));
    (described != expected).then(|| {
        format!("{name}: after the migration the database differs\n--- expected\n{expected:#?}\n--- described\n{described:#?}")
    })
}

fn check_all(dialect: Dialect) {
    if TestDb::new(dialect).is_none() {
        return;
    }
    let cases = fixture_cases(dialect);
    assert!(cases.len() >= 15, "expected the render fixtures, found {} cases", cases.len());
    let failures: Vec<String> =
        cases.iter().flat_map(|case| [round_trip(case, dialect), migrate_forward(case, dialect)]).flatten().collect();
    assert!(
        failures.is_empty(),
        "{} of {} round trips failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn postgres_fixtures_round_trip() {
    check_all(Dialect::Postgres);
}

#[test]
fn sqlite_fixtures_round_trip() {
    check_all(Dialect::Sqlite);
}

#[test]
fn mysql_fixtures_round_trip() {
    check_all(Dialect::Mysql);
}

/// Describes after running `setup` on a fresh database of `dialect`.
fn describe_after(dialect: Dialect, setup: &str, namespaces: &[NamespaceName]) -> Option<SqlSchema> {
    let db = TestDb::new(dialect)?;
    let mut conn = db.connect();
    conn.execute_script(setup).unwrap_or_else(|e| panic!("{e}"));
    Some(conn.describe(namespaces).unwrap_or_else(|e| panic!("{e}")))
}

fn table<'a>(schema: &'a SqlSchema, name: &str) -> &'a sql_schema::Table {
    schema.tables.iter().find(|t| t.name.as_str() == name).unwrap_or_else(|| panic!("no table {name}"))
}

/// What an extension creates belongs to it: PostGIS's `spatial_ref_sys` table, its views and
/// sequences are not the schema's, and no migration may drop them; its types, used by the
/// user's columns, read back unqualified.
#[test]
fn postgres_leaves_out_what_extensions_create() {
    let setup = r#"
CREATE EXTENSION postgis;
CREATE TABLE "Place" ("id" SERIAL PRIMARY KEY, "at" "public".geography);
"#;
    let Some(schema) = describe_after(Dialect::Postgres, setup, &[]) else { return };
    let tables: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tables, ["Place"]);
    assert!(schema.views.is_empty(), "{:?}", schema.views);
    assert!(schema.sequences.is_empty(), "{:?}", schema.sequences);
    assert_eq!(table(&schema, "Place").columns[1].tpe.native, "geography");
}

#[test]
fn postgres_catalog_details() {
    use sql_schema::{ColumnTypeFamily, DefaultValue, Literal};
    let setup = r#"
CREATE TABLE "_prisma_migrations" ("id" TEXT);
CREATE TYPE "Mood" AS ENUM ('happy', 'sad');
CREATE SEQUENCE "free_seq";
CREATE TABLE "T" (
    "id" INTEGER GENERATED BY DEFAULT AS IDENTITY,
    "big" BIGSERIAL NOT NULL,
    "mood" "Mood"[] DEFAULT '{}',
    "at" TIMESTAMP(3) DEFAULT '2020-01-01 00:00:00',
    "name" VARCHAR(40) DEFAULT 'x'::character varying,
    "expr" TEXT DEFAULT ('a' || 'b'),
    "tags" TEXT[] NOT NULL,
    CONSTRAINT "T_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "T_lower_idx" ON "T" (lower("name"));
CREATE UNIQUE INDEX "T_name_big_key" ON "T" ("name" DESC, "big");
CREATE VIEW "V" AS SELECT "id" FROM "T";
"#;
    let Some(schema) = describe_after(Dialect::Postgres, setup, &[]) else { return };
    assert_eq!(schema.tables.len(), 1, "the migrations table is left out");
    let t = table(&schema, "T");
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "big", "mood", "at", "name", "expr", "tags"]);
    assert!(t.columns[0].autoincrement && t.columns[0].default.is_none(), "identity: {:?}", t.columns[0]);
    assert!(t.columns[1].autoincrement);
    assert_eq!(t.columns[1].tpe.native, "BIGINT");
    assert_eq!(t.columns[1].default, Some(DefaultValue::Sequence("T_big_seq".into())));
    assert_eq!(t.columns[2].tpe.family, ColumnTypeFamily::Enum(sql_schema::EnumId(0)));
    assert!(t.columns[2].arity.is_list());
    assert_eq!(t.columns[2].default, Some(DefaultValue::Value(Literal::List(vec![]))));
    assert_eq!(t.columns[3].default, Some(DefaultValue::Value(Literal::DateTime("2020-01-01 00:00:00".into()))));
    assert_eq!(t.columns[4].tpe.native, "VARCHAR(40)");
    assert_eq!(t.columns[4].default, Some(DefaultValue::Value(Literal::String("x".into()))));
    assert_eq!(t.columns[5].default, Some(DefaultValue::DbGenerated("('a'::text || 'b'::text)".into())));
    assert!(t.columns[6].arity.is_list() && t.columns[6].tpe.native == "TEXT");
    let indexes: Vec<&str> = t.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(indexes, ["T_name_big_key"], "expression indexes are left out");
    assert_eq!(t.indexes[0].columns[0].sort_order, Some(sql_schema::SortOrder::Desc));
    assert_eq!(t.indexes[0].columns[1].sort_order, Some(sql_schema::SortOrder::Asc), "every column has its direction");
    assert_eq!(schema.enums[0].values, ["happy", "sad"]);
    let sequences: Vec<&str> = schema.sequences.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(sequences, ["free_seq"], "owned sequences belong to their columns");
    assert_eq!(schema.views.len(), 1);
    assert_eq!(schema.views[0].name.as_str(), "V");
    assert!(schema.views[0].definition.as_deref().unwrap_or_default().contains("SELECT"));
}

/// What an index is made of, as one line: `name kind using (column class direction, …) where`.
fn index_line(table: &sql_schema::Table, index: &sql_schema::Index) -> String {
    let columns: Vec<String> = index
        .columns
        .iter()
        .map(|c| {
            let mut out = table.column(c.column).name.as_str().to_owned();
            match (&c.operator_class, c.operator_class_is_default) {
                (Some(class), true) => out += &format!(" {class}(default)"),
                (Some(class), false) => out += &format!(" {class}"),
                (None, true) => out += " (default)",
                (None, false) => {}
            }
            if let Some(sort) = c.sort_order {
                out += &format!(" {}", sort.as_sql());
            }
            out
        })
        .collect();
    let using = index.algorithm.map(|a| format!(" {}", a.as_sql())).unwrap_or_default();
    let predicate = index.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default();
    format!("{} {:?}{using} ({}){predicate}", index.name.as_str(), index.kind, columns.join(", "))
}

/// Indexes a schema cannot write are described as far as the differ needs them: a partial
/// index with its condition (so that it can be left alone), operator classes of the access
/// methods that name them (default ones too, marked), B-tree classes that are not the default.
/// Expression indexes and exclusion constraints are not indexes of the model.
#[test]
fn postgres_indexes_as_far_as_the_model_goes() {
    let setup = r#"
CREATE TABLE "T" ("id" SERIAL PRIMARY KEY, "j" JSONB NOT NULL, "t" TEXT NOT NULL, "n" INTEGER NOT NULL,
                  "gone" TIMESTAMP(3), "r" INT4RANGE);
CREATE UNIQUE INDEX "T_t_partial" ON "T"("t") WHERE "gone" IS NULL;
CREATE INDEX "T_lower" ON "T"(lower("t"));
CREATE INDEX "T_j_path" ON "T" USING GIN ("j" jsonb_path_ops);
CREATE INDEX "T_j_plain" ON "T" USING GIN ("j");
CREATE INDEX "T_n_brin" ON "T" USING BRIN ("n");
CREATE INDEX "T_t_pattern" ON "T"("t" text_pattern_ops);
CREATE INDEX "T_n_hash" ON "T" USING HASH ("n");
CREATE INDEX "T_t_include" ON "T"("t") INCLUDE ("n");
ALTER TABLE "T" ADD CONSTRAINT "T_r_excl" EXCLUDE USING GIST ("r" WITH &&);
"#;
    let Some(schema) = describe_after(Dialect::Postgres, setup, &[]) else { return };
    assert!(schema.partial_indexes);
    let t = table(&schema, "T");
    let lines: Vec<String> = t.indexes.iter().map(|i| index_line(t, i)).collect();
    assert_eq!(
        lines,
        [
            "T_j_path Normal GIN (j jsonb_path_ops ASC)",
            "T_j_plain Normal GIN (j jsonb_ops(default) ASC)",
            "T_n_brin Normal BRIN (n int4_minmax_ops(default) ASC)",
            "T_n_hash Normal HASH (n (default) ASC)",
            "T_t_include Normal (t (default) ASC)",
            "T_t_partial Unique (t (default) ASC) WHERE (gone IS NULL)",
            "T_t_pattern Normal (t text_pattern_ops ASC)",
        ]
    );
    assert_eq!(t.primary_key.as_ref().map(|pk| pk.columns[0].sort_order), Some(None), "keys are written without");
}

#[test]
fn sqlite_partial_and_expression_indexes() {
    let setup = r#"
CREATE TABLE "T" ("id" INTEGER NOT NULL PRIMARY KEY, "t" TEXT NOT NULL, "gone" DATETIME);
CREATE UNIQUE INDEX "T_t_partial" ON "T"("t") WHERE "gone" IS NULL;
CREATE INDEX "T_lower" ON "T"(lower("t"));
CREATE INDEX "T_t" ON "T"("t" DESC);
"#;
    let Some(schema) = describe_after(Dialect::Sqlite, setup, &[]) else { return };
    assert!(schema.partial_indexes);
    let t = table(&schema, "T");
    let lines: Vec<String> = t.indexes.iter().map(|i| index_line(t, i)).collect();
    assert_eq!(lines, ["T_t Normal (t DESC)", r#"T_t_partial Unique (t ASC) WHERE "gone" IS NULL"#]);
}

#[test]
fn mysql_catalog_details() {
    use sql_schema::{ColumnTypeFamily, DefaultValue, IndexKind, Literal};
    let setup = "
CREATE TABLE `_prisma_migrations` (`id` VARCHAR(36) NOT NULL);
CREATE TABLE `T` (
    `id` INTEGER UNSIGNED NOT NULL AUTO_INCREMENT,
    `mood` ENUM('happy', 'it''s') NOT NULL DEFAULT 'it''s',
    `data` JSON NULL,
    `body` TEXT NOT NULL,
    `name` VARCHAR(100) NOT NULL DEFAULT 'a\\\\b',
    `uid` VARCHAR(36) NOT NULL DEFAULT (uuid()),
    FULLTEXT INDEX `T_body_idx`(`body`),
    INDEX `T_name_idx`(`name`(10) DESC),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE VIEW `V` AS SELECT `id` FROM `T`;
";
    let Some(schema) = describe_after(Dialect::Mysql, setup, &[]) else { return };
    assert_eq!(schema.tables.len(), 1, "the migrations table and views are not tables");
    let t = table(&schema, "T");
    assert_eq!(t.columns[0].tpe.native, "INTEGER UNSIGNED");
    assert!(t.columns[0].autoincrement);
    assert_eq!(t.columns[1].tpe.family, ColumnTypeFamily::Enum(sql_schema::EnumId(0)));
    assert_eq!(schema.enums[0].name.as_str(), "T_mood");
    assert_eq!(schema.enums[0].values, ["happy", "it's"]);
    assert_eq!(t.columns[1].default, Some(DefaultValue::Value(Literal::Enum("it's".into()))));
    assert_eq!((t.columns[2].tpe.family.clone(), t.columns[2].tpe.native.as_str()), (ColumnTypeFamily::Json, "JSON"));
    assert_eq!(t.columns[4].default, Some(DefaultValue::Value(Literal::String("a\\b".into()))));
    assert_eq!(t.columns[5].default, Some(DefaultValue::DbGenerated("uuid()".into())));
    let fulltext = t.indexes.iter().find(|i| i.name.as_str() == "T_body_idx").unwrap();
    assert_eq!(fulltext.kind, IndexKind::Fulltext);
    let prefix = t.indexes.iter().find(|i| i.name.as_str() == "T_name_idx").unwrap();
    assert_eq!(prefix.columns[0].length, Some(10));
    assert_eq!(prefix.columns[0].sort_order, Some(sql_schema::SortOrder::Desc));
    assert_eq!(t.primary_key.as_ref().map(|pk| pk.columns.len()), Some(1));
    assert_eq!(schema.views.len(), 1);
}

#[test]
fn sqlite_catalog_details() {
    use sql_schema::{DefaultValue, ForeignKeyAction, IndexKind};
    let setup = r#"
CREATE TABLE "A" ("id" TEXT NOT NULL, "k" INTEGER NOT NULL, CONSTRAINT "A_pk" PRIMARY KEY ("id", "k"));
CREATE TABLE "B" (
    "id" INTEGER NOT NULL PRIMARY KEY,
    "aId" TEXT, "aK" INTEGER,
    "email" TEXT UNIQUE,
    "at" DATETIME DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY ("aId", "aK") REFERENCES "A" ("id", "k") ON DELETE SET NULL
);
CREATE VIEW "V" AS SELECT "id" FROM "B";
"#;
    let Some(schema) = describe_after(Dialect::Sqlite, setup, &[]) else { return };
    let a = table(&schema, "A");
    assert_eq!(a.primary_key.as_ref().and_then(|pk| pk.name.as_ref()).map(|n| n.as_str()), Some("A_pk"));
    let b = table(&schema, "B");
    assert!(!b.columns[0].autoincrement, "no AUTOINCREMENT keyword");
    assert_eq!(b.columns[4].default, Some(DefaultValue::Now));
    assert_eq!(b.indexes.len(), 1);
    assert_eq!(b.indexes[0].kind, IndexKind::Unique);
    let fk = &b.foreign_keys[0];
    assert_eq!(fk.name, None);
    assert_eq!(fk.columns.len(), 2);
    assert_eq!((fk.on_delete, fk.on_update), (ForeignKeyAction::SetNull, ForeignKeyAction::NoAction));
    assert_eq!(schema.views.len(), 1);
}
