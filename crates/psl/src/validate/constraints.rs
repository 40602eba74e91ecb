//! Checks over the finished datamodel: every model has a unique criterion, and database names
//! (tables, columns, enum types, constraint names given with `map:`) do not clash.

use super::names::Names;
use super::{codes, Ctx};
use crate::ast::Block;
use crate::datamodel::{
    Arity, Datamodel, DbName, Default, DefaultValue, Index, IndexKind, Model, Provider, ScalarFieldId,
};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use std::collections::HashMap;

pub(crate) fn check(dm: &Datamodel, names: &Names<'_>, ctx: &mut Ctx<'_>) {
    // `names.models` are the blocks the models were built from, in the same order.
    for (model, block) in dm.models.iter().zip(&names.models) {
        check_unique_criterion(model, block, ctx);
        check_columns(model, ctx);
        check_client_names(model, ctx);
        check_autoincrement(model, ctx);
        check_clustering(model, ctx);
        check_mysql_text_indexes(model, ctx);
        check_sqlserver_unindexable(model, ctx);
    }
    check_tables(dm, ctx);
    check_enum_types(dm, ctx);
    check_constraint_names(dm, ctx);
}

fn check_unique_criterion(model: &Model, block: &Block, ctx: &mut Ctx<'_>) {
    if model.is_view || model.ignored {
        return;
    }
    // An id the model declares but that was refused (on an optional field, naming an unknown
    // or a relation field, …) is reported where it is written; that the model then has no
    // usable id is the same mistake, and Prisma does not report it again.
    let declares_id = block.fields().any(|f| f.attributes.iter().any(|a| a.name.name == "id"))
        || block.attributes().any(|a| a.name.name == "id");
    let id_refused = model
        .primary_key
        .as_ref()
        .is_none_or(|pk| pk.fields.iter().any(|f| model.scalar_field(f.field).arity != Arity::Required));
    if declares_id && id_refused {
        return;
    }
    // A criterion counts when all its fields are required and usable by the client
    // (`Unsupported` fields are not).
    let usable = |f: &crate::datamodel::IndexField| {
        let field = model.scalar_field(f.field);
        field.arity == Arity::Required && !matches!(field.r#type, crate::datamodel::ScalarType::Unsupported(_))
    };
    let criteria = model.primary_key.iter().map(|pk| &pk.fields).chain(model.unique_indexes().map(|u| &u.fields));
    let (good, bad): (Vec<_>, Vec<_>) = criteria.partition(|fields| fields.iter().all(usable));
    if !good.is_empty() {
        return;
    }
    let mut message = format!(
        "Error validating model \"{}\": Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model.",
        model.name
    );
    if !bad.is_empty() {
        message.push_str(
            " The following unique criterias were not considered as they contain fields that are not required:",
        );
        for fields in bad {
            let names: Vec<&str> = fields.iter().map(|f| model.scalar_field(f.field).name.as_str()).collect();
            message.push_str(&format!("\n- {}", names.join(", ")));
        }
    }
    ctx.diags.error(codes::MISSING_ID, message, name_span(model));
}

/// The span of the model's name: the model span starts at the keyword.
fn name_span(model: &Model) -> Span {
    model.span
}

fn check_columns(model: &Model, ctx: &mut Ctx<'_>) {
    // Prisma keeps scalar field names and `@map` names apart: a field may not be mapped to the
    // name of another scalar field (a relation field's name is fine: it has no column).
    for field in model.scalar_fields.iter().filter(|f| f.db_name.as_str() != f.name.as_str()) {
        // A scalar field stored in the same column is reported as a column clash below.
        let other = model.scalar_fields.iter().filter(|f| f.db_name != field.db_name).map(|f| (&f.name, f.span));
        for (name, span) in other {
            if name.as_str() == field.db_name.as_str() && name != &field.name {
                ctx.diags.push(
                    Diagnostic::error(
                        codes::DUPLICATE_COLUMN,
                        format!(
                            "Field \"{}\" is already defined on model \"{}\": its `@map` name \"{}\" is the name of another field.",
                            field.name, model.name, field.db_name
                        ),
                        field.span,
                    )
                    .with_label(span, "the other field"),
                );
            }
        }
    }
    let mut seen: HashMap<&str, &crate::datamodel::ScalarField> = HashMap::new();
    for field in &model.scalar_fields {
        if let Some(first) = seen.get(field.db_name.as_str()) {
            ctx.diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_COLUMN,
                    format!(
                        "Error validating model \"{}\": the fields `{}` and `{}` are both stored in the column `{}`; give one of them another `@map` name.",
                        model.name, first.name, field.name, field.db_name
                    ),
                    field.span,
                )
                .with_label(first.span, "first field stored there"),
            );
        } else {
            seen.insert(field.db_name.as_str(), field);
        }
    }
}

fn check_client_names(model: &Model, ctx: &mut Ctx<'_>) {
    let mut seen: HashMap<&str, Span> = HashMap::new();
    let named = model
        .primary_key
        .iter()
        .filter_map(|pk| pk.name.as_deref().map(|n| (n, pk.span)))
        .chain(model.unique_indexes().filter_map(|u| u.name.as_deref().map(|n| (n, u.span))));
    for (name, span) in named {
        if let Some(first) = seen.get(name) {
            ctx.diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_CLIENT_NAME,
                    format!(
                        "Error validating model \"{}\": The given name `{name}` is used by more than one id or unique criterion of the model. Please provide a different name using the `name` argument.",
                        model.name
                    ),
                    span,
                )
                .with_label(*first, "first used here"),
            );
        } else {
            seen.insert(name, span);
        }
        if model.find_scalar_field(name).is_some() || model.find_relation_field(name).is_some() {
            ctx.diags.error(
                codes::DUPLICATE_CLIENT_NAME,
                format!(
                    "Error validating model \"{}\": The custom name `{name}` specified for the `@@unique` or `@@id` attribute is already used as a name for a field. Please choose a different name.",
                    model.name
                ),
                span,
            );
        }
    }
}

/// SQLite can only autoincrement the primary key; MySQL only one indexed column per table.
fn check_autoincrement(model: &Model, ctx: &mut Ctx<'_>) {
    let autoincrement: Vec<(ScalarFieldId, Span)> = model
        .scalar_field_ids()
        .filter_map(|id| match &model.scalar_field(id).default {
            Some(Default { value: DefaultValue::Autoincrement, span, .. }) => Some((id, *span)),
            _ => None,
        })
        .collect();
    let context = "Error parsing attribute \"@default\"";
    // Without a datasource Prisma allows `autoincrement()` on the id only, as on SQLite.
    let provider = if ctx.without_datasource { Some(Provider::Sqlite) } else { ctx.provider };
    match provider {
        Some(Provider::Sqlite) => {
            let pk_field = model.primary_key.as_ref().filter(|pk| pk.fields.len() == 1).map(|pk| pk.fields[0].field);
            for (id, span) in &autoincrement {
                if pk_field != Some(*id) {
                    ctx.diags.error(
                        codes::DEFAULT_FUNCTION,
                        format!("{context}: The `autoincrement()` default value is used on a non-id field even though the datasource does not support this."),
                        *span,
                    );
                }
            }
        }
        Some(Provider::MySql) => {
            if autoincrement.len() > 1 {
                for (_, span) in &autoincrement {
                    ctx.diags.error(
                        codes::DEFAULT_FUNCTION,
                        format!("{context}: The `autoincrement()` default value is used multiple times on this model even though the underlying datasource only supports one instance per table."),
                        *span,
                    );
                }
            }
            for (id, span) in &autoincrement {
                let first_of = |fields: &[crate::datamodel::IndexField]| fields.first().is_some_and(|f| f.field == *id);
                let indexed = model.primary_key.as_ref().is_some_and(|pk| first_of(&pk.fields))
                    || model.indexes.iter().any(|i| i.kind != IndexKind::Fulltext && first_of(&i.fields));
                if !indexed {
                    ctx.diags.error(
                        codes::DEFAULT_FUNCTION,
                        format!("{context}: The `autoincrement()` default value is used on a non-indexed field even though the datasource does not support this."),
                        *span,
                    );
                }
            }
        }
        _ => {}
    }
}

/// SQL Server: one clustered index or primary key per table. A primary key is clustered unless
/// it says `clustered: false`, so a clustered index needs a nonclustered id beside it.
fn check_clustering(model: &Model, ctx: &mut Ctx<'_>) {
    // Elsewhere `clustered:` itself is refused.
    if !ctx.is_provider(Provider::SqlServer) {
        return;
    }
    let pk = model.primary_key.as_ref().filter(|pk| pk.clustered != Some(false));
    let indexes: Vec<&Index> = model.indexes.iter().filter(|i| i.clustered == Some(true)).collect();
    let index_attribute = |i: &Index| match (i.kind, i.defined_on_field) {
        (IndexKind::Unique, true) => "@unique",
        (IndexKind::Unique, false) => "@@unique",
        _ => "@@index",
    };
    if indexes.len() > 1 {
        for index in indexes {
            ctx.diags.error(
                codes::INDEX_ARGUMENT_UNSUPPORTED,
                format!(
                    "Error parsing attribute \"{}\": A model can only hold one clustered index.",
                    index_attribute(index)
                ),
                index.span,
            );
        }
        return;
    }
    let (Some(pk), [index]) = (pk, indexes.as_slice()) else { return };
    let pk_attribute = if pk.defined_on_field { "@id" } else { "@@id" };
    ctx.diags.error(
        codes::INDEX_ARGUMENT_UNSUPPORTED,
        format!("Error parsing attribute \"{pk_attribute}\": A model can only hold one clustered index or id."),
        pk.span,
    );
    ctx.diags.error(
        codes::INDEX_ARGUMENT_UNSUPPORTED,
        format!(
            "Error parsing attribute \"{}\": A model can only hold one clustered index or key.",
            index_attribute(index)
        ),
        index.span,
    );
}

/// MySQL cannot index TEXT and BLOB columns without a prefix length.
fn check_mysql_text_indexes(model: &Model, ctx: &mut Ctx<'_>) {
    if !ctx.is_provider(Provider::MySql) {
        return;
    }
    const NEEDS_LENGTH: &[&str] =
        &["Text", "TinyText", "MediumText", "LongText", "Blob", "TinyBlob", "MediumBlob", "LongBlob"];
    let pk = model.primary_key.iter().map(|pk| (&pk.fields, true, pk.span));
    let indexes = model
        .indexes
        .iter()
        .filter(|i| i.kind != IndexKind::Fulltext)
        .map(|i| (&i.fields, i.kind == IndexKind::Unique, i.span));
    for (fields, unique, span) in pk.chain(indexes) {
        for f in fields.iter().filter(|f| f.length.is_none()) {
            let Some(native) = &model.scalar_field(f.field).native_type else {
                continue;
            };
            if !NEEDS_LENGTH.contains(&native.name.as_str()) {
                continue;
            }
            let message = if unique {
                format!(
                    "Native type `{}` cannot be unique in MySQL. Please use the `length` argument to the field in the index definition to allow this.",
                    native.name
                )
            } else {
                format!(
                    "You cannot define an index on fields with native type `{}` of MySQL. Please use the `length` argument to the field in the index definition to allow this.",
                    native.name
                )
            };
            ctx.diags.error(codes::INDEX_ARGUMENT_UNSUPPORTED, message, span);
        }
    }
}

/// SQL Server cannot index columns of its large-object types.
fn check_sqlserver_unindexable(model: &Model, ctx: &mut Ctx<'_>) {
    if !ctx.is_provider(Provider::SqlServer) {
        return;
    }
    let pk = model.primary_key.iter().map(|pk| (&pk.fields, true, pk.span));
    let indexes = model.indexes.iter().map(|i| (&i.fields, i.kind == IndexKind::Unique, i.span));
    for (fields, unique, span) in pk.chain(indexes) {
        for f in fields {
            let Some(native) = &model.scalar_field(f.field).native_type else {
                continue;
            };
            let is_max = native.args.first().is_some_and(|a| a.eq_ignore_ascii_case("max"));
            if !(is_max || matches!(native.name.as_str(), "Text" | "NText" | "Image" | "Xml")) {
                continue;
            }
            let written = if native.args.is_empty() {
                native.name.clone()
            } else {
                format!("{}({})", native.name, native.args.join(","))
            };
            let message = if unique {
                format!("Native type `{written}` cannot be unique in SQL Server.")
            } else {
                format!("You cannot define an index on fields with native type `{written}` of SQL Server.")
            };
            ctx.diags.error(codes::INDEX_ARGUMENT_UNSUPPORTED, message, span);
        }
    }
}

fn check_tables(dm: &Datamodel, ctx: &mut Ctx<'_>) {
    let mut seen: HashMap<(Option<&str>, &str), &Model> = HashMap::new();
    for model in &dm.models {
        let key = (model.schema.as_deref(), model.db_name.as_str());
        if let Some(first) = seen.get(&key) {
            let message = if model.name.as_str() == model.db_name.as_str()
                || first.name.as_str() == first.db_name.as_str()
            {
                format!(
                    "The model with database name \"{}\" could not be defined because another model or view with this name exists: \"{}\"",
                    model.db_name, first.name
                )
            } else {
                format!(
                    "The models \"{}\" and \"{}\" are both mapped to the table \"{}\"; a table can hold only one model.",
                    first.name, model.name, model.db_name
                )
            };
            ctx.diags.push(
                Diagnostic::error(codes::DUPLICATE_TABLE, message, model.span)
                    .with_label(first.span, "first mapped here"),
            );
        } else {
            seen.insert(key, model);
        }
    }
}

fn check_enum_types(dm: &Datamodel, ctx: &mut Ctx<'_>) {
    // Only PostgreSQL and CockroachDB create enum types; MySQL enums are column types.
    if !ctx.provider.is_some_and(|p| matches!(p, Provider::PostgreSql | Provider::CockroachDb)) {
        return;
    }
    let mut seen: HashMap<(Option<&str>, &str), &crate::datamodel::Enum> = HashMap::new();
    for e in &dm.enums {
        let key = (e.schema.as_deref(), e.db_name.as_str());
        if let Some(first) = seen.get(&key) {
            ctx.diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_ENUM_DB_NAME,
                    format!(
                        "The enums \"{}\" and \"{}\" are both mapped to the database enum \"{}\".",
                        first.name, e.name, e.db_name
                    ),
                    e.span,
                )
                .with_label(first.span, "first mapped here"),
            );
        } else {
            seen.insert(key, e);
        }
    }
}

/// Where constraint names must be unique, per provider (as Prisma checks them).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Scope {
    /// Across the schema (database schema).
    Global,
    /// Within one table.
    Table,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ConstraintKind {
    PrimaryKey,
    Key,
    Index,
    ForeignKey,
}

impl ConstraintKind {
    fn scope(self, provider: Provider) -> Scope {
        use ConstraintKind::*;
        match (provider, self) {
            (Provider::PostgreSql | Provider::CockroachDb | Provider::Sqlite, PrimaryKey | Key | Index) => {
                Scope::Global
            }
            (Provider::MySql | Provider::SqlServer, ForeignKey) => Scope::Global,
            (Provider::SqlServer, PrimaryKey) => Scope::Global,
            _ => Scope::Table,
        }
    }

    fn namespace(self, provider: Provider, model: &Model) -> String {
        match (self.scope(provider), provider, self) {
            (Scope::Global, Provider::Sqlite, _) => "global for indexes and unique constraints".to_string(),
            (Scope::Global, _, ConstraintKind::ForeignKey) => "global for foreign keys".to_string(),
            (Scope::Global, Provider::SqlServer, _) => "global for primary key and foreign keys".to_string(),
            (Scope::Global, _, _) => "global for primary key, indexes and unique constraints".to_string(),
            (Scope::Table, Provider::PostgreSql | Provider::CockroachDb, _) => {
                format!("on model `{}` for primary key, indexes, unique constraints and foreign keys", model.name)
            }
            (Scope::Table, _, ConstraintKind::ForeignKey) => {
                format!("on model `{}` for foreign keys", model.name)
            }
            (Scope::Table, _, _) => format!("on model `{}` for indexes and unique constraints", model.name),
        }
    }
}

/// One named constraint of a table.
struct Named<'a> {
    name: DbName,
    explicit: bool,
    kind: ConstraintKind,
    attribute: &'static str,
    span: Span,
    model: &'a Model,
}

/// Constraint names, explicit (`map:`) or Prisma's defaults, must be unique where the database
/// requires it and fit its identifier length.
fn check_constraint_names(dm: &Datamodel, ctx: &mut Ctx<'_>) {
    let Some(provider) = ctx.provider.filter(|p| *p != Provider::MongoDb) else {
        return;
    };
    let mut all: Vec<Named<'_>> = Vec::new();
    // A model sharing its table with an earlier one is reported already; its constraints would
    // only repeat that clash.
    let mut tables = std::collections::HashSet::new();
    for (index, model) in dm.models.iter().enumerate().filter(|(_, m)| !m.is_view) {
        if !tables.insert((model.schema.as_deref(), model.db_name.as_str())) {
            continue;
        }
        let id = crate::datamodel::ModelId(index as u32);
        if let Some(pk) = &model.primary_key {
            if pk.map.is_some() && matches!(provider, Provider::MySql | Provider::Sqlite) {
                ctx.diags.error(
                    codes::CONSTRAINT_NAME_UNSUPPORTED,
                    format!(
                        "Error validating model \"{}\": You defined a database name for the primary key on the model. This is not supported by the provider.",
                        model.name
                    ),
                    pk.span,
                );
            } else if let Some(name) = dm.primary_key_name(id, provider) {
                let attribute = if pk.defined_on_field { "@id" } else { "@@id" };
                all.push(Named {
                    name,
                    explicit: pk.map.is_some(),
                    kind: ConstraintKind::PrimaryKey,
                    attribute,
                    span: pk.span,
                    model,
                });
            }
        }
        for index in &model.indexes {
            let (kind, attribute) = match (index.kind, index.defined_on_field) {
                (IndexKind::Unique, true) => (ConstraintKind::Key, "@unique"),
                (IndexKind::Unique, false) => (ConstraintKind::Key, "@@unique"),
                (IndexKind::Normal, _) => (ConstraintKind::Index, "@@index"),
                (IndexKind::Fulltext, _) => (ConstraintKind::Index, "@@fulltext"),
            };
            let name = dm.index_name(id, index, provider);
            all.push(Named { name, explicit: index.map.is_some(), kind, attribute, span: index.span, model });
        }
        for (fi, rf) in model.relation_fields.iter().enumerate() {
            if rf.fields.is_empty() || ctx.relation_mode == crate::datamodel::RelationMode::Prisma {
                continue;
            }
            let name = dm.foreign_key_name(id, crate::datamodel::RelationFieldId(fi as u32), provider);
            all.push(Named {
                name,
                explicit: rf.map.is_some(),
                kind: ConstraintKind::ForeignKey,
                attribute: "@relation",
                span: rf.span,
                model,
            });
        }
    }
    let limit = provider.max_identifier_length();
    for named in all.iter().filter(|n| n.explicit && n.name.as_str().len() > limit) {
        let attr = if named.attribute == "@relation" { "@relation" } else { named.attribute };
        ctx.diags.error(
            codes::CONSTRAINT_NAME_TOO_LONG,
            format!(
                "Error validating model \"{}\": The constraint name '{}' specified in the `map` argument for the `{attr}` constraint is too long for your chosen provider. The maximum allowed length is {limit} bytes.",
                named.model.name, named.name
            ),
            named.span,
        );
    }
    // Group by namespace key; every member of a group with more than one entry is reported.
    /// (schema, table when the scope is one table, foreign keys apart, name).
    type Key<'n> = (Option<&'n str>, Option<&'n str>, u8, &'n str);
    fn key<'n>(n: &'n Named<'_>, provider: Provider) -> Key<'n> {
        let table = (n.kind.scope(provider) == Scope::Table).then(|| n.model.db_name.as_str());
        let group = u8::from(n.kind == ConstraintKind::ForeignKey);
        (n.model.schema.as_deref(), table, group, n.name.as_str())
    }
    let mut counts: HashMap<Key<'_>, usize> = HashMap::new();
    for n in &all {
        *counts.entry(key(n, provider)).or_default() += 1;
    }
    for n in &all {
        if counts[&key(n, provider)] > 1 {
            ctx.diags.error(
                codes::DUPLICATE_CONSTRAINT_NAME,
                format!(
                    "Error parsing attribute \"{}\": The given constraint name `{}` has to be unique in the following namespace: {}. Please provide a different name using the `map` argument.",
                    n.attribute,
                    n.name,
                    n.kind.namespace(provider, n.model)
                ),
                n.span,
            );
        }
    }
}
