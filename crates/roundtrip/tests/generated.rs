//! No phantom differences: schemas generated from seeds 1..=N (N = 200, or
//! `EBB_ROUNDTRIP_SEEDS`) by `schema-gen`, 3 to 8 models each, are applied from empty to a
//! fresh database of their provider, and the described database must show no drift against
//! the calculated schema. A drift here is the same ALTER generated on every `migrate dev`.
//!
//! Then pairs: the schema of seed `s` migrated up to the schema of seed `s + PAIR_OFFSET` and
//! back down, on an empty database, checking for drift after each script. The two schemas
//! share model names, so the differ meets every kind of change at once. Besides ebb's describe
//! and differ, the database's catalog judges each down (equal to before the up) and every
//! fourth up (equal to a database created from empty to the target).

use db::Dialect;
use roundtrip::{
    calculate_text, catalog_of, check_database, from_empty_round_trip, localize, migrate, on_seeds, same_catalog,
    same_catalog_as_created, Report, Server,
};
use sql_schema::SqlSchema;

fn seeds() -> u64 {
    std::env::var("EBB_ROUNDTRIP_SEEDS").ok().and_then(|n| n.parse().ok()).unwrap_or(200)
}

/// How many seed pairs are migrated up and down (`EBB_ROUNDTRIP_PAIRS`, default 60: each
/// costs three scripts, and MySQL's DDL is slow).
fn pairs() -> u64 {
    std::env::var("EBB_ROUNDTRIP_PAIRS").ok().and_then(|n| n.parse().ok()).unwrap_or(60)
}

const PAIR_OFFSET: u64 = 10_000;

fn check_with(
    dialect: Dialect,
    title: &str,
    count: u64,
    run: fn(&mut Server, schema_gen::Provider, u64) -> Result<(), String>,
) {
    let provider =
        schema_gen::Provider::named(migrate::provider_name(dialect)).expect("schema-gen knows every dialect");
    let started = std::time::Instant::now();
    let Some(results) = on_seeds(dialect, count, |server, seed| run(server, provider, seed)) else { return };
    let mut report = Report::default();
    for (seed, result) in results {
        report.record(&format!("seed {seed}"), result);
    }
    eprintln!("{title} on {}: {:.1} s", dialect.name(), started.elapsed().as_secs_f64());
    report.finish(&format!("{title} on {}", dialect.name()), count as usize);
}

/// The generated schema of `seed`, its text and its calculated SQL schema.
fn generated(dialect: Dialect, provider: schema_gen::Provider, seed: u64) -> Result<(String, SqlSchema), String> {
    let options = schema_gen::Options { models: 3 + (seed % 6) as usize, enums: (seed % 3) as usize, provider, seed };
    let text = schema_gen::generate(&options);
    match calculate_text(&text, dialect) {
        Ok(schema) => Ok((text, schema)),
        Err(e) => Err(format!("psl rejects the generated schema: {e}\n--- schema\n{text}")),
    }
}

fn round_trip(server: &mut Server, provider: schema_gen::Provider, seed: u64) -> Result<(), String> {
    let (text, schema) = generated(server.dialect(), provider, seed)?;
    from_empty_round_trip(server, &schema).map_err(|e| format!("{e}\n--- schema\n{text}"))
}

/// How often a pair's up migration is also judged against a database created from empty (it
/// costs a database more); every pair's down is judged by the catalog.
const CREATED_SAMPLE: u64 = 4;

fn up_and_down(server: &mut Server, provider: schema_gen::Provider, seed: u64) -> Result<(), String> {
    let (from_text, from) = generated(server.dialect(), provider, seed)?;
    let (to_text, to) = generated(server.dialect(), provider, seed + PAIR_OFFSET)?;
    let db = server.fresh_database();
    let (from, to) = (localize(&db, &from), localize(&db, &to));
    let mut conn = db.connect();
    let empty = SqlSchema::default();
    let mut before_up = String::new();
    let mut result = Ok(());
    for (label, previous, next) in [("from empty", &empty, &from), ("up", &from, &to), ("down", &to, &from)] {
        result = migrate(&mut conn, previous, next)
            .and_then(|()| check_database(&mut conn, next))
            .and_then(|()| match label {
                "from empty" => catalog_of(&db, &mut conn).map(|catalog| before_up = catalog),
                "up" if seed.is_multiple_of(CREATED_SAMPLE) => {
                    same_catalog_as_created(server, &db, &mut conn, "", next)
                }
                "up" => Ok(()),
                _ => same_catalog(&catalog_of(&db, &mut conn)?, &before_up, "the database after down", "before up"),
            })
            .map_err(|e| format!("{label}: {e}"));
        if result.is_err() {
            break;
        }
    }
    conn.close();
    result.map_err(|e| format!("{e}\n--- from\n{from_text}\n--- to\n{to_text}"))
}

#[test]
fn postgres_generated_schemas() {
    check_with(Dialect::Postgres, "generated schemas", seeds(), round_trip);
}

#[test]
fn sqlite_generated_schemas() {
    check_with(Dialect::Sqlite, "generated schemas", seeds(), round_trip);
}

#[test]
fn mysql_generated_schemas() {
    check_with(Dialect::Mysql, "generated schemas", seeds(), round_trip);
}

#[test]
fn postgres_generated_schema_pairs() {
    check_with(Dialect::Postgres, "generated schema pairs", pairs(), up_and_down);
}

#[test]
fn sqlite_generated_schema_pairs() {
    check_with(Dialect::Sqlite, "generated schema pairs", pairs(), up_and_down);
}

#[test]
fn mysql_generated_schema_pairs() {
    check_with(Dialect::Mysql, "generated schema pairs", pairs(), up_and_down);
}
