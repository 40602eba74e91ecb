//! Every corpus schema validates as `INDEX.tsv`'s `ebb_validate` column says: `ok` (possibly
//! with warnings for Prisma 6 forms) or rejected (MongoDB). A folder is one multi-file schema.

use psl::{Severity, SourceFile, SourceSet};
use std::path::{Path, PathBuf};

/// `$EBB_CORPUS`, or `shared/corpus` beside the repository (`CARGO_MANIFEST_DIR/../../../shared/
/// corpus`) or beside any folder above it, so that a checkout in a subfolder finds it too.
fn corpus_root() -> Option<PathBuf> {
    let root = match std::env::var_os("EBB_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => {
            let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
            let default = manifest.join("../../../shared/corpus");
            manifest.ancestors().map(|a| a.join("shared/corpus")).find(|c| c.join("INDEX.tsv").is_file()).unwrap_or(default)
        }
    };
    if root.join("INDEX.tsv").is_file() {
        return Some(root);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("corpus not found at {}", root.display());
    }
    eprintln!("corpus not found at {}: skipped", root.display());
    None
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "prisma") {
            out.push(path);
        }
    }
}

/// The schema at `path`: one file, or every `.prisma` file under a folder (sorted by path).
fn load(path: &Path) -> SourceSet {
    let mut files = Vec::new();
    if path.is_dir() {
        collect(path, &mut files);
        files.sort();
    } else {
        files.push(path.to_path_buf());
    }
    let mut set = SourceSet::new();
    for f in files {
        let name = f.strip_prefix(path).ok().filter(|p| !p.as_os_str().is_empty()).unwrap_or(&f).display().to_string();
        set.add(SourceFile::new(name, std::fs::read_to_string(&f).unwrap()));
    }
    set
}

#[test]
fn corpus_schemas_validate_as_indexed() {
    let Some(root) = corpus_root() else { return };
    let index = std::fs::read_to_string(root.join("INDEX.tsv")).unwrap();
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (file_col, provider_col, verdict_col) = (col("file"), col("provider"), col("ebb_validate"));
    let mut failures = Vec::new();
    let mut checked = 0;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let cells: Vec<&str> = line.split('\t').collect();
        let file = cells[file_col].trim_end_matches('/');
        let verdict = cells[verdict_col];
        let sources = load(&root.join("schemas").join(file));
        let validated = psl::parse_schema(&sources);
        let rendered = psl::diagnostics::render(&sources, &validated.diagnostics);
        let errors = validated.diagnostics.errors().count();
        let warnings = validated.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
        checked += 1;
        if verdict.starts_with("ok") {
            if errors > 0 {
                failures.push(format!("{file}: expected ok, got errors:\n{rendered}"));
            }
            if verdict.contains("Prisma 6 form") && warnings == 0 {
                failures.push(format!("{file}: expected warnings for the Prisma 6 form, got none"));
            }
            if !verdict.contains("Prisma 6 form") && warnings > 0 {
                failures.push(format!("{file}: expected no warnings, got:\n{rendered}"));
            }
        } else if cells[provider_col] == "mongodb" {
            let rejected = validated.diagnostics.errors().any(|d| d.code == psl::codes::MONGODB_UNSUPPORTED);
            if !rejected {
                failures.push(format!("{file}: expected MongoDB to be rejected, got:\n{rendered}"));
            }
        } else {
            failures.push(format!("{file}: unknown verdict {verdict:?}"));
        }
    }
    assert!(checked >= 27, "only {checked} corpus schemas checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The constraint and join table names the datamodel computes (Prisma's naming rules) are the
/// ones Prisma's own SQL for the corpus uses (`expected/*.sql`, PostgreSQL and SQLite).
#[test]
fn computed_names_appear_in_prismas_sql() {
    let Some(root) = corpus_root() else { return };
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(root.join("expected")).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for sql_path in entries.iter().filter(|p| p.extension().is_some_and(|e| e == "sql")) {
        let sql = std::fs::read_to_string(sql_path).unwrap();
        let stem = sql_path.file_name().unwrap().to_string_lossy().trim_end_matches(".sql").to_string();
        let sources = load(&root.join("schemas").join(&stem));
        let validated = psl::parse_schema(&sources);
        let dm = &validated.datamodel;
        let Some(provider) = dm.provider() else {
            failures.push(format!("{stem}: no provider"));
            continue;
        };
        let mut names = Vec::new();
        for id in dm.model_ids() {
            let m = dm.model(id);
            if m.is_view || m.ignored {
                continue;
            }
            names.extend(dm.primary_key_name(id, provider));
            names.extend(m.indexes.iter().map(|i| dm.index_name(id, i, provider)));
            // Emulated relations have no foreign keys.
            let has_fks =
                dm.datasource.as_ref().is_some_and(|d| d.relation_mode == psl::datamodel::RelationMode::ForeignKeys);
            if has_fks {
                for f in m.relation_field_ids().filter(|f| !m.relation_field(*f).fields.is_empty()) {
                    names.push(dm.foreign_key_name(id, f, provider));
                }
            }
        }
        names.extend(dm.relations.iter().filter_map(|r| r.join_table_name()));
        for name in names {
            checked += 1;
            if !sql.contains(&format!("\"{name}\"")) {
                failures.push(format!("{stem}: \"{name}\" is not in Prisma's SQL"));
            }
        }
    }
    assert!(checked > 1000, "only {checked} names checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
