//! No phantom differences: schemas generated from seeds 1..=N (N = 200, or
//! `EBB_ROUNDTRIP_SEEDS`) by `schema-gen`, 3 to 8 models each, are applied from empty to a
//! fresh database of their provider, and the described database must show no drift against
//! the calculated schema. A drift here is the same ALTER generated on every `migrate dev`.

use db::Dialect;
use roundtrip::{calculate_text, from_empty_round_trip, Report, Server};

fn seeds() -> u64 {
    std::env::var("EBB_ROUNDTRIP_SEEDS").ok().and_then(|n| n.parse().ok()).unwrap_or(200)
}

/// Round trips run on this many connections at once: the databases spend most of a round trip
/// waiting on their own disk work, not on the test's CPU.
const WORKERS: u64 = 4;

fn check(dialect: Dialect) {
    if Server::with_namespaces(dialect).is_none() {
        return;
    }
    let provider = match dialect {
        Dialect::Postgres => schema_gen::Provider::PostgreSql,
        Dialect::Sqlite => schema_gen::Provider::Sqlite,
        Dialect::Mysql => schema_gen::Provider::MySql,
    };
    let started = std::time::Instant::now();
    let results: Vec<(u64, Result<(), String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..WORKERS)
            .map(|worker| {
                scope.spawn(move || {
                    let Some(mut server) = Server::with_namespaces(dialect) else { return Vec::new() };
                    (1..=seeds())
                        .filter(|seed| seed % WORKERS == worker)
                        .map(|seed| (seed, round_trip(&mut server, provider, seed)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut results = results;
    results.sort_by_key(|(seed, _)| *seed);
    let mut report = Report::default();
    for (seed, result) in results {
        report.record(&format!("seed {seed}"), result);
    }
    eprintln!("generated schemas on {}: {:.1} s", dialect.name(), started.elapsed().as_secs_f64());
    report.finish(&format!("generated schemas on {}", dialect.name()), seeds() as usize);
}

fn round_trip(server: &mut Server, provider: schema_gen::Provider, seed: u64) -> Result<(), String> {
    let options = schema_gen::Options { models: 3 + (seed % 6) as usize, enums: (seed % 3) as usize, provider, seed };
    let text = schema_gen::generate(&options);
    calculate_text(&text, server.dialect())
        .map_err(|e| format!("psl rejects the generated schema: {e}"))
        .and_then(|schema| from_empty_round_trip(server, &schema))
        .map_err(|e| format!("{e}\n--- schema\n{text}"))
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
