//! Checks over the finished datamodel: every model has a unique criterion, and database names
//! (tables, columns, enum types, constraint names given with `map:`) do not clash.

use super::names::Names;
use super::{codes, Ctx};
use crate::datamodel::{Arity, Datamodel, Default, DefaultValue, IndexKind, Model, Provider, ScalarFieldId};
use crate::diagnostics::Diagnostic;
use crate::span::Span;
use std::collections::HashMap;

pub(crate) fn check(dm: &Datamodel, _names: &Names<'_>, ctx: &mut Ctx<'_>) {
    for model in &dm.models {
        check_unique_criterion(model, ctx);
        check_columns(model, ctx);
        check_client_names(model, ctx);
        check_autoincrement(model, ctx);
    }
    check_tables(dm, ctx);
    check_enum_types(dm, ctx);
    check_constraint_names(dm, ctx);
}

fn check_unique_criterion(model: &Model, ctx: &mut Ctx<'_>) {
    if model.is_view || model.ignored {
        return;
    }
    // A criterion counts when all its fields are required and usable by the client
    // (`Unsupported` fields are not).
    let usable = |f: &crate::datamodel::IndexField| {
        let field = model.scalar_field(f.field);
        field.arity == Arity::Required && !matches!(field.r#type, crate::datamodel::ScalarType::Unsupported(_))
    };
    let criteria = model
        .primary_key
        .iter()
        .map(|pk| &pk.fields)
        .chain(model.unique_indexes().map(|u| &u.fields));
    let (good, bad): (Vec<_>, Vec<_>) = criteria.partition(|fields| fields.iter().all(usable));
    if !good.is_empty() {
        return;
    }
    let mut message = format!(
        "Error validating model \"{}\": Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model.",
        model.name
    );
    if !bad.is_empty() {
        message.push_str(" The following unique criterias were not considered as they contain fields that are not required:");
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
    match ctx.provider {
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

fn check_tables(dm: &Datamodel, ctx: &mut Ctx<'_>) {
    let mut seen: HashMap<(Option<&str>, &str), &Model> = HashMap::new();
    for model in &dm.models {
        let key = (model.schema.as_deref(), model.db_name.as_str());
        if let Some(first) = seen.get(&key) {
            let message = if model.name.as_str() == model.db_name.as_str() || first.name.as_str() == first.db_name.as_str() {
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
            ctx.diags.push(Diagnostic::error(codes::DUPLICATE_TABLE, message, model.span).with_label(first.span, "first mapped here"));
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
                    format!("The enums \"{}\" and \"{}\" are both mapped to the database enum \"{}\".", first.name, e.name, e.db_name),
                    e.span,
                )
                .with_label(first.span, "first mapped here"),
            );
        } else {
            seen.insert(key, e);
        }
    }
}

/// Explicit constraint names (`map:`) must be unique where the database requires it: on
/// PostgreSQL, CockroachDB and SQLite, indexes, unique constraints and primary keys share one
/// namespace per schema; on MySQL and SQL Server, per table. Foreign keys are checked per table.
fn check_constraint_names(dm: &Datamodel, ctx: &mut Ctx<'_>) {
    let global = ctx.provider.is_some_and(|p| matches!(p, Provider::PostgreSql | Provider::CockroachDb | Provider::Sqlite));
    let mut seen: HashMap<(Option<&str>, Option<&str>, &str), Span> = HashMap::new();
    let mut clashes: Vec<(Span, String, &'static str)> = Vec::new();
    for model in dm.models.iter().filter(|m| !m.is_view) {
        let table = if global { None } else { Some(model.db_name.as_str()) };
        let pk = model.primary_key.iter().filter_map(|pk| pk.map.as_ref().map(|m| (m.as_str(), pk.span, if pk.defined_on_field { "@id" } else { "@@id" })));
        let idx = model.indexes.iter().filter_map(|i| {
            let attr = match (i.kind, i.defined_on_field) {
                (IndexKind::Unique, true) => "@unique",
                (IndexKind::Unique, false) => "@@unique",
                (IndexKind::Normal, _) => "@@index",
                (IndexKind::Fulltext, _) => "@@fulltext",
            };
            i.map.as_ref().map(|m| (m.as_str(), i.span, attr))
        });
        for (name, span, attr) in pk.chain(idx) {
            let key = (model.schema.as_deref(), table, name);
            if let Some(first) = seen.get(&key) {
                clashes.push((*first, name.to_string(), attr));
                clashes.push((span, name.to_string(), attr));
            } else {
                seen.insert(key, span);
            }
        }
        let mut fks: HashMap<&str, Span> = HashMap::new();
        for rf in &model.relation_fields {
            if let Some(map) = &rf.map {
                if let Some(first) = fks.get(map.as_str()) {
                    clashes.push((*first, map.to_string(), "@relation"));
                    clashes.push((rf.span, map.to_string(), "@relation"));
                } else {
                    fks.insert(map.as_str(), rf.span);
                }
            }
        }
    }
    clashes.sort_by_key(|(span, _, _)| *span);
    clashes.dedup_by_key(|(span, _, _)| *span);
    let namespace = if global { "global for primary key, indexes and unique constraints" } else { "table for primary key, indexes and unique constraints" };
    for (span, name, attr) in clashes {
        let ns = if attr == "@relation" { "table for foreign keys" } else { namespace };
        ctx.diags.error(
            codes::DUPLICATE_CONSTRAINT_NAME,
            format!(
                "Error parsing attribute \"{attr}\": The given constraint name `{name}` has to be unique in the following namespace: {ns}. Please provide a different name using the `map` argument."
            ),
            span,
        );
    }
}
