//! Generates valid Prisma schemas of any size, deterministically from a seed: models with the
//! scalar types real projects use, enums, one-to-many and one-to-one relations, composite
//! indexes and `@map`s. Used by benchmarks and property tests; never by the `ebb` binary.

use std::fmt::Write;

mod evolve;
pub use evolve::evolve;

/// Small deterministic generator (xorshift64*), so that a seed names one schema forever.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    PostgreSql,
    MySql,
    Sqlite,
}

impl Provider {
    /// The provider a datasource names `name` (`postgresql`, `mysql`, `sqlite`).
    pub fn named(name: &str) -> Option<Provider> {
        [Provider::PostgreSql, Provider::MySql, Provider::Sqlite].into_iter().find(|p| p.name() == name)
    }

    fn name(self) -> &'static str {
        match self {
            Provider::PostgreSql => "postgresql",
            Provider::MySql => "mysql",
            Provider::Sqlite => "sqlite",
        }
    }
}

pub struct Options {
    pub models: usize,
    pub enums: usize,
    pub provider: Provider,
    pub seed: u64,
}

const SCALARS: &[(&str, &[&str])] = &[
    ("String", &["", "@default(\"\")", "@default(cuid())", "@default(uuid())"]),
    ("Int", &["", "@default(0)", "@default(42)"]),
    ("BigInt", &["", "@default(0)"]),
    ("Float", &["", "@default(1.5)"]),
    ("Decimal", &[""]),
    ("Boolean", &["", "@default(false)", "@default(true)"]),
    ("DateTime", &["", "@default(now())", "@updatedAt"]),
    ("Json", &[""]),
    ("Bytes", &[""]),
];

/// A schema with `options.models` models, each related to an earlier one where possible.
pub fn generate(options: &Options) -> String {
    let mut rng = Rng::new(options.seed);
    let mut out = String::new();
    let _ = writeln!(out, "datasource db {{\n  provider = \"{}\"\n}}\n", options.provider.name());
    let _ = writeln!(out, "generator client {{\n  provider = \"prisma-client-js\"\n}}\n");

    for e in 0..options.enums {
        let _ = writeln!(out, "enum Status{e} {{");
        for v in 0..2 + rng.below(4) {
            let _ = writeln!(out, "  VALUE_{v}");
        }
        let _ = writeln!(out, "}}\n");
    }

    // Back-relation fields to add to the referenced model: (target model, line).
    let mut back_relations: Vec<Vec<String>> = vec![Vec::new(); options.models];
    let mut bodies: Vec<String> = Vec::with_capacity(options.models);
    for m in 0..options.models {
        let mut body = String::new();
        let _ = writeln!(body, "  /// Identifier of the row.");
        let _ = writeln!(body, "  id        Int      @id @default(autoincrement())");
        let field_count = 2 + rng.below(8);
        let mut indexable = Vec::new();
        for f in 0..field_count {
            let (ty, defaults) = SCALARS[rng.below(SCALARS.len())];
            let optional = rng.chance(30) && !defaults[0].is_empty() || rng.chance(20);
            let attr = defaults[rng.below(defaults.len())];
            let mapped = if rng.chance(15) { format!(" @map(\"field_{f}_col\")") } else { String::new() };
            let unique = if ty == "String" && rng.chance(10) { " @unique" } else { "" };
            let arity = if optional { "?" } else { "" };
            let _ = writeln!(body, "  field{f} {ty}{arity} {attr}{unique}{mapped}");
            if matches!(ty, "String" | "Int" | "DateTime" | "Boolean") {
                indexable.push(format!("field{f}"));
            }
        }
        if options.enums > 0 && rng.chance(40) {
            let e = rng.below(options.enums);
            let _ = writeln!(body, "  status Status{e} @default(VALUE_0)");
        }
        if m > 0 && rng.chance(80) {
            let target = rng.below(m);
            let one_to_one = rng.chance(15);
            let unique = if one_to_one { " @unique" } else { "" };
            let on_delete = ["", ", onDelete: Cascade", ", onDelete: SetNull", ", onDelete: Restrict"][rng.below(4)];
            let on_delete = if on_delete.contains("SetNull") { "" } else { on_delete };
            let _ = writeln!(body, "  parentId Int{unique}");
            let _ =
                writeln!(body, "  parent   Model{target} @relation(fields: [parentId], references: [id]{on_delete})");
            let arity = if one_to_one { "?" } else { "[]" };
            back_relations[target].push(format!("  children{m} Model{m}{arity}"));
            if !one_to_one {
                let _ = writeln!(body, "\n  @@index([parentId])");
            }
        }
        if indexable.len() >= 2 && rng.chance(30) {
            let _ = writeln!(body, "  @@index([{}, {}])", indexable[0], indexable[1]);
        }
        if rng.chance(20) {
            let _ = writeln!(body, "  @@map(\"model_{m}_table\")");
        }
        bodies.push(body);
    }
    for (m, body) in bodies.iter().enumerate() {
        let _ = writeln!(out, "/// Model number {m}.\nmodel Model{m} {{");
        out.push_str(body);
        for line in &back_relations[m] {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "}}\n");
    }
    out
}
