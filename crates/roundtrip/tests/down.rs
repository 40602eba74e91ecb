//! `migrate down` undoes what `deploy` did, on real databases, with rows in the tables.
//!
//! Generated evolutions (`schema_gen::evolve`, seeds 1..=N, N = 115 or `EBB_DOWN_SEEDS`): a
//! schema A and a later version B become a two-migration history written as `migrate dev`
//! writes it — migration 1 from empty to A, migration 2 from the described database to B, each
//! with `down.sql` = the same diff and render reversed. Then:
//! 1. `deploy` applies migration 1, and every table of A that can be filled generically gets a
//!    row (see below); the database is described (state A) and the rows of the tables A → B
//!    leaves alone are read;
//! 2. `deploy` applies migration 2 (the database must show no drift against B);
//! 3. `down --steps 1` must give back a database that describes equal to state A (the differ
//!    finds nothing, either way), the untouched tables' rows unchanged, every filled table that
//!    both A and B have still holding its row, and `status` listing migration 2 as unapplied;
//! 4. `deploy` applies migration 2 again, and the database shows no drift against B.
//!
//! Which tables get a row: a table of A is filled unless the migration or its down has a step
//! on it that cannot run on a table with rows or may change its values (Prisma's data-loss
//! warnings, dropping a column or a table aside: those run fine), or adds a foreign key to it
//! (the row may point nowhere). Refusing such a migration on a table with rows is the
//! documented behaviour, not something `down` can fix; every other table holds a row, so that
//! the scripts are tested against real data, as in production.
//!
//! Corpus: every schema of each provider's corpus becomes a one-migration history: `deploy`,
//! rows, `down` of everything; the database must describe exactly as it did empty. PostgreSQL
//! schemas needing an extension the server lacks (PostGIS, usually) are skipped and listed, as
//! in the from-empty corpus test: their tables cannot even be created.
//!
//! Each case has its own fresh database (a namespace on PostgreSQL) and migrations folder; no
//! shadow database is involved.

use db::{Connection, Dialect};
use diff::{DataLossKind, Pair, Step};
use migrate::{DownRange, MigrationsFolder, NewMigration, Timestamp};
use roundtrip::{
    calculate, calculate_text, catalog_of, describe_like, fill_tables, for_each_corpus_case, localize, no_drift,
    on_seeds, provider_name, render_dialect, same_catalog, table_rows, unchanged_tables, unique_name, Report, Server,
    TestDb,
};
use sql_schema::{SqlSchema, Table};
use std::collections::BTreeSet;
use std::path::PathBuf;

const DEFAULT_SEEDS: u64 = 115;

fn seeds() -> u64 {
    std::env::var("EBB_DOWN_SEEDS").ok().and_then(|n| n.parse().ok()).unwrap_or(DEFAULT_SEEDS)
}

/// A migrations folder in the temporary directory, removed with the value.
struct TempFolder(PathBuf);

impl TempFolder {
    fn new(dialect: Dialect) -> TempFolder {
        let path = std::env::temp_dir().join(unique_name("ebb_down_migrations"));
        migrate::write_lockfile(&path, provider_name(dialect)).expect("lock file");
        TempFolder(path)
    }

    /// Writes migration number `n` (its folder name orders it after the earlier ones).
    fn write(&self, n: i64, name: &str, script: &str, down: &str) -> String {
        // 2024-01-01T00:00:00Z plus n hours.
        let created_at = Timestamp::from_unix_micros((1_704_067_200 + n * 3600) * 1_000_000).expect("valid time");
        let path = migrate::write_migration(&self.0, &NewMigration { created_at, name, script, down: Some(down) })
            .expect("migration written");
        path.file_name().expect("folder name").to_string_lossy().into_owned()
    }

    fn read(&self) -> MigrationsFolder {
        MigrationsFolder::read(&self.0).expect("migrations folder")
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        // A folder left behind only costs disk space; the test result stands.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The SQL from `from` to `to`, as `migrate dev` writes it into `migration.sql`.
fn script(from: &SqlSchema, to: &SqlSchema, dialect: Dialect) -> String {
    render::migration_script(from, to, render_dialect(dialect))
}

/// The `down.sql` `migrate dev` writes for the migration from `before` to `after`.
fn down_script(after: &SqlSchema, before: &SqlSchema, dialect: Dialect) -> String {
    render::down_file(after, before, render_dialect(dialect))
}

/// Whether `described` is the same schema as `expected` for the differ, both ways; the error
/// shows the differences in Prisma's summary words and as SQL.
fn same_schema(described: &SqlSchema, expected: &SqlSchema, dialect: Dialect) -> Result<(), String> {
    let rules = render_dialect(dialect).rules();
    let steps = diff::diff(expected, described, rules);
    let back = diff::diff(described, expected, rules);
    if steps.is_empty() && back.is_empty() {
        return Ok(());
    }
    let summary = render::summarize(&steps, Pair::new(expected, described));
    let sql = render::render(&back, Pair::new(described, expected), render_dialect(dialect));
    Err(format!("the database differs from the state before:\n{summary}\nSQL that would restore it:\n{sql}"))
}

/// Whether a data-loss warning only says data goes away (a dropped table or column), which
/// runs fine on a table with rows.
fn only_drops(warning: &diff::DataLossWarning) -> bool {
    warning.kind == DataLossKind::Warning
        && (warning.message.starts_with("You are about to drop the")
            || warning.message.starts_with("A unique constraint covering"))
}

/// Tables (by name) that the migration from `from` to `to` cannot be trusted to run on with a
/// row in them: see the module comment.
fn tables_unsafe_with_rows(from: &SqlSchema, to: &SqlSchema, dialect: Dialect, out: &mut BTreeSet<String>) {
    let rules = render_dialect(dialect).rules();
    let schemas = Pair::new(from, to);
    for step in diff::diff(from, to, rules) {
        let risky = step.data_loss_warnings(schemas, rules).iter().any(|w| !only_drops(w));
        match &step {
            Step::AddForeignKey(id) => {
                out.insert(to.table(id.table).name.as_str().to_owned());
            }
            Step::AlterTable(alter) if risky => {
                out.insert(from.table(alter.tables.previous).name.as_str().to_owned());
            }
            Step::RedefineTables(redefines) => {
                for redefine in redefines {
                    let tables = Pair::new(from.table(redefine.tables.previous), to.table(redefine.tables.next));
                    let single = diff::Step::RedefineTables(vec![redefine.clone()]);
                    let foreign_keys_added = tables.next.foreign_keys.len() > tables.previous.foreign_keys.len()
                        || tables.next.foreign_keys.iter().any(|fk| {
                            let referenced = to.table(fk.referenced_table).name.as_str();
                            !tables
                                .previous
                                .foreign_keys
                                .iter()
                                .any(|old| from.table(old.referenced_table).name.as_str() == referenced)
                        });
                    if foreign_keys_added || single.data_loss_warnings(schemas, rules).iter().any(|w| !only_drops(w)) {
                        out.insert(tables.previous.name.as_str().to_owned());
                    }
                }
            }
            Step::AlterEnum(alter) if risky => {
                for table in &from.tables {
                    let uses = table.columns.iter().any(|c| matches!(c.tpe.family, sql_schema::ColumnTypeFamily::Enum(id) if id == alter.enums.previous));
                    if uses {
                        out.insert(table.name.as_str().to_owned());
                    }
                }
            }
            _ if risky => out.extend(from.tables.iter().map(|t| t.name.as_str().to_owned())),
            _ => {}
        }
    }
}

/// A table's rows, every value as text.
type TableRows = Vec<Vec<Option<String>>>;

/// The rows of `tables`, by name.
fn snapshot(conn: &mut Connection, schema: &SqlSchema, tables: &[&Table]) -> Result<Vec<(String, TableRows)>, String> {
    tables.iter().map(|t| Ok((t.name.as_str().to_owned(), table_rows(conn, schema, t)?))).collect()
}

/// Whether the database is back to `before` (its description and its catalog), described as
/// `like` would be: ebb's describe and differ must find no difference, nor the catalog.
fn restored(db: &TestDb, conn: &mut Connection, like: &SqlSchema, before: (&SqlSchema, &str)) -> Result<(), String> {
    let described = describe_like(conn, like)?;
    same_schema(&described, before.0, conn.dialect())?;
    same_catalog(&catalog_of(db, conn)?, before.1, "the database", "before").map_err(|e| format!("by the catalog: {e}"))
}

/// One evolution A → B on a fresh database: see the module comment.
fn evolution(db: &TestDb, before: &SqlSchema, after: &SqlSchema) -> Result<Rows, String> {
    let (before, after) = (localize(db, before), localize(db, after));
    let mut conn = db.connect();
    let dialect = conn.dialect();
    let folder = TempFolder::new(dialect);
    let empty = describe_like(&mut conn, &before)?;
    let first = folder.write(1, "initial", &script(&empty, &before, dialect), &down_script(&before, &empty, dialect));
    migrate::deploy(&mut conn, &folder.read()).map_err(|e| format!("deploy of migration 1: {e}"))?;
    let state_a = describe_like(&mut conn, &before)?;
    let catalog_a = catalog_of(db, &mut conn)?;

    // What `migrate dev` writes next: from the database as it is to the new schema, and back.
    let up = script(&state_a, &after, dialect);
    let down = down_script(&after, &state_a, dialect);
    let second = folder.write(2, "evolve", &up, &down);
    let folder = folder_with_scripts(&folder, &up, &down)?;

    let mut unsafe_tables = BTreeSet::new();
    tables_unsafe_with_rows(&state_a, &after, dialect, &mut unsafe_tables);
    tables_unsafe_with_rows(&after, &state_a, dialect, &mut unsafe_tables);
    let filled = fill_tables(&mut conn, &state_a, &|t: &Table| !unsafe_tables.contains(t.name.as_str()))?;
    // Which tables the migration leaves alone is a question about the schemas, asked of the
    // calculated ones (a described column carries details the calculator leaves out).
    let unchanged: Vec<&Table> =
        unchanged_tables(&before, &after).into_iter().filter(|t| filled.iter().any(|f| f.name == t.name)).collect();
    let rows_before = snapshot(&mut conn, &before, &unchanged)?;
    let kept: Vec<&Table> = filled
        .iter()
        .copied()
        .filter(|t| after.find_table(state_a.namespace_name(t.namespace), &t.name).is_some())
        .collect();

    migrate::deploy(&mut conn, &folder)
        .map_err(|e| format!("deploy of migration 2 (rows in {} tables): {e}", filled.len()))?;
    let described = describe_like(&mut conn, &after)?;
    no_drift(&described, &after, dialect).map_err(|e| format!("after migration 2: {e}"))?;

    let report = migrate::down(&mut conn, &folder, &DownRange::Steps(1)).map_err(|e| format!("down: {e}"))?;
    if report.rolled_back != [second.clone()] {
        return Err(format!("down rolled back {:?}, expected [{second}]", report.rolled_back));
    }
    restored(db, &mut conn, &before, (&state_a, &catalog_a)).map_err(|e| format!("after down: {e}"))?;
    let rows_after = snapshot(&mut conn, &before, &unchanged)?;
    if rows_after != rows_before {
        return Err(format!(
            "after down: the rows of unchanged tables changed:\nbefore {rows_before:?}\nafter  {rows_after:?}"
        ));
    }
    for table in &kept {
        let namespace = state_a.namespace_name(table.namespace).map(|n| n.as_str());
        let rows = conn.count_rows(namespace, table.name.as_str()).map_err(|e| e.to_string())?;
        if rows != 1 {
            return Err(format!("after down: `{}` has {rows} rows instead of the 1 put in", table.name.as_str()));
        }
    }
    let status = migrate::status(&mut conn, &folder).map_err(|e| format!("status: {e}"))?;
    if status.applied != [first.clone()] || status.unapplied != [second.clone()] {
        return Err(format!("status after down: applied {:?}, unapplied {:?}", status.applied, status.unapplied));
    }

    let again = migrate::deploy(&mut conn, &folder).map_err(|e| format!("deploy after down: {e}"))?;
    if again.applied != [second.clone()] {
        return Err(format!("deploy after down applied {:?}, expected [{second}]", again.applied));
    }
    let described = describe_like(&mut conn, &after)?;
    no_drift(&described, &after, dialect).map_err(|e| format!("after deploying migration 2 again: {e}"))?;
    conn.close();
    Ok(Rows {
        filled: filled.len(),
        unchanged: unchanged.len(),
        changed: usize::from(!diff::diff(&before, &after, render_dialect(dialect).rules()).is_empty()),
    })
}

/// How much data one case moved through the migrations, summed over a run so that the test
/// fails if the property stops meaning anything (no rows, or no change to undo).
#[derive(Default, Clone, Copy)]
struct Rows {
    /// Tables that held a row through up and down.
    filled: usize,
    /// Of those, the tables the migration leaves alone, whose rows were compared.
    unchanged: usize,
    /// 1 when the evolution changed the schema at all.
    changed: usize,
}

/// The folder as written, checked to hold the scripts just written.
fn folder_with_scripts(folder: &TempFolder, up: &str, down: &str) -> Result<MigrationsFolder, String> {
    let read = folder.read();
    let last = read.migrations.last().ok_or("the migrations folder is empty")?;
    if last.script.as_deref() != Some(up) || last.down.as_deref() != Some(down) {
        return Err("the migrations folder does not hold the scripts written".to_owned());
    }
    Ok(read)
}

fn schema_gen_provider(dialect: Dialect) -> schema_gen::Provider {
    schema_gen::Provider::named(migrate::provider_name(dialect)).expect("schema-gen knows every dialect")
}

fn generated_evolution(server: &mut Server, seed: u64) -> Result<Rows, String> {
    let dialect = server.dialect();
    let options = schema_gen::Options {
        models: 3 + (seed % 5) as usize,
        enums: if dialect == Dialect::Sqlite { 0 } else { (seed % 3) as usize },
        provider: schema_gen_provider(dialect),
        seed,
    };
    let (before_text, after_text) = schema_gen::evolve(&options);
    let show = |e: String| format!("{e}\n--- before\n{before_text}\n--- after\n{after_text}");
    let before =
        calculate_text(&before_text, dialect).map_err(|e| show(format!("psl rejects the first schema: {e}")))?;
    let after =
        calculate_text(&after_text, dialect).map_err(|e| show(format!("psl rejects the evolved schema: {e}")))?;
    let db = server.fresh_database();
    evolution(&db, &before, &after).map_err(show)
}

fn check_generated(dialect: Dialect) {
    let count = seeds();
    let started = std::time::Instant::now();
    let Some(results) = on_seeds(dialect, count, generated_evolution) else { return };
    let mut report = Report::default();
    let mut total = Rows::default();
    for (seed, result) in results {
        let result = result.map(|rows| {
            total.filled += rows.filled;
            total.unchanged += rows.unchanged;
            total.changed += rows.changed;
        });
        report.record(&format!("seed {seed} (schema_gen::evolve, EBB_DOWN_SEEDS)"), result);
    }
    let title = format!("down after generated evolutions on {}", dialect.name());
    eprintln!(
        "{title}: {:.1} s; {} of {count} evolutions change the schema; rows in {} tables, {} of them left alone by the migration",
        started.elapsed().as_secs_f64(),
        total.changed,
        total.filled,
        total.unchanged
    );
    report.finish(&title, count as usize);
    // The generator is deterministic: the default run always moves the same data through the
    // migrations, so a change that makes the property say less shows here.
    if count == DEFAULT_SEEDS {
        let expected = match dialect {
            Dialect::Postgres => (113, 207, 177),
            Dialect::Sqlite => (112, 271, 195),
            Dialect::Mysql => (113, 209, 178),
        };
        assert_eq!(
            (total.changed, total.filled, total.unchanged),
            expected,
            "{title}: (evolutions that change the schema, tables holding a row, of them unchanged)"
        );
    }
}

/// One corpus schema as a one-migration history: deploy, rows, down of everything.
fn corpus_case(db: &TestDb, setup: &str, schema: &SqlSchema) -> Result<usize, String> {
    let schema = localize(db, schema);
    let mut conn = db.connect();
    let dialect = conn.dialect();
    if !setup.is_empty() {
        conn.execute_raw(setup).map_err(|e| format!("the setup failed: {e}"))?;
    }
    let state_empty = describe_like(&mut conn, &schema)?;
    let catalog_empty = catalog_of(db, &mut conn)?;
    let folder = TempFolder::new(dialect);
    let only = folder.write(
        1,
        "initial",
        &script(&state_empty, &schema, dialect),
        &down_script(&schema, &state_empty, dialect),
    );
    let folder = folder.read();
    migrate::deploy(&mut conn, &folder).map_err(|e| format!("deploy: {e}"))?;
    let filled = fill_tables(&mut conn, &schema, &|_: &Table| true)?.len();
    let report = migrate::down(&mut conn, &folder, &DownRange::All).map_err(|e| format!("down: {e}"))?;
    if report.rolled_back != [only.clone()] {
        return Err(format!("down rolled back {:?}, expected [{only}]", report.rolled_back));
    }
    restored(db, &mut conn, &schema, (&state_empty, &catalog_empty))
        .map_err(|e| format!("after down (rows in {filled} tables): {e}"))?;
    let status = migrate::status(&mut conn, &folder).map_err(|e| format!("status: {e}"))?;
    if !status.applied.is_empty() || status.unapplied != [only.clone()] {
        return Err(format!("status after down: applied {:?}, unapplied {:?}", status.applied, status.unapplied));
    }
    conn.close();
    Ok(filled)
}

fn check_corpus(dialect: Dialect, expected_cases: usize, expected_filled: usize) {
    let Some(root) = testkit::corpus_root() else { return };
    let Some(mut server) = Server::new(dialect) else { return };
    let mut report = Report::default();
    let mut filled = 0;
    for_each_corpus_case(&root, &mut server, &mut report, |server, files, setup| {
        let result = calculate(files, dialect).and_then(|schema| {
            let db = server.fresh_database();
            corpus_case(&db, setup, &schema)
        });
        result.map(|n| filled += n)
    });
    let title = format!("down of the corpus on {}", dialect.name());
    eprintln!("{title}: rows in {filled} tables");
    report.finish(&title, expected_cases);
    assert_eq!(filled, expected_filled, "{title}: tables holding a row");
}

#[test]
fn postgres_down_restores_the_state_and_rows_before_generated_evolutions() {
    check_generated(Dialect::Postgres);
}

#[test]
fn sqlite_down_restores_the_state_and_rows_before_generated_evolutions() {
    check_generated(Dialect::Sqlite);
}

#[test]
fn mysql_down_restores_the_state_and_rows_before_generated_evolutions() {
    check_generated(Dialect::Mysql);
}

#[test]
fn postgres_down_of_each_corpus_schema_with_rows_leaves_an_empty_database() {
    check_corpus(Dialect::Postgres, 18, 618);
}

#[test]
fn sqlite_down_of_each_corpus_schema_with_rows_leaves_an_empty_database() {
    check_corpus(Dialect::Sqlite, 3, 17);
}

#[test]
fn mysql_down_of_each_corpus_schema_with_rows_leaves_an_empty_database() {
    check_corpus(Dialect::Mysql, 4, 102);
}
