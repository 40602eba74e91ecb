//! `cargo bench -p psl`: parse and validate generated schemas of 500 and 5,000 models.
//! Prints the median of several runs; BENCHMARKS.md records the figures.

use psl::SourceSet;
use schema_gen::{generate, Options, Provider};
use std::time::{Duration, Instant};

fn main() {
    for models in [500, 5_000] {
        let text = generate(&Options { models, enums: models / 20, provider: Provider::PostgreSql, seed: 1 });
        let sources = SourceSet::single("schema.prisma", text.clone());
        let mut runs: Vec<Duration> = (0..15)
            .map(|_| {
                let start = Instant::now();
                let validated = psl::parse_schema(&sources);
                let elapsed = start.elapsed();
                assert!(!validated.diagnostics.has_errors(), "generated schema must be valid");
                elapsed
            })
            .collect();
        runs.sort();
        let lines = text.lines().count();
        println!(
            "parse+validate {models:>5} models ({lines} lines, {} KiB): median {:.2} ms, min {:.2} ms",
            text.len() / 1024,
            runs[runs.len() / 2].as_secs_f64() * 1e3,
            runs[0].as_secs_f64() * 1e3,
        );
    }
}
