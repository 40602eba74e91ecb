//! No phantom differences: schemas generated from seeds 1..=N (N = 200, or
//! `EBB_ROUNDTRIP_SEEDS`) by `schema-gen`, 3 to 8 models each, are applied from empty to a
//! fresh database of their provider, and the described database must show no drift against
//! the calculated schema. A drift here is the same ALTER generated on every `migrate dev`.
//!
//! Then pairs: the schema of seed `s` migrated up to the schema of seed `s + PAIR_OFFSET` and
//! back down, on an empty database, checking for drift after each script. The two schemas
//! share model names, so the differ meets every kind of change at once.

use db::Dialect;
use roundtrip::{calculate_text, check_database, from_empty_round_trip, localize, migrate, on_seeds, Report, Server};
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

fn up_and_down(server: &mut Server, provider: schema_gen::Provider, seed: u64) -> Result<(), String> {
    let (from_text, from) = generated(server.dialect(), provider, seed)?;
    let (to_text, to) = generated(server.dialect(), provider, seed + PAIR_OFFSET)?;
    let db = server.fresh_database();
    let (from, to) = (localize(&db, &from), localize(&db, &to));
    let mut conn = db.connect();
    let empty = SqlSchema::default();
    let result = [("from empty", &empty, &from), ("up", &from, &to), ("down", &to, &from)].into_iter().try_for_each(
        |(label, previous, next)| {
            migrate(&mut conn, previous, next)
                .and_then(|()| check_database(&mut conn, next))
                .map_err(|e| format!("{label}: {e}"))
        },
    );
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
