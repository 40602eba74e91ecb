//! Datamodel → [`SqlSchema`], per provider, following Prisma Migrate's conventions so that the
//! schema (and the SQL rendered from it) is the one Prisma would produce.
//!
//! Entry points: [`calculate`] (`calc::calculate(&datamodel, Provider::PostgreSql)`) turns a
//! validated [`Datamodel`] into the neutral schema; [`dialect`] says which renderer dialect a
//! provider uses. A from-empty migration is then
//! `render::migration_script(&SqlSchema::default(), &schema, calc::dialect(provider)?)`.
//!
//! What it produces, in order: namespaces (PostgreSQL: the datasource's `schemas`, sorted, or
//! `public`), enums (PostgreSQL types; MySQL one inline enum per column; SQLite none), one table
//! per model in declaration order (views are not part of migrations; `@@ignore`d models and
//! `@ignore`d fields still are), then one join table per implicit many-to-many relation.
//! Names come from `@@map`/`@map` and `map:`, otherwise from Prisma's conventions
//! (`Table_pkey`, `Table_a_b_key`, `Table_a_b_idx`, `Table_a_fkey`), cut to the provider's
//! identifier limit. Tables in the default namespace (`public`) are left unqualified.
//!
//! Invariants: pure (no I/O) and deterministic; the datamodel must have passed validation
//! (`psl` reports problems in the schema; this crate only fails for providers it does not
//! support, or for a datamodel that breaks validation's guarantees).

mod defaults;
mod flavour;
mod mysql;
mod names;
mod postgres;
mod relations;
mod sqlite;
mod tables;

use psl::datamodel::Datamodel;
pub use psl::datamodel::Provider;
use render::Dialect;
use sql_schema::SqlSchema;
use std::fmt;

/// Why a datamodel could not be turned into a SQL schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CalcError {
    /// Migrations for this provider are not supported.
    UnsupportedProvider(Provider),
    /// A model in an implicit many-to-many relation has no single-field id (validation
    /// should have reported it).
    MissingId { model: String },
}

impl fmt::Display for CalcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalcError::UnsupportedProvider(provider) => write!(
                f,
                "migrations for the `{}` provider are not supported: use postgresql, mysql or sqlite",
                provider.name()
            ),
            CalcError::MissingId { model } => write!(
                f,
                "model `{model}` is part of an implicit many-to-many relation but has no single-field id: add `@id` to one of its fields"
            ),
        }
    }
}

impl std::error::Error for CalcError {}

/// Settings of a calculation beyond the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub provider: Provider,
    /// The namespace that unqualified tables live in (PostgreSQL's `?schema=`, `public` by
    /// default). Ignored by providers without namespaces.
    pub default_namespace: String,
}

impl Options {
    pub fn new(provider: Provider) -> Options {
        Options { provider, default_namespace: "public".to_owned() }
    }
}

/// The render dialect of a provider.
pub fn dialect(provider: Provider) -> Result<Dialect, CalcError> {
    match provider {
        Provider::PostgreSql => Ok(Dialect::Postgres),
        Provider::Sqlite => Ok(Dialect::Sqlite),
        Provider::MySql => Ok(Dialect::Mysql),
        Provider::CockroachDb | Provider::SqlServer | Provider::MongoDb => {
            Err(CalcError::UnsupportedProvider(provider))
        }
    }
}

/// The SQL schema Prisma Migrate would create for `datamodel` on `provider`.
pub fn calculate(datamodel: &Datamodel, provider: Provider) -> Result<SqlSchema, CalcError> {
    calculate_with(datamodel, &Options::new(provider))
}

/// [`calculate`] with explicit [`Options`].
pub fn calculate_with(datamodel: &Datamodel, options: &Options) -> Result<SqlSchema, CalcError> {
    let flavour: &dyn flavour::Flavour = match dialect(options.provider)? {
        Dialect::Postgres => &postgres::Postgres,
        Dialect::Sqlite => &sqlite::Sqlite,
        Dialect::Mysql => &mysql::Mysql,
    };
    let mut calc = tables::Calc::new(datamodel, flavour, &options.default_namespace);
    calc.push_namespaces();
    calc.push_enums();
    calc.push_model_tables();
    if datamodel.datasource.as_ref().map(|d| d.relation_mode).unwrap_or_default()
        == psl::datamodel::RelationMode::ForeignKeys
    {
        relations::push_foreign_keys(&mut calc);
    }
    relations::push_join_tables(&mut calc)?;
    let mut schema = calc.schema;
    schema.extensions = extensions(datamodel, options.provider);
    Ok(schema)
}

/// The datasource's `extensions`, sorted by database name, when the `postgresqlExtensions`
/// preview feature is on (PostgreSQL only); otherwise the schema says nothing about extensions.
fn extensions(datamodel: &Datamodel, provider: Provider) -> sql_schema::Extensions {
    let enabled = datamodel
        .generators
        .iter()
        .flat_map(|g| &g.preview_features)
        .any(|feature| feature.eq_ignore_ascii_case("postgresqlExtensions"));
    if !enabled || provider != Provider::PostgreSql {
        return sql_schema::Extensions::Unknown;
    }
    let mut extensions: Vec<sql_schema::Extension> = datamodel
        .datasource
        .iter()
        .flat_map(|d| &d.extensions)
        .map(|e| sql_schema::Extension {
            name: e.map.clone().unwrap_or_else(|| e.name.clone()),
            schema: e.schema.clone().unwrap_or_default(),
            version: e.version.clone().unwrap_or_default(),
            relocatable: false,
        })
        .collect();
    extensions.sort_by(|a, b| a.name.cmp(&b.name));
    sql_schema::Extensions::Declared(extensions)
}
