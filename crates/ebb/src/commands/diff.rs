//! `ebb migrate diff`: compares two sources and prints the SQL (`--script`) or a summary.
//!
//! Every source becomes a `SqlSchema`; the provider comes from whichever side names one (a
//! schema's datasource, or a database URL's scheme).
//!
//! Qualified names follow Prisma: when the target (`--to-...`) is a schema, objects in the
//! default namespace (`public`, or a database URL's `schema=`) are written unqualified; when
//! the target is empty or a live database there is no default namespace, and every PostgreSQL
//! object is written with its namespace (`DROP TABLE "public"."User"`). Both sides are brought
//! to the same convention before diffing, so that the same table matches itself.

use super::migrate::provider_of;
use super::{DiffConfig, DiffSource, Failure, Outcome, Success};
use crate::datasource::{self, LiveDatabase};
use crate::schema_files;
use calc::Provider;
use psl::datamodel::Datamodel;
use sql_schema::{NamespaceName, SqlSchema};
use std::collections::BTreeSet;
use std::path::Path;

/// One side of the comparison before it becomes a SQL schema.
enum Prepared {
    Empty,
    Schema(Box<Datamodel>),
    Live(Box<LiveDatabase>),
    /// A migrations folder, replayed on a shadow database.
    Migrations(Box<migrate::MigrationsFolder>),
}

impl Prepared {
    fn provider(&self) -> Option<Provider> {
        match self {
            Prepared::Empty => None,
            Prepared::Schema(datamodel) => datamodel.provider(),
            Prepared::Live(live) => Some(provider_of(live.url.dialect())),
            // The lock file names the provider the folder was written for.
            Prepared::Migrations(folder) => match folder.locked_provider()?.as_str() {
                "postgresql" | "postgres" => Some(Provider::PostgreSql),
                "mysql" => Some(Provider::MySql),
                "sqlite" => Some(Provider::Sqlite),
                _ => None,
            },
        }
    }

    /// The PostgreSQL namespaces this side names: the datasource's `schemas`, the URL's.
    fn namespaces(&self) -> Vec<String> {
        match self {
            Prepared::Empty | Prepared::Migrations(_) => Vec::new(),
            Prepared::Schema(datamodel) => datamodel.datasource.iter().flat_map(|ds| ds.schemas.clone()).collect(),
            Prepared::Live(live) => {
                live.schemas.iter().cloned().chain(live.url.postgres_schema().map(str::to_owned)).collect()
            }
        }
    }
}

pub fn run(config: DiffConfig, cwd: &Path) -> Outcome {
    let from = prepare(&config.from, "--from-schema", &config, cwd)?;
    let to = prepare(&config.to, "--to-schema", &config, cwd)?;
    let provider = match (from.provider(), to.provider()) {
        (Some(a), Some(b)) if a != b => {
            return Err(Failure::Error(format!(
            "the two sides use different providers (`{}` and `{}`): migrate diff compares schemas of one database kind",
            a.name(),
            b.name()
        )))
        }
        (Some(p), _) | (None, Some(p)) => p,
        (None, None) => return Err(Failure::Error(
            "neither side names a database provider: give a schema (--from-schema or --to-schema) on at least one side"
                .into(),
        )),
    };
    let dialect = calc::dialect(provider).map_err(|e| Failure::Error(e.to_string()))?;

    let default_name = [&from, &to]
        .iter()
        .find_map(|side| match side {
            Prepared::Live(live) => live.url.postgres_schema().map(str::to_owned),
            _ => None,
        })
        .unwrap_or_else(|| "public".to_owned());
    let namespaces = Namespaces {
        default: matches!(to, Prepared::Schema(_)).then(|| NamespaceName::new(default_name.clone())),
        default_name,
        named: from.namespaces().into_iter().chain(to.namespaces()).map(NamespaceName::new).collect(),
        postgres: provider == Provider::PostgreSql,
    };
    let shadow = Shadow { flag: config.shadow_database_url.as_deref(), config: config.config.as_deref(), cwd };
    let mut from = build(from, provider, &namespaces, &shadow)?;
    let to = build(to, provider, &namespaces, &shadow)?;
    // As Prisma's diff: partial indexes are left alone even between two databases.
    from.partial_indexes = false;

    let steps = diff::diff(&from, &to, dialect.rules());
    let schemas = diff::Pair::new(&from, &to);
    let text =
        if config.script { render::render(&steps, schemas, dialect) } else { render::summarize(&steps, schemas) };
    match &config.output {
        // Prisma 7 ends what it writes with one more line break in a file and two more on
        // stdout; kept, so that `> down.sql` gives the same bytes with either tool.
        Some(path) => std::fs::write(cwd.join(path), format!("{text}\n"))
            .map_err(|e| Failure::Error(format!("could not write {}: {e}", schema_files::display(path))))?,
        None => print!("{text}\n\n"),
    }
    if config.exit_code && !steps.is_empty() {
        return Ok(Success::Different);
    }
    Ok(Success::Done)
}

/// `flag` names the side in messages, as Prisma does (`--to-schema`).
fn prepare(source: &DiffSource, flag: &'static str, config: &DiffConfig, cwd: &Path) -> Result<Prepared, Failure> {
    match source {
        DiffSource::Empty => Ok(Prepared::Empty),
        DiffSource::Schema(path) => {
            let location = schema_files::locate(Some(path), None, cwd).map_err(|error| match error {
                schema_files::SchemaFileError::SchemaFlagMissing { path, .. } => {
                    schema_files::SchemaFileError::SchemaFlagMissing { flag, path }
                }
                other => other,
            })?;
            let datamodel = datasource::read_datamodel(&location, cwd)?;
            if datamodel.provider().is_none() {
                return Err(Failure::Error(format!(
                    "{}: the schema has no datasource block, so its provider is unknown",
                    location.shown.display()
                )));
            }
            Ok(Prepared::Schema(Box::new(datamodel)))
        }
        DiffSource::SchemaDatasource(path) => {
            let flag = if flag.starts_with("--from") { "--from-schema-datasource" } else { "--to-schema-datasource" };
            datasource::from_schema_file(path, flag, cwd).map(|live| Prepared::Live(Box::new(live)))
        }
        DiffSource::ConfigDatasource => {
            datasource::from_project(None, config.config.as_deref(), cwd).map(|live| Prepared::Live(Box::new(live)))
        }
        DiffSource::Url(text) => datasource::from_flag(text, cwd).map(|live| Prepared::Live(Box::new(live))),
        DiffSource::Migrations(path) => {
            let folder = migrate::MigrationsFolder::read(&cwd.join(path)).map_err(|e| Failure::Error(e.to_string()))?;
            Ok(Prepared::Migrations(Box::new(folder)))
        }
    }
}

/// How namespaces are written on both sides.
struct Namespaces {
    /// The namespace written unqualified, when the target is a schema.
    default: Option<NamespaceName>,
    /// The namespace of objects without `@@schema` (`public` unless a URL says otherwise).
    default_name: String,
    /// Every namespace a side names, for describing live PostgreSQL databases.
    named: BTreeSet<NamespaceName>,
    postgres: bool,
}

/// Where a migrations folder is replayed: `--shadow-database-url`, else the config's
/// `shadowDatabaseUrl`, else a temporary database on the config datasource's server (SQLite:
/// in memory).
struct Shadow<'a> {
    flag: Option<&'a str>,
    config: Option<&'a Path>,
    cwd: &'a Path,
}

impl Shadow<'_> {
    /// The database whose server hosts a temporary shadow database, and the shadow to use.
    fn resolve(&self, provider: Provider) -> Result<(db::DbUrl, migrate::ShadowDatabase), Failure> {
        if provider == Provider::Sqlite {
            let memory = db::DbUrl::parse("file::memory:", self.cwd).map_err(|e| Failure::Error(e.to_string()))?;
            return Ok((memory, migrate::ShadowDatabase::Temporary));
        }
        if let Some(text) = self.flag {
            let url = datasource::from_flag(text, self.cwd)?.url;
            // The configured main database, if there is one, must not be the shadow (which is
            // emptied); without one, nothing is at risk.
            return Ok(match datasource::database_and_shadow(self.config, self.cwd) {
                Ok((main, _)) => (main, migrate::ShadowDatabase::Configured(url)),
                Err(_) => (url.clone(), migrate::ShadowDatabase::WithoutMain(url)),
            });
        }
        let (main, shadow) = datasource::database_and_shadow(self.config, self.cwd).map_err(|error| {
            Failure::Error(format!(
                "{error}\na migrations folder is replayed on a shadow database: pass --shadow-database-url, or set `datasource.shadowDatabaseUrl` (or `datasource.url`, on whose server a temporary database is created) in prisma.config.ts"
            ))
        })?;
        match shadow {
            Some(url) => Ok((main, migrate::ShadowDatabase::Configured(url))),
            None => Ok((main, migrate::ShadowDatabase::Temporary)),
        }
    }
}

fn build(
    side: Prepared,
    provider: Provider,
    namespaces: &Namespaces,
    shadow: &Shadow<'_>,
) -> Result<SqlSchema, Failure> {
    match side {
        Prepared::Migrations(folder) => {
            let (main, shadow) = shadow.resolve(provider)?;
            let mut options = migrate::ReplayOptions::default();
            if namespaces.postgres {
                let mut names = namespaces.named.clone();
                names.insert(NamespaceName::new(namespaces.default_name.clone()));
                options.namespaces = names.into_iter().collect();
                options.schemas = namespaces.named.iter().map(|n| n.as_str().to_owned()).collect();
            }
            let mut schema = migrate::schema_of_history(&folder, &main, &shadow, &options).map_err(|error| {
                Failure::Error(match error.prisma_code() {
                    Some(code) => format!("{code}\n\n{error}"),
                    None => error.to_string(),
                })
            })?;
            align_described(&mut schema, namespaces);
            Ok(schema)
        }
        Prepared::Empty => Ok(SqlSchema::default()),
        Prepared::Schema(datamodel) => {
            let options = calc::Options { provider, default_namespace: namespaces.default_name.clone() };
            let mut schema = calc::calculate_with(&datamodel, &options).map_err(|e| Failure::Error(e.to_string()))?;
            if namespaces.postgres && namespaces.default.is_none() {
                qualify(&mut schema, &NamespaceName::new(namespaces.default_name.clone()));
            }
            Ok(schema)
        }
        Prepared::Live(live) => {
            let mut connection = db::Connection::connect(&live.url).map_err(|e| Failure::Error(e.to_string()))?;
            let schema = if namespaces.postgres {
                let mut names = namespaces.named.clone();
                names.insert(NamespaceName::new(namespaces.default_name.clone()));
                let names: Vec<NamespaceName> = names.into_iter().collect();
                let mut schema = connection.describe(&names).map_err(|e| Failure::Error(e.to_string()))?;
                align_described(&mut schema, namespaces);
                schema
            } else {
                connection.describe(&[]).map_err(|e| Failure::Error(e.to_string()))?
            };
            connection.close();
            Ok(schema)
        }
    }
}

/// Brings a described PostgreSQL schema (whose URL schema describe leaves unqualified) to this
/// diff's convention, so that the same table on both sides matches itself.
fn align_described(schema: &mut SqlSchema, namespaces: &Namespaces) {
    if !namespaces.postgres {
        return;
    }
    match &namespaces.default {
        Some(default) => unqualify(schema, default),
        None => qualify(schema, &NamespaceName::new(namespaces.default_name.clone())),
    }
}

/// Puts every object without a namespace into `name` (written qualified from then on).
pub(super) fn qualify(schema: &mut SqlSchema, name: &NamespaceName) {
    let listed = schema.namespaces.iter().position(|ns| &ns.name == name).and_then(|p| schema.namespace_ids().nth(p));
    let id = match listed {
        Some(id) => id,
        None => schema.push_namespace(name.clone()),
    };
    for table in &mut schema.tables {
        table.namespace.get_or_insert(id);
    }
    for enum_ in &mut schema.enums {
        enum_.namespace.get_or_insert(id);
    }
    for view in &mut schema.views {
        view.namespace.get_or_insert(id);
    }
    for sequence in &mut schema.sequences {
        sequence.namespace.get_or_insert(id);
    }
}

/// Writes every object of namespace `name` unqualified; the namespace itself stays listed, and
/// is remembered as the schema's default namespace (where those objects live).
pub(super) fn unqualify(schema: &mut SqlSchema, name: &NamespaceName) {
    schema.default_namespace = Some(name.clone());
    let Some(position) = schema.namespaces.iter().position(|ns| &ns.name == name) else { return };
    let id = schema.namespace_ids().nth(position);
    let clear = |namespace: &mut Option<sql_schema::NamespaceId>| {
        if *namespace == id {
            *namespace = None;
        }
    };
    schema.tables.iter_mut().for_each(|t| clear(&mut t.namespace));
    schema.enums.iter_mut().for_each(|e| clear(&mut e.namespace));
    schema.views.iter_mut().for_each(|v| clear(&mut v.namespace));
    schema.sequences.iter_mut().for_each(|s| clear(&mut s.namespace));
}
