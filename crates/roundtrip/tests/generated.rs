//! No phantom differences: schemas generated from seeds 1..=N (N = 200, or
//! `EBB_ROUNDTRIP_SEEDS`) by `schema-gen`, 3 to 8 models each, are applied from empty to a
//! fresh database of their provider, and the described database must show no drift against
//! the calculated schema. A drift here is the same ALTER generated on every `migrate dev`.

use db::Dialect;
use roundtrip::{calculate_text, from_empty_round_trip, Report, Server};

fn seeds() -> u64 {
    std::env::var("EBB_ROUNDTRIP_SEEDS").ok().and_then(|n| n.parse().ok()).unwrap_or(200)
}

fn check(dialect: Dialect) {
    let Some(mut server) = Server::new(dialect) else { return };
    let provider = match dialect {
        Dialect::Postgres => schema_gen::Provider::PostgreSql,
        Dialect::Sqlite => schema_gen::Provider::Sqlite,
        Dialect::Mysql => schema_gen::Provider::MySql,
    };
    let started = std::time::Instant::now();
    let mut report = Report::default();
    for seed in 1..=seeds() {
        let options = schema_gen::Options {
            models: 3 + (seed % 6) as usize,
            enums: (seed % 3) as usize,
            provider,
            seed,
        };
        let text = schema_gen::generate(&options);
        let result = calculate_text(&text, dialect)
            .map_err(|e| format!("psl rejects the generated schema: {e}"))
            .and_then(|schema| from_empty_round_trip(&mut server, &schema))
            .map_err(|e| format!("{e}\n--- schema\n{text}"));
        report.record(&format!("seed {seed}"), result);
    }
    eprintln!("generated schemas on {}: {:.1} s", dialect.name(), started.elapsed().as_secs_f64());
    report.finish(&format!("generated schemas on {}", dialect.name()), seeds() as usize);
}

#[test]
fn postgres_generated_schemas() {
    check(Dialect::Postgres);
}

#[test]
fn sqlite_generated_schemas() {
    check(Dialect::Sqlite);
}

#[test]
fn mysql_generated_schemas() {
    check(Dialect::Mysql);
}
