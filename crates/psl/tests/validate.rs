//! Validation fixtures: each `tests/validate/X.prisma` (or folder `X/`, a multi-file schema) is
//! validated, and its diagnostics plus a dump of the datamodel are compared with `X.expected`
//! (`UPDATE_EXPECT=1` rewrites them). The dump shows what `calc` will read: resolved names,
//! types, defaults, keys, indexes and paired relations.

mod common;

use psl::datamodel::*;
use psl::{SourceFile, SourceSet};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn load(path: &Path) -> SourceSet {
    let mut files: Vec<PathBuf> = if path.is_dir() {
        std::fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "prisma"))
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    files.sort();
    let mut set = SourceSet::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        set.add(SourceFile::new(name, std::fs::read_to_string(&f).unwrap()));
    }
    set
}

#[test]
fn validate_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "prisma"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 6, "expected validation fixtures in {}", dir.display());
    let mut failures = Vec::new();
    for input in &inputs {
        let sources = load(input);
        let validated = psl::parse_schema(&sources);
        let mut out = psl::diagnostics::render(&sources, &validated.diagnostics);
        out.push_str("---\n");
        out.push_str(&dump(&validated.datamodel));
        let stem = input.file_stem().unwrap().to_string_lossy().to_string();
        if let Err(message) = common::check(&dir.join(format!("{stem}.expected")), &out) {
            failures.push(message);
        }
        // Fixtures named `ok_*` must have no errors.
        if stem.starts_with("ok_") && validated.diagnostics.has_errors() {
            failures.push(format!("{stem}: errors in a schema that must be valid"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Validation must not panic on any input: every fixture, cut at many places, is validated.
#[test]
fn truncated_schemas_do_not_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut texts = Vec::new();
    for dir in ["validate", "invalid", "valid"] {
        for path in common::files_with_extension(&root.join(dir), ".prisma") {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    assert!(!texts.is_empty());
    for text in &texts {
        let cuts = text.char_indices().map(|(i, _)| i).step_by(5).chain(std::iter::once(text.len()));
        for cut in cuts {
            let sources = SourceSet::single("cut.prisma", &text[..cut]);
            let _ = psl::parse_schema(&sources);
        }
    }
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map_or("-".to_string(), |v| v.to_string())
}

fn dump(dm: &Datamodel) -> String {
    let mut out = String::new();
    if let Some(ds) = &dm.datasource {
        let _ = writeln!(
            out,
            "datasource {}: {} relationMode={:?} url={:?} directUrl={:?} shadowDatabaseUrl={:?} schemas={:?} extensions={:?}",
            ds.name, ds.provider.name(), ds.relation_mode, ds.url, ds.direct_url, ds.shadow_database_url, ds.schemas, ds.extensions
        );
    }
    for g in &dm.generators {
        let _ = writeln!(
            out,
            "generator {}: provider={:?} previewFeatures={:?} other={:?}",
            g.name, g.provider, g.preview_features, g.properties
        );
    }
    for e in &dm.enums {
        let values: Vec<String> = e
            .values
            .iter()
            .map(|v| if v.name == v.db_name.as_str() { v.name.clone() } else { format!("{}={}", v.name, v.db_name) })
            .collect();
        let _ = writeln!(out, "enum {} db={} schema={}: {}", e.name, e.db_name, opt(&e.schema), values.join(", "));
    }
    for (mi, m) in dm.models.iter().enumerate() {
        let kind = if m.is_view { "view" } else { "model" };
        let _ = writeln!(out, "{kind} {} db={} schema={} ignored={}", m.name, m.db_name, opt(&m.schema), m.ignored);
        let field_list = |fields: &[IndexField]| -> String {
            let parts: Vec<String> = fields
                .iter()
                .map(|f| {
                    let mut s = m.scalar_field(f.field).name.to_string();
                    let mut args = Vec::new();
                    if let Some(sort) = f.sort {
                        args.push(format!("sort: {sort:?}"));
                    }
                    if let Some(l) = f.length {
                        args.push(format!("length: {l}"));
                    }
                    if let Some(ops) = &f.ops {
                        args.push(format!("ops: {ops:?}"));
                    }
                    if !args.is_empty() {
                        s.push_str(&format!("({})", args.join(", ")));
                    }
                    s
                })
                .collect();
            format!("[{}]", parts.join(", "))
        };
        for f in &m.scalar_fields {
            let t = match &f.r#type {
                ScalarType::Enum(id) => format!("enum {}", dm.enum_(*id).name),
                ScalarType::Unsupported(s) => format!("Unsupported({s:?})"),
                other => other.builtin_name().unwrap_or("?").to_string(),
            };
            let native =
                f.native_type.as_ref().map_or(String::new(), |n| format!(" @db.{}({})", n.name, n.args.join(", ")));
            let default =
                f.default.as_ref().map_or(String::new(), |d| format!(" default={:?} map={}", d.value, opt(&d.map)));
            let _ = writeln!(
                out,
                "  field {} db={} {t} {:?}{native}{default}{}{}",
                f.name,
                f.db_name,
                f.arity,
                if f.updated_at { " @updatedAt" } else { "" },
                if f.ignored { " @ignore" } else { "" }
            );
        }
        for f in &m.relation_fields {
            let _ = writeln!(
                out,
                "  relation field {} -> {} {:?} relation={}",
                f.name,
                dm.model(f.related_model).name,
                f.arity,
                dm.relations.get(f.relation.index()).map_or("?".to_string(), |r| r.name.clone())
            );
        }
        if let Some(pk) = &m.primary_key {
            let id = ModelId(mi as u32);
            let pk_name =
                dm.provider().and_then(|p| dm.primary_key_name(id, p)).map_or("-".to_string(), |n| n.to_string());
            let _ = writeln!(
                out,
                "  primary key {} name={} map={} db={pk_name} clustered={:?}",
                field_list(&pk.fields),
                opt(&pk.name),
                opt(&pk.map),
                pk.clustered
            );
        }
        for i in &m.indexes {
            let id = ModelId(mi as u32);
            let db = dm.provider().map_or("-".to_string(), |p| dm.index_name(id, i, p).to_string());
            let _ = writeln!(
                out,
                "  {:?} {} name={} db={db} type={:?} clustered={:?}",
                i.kind,
                field_list(&i.fields),
                opt(&i.name),
                i.algorithm,
                i.clustered
            );
        }
    }
    for r in &dm.relations {
        let side = |s: &RelationFieldRef| {
            let m = dm.model(s.model);
            format!("{}.{}", m.name, m.relation_field(s.field).name)
        };
        match &r.kind {
            RelationKind::ImplicitManyToMany { field_a, field_b } => {
                let _ = writeln!(
                    out,
                    "relation {} (explicit={}) m:n A={} B={} table={}",
                    r.name,
                    r.explicit_name,
                    side(field_a),
                    side(field_b),
                    opt(&r.join_table_name())
                );
            }
            RelationKind::OneToOne { referencing, referenced }
            | RelationKind::OneToMany { referencing, referenced } => {
                let kind = if matches!(r.kind, RelationKind::OneToOne { .. }) { "1:1" } else { "1:n" };
                let m = dm.model(referencing.model);
                let f = m.relation_field(referencing.field);
                let target = dm.model(referenced.model);
                let fields: Vec<&str> = f.fields.iter().map(|id| m.scalar_field(*id).name.as_str()).collect();
                let refs: Vec<&str> = f.references.iter().map(|id| target.scalar_field(*id).name.as_str()).collect();
                let fk = dm.provider().map_or("-".to_string(), |p| {
                    dm.foreign_key_name(referencing.model, referencing.field, p).to_string()
                });
                let _ = writeln!(
                    out,
                    "relation {} (explicit={}) {kind} {} -> {} fields={fields:?} references={refs:?} onDelete={:?} onUpdate={:?} (effective {:?}/{:?}) fk={fk}",
                    r.name,
                    r.explicit_name,
                    side(referencing),
                    side(referenced),
                    f.on_delete,
                    f.on_update,
                    dm.effective_on_delete(referencing.model, referencing.field),
                    dm.effective_on_update(referencing.model, referencing.field),
                );
            }
        }
    }
    out
}
