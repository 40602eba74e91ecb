//! Schema evolutions: a generated schema and a later version of it, as a project's history
//! would hold them. The later version keeps most models as they were (their tables are left
//! alone by the migration), rewrites some, mixes the fields of others with another generated
//! schema's (columns added, dropped, retyped, made optional or required), may change enums,
//! and may add or drop the last model.
//!
//! It works on [`generate`]'s output, whose layout this module knows line by line: one field a
//! line, a model's relation to an earlier model as the `parentId`/`parent` pair, back-relation
//! fields (`childrenN`) last. Back relations are rebuilt after mixing so that every relation
//! stays valid.

use crate::{generate, Options, Rng};
use std::fmt::Write;

/// One model of a generated schema, its lines sorted by role.
#[derive(Debug, Clone, Default)]
struct Model {
    /// The doc comment and the `id` field.
    head: Vec<String>,
    fields: Vec<(String, String)>,
    status: Option<String>,
    /// `parentId`, `parent` and the `@@index([parentId])` that goes with them.
    relation: Vec<String>,
    index: Option<String>,
    map: Option<String>,
}

impl Model {
    /// The model number `m` of the relation's target, and whether the relation is one-to-one.
    fn parent(&self) -> Option<(usize, bool)> {
        let line = self.relation.iter().find(|l| l.trim_start().starts_with("parent "))?;
        let target = line.split_whitespace().nth(1)?.strip_prefix("Model")?.parse().ok()?;
        let one_to_one = self.relation.iter().any(|l| l.trim_start().starts_with("parentId") && l.contains("@unique"));
        Some((target, one_to_one))
    }

    /// The field names of an `@@index([a, b])` that only indexes fields of indexable types,
    /// which mixing may have removed or retyped.
    fn index_is_valid(&self) -> bool {
        let Some(index) = &self.index else { return true };
        let inner = index.trim().trim_start_matches("@@index([").trim_end_matches("])");
        inner.split(", ").all(|name| {
            self.fields.iter().any(|(field, line)| {
                let ty = line.split_whitespace().nth(1).unwrap_or_default().trim_end_matches('?');
                field == name && matches!(ty, "String" | "Int" | "DateTime" | "Boolean")
            })
        })
    }
}

/// A generated schema split into its parts.
struct Parsed {
    header: String,
    enums: Vec<String>,
    models: Vec<Model>,
}

fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed { header: String::new(), enums: Vec::new(), models: Vec::new() };
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("enum ") {
            let mut block = format!("{line}\n");
            for line in lines.by_ref() {
                block.push_str(line);
                block.push('\n');
                if line == "}" {
                    break;
                }
            }
            parsed.enums.push(block);
        } else if line.starts_with("/// Model number") {
            let mut model = Model { head: Vec::new(), ..Model::default() };
            lines.next(); // `model ModelN {`
            for line in lines.by_ref() {
                let trimmed = line.trim_start();
                if line == "}" {
                    break;
                } else if trimmed.starts_with("field") {
                    let name = trimmed.split_whitespace().next().unwrap_or_default().to_owned();
                    model.fields.push((name, line.to_owned()));
                } else if trimmed.starts_with("status ") {
                    model.status = Some(line.to_owned());
                } else if trimmed.starts_with("parent") || trimmed == "@@index([parentId])" || trimmed.is_empty() {
                    model.relation.push(line.to_owned());
                } else if trimmed.starts_with("@@index(") {
                    model.index = Some(line.to_owned());
                } else if trimmed.starts_with("@@map(") {
                    model.map = Some(line.to_owned());
                } else if !trimmed.starts_with("children") {
                    model.head.push(line.to_owned());
                }
            }
            parsed.models.push(model);
        } else if parsed.enums.is_empty() && parsed.models.is_empty() {
            parsed.header.push_str(line);
            parsed.header.push('\n');
        }
    }
    parsed
}

/// Field `f`'s number, for ordering mixed fields as the generator orders them.
fn field_number(name: &str) -> usize {
    name.trim_start_matches("field").parse().unwrap_or(usize::MAX)
}

/// Mixes two versions of one model: each field, the enum column, the relation, the index and
/// the table name come from either.
fn mix(rng: &mut Rng, old: &Model, other: &Model) -> Model {
    let mut names: Vec<&String> = old.fields.iter().chain(&other.fields).map(|(name, _)| name).collect();
    names.sort_by_key(|name| field_number(name));
    names.dedup();
    let find = |model: &Model, name: &str| model.fields.iter().find(|(n, _)| n == name).cloned();
    let fields = names
        .into_iter()
        .filter_map(|name| match (find(old, name), find(other, name)) {
            (Some(a), Some(b)) => Some(if rng.chance(50) { a } else { b }),
            (Some(one), None) | (None, Some(one)) => rng.chance(50).then_some(one),
            (None, None) => None,
        })
        .collect();
    let pick =
        |rng: &mut Rng, a: &Option<String>, b: &Option<String>| if rng.chance(50) { a.clone() } else { b.clone() };
    let mut mixed = Model {
        head: old.head.clone(),
        fields,
        status: pick(rng, &old.status, &other.status),
        relation: if rng.chance(50) { old.relation.clone() } else { other.relation.clone() },
        index: pick(rng, &old.index, &other.index),
        map: pick(rng, &old.map, &other.map),
    };
    if !mixed.index_is_valid() {
        mixed.index = None;
    }
    mixed
}

fn render(parsed: &Parsed) -> String {
    let mut out = parsed.header.clone();
    for block in &parsed.enums {
        let _ = writeln!(out, "{block}");
    }
    let mut back_relations: Vec<Vec<String>> = vec![Vec::new(); parsed.models.len()];
    for (m, model) in parsed.models.iter().enumerate() {
        if let Some((target, one_to_one)) = model.parent() {
            let arity = if one_to_one { "?" } else { "[]" };
            back_relations[target].push(format!("  children{m} Model{m}{arity}"));
        }
    }
    for (m, model) in parsed.models.iter().enumerate() {
        let _ = writeln!(out, "/// Model number {m}.\nmodel Model{m} {{");
        let lines = model
            .head
            .iter()
            .chain(model.fields.iter().map(|(_, line)| line))
            .chain(&model.status)
            .chain(&model.relation)
            .chain(&model.index)
            .chain(&model.map)
            .chain(&back_relations[m]);
        for line in lines {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "}}\n");
    }
    out
}

/// A schema (exactly [`generate`]'s for `options`) and a later version of it, both determined
/// by `options.seed`.
pub fn evolve(options: &Options) -> (String, String) {
    let before = generate(options);
    let other_options = Options {
        models: options.models + 1,
        enums: options.enums,
        provider: options.provider,
        seed: options.seed.wrapping_add(0x5EED_0000),
    };
    let other = parse(&generate(&other_options));
    let mut after = parse(&before);
    let mut rng = Rng::new(options.seed ^ 0xE7_0E7E);
    for (e, block) in after.enums.iter_mut().enumerate() {
        if rng.chance(25) {
            *block = other.enums[e].clone();
        }
    }
    for (m, model) in after.models.iter_mut().enumerate() {
        match rng.below(100) {
            0..=54 => {}
            55..=69 => *model = other.models[m].clone(),
            _ => *model = mix(&mut rng, model, &other.models[m]),
        }
    }
    match rng.below(4) {
        0 if after.models.len() > 1 => {
            after.models.pop();
        }
        1 => after.models.push(other.models[after.models.len()].clone()),
        _ => {}
    }
    (before, render(&after))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Provider;

    #[test]
    fn the_first_schema_is_the_generated_one_and_the_second_differs_for_most_seeds() {
        let mut changed = 0;
        for seed in 1..=50 {
            let options = Options { models: 4, enums: 1, provider: Provider::PostgreSql, seed };
            let (before, after) = evolve(&options);
            assert_eq!(before, generate(&options));
            if before != after {
                changed += 1;
            }
        }
        assert!(changed >= 40, "only {changed} of 50 evolutions change the schema");
    }

    #[test]
    fn rendering_a_parsed_schema_gives_it_back() {
        for seed in 1..=50 {
            let text = generate(&Options { models: 6, enums: 2, provider: Provider::MySql, seed });
            assert_eq!(render(&parse(&text)), text, "seed {seed}");
        }
    }
}
