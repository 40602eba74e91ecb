//! A random differential test against Prisma 7.10.1: for seeds 1..=300 per dialect,
//! `schema_gen::evolve` gives a schema and a later version of it (models kept, replaced, mixed
//! field by field, enums changed, models added and dropped), and the migration ebb writes from
//! one to the other must be Prisma's, byte for byte: the scripts Prisma's `migrate diff
//! --from-schema --to-schema --script` printed for the same pairs are recorded in
//! `differential/<provider>.txt` (`EBB_RECORD_PRISMA=1` records them again with the oracle).
//! Seeds where ebb deliberately writes something else are listed in
//! `differential/deliberate.txt` with why, and must keep differing.
//!
//! Every script ebb writes, MySQL's included (which the oracle cannot run), is then applied on a
//! real database holding the first schema, which must then show no drift against the second
//! (except the seeds in `differential/known_drift.txt`, each with why); every tenth is also
//! judged by the catalog against a database created from empty.

use db::Dialect;
use roundtrip::{
    calculate_text, check_database, localize, migrate, on_seeds, render_dialect, same_catalog_as_created, Report,
    Server,
};
use sql_schema::SqlSchema;
use std::collections::BTreeMap;
use std::path::PathBuf;

const SEEDS: u64 = 300;

fn options(dialect: Dialect, seed: u64) -> schema_gen::Options {
    schema_gen::Options {
        models: 3 + (seed % 5) as usize,
        enums: if dialect == Dialect::Sqlite { 0 } else { (seed % 3) as usize },
        provider: schema_gen::Provider::named(migrate::provider_name(dialect)).expect("schema-gen knows every dialect"),
        seed,
    }
}

/// The pair of schema texts of `seed` and ebb's migration between them.
fn case(dialect: Dialect, seed: u64) -> Result<(String, String, SqlSchema, SqlSchema, String), String> {
    let (before_text, after_text) = schema_gen::evolve(&options(dialect, seed));
    let before = calculate_text(&before_text, dialect).map_err(|e| format!("psl rejects the first schema: {e}"))?;
    let after = calculate_text(&after_text, dialect).map_err(|e| format!("psl rejects the evolved schema: {e}"))?;
    let script = render::migration_script(&before, &after, render_dialect(dialect));
    Ok((before_text, after_text, before, after, script))
}

fn fixture(dialect: Dialect) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/differential")
        .join(format!("{}.txt", migrate::provider_name(dialect)))
}

const SEPARATOR: &str = "=== seed ";

/// Prisma's scripts by seed, from the fixture.
fn recorded(dialect: Dialect) -> BTreeMap<u64, String> {
    let path = fixture(dialect);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.split(SEPARATOR)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (seed, script) = part.split_once('\n').unwrap_or((part, ""));
            (
                seed.trim().parse().unwrap_or_else(|e| panic!("{}: seed {seed:?}: {e}", path.display())),
                script.to_owned(),
            )
        })
        .collect()
}

/// Asks the oracle for every seed's script and writes the fixture.
fn record(dialect: Dialect) {
    let mut text = String::new();
    for seed in 1..=SEEDS {
        let (before, after) = schema_gen::evolve(&options(dialect, seed));
        let script = testkit::oracle::diff_script(Some(&before), &after).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        text.push_str(&format!("{SEPARATOR}{seed}\n{script}"));
    }
    let path = fixture(dialect);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// The seeds listed as deliberately different for `dialect`.
fn deliberate(dialect: Dialect) -> Vec<u64> {
    roundtrip::listed_for(include_str!("differential/deliberate.txt"), dialect)
        .map(|seed| seed.trim().parse().unwrap_or_else(|e| panic!("differential/deliberate.txt: {seed:?}: {e}")))
        .collect()
}

fn same_as_prisma(dialect: Dialect) {
    if testkit::record_prisma() {
        record(dialect);
    }
    let prisma = recorded(dialect);
    let deliberate = deliberate(dialect);
    let mut report = Report::default();
    let mut identical = 0;
    for seed in 1..=SEEDS {
        let label = format!("{} seed {seed}", dialect.name());
        let result = case(dialect, seed).and_then(|(before, after, _, _, script)| {
            let expected = prisma.get(&seed).ok_or("no recorded script: record them with EBB_RECORD_PRISMA=1")?;
            match (&script == expected, deliberate.contains(&seed)) {
                (true, false) => {
                    identical += 1;
                    Ok(())
                }
                (false, true) => Ok(()),
                (true, true) => Err("listed as deliberately different, but ebb writes Prisma's bytes".to_owned()),
                (false, false) => Err(format!(
                    "{}\n--- Prisma\n{expected}\n--- ebb\n{script}\n--- before\n{before}\n--- after\n{after}",
                    testkit::first_difference(expected, &script)
                )),
            }
        });
        report.record(&label, result);
    }
    eprintln!("{identical} of {SEEDS} scripts on {} are Prisma's bytes", dialect.name());
    report.finish(&format!("differential on {}", dialect.name()), SEEDS as usize);
    assert_eq!(identical + deliberate.len(), SEEDS as usize);
}

/// Applies ebb's script of `seed` on a database holding the first schema.
fn applies(server: &mut Server, seed: u64) -> Result<(), String> {
    let dialect = server.dialect();
    let (before_text, after_text, before, after, _) = case(dialect, seed)?;
    let db = server.fresh_database();
    let (before, after) = (localize(&db, &before), localize(&db, &after));
    let mut conn = db.connect();
    let result = migrate(&mut conn, &SqlSchema::default(), &before)
        .and_then(|()| migrate(&mut conn, &before, &after))
        .and_then(|()| check_database(&mut conn, &after))
        .and_then(|()| {
            if seed.is_multiple_of(10) {
                same_catalog_as_created(server, &db, &mut conn, "", &after)
            } else {
                Ok(())
            }
        });
    conn.close();
    result.map_err(|e| format!("{e}\n--- before\n{before_text}\n--- after\n{after_text}"))
}

fn scripts_apply(dialect: Dialect) {
    let Some(results) = on_seeds(dialect, SEEDS, applies) else { return };
    let mut report = Report::with_known_failures(include_str!("differential/known_drift.txt"));
    for (seed, result) in results {
        report.record(&format!("{} seed {seed}", dialect.name()), result);
    }
    let expected = SEEDS as usize - report.known_count();
    report.finish(&format!("differential scripts applied on {}", dialect.name()), expected);
}

/// Where ebb deliberately differs, Prisma's recorded script fails on the database: applied to a
/// database holding the first schema, PostgreSQL refuses it.
fn prisma_fails_where_ebb_differs(dialect: Dialect) {
    let Some(mut server) = Server::with_namespaces(dialect) else { return };
    let prisma = recorded(dialect);
    let mut failures = Vec::new();
    for seed in deliberate(dialect) {
        let (_, _, before, _, _) = case(dialect, seed).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        let db = server.fresh_database();
        let mut conn = db.connect();
        migrate(&mut conn, &SqlSchema::default(), &localize(&db, &before))
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        if conn.execute_script(&prisma[&seed]).is_ok() {
            failures.push(format!("seed {seed}: Prisma's script applies; ebb should write it"));
        }
        conn.close();
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

testkit::on_dialects!(bytes: postgres sqlite => same_as_prisma);
testkit::on_dialects!(prisma_wrong: postgres sqlite => prisma_fails_where_ebb_differs);
testkit::on_dialects!(sqlite postgres mysql => scripts_apply);
