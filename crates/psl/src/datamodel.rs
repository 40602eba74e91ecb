//! The validated datamodel: what the schema means, with names resolved and relations paired.
//! Database-agnostic: native types are kept as written, for `calc` to interpret.
//!
//! Terms: a *name* is what the schema calls something (`ModelName`, `FieldName`, `EnumName`);
//! a *database name* ([`DbName`]) is what the database calls it (`@map`/`@@map`, or the name
//! itself when unmapped). They are different types so that one cannot stand in for the other.
//! Everything is addressed by index ids ([`ModelId`], [`ScalarFieldId`], …) into the vectors
//! here; the ids are only meaningful for the datamodel that produced them.

use crate::span::Span;
use std::fmt;

macro_rules! string_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name(s.to_string())
            }
        }
    };
}

string_newtype!(
    /// The name of a model or view in the schema.
    ModelName
);
string_newtype!(
    /// The name of a field in the schema.
    FieldName
);
string_newtype!(
    /// The name of an enum in the schema.
    EnumName
);
string_newtype!(
    /// An identifier in the database: table, column, enum type, enum value, constraint.
    DbName
);

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);

        impl $name {
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

id_newtype!(
    /// Index into [`Datamodel::models`] (models and views).
    ModelId
);
id_newtype!(
    /// Index into [`Datamodel::enums`].
    EnumId
);
id_newtype!(
    /// Index into [`Model::scalar_fields`] of one model.
    ScalarFieldId
);
id_newtype!(
    /// Index into [`Model::relation_fields`] of one model.
    RelationFieldId
);
id_newtype!(
    /// Index into [`Datamodel::relations`].
    RelationId
);

/// The whole schema, validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Datamodel {
    /// `None` only when the schema has no (valid) datasource block; an error was reported.
    pub datasource: Option<Datasource>,
    pub generators: Vec<Generator>,
    /// Models and views in source order (files in [`crate::SourceSet`] order).
    pub models: Vec<Model>,
    pub enums: Vec<Enum>,
    /// Every relation once, with both sides resolved.
    pub relations: Vec<Relation>,
}

impl Datamodel {
    pub fn model(&self, id: ModelId) -> &Model {
        &self.models[id.index()]
    }

    pub fn enum_(&self, id: EnumId) -> &Enum {
        &self.enums[id.index()]
    }

    pub fn relation(&self, id: RelationId) -> &Relation {
        &self.relations[id.index()]
    }

    pub fn model_ids(&self) -> impl Iterator<Item = ModelId> {
        (0..self.models.len() as u32).map(ModelId)
    }

    pub fn find_model(&self, name: &str) -> Option<ModelId> {
        self.models.iter().position(|m| m.name.0 == name).map(|i| ModelId(i as u32))
    }

    pub fn find_enum(&self, name: &str) -> Option<EnumId> {
        self.enums.iter().position(|e| e.name.0 == name).map(|i| EnumId(i as u32))
    }

    /// The provider of the datasource, if there is one.
    pub fn provider(&self) -> Option<Provider> {
        self.datasource.as_ref().map(|d| d.provider)
    }

    /// The referential action that applies on delete for a relation field that holds
    /// `fields`/`references`: the written one, or Prisma's default for the provider.
    pub fn effective_on_delete(&self, model: ModelId, field: RelationFieldId) -> ReferentialAction {
        let m = self.model(model);
        let f = &m.relation_fields[field.index()];
        if let Some(action) = f.on_delete {
            return action;
        }
        let required = f.fields.iter().any(|id| m.scalar_fields[id.index()].arity == Arity::Required);
        if !required {
            return ReferentialAction::SetNull;
        }
        // SQL Server has no RESTRICT; Prisma uses NO ACTION there, which behaves the same.
        if self.provider() == Some(Provider::SqlServer) {
            ReferentialAction::NoAction
        } else {
            ReferentialAction::Restrict
        }
    }

    /// The referential action that applies on update: the written one or `Cascade`.
    pub fn effective_on_update(&self, model: ModelId, field: RelationFieldId) -> ReferentialAction {
        self.model(model).relation_fields[field.index()].on_update.unwrap_or(ReferentialAction::Cascade)
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration blocks

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    /// `postgresql` or `postgres`.
    PostgreSql,
    MySql,
    Sqlite,
    SqlServer,
    CockroachDb,
    MongoDb,
}

impl Provider {
    /// Parses the `provider` string of a datasource.
    pub fn from_name(name: &str) -> Option<Provider> {
        Some(match name {
            "postgresql" | "postgres" => Provider::PostgreSql,
            "mysql" => Provider::MySql,
            "sqlite" => Provider::Sqlite,
            "sqlserver" => Provider::SqlServer,
            "cockroachdb" => Provider::CockroachDb,
            "mongodb" => Provider::MongoDb,
            _ => return None,
        })
    }

    /// The canonical provider name.
    pub fn name(self) -> &'static str {
        match self {
            Provider::PostgreSql => "postgresql",
            Provider::MySql => "mysql",
            Provider::Sqlite => "sqlite",
            Provider::SqlServer => "sqlserver",
            Provider::CockroachDb => "cockroachdb",
            Provider::MongoDb => "mongodb",
        }
    }

    /// Whether columns can hold lists (`Int[]`).
    pub fn supports_scalar_lists(self) -> bool {
        matches!(self, Provider::PostgreSql | Provider::CockroachDb | Provider::MongoDb)
    }

    /// Whether the database has named schemas that `@@schema` may refer to.
    pub fn supports_multi_schema(self) -> bool {
        matches!(self, Provider::PostgreSql | Provider::CockroachDb | Provider::SqlServer)
    }

    /// The longest identifier the database accepts, in bytes; Prisma truncates generated
    /// constraint names to it.
    pub fn max_identifier_length(self) -> usize {
        match self {
            Provider::PostgreSql | Provider::CockroachDb => 63,
            Provider::MySql => 64,
            Provider::SqlServer => 128,
            Provider::Sqlite | Provider::MongoDb => 10_000,
        }
    }

    /// Whether the database has native enum types.
    pub fn supports_enums(self) -> bool {
        !matches!(self, Provider::SqlServer)
    }
}

/// A string property that may instead name an environment variable: `"…"` or `env("X")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StringOrEnv {
    Literal(String),
    Env(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RelationMode {
    /// Relations are foreign keys in the database.
    #[default]
    ForeignKeys,
    /// Relations are emulated by the client; no foreign keys are created.
    Prisma,
}

/// A PostgreSQL extension listed in `extensions = [...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// The name as written (may be quoted in the schema for names that are not identifiers).
    pub name: String,
    pub schema: Option<String>,
    pub version: Option<String>,
    /// The database name of the extension when it differs from `name`.
    pub map: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Datasource {
    pub name: String,
    pub provider: Provider,
    /// Prisma 6 form; Prisma 7 reads URLs from its config file.
    pub url: Option<StringOrEnv>,
    pub direct_url: Option<StringOrEnv>,
    pub shadow_database_url: Option<StringOrEnv>,
    pub relation_mode: RelationMode,
    pub extensions: Vec<Extension>,
    /// `schemas = [...]`: the namespaces models may be placed in with `@@schema`.
    pub schemas: Vec<String>,
    pub span: Span,
}

/// A generator block, kept as written: ebb does not run generators.
#[derive(Debug, Clone, PartialEq)]
pub struct Generator {
    pub name: String,
    pub provider: Option<StringOrEnv>,
    pub preview_features: Vec<String>,
    /// Every other property, with its value as written in the schema.
    pub properties: Vec<(String, String)>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Models

/// A model or a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: ModelName,
    /// `@@map` or the name.
    pub db_name: DbName,
    /// `@@schema`, if any.
    pub schema: Option<String>,
    pub is_view: bool,
    /// `@@ignore`.
    pub ignored: bool,
    pub documentation: Option<String>,
    /// Scalar fields in source order: the columns, in order.
    pub scalar_fields: Vec<ScalarField>,
    pub relation_fields: Vec<RelationField>,
    pub primary_key: Option<PrimaryKey>,
    /// `@unique` (in field order), then `@@unique`, `@@index` and `@@fulltext` in source order.
    pub indexes: Vec<Index>,
    pub span: Span,
}

impl Model {
    pub fn scalar_field(&self, id: ScalarFieldId) -> &ScalarField {
        &self.scalar_fields[id.index()]
    }

    pub fn relation_field(&self, id: RelationFieldId) -> &RelationField {
        &self.relation_fields[id.index()]
    }

    pub fn find_scalar_field(&self, name: &str) -> Option<ScalarFieldId> {
        self.scalar_fields.iter().position(|f| f.name.0 == name).map(|i| ScalarFieldId(i as u32))
    }

    pub fn find_relation_field(&self, name: &str) -> Option<RelationFieldId> {
        self.relation_fields.iter().position(|f| f.name.0 == name).map(|i| RelationFieldId(i as u32))
    }

    pub fn scalar_field_ids(&self) -> impl Iterator<Item = ScalarFieldId> {
        (0..self.scalar_fields.len() as u32).map(ScalarFieldId)
    }

    pub fn relation_field_ids(&self) -> impl Iterator<Item = RelationFieldId> {
        (0..self.relation_fields.len() as u32).map(RelationFieldId)
    }

    /// `@@unique` and `@unique` constraints.
    pub fn unique_indexes(&self) -> impl Iterator<Item = &Index> {
        self.indexes.iter().filter(|i| i.kind == IndexKind::Unique)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arity {
    Required,
    Optional,
    List,
}

/// The type of a scalar field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScalarType {
    String,
    Boolean,
    Int,
    BigInt,
    Float,
    Decimal,
    DateTime,
    Json,
    Bytes,
    Enum(EnumId),
    /// `Unsupported("…")`: the database type as written.
    Unsupported(String),
}

impl ScalarType {
    /// The built-in type named `name`, if it is one.
    pub fn builtin(name: &str) -> Option<ScalarType> {
        Some(match name {
            "String" => ScalarType::String,
            "Boolean" => ScalarType::Boolean,
            "Int" => ScalarType::Int,
            "BigInt" => ScalarType::BigInt,
            "Float" => ScalarType::Float,
            "Decimal" => ScalarType::Decimal,
            "DateTime" => ScalarType::DateTime,
            "Json" => ScalarType::Json,
            "Bytes" => ScalarType::Bytes,
            _ => return None,
        })
    }

    /// The name of a built-in type; `None` for enums and `Unsupported`.
    pub fn builtin_name(&self) -> Option<&'static str> {
        Some(match self {
            ScalarType::String => "String",
            ScalarType::Boolean => "Boolean",
            ScalarType::Int => "Int",
            ScalarType::BigInt => "BigInt",
            ScalarType::Float => "Float",
            ScalarType::Decimal => "Decimal",
            ScalarType::DateTime => "DateTime",
            ScalarType::Json => "Json",
            ScalarType::Bytes => "Bytes",
            ScalarType::Enum(_) | ScalarType::Unsupported(_) => return None,
        })
    }
}

/// `@db.Name(args)`: the name without `db.` and the arguments as written (strings unquoted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeType {
    pub name: String,
    pub args: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ScalarField {
    pub name: FieldName,
    /// `@map` or the name.
    pub db_name: DbName,
    pub r#type: ScalarType,
    pub arity: Arity,
    pub native_type: Option<NativeType>,
    pub default: Option<Default>,
    /// `@updatedAt`.
    pub updated_at: bool,
    /// `@ignore`.
    pub ignored: bool,
    pub documentation: Option<String>,
    pub span: Span,
}

/// `@default(value, map: "…")`.
#[derive(Debug, Clone, PartialEq)]
pub struct Default {
    pub value: DefaultValue,
    /// The name of the default constraint (SQL Server).
    pub map: Option<DbName>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    Autoincrement,
    Now,
    /// `uuid()` is version 4; `uuid(7)`.
    Uuid(u8),
    /// `cuid()` is version 1; `cuid(2)`.
    Cuid(u8),
    /// `nanoid()` or `nanoid(length)`.
    Nanoid(Option<u8>),
    Ulid,
    /// `dbgenerated()` or `dbgenerated("expression")`.
    DbGenerated(Option<String>),
    /// `sequence(…)` (CockroachDB): the arguments as `name: value` text pairs.
    Sequence(Vec<(String, String)>),
    /// `auto()` (MongoDB).
    Auto,
    Literal(Literal),
}

/// A constant default, typed by the field it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `String`, `DateTime`, `Json`, `Bytes` (base64) defaults: the unescaped string.
    String(String),
    Int(i64),
    /// `Float` and `Decimal` defaults, as written (`1.50` stays `1.50`).
    Number(String),
    Boolean(bool),
    /// A value of the field's enum: its name in the schema and its database name.
    EnumValue {
        name: String,
        db_name: DbName,
    },
    List(Vec<Literal>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferentialAction {
    Cascade,
    Restrict,
    NoAction,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn from_name(name: &str) -> Option<ReferentialAction> {
        Some(match name {
            "Cascade" => ReferentialAction::Cascade,
            "Restrict" => ReferentialAction::Restrict,
            "NoAction" => ReferentialAction::NoAction,
            "SetNull" => ReferentialAction::SetNull,
            "SetDefault" => ReferentialAction::SetDefault,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ReferentialAction::Cascade => "Cascade",
            ReferentialAction::Restrict => "Restrict",
            ReferentialAction::NoAction => "NoAction",
            ReferentialAction::SetNull => "SetNull",
            ReferentialAction::SetDefault => "SetDefault",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RelationField {
    pub name: FieldName,
    pub related_model: ModelId,
    pub arity: Arity,
    /// The relation this field is one side of.
    pub relation: RelationId,
    /// `@relation("name")` or `@relation(name: "name")`, as written.
    pub relation_name: Option<String>,
    /// `fields: [...]`: scalar fields of this model.
    pub fields: Vec<ScalarFieldId>,
    /// `references: [...]`: scalar fields of the related model.
    pub references: Vec<ScalarFieldId>,
    pub on_delete: Option<ReferentialAction>,
    pub on_update: Option<ReferentialAction>,
    /// `map:`: the name of the foreign key constraint.
    pub map: Option<DbName>,
    /// `@ignore`.
    pub ignored: bool,
    pub documentation: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortOrder {
    Asc,
    Desc,
}

/// An operator class on an index field (PostgreSQL): a known name or `raw("…")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperatorClass {
    Named(String),
    Raw(String),
}

/// One field of an index, unique constraint or primary key.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexField {
    pub field: ScalarFieldId,
    pub sort: Option<SortOrder>,
    /// Prefix length (MySQL).
    pub length: Option<u32>,
    pub ops: Option<OperatorClass>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryKey {
    pub fields: Vec<IndexField>,
    /// `name:`: the client-side name of a compound id.
    pub name: Option<String>,
    /// `map:`: the name of the constraint.
    pub map: Option<DbName>,
    pub clustered: Option<bool>,
    /// `@id` on a field rather than `@@id`.
    pub defined_on_field: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexKind {
    /// `@unique` / `@@unique`.
    Unique,
    /// `@@index`.
    Normal,
    /// `@@fulltext`.
    Fulltext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexAlgorithm {
    BTree,
    Hash,
    Gist,
    Gin,
    SpGist,
    Brin,
}

impl IndexAlgorithm {
    pub fn from_name(name: &str) -> Option<IndexAlgorithm> {
        Some(match name {
            "BTree" => IndexAlgorithm::BTree,
            "Hash" => IndexAlgorithm::Hash,
            "Gist" => IndexAlgorithm::Gist,
            "Gin" => IndexAlgorithm::Gin,
            "SpGist" => IndexAlgorithm::SpGist,
            "Brin" => IndexAlgorithm::Brin,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub kind: IndexKind,
    pub fields: Vec<IndexField>,
    /// `name:`: the client-side name of a compound unique.
    pub name: Option<String>,
    /// `map:`: the name of the index or constraint in the database.
    pub map: Option<DbName>,
    pub clustered: Option<bool>,
    /// `type:`.
    pub algorithm: Option<IndexAlgorithm>,
    /// `@unique` on a field rather than `@@unique`.
    pub defined_on_field: bool,
    /// `where: raw("…")`: the predicate of a partial index (preview feature `partialIndexes`),
    /// as written.
    pub predicate: Option<String>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Enums

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: EnumName,
    /// `@@map` or the name.
    pub db_name: DbName,
    pub schema: Option<String>,
    pub values: Vec<EnumValue>,
    pub documentation: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub name: String,
    /// `@map` or the name.
    pub db_name: DbName,
    pub documentation: Option<String>,
    pub span: Span,
}

// ---------------------------------------------------------------------------------------------
// Relations

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelationFieldRef {
    pub model: ModelId,
    pub field: RelationFieldId,
}

#[derive(Debug, Clone, PartialEq)]
pub enum RelationKind {
    /// A 1:1 or 1:n relation: `referencing` holds `fields`/`references` (the foreign key);
    /// `referenced` is the back-relation field on the other model.
    OneToOne {
        referencing: RelationFieldRef,
        referenced: RelationFieldRef,
    },
    OneToMany {
        referencing: RelationFieldRef,
        referenced: RelationFieldRef,
    },
    /// An implicit m:n relation, stored in the join table `_{name}` with column `A`
    /// referencing model A and `B` model B. A is the side whose (model name, field name)
    /// sorts first.
    ImplicitManyToMany {
        field_a: RelationFieldRef,
        field_b: RelationFieldRef,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The explicit name, or Prisma's generated one: `{A}To{B}` with the two model names in
    /// lexicographic order.
    pub name: String,
    pub explicit_name: bool,
    pub kind: RelationKind,
}

impl Relation {
    /// The name of the join table of an implicit m:n relation.
    pub fn join_table_name(&self) -> Option<DbName> {
        match self.kind {
            RelationKind::ImplicitManyToMany { .. } => Some(DbName(format!("_{}", self.name))),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Constraint names

/// Prisma's default constraint names, used when no `map:` is given: `{table}_pkey`,
/// `{table}_{columns}_key`, `{table}_{columns}_idx`, `{table}_{columns}_fkey`, truncated so that
/// the whole name fits the provider's identifier length.
pub mod naming {
    use super::DbName;

    /// `{table}_pkey`; `limit` is the provider's identifier length
    /// ([`super::Provider::max_identifier_length`]).
    pub fn primary_key(table: &str, limit: usize) -> DbName {
        with_suffix(table, "_pkey", limit)
    }

    pub fn unique(table: &str, columns: &[&str], limit: usize) -> DbName {
        with_suffix(&format!("{table}_{}", columns.join("_")), "_key", limit)
    }

    /// Normal and fulltext indexes.
    pub fn index(table: &str, columns: &[&str], limit: usize) -> DbName {
        with_suffix(&format!("{table}_{}", columns.join("_")), "_idx", limit)
    }

    pub fn foreign_key(table: &str, columns: &[&str], limit: usize) -> DbName {
        with_suffix(&format!("{table}_{}", columns.join("_")), "_fkey", limit)
    }

    fn with_suffix(base: &str, suffix: &str, limit: usize) -> DbName {
        DbName(format!("{}{suffix}", truncate_bytes(base, limit.saturating_sub(suffix.len()))))
    }

    /// The longest prefix of `text` of at most `limit` bytes that ends on a character boundary.
    pub fn truncate_bytes(text: &str, limit: usize) -> &str {
        if text.len() <= limit {
            return text;
        }
        let mut end = limit;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    }
}

impl Datamodel {
    /// The database name of a model's primary key: `map:` or Prisma's default. `None` without
    /// a primary key, and on MySQL and SQLite, where primary keys have no name of their own.
    pub fn primary_key_name(&self, model: ModelId, provider: Provider) -> Option<DbName> {
        if matches!(provider, Provider::MySql | Provider::Sqlite) {
            return None;
        }
        let m = self.model(model);
        let pk = m.primary_key.as_ref()?;
        Some(
            pk.map.clone().unwrap_or_else(|| naming::primary_key(m.db_name.as_str(), provider.max_identifier_length())),
        )
    }

    /// The database name of an index or unique constraint: `map:` or Prisma's default.
    pub fn index_name(&self, model: ModelId, index: &Index, provider: Provider) -> DbName {
        if let Some(map) = &index.map {
            return map.clone();
        }
        let m = self.model(model);
        let columns: Vec<&str> = index.fields.iter().map(|f| m.scalar_field(f.field).db_name.as_str()).collect();
        match index.kind {
            IndexKind::Unique => naming::unique(m.db_name.as_str(), &columns, provider.max_identifier_length()),
            IndexKind::Normal | IndexKind::Fulltext => {
                naming::index(m.db_name.as_str(), &columns, provider.max_identifier_length())
            }
        }
    }

    /// The database name of the foreign key of a relation field that holds `fields`.
    pub fn foreign_key_name(&self, model: ModelId, field: RelationFieldId, provider: Provider) -> DbName {
        let m = self.model(model);
        let f = m.relation_field(field);
        if let Some(map) = &f.map {
            return map.clone();
        }
        let columns: Vec<&str> = f.fields.iter().map(|id| m.scalar_field(*id).db_name.as_str()).collect();
        naming::foreign_key(m.db_name.as_str(), &columns, provider.max_identifier_length())
    }
}

#[cfg(test)]
mod naming_tests {
    use super::naming::*;

    #[test]
    fn short_names_are_untouched() {
        assert_eq!(primary_key("User", 63).0, "User_pkey");
        assert_eq!(unique("User", &["email"], 63).0, "User_email_key");
        assert_eq!(index("Post", &["a", "b"], 63).0, "Post_a_b_idx");
        assert_eq!(foreign_key("Post", &["authorId"], 63).0, "Post_authorId_fkey");
    }

    #[test]
    fn long_names_are_cut_to_the_limit() {
        let table = "ThisIsAVeryLongModelNameThatWillNeedTruncationWhenNamingThingsX";
        assert_eq!(primary_key(table, 63).0, "ThisIsAVeryLongModelNameThatWillNeedTruncationWhenNamingTh_pkey");
        assert_eq!(
            unique(table, &["anotherVeryLongFieldNameForTheIndexesOfThis"], 63).0,
            "ThisIsAVeryLongModelNameThatWillNeedTruncationWhenNamingThi_key"
        );
        assert_eq!(
            foreign_key(table, &["third"], 63).0,
            "ThisIsAVeryLongModelNameThatWillNeedTruncationWhenNamingTh_fkey"
        );
        assert_eq!(primary_key(table, 64).0.len(), 64);
    }

    #[test]
    fn truncation_keeps_characters_whole() {
        assert_eq!(truncate_bytes("aé", 2), "a");
    }
}
