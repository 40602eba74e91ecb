//! `schema-gen MODELS [--provider postgresql|mysql|sqlite] [--seed N]`: prints a schema.

use schema_gen::{generate, Options, Provider};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut options = Options { models: 100, enums: 0, provider: Provider::PostgreSql, seed: 1 };
    let mut enums = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--provider" => {
                options.provider = match args.next().as_deref() {
                    Some("postgresql") => Provider::PostgreSql,
                    Some("mysql") => Provider::MySql,
                    Some("sqlite") => Provider::Sqlite,
                    other => usage(&format!("unknown provider {other:?}")),
                }
            }
            "--seed" => {
                options.seed =
                    args.next().and_then(|s| s.parse().ok()).unwrap_or_else(|| usage("--seed needs a number"))
            }
            "--enums" => enums = args.next().and_then(|s| s.parse().ok()),
            n => options.models = n.parse().unwrap_or_else(|_| usage(&format!("not a number of models: {n}"))),
        }
    }
    // SQLite has no enums in Prisma's eyes before 6.x; keep generated schemas portable.
    options.enums = enums.unwrap_or(if options.provider == Provider::Sqlite { 0 } else { options.models / 20 });
    print!("{}", generate(&options));
}

fn usage(problem: &str) -> ! {
    eprintln!(
        "schema-gen: {problem}\nusage: schema-gen MODELS [--provider postgresql|mysql|sqlite] [--seed N] [--enums N]"
    );
    std::process::exit(2);
}
