//! Fields of a model or view and their field attributes (`@id`, `@unique`, `@default`, `@map`,
//! `@updatedAt`, `@ignore`, `@db.*`). Relation fields are collected with their `@relation`
//! attribute, which the relations pass reads once every model is known.

use super::args::{attr_context, expect_bool, Args};
use super::model_attributes::{index_field_options, read_map};
use super::names::Names;
use super::types::{self, ResolvedType};
use super::{codes, defaults, native_types, Ctx};
use crate::ast::{Attribute, Block, BlockKind, Field};
use crate::datamodel::{
    Arity, DbName, Enum, FieldName, Index, IndexField, IndexKind, Model, ModelId, ModelName, PrimaryKey, Provider,
    RelationField, RelationId, ScalarField, ScalarFieldId, ScalarType,
};
use crate::diagnostics::Diagnostic;
use crate::span::Span;

/// A relation field's `@relation` attribute, read by the relations pass.
pub(crate) type PendingRelations<'a> = Vec<Option<&'a Attribute>>;

/// Placeholder until the relations pass pairs the field.
const UNPAIRED: RelationId = RelationId(u32::MAX);

pub(crate) fn build_model<'a>(
    block: &'a Block,
    index: usize,
    names: &Names<'a>,
    enums: &[Enum],
    ctx: &mut Ctx<'_>,
) -> (Model, PendingRelations<'a>) {
    let model_name = block.name.name.as_str();
    let mut model = Model {
        name: ModelName(model_name.to_string()),
        db_name: DbName(model_name.to_string()),
        schema: None,
        is_view: block.kind == BlockKind::View,
        ignored: false,
        documentation: block.documentation.as_ref().map(|c| c.text.clone()),
        scalar_fields: Vec::new(),
        relation_fields: Vec::new(),
        primary_key: None,
        indexes: Vec::new(),
        span: block.span,
    };
    let mut pending = Vec::new();
    let mut field_ids: Vec<(&str, Span)> = Vec::new();
    let mut extra_ids: Vec<Span> = Vec::new();
    for field in block.fields() {
        if let Some((_, first)) = field_ids.iter().find(|(n, _)| *n == field.name.name) {
            ctx.diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_FIELD,
                    format!("Field \"{}\" is already defined on model \"{model_name}\".", field.name.name),
                    field.name.span,
                )
                .with_label(*first, "first defined here"),
            );
            continue;
        }
        field_ids.push((&field.name.name, field.name.span));
        super::names::check_identifier(&field.name.name, "Field", field.name.span, ctx);
        check_duplicate_attributes(&field.attributes, ctx);
        match types::resolve(field, model_name, names, ctx) {
            None => {}
            Some(ResolvedType::Scalar(t)) => {
                let id = ScalarFieldId(model.scalar_fields.len() as u32);
                let scalar = scalar_field(field, t, id, &mut model, &mut extra_ids, enums, ctx);
                model.scalar_fields.push(scalar);
            }
            Some(ResolvedType::Relation(related)) => {
                let (relation_field, attr) = relation_field(field, related, ctx);
                model.relation_fields.push(relation_field);
                pending.push(attr);
            }
        }
    }
    if !extra_ids.is_empty() {
        ctx.diags.error(
            codes::MULTIPLE_IDS,
            format!("Error validating model \"{model_name}\": At most one field must be marked as the id field with the `@id` attribute."),
            block.name.span,
        );
    }
    let _ = index;
    (model, pending)
}

/// Whether two field attributes are the same attribute: the same name, or both native types.
fn same_attribute(a: &Attribute, b: &Attribute) -> bool {
    a.name.name == b.name.name || (a.name.name.contains('.') && b.name.name.contains('.'))
}

/// Whether the attribute at `index` repeats an earlier one. Only the first is read: a repeat is
/// reported once as such, not again through what it would define (a second unique index, …).
fn repeats_earlier(attributes: &[Attribute], index: usize) -> bool {
    attributes[..index].iter().any(|a| same_attribute(a, &attributes[index]))
}

/// Field attributes that may appear once per field.
fn check_duplicate_attributes(attributes: &[Attribute], ctx: &mut Ctx<'_>) {
    for (i, attr) in attributes.iter().enumerate() {
        let twice = attributes.iter().enumerate().any(|(j, a)| j != i && same_attribute(a, attr));
        if twice {
            ctx.diags.error(
                codes::DUPLICATE_ATTRIBUTE,
                format!("Attribute \"@{}\" can only be defined once.", attr.name.name),
                attr.span,
            );
        }
    }
}

fn scalar_field(
    field: &Field,
    r#type: ScalarType,
    id: ScalarFieldId,
    model: &mut Model,
    extra_ids: &mut Vec<Span>,
    enums: &[Enum],
    ctx: &mut Ctx<'_>,
) -> ScalarField {
    let arity = types::arity(field.arity);
    let mut out = ScalarField {
        name: FieldName(field.name.name.clone()),
        db_name: DbName(field.name.name.clone()),
        r#type,
        arity,
        native_type: None,
        default: None,
        updated_at: false,
        ignored: false,
        documentation: field.documentation.as_ref().map(|c| c.text.clone()),
        span: field.span,
    };
    for (index, attr) in field.attributes.iter().enumerate() {
        if repeats_earlier(&field.attributes, index) {
            continue;
        }
        let name = attr.name.name.as_str();
        if attr.arguments.is_some() && matches!(name, "updatedAt" | "ignore") && !attr.args().is_empty() {
            ctx.diags.error(codes::UNKNOWN_ARGUMENT, "No such argument.", attr.args()[0].span);
        }
        match name {
            "id" => {
                let args = Args::new(attr, None, &["map", "length", "sort", "clustered"], ctx.diags);
                if arity != Arity::Required {
                    ctx.diags.error(
                        codes::OPTIONAL_ID,
                        format!("{}: Fields that are marked as id must be required.", attr_context(attr, false)),
                        attr.span,
                    );
                }
                let (sort, length) = index_field_options(&args, attr, IndexKind::Unique, true, ctx);
                let map = args
                    .get("map")
                    .and_then(|e| super::args::expect_string(e, ctx.diags))
                    .map(|s| DbName(s.to_string()));
                let clustered = clustered(&args, attr, ctx);
                if model.is_view {
                    ctx.diags.warning(
                        codes::ID_ON_VIEW,
                        "`@id` on a view is Prisma 6 form: Prisma 7 refuses ids on views (use `@unique`); ebb ignores it",
                        attr.span,
                    );
                }
                if model.primary_key.is_some() {
                    extra_ids.push(attr.span);
                } else {
                    model.primary_key = Some(PrimaryKey {
                        fields: vec![IndexField { field: id, sort, length, ops: None }],
                        name: None,
                        map,
                        clustered,
                        defined_on_field: true,
                        span: attr.span,
                    });
                }
            }
            "unique" => {
                let args = Args::new(attr, None, &["map", "length", "sort", "clustered"], ctx.diags);
                let (sort, length) = index_field_options(&args, attr, IndexKind::Unique, false, ctx);
                let map = args
                    .get("map")
                    .and_then(|e| super::args::expect_string(e, ctx.diags))
                    .map(|s| DbName(s.to_string()));
                let clustered = clustered(&args, attr, ctx);
                if model.is_view {
                    check_view_unique(map.is_some(), clustered.is_some(), attr, ctx);
                }
                model.indexes.push(Index {
                    kind: IndexKind::Unique,
                    fields: vec![IndexField { field: id, sort, length, ops: None }],
                    name: None,
                    map,
                    clustered,
                    algorithm: None,
                    defined_on_field: true,
                    predicate: None,
                    span: attr.span,
                });
            }
            "default" => out.default = defaults::read(attr, &out.r#type, arity, enums, ctx),
            "map" => {
                if let Some(db) = read_map(attr, false, ctx) {
                    out.db_name = DbName(db);
                }
            }
            "updatedAt" => {
                out.updated_at = true;
                if out.r#type != ScalarType::DateTime {
                    ctx.diags.error(
                        codes::UPDATED_AT_TYPE,
                        format!(
                            "{}: Fields that are marked with @updatedAt must be of type DateTime.",
                            attr_context(attr, false)
                        ),
                        attr.span,
                    );
                }
                if arity == Arity::List {
                    ctx.diags.error(
                        codes::UPDATED_AT_TYPE,
                        format!(
                            "{}: Fields that are marked with @updatedAt cannot be lists.",
                            attr_context(attr, false)
                        ),
                        attr.span,
                    );
                }
            }
            "ignore" => out.ignored = true,
            "relation" => ctx.diags.error(
                codes::ATTRIBUTE_NOT_ALLOWED,
                format!("{}: Invalid field type, not a relation.", attr_context(attr, false)),
                attr.span,
            ),
            "shardKey" => super::model_attributes::check_shard_key(attr, false, ctx),
            _ => match native_type_prefix(name, ctx) {
                NativePrefix::Datasource(native) => {
                    let without = match &out.r#type {
                        ScalarType::Enum(id) => Some(format!("is of the enum type `{}`", enums[id.index()].name)),
                        ScalarType::Unsupported(_) => {
                            Some("is `Unsupported`: its type is written in the database's terms already".to_string())
                        }
                        _ => None,
                    };
                    match without {
                        Some(why) => not_a_native_type_field(attr, &field.name.name, &why, ctx),
                        None => out.native_type = native_types::read(attr, native, &out.r#type, ctx),
                    }
                }
                NativePrefix::Other { prefix, datasource, rest } => ctx.diags.error(
                    codes::NATIVE_TYPE_PREFIX,
                    format!(
                        "The prefix {prefix} is invalid. It must be equal to the name of an existing datasource e.g. {datasource}. Did you mean to use {datasource}.{rest}?"
                    ),
                    attr.name.span,
                ),
                NativePrefix::None => ctx.diags.error(
                    codes::UNKNOWN_ATTRIBUTE,
                    format!("Attribute not known: \"@{name}\"."),
                    attr.name.span,
                ),
            },
        }
    }
    out
}

/// A native type attribute (`@db.Text`) on a field that has no native type: a relation, enum or
/// `Unsupported` field. Prisma knows no such attribute there; `why` says what the field is.
fn not_a_native_type_field(attr: &Attribute, field: &str, why: &str, ctx: &mut Ctx<'_>) {
    ctx.diags.error(
        codes::ATTRIBUTE_NOT_ALLOWED,
        format!(
            "Attribute not known: \"@{}\": a native type needs a field of a built-in type (String, Int, …), and `{field}` {why}.",
            attr.name.name
        ),
        attr.span,
    );
}

/// What the part before the dot of an attribute like `@db.Text` is.
enum NativePrefix<'n> {
    /// The datasource's name: a native type, named by the rest.
    Datasource(&'n str),
    /// Another name while the schema has a datasource (named `datasource`).
    Other { prefix: &'n str, datasource: String, rest: &'n str },
    /// No dot: no native type attribute.
    None,
}

fn native_type_prefix<'n>(name: &'n str, ctx: &Ctx<'_>) -> NativePrefix<'n> {
    let Some((prefix, rest)) = name.split_once('.') else {
        return NativePrefix::None;
    };
    match &ctx.datasource_name {
        Some(ds) if ds == prefix => NativePrefix::Datasource(rest),
        Some(datasource) => NativePrefix::Other { prefix, datasource: datasource.clone(), rest },
        // Without a valid datasource there is nothing to check the prefix against; the
        // datasource problem is reported already.
        None => NativePrefix::Datasource(rest),
    }
}

/// A unique on a view is a promise about the view's rows, not an index in the database: it
/// has no database name and no clustering.
pub(crate) fn check_view_unique(mapped: bool, clustered: bool, attr: &Attribute, ctx: &mut Ctx<'_>) {
    let what = match (mapped, clustered) {
        (true, _) => "specify a mapped database name",
        (false, true) => "be clustered",
        (false, false) => return,
    };
    ctx.diags.error(
        codes::ATTRIBUTE_NOT_ALLOWED,
        format!("Error validating: @@unique annotations on views are not backed by unique indexes in the database and cannot {what}."),
        attr.span,
    );
}

pub(crate) fn clustered(args: &Args<'_>, attr: &Attribute, ctx: &mut Ctx<'_>) -> Option<bool> {
    let expr = args.get("clustered")?;
    let value = expect_bool(expr, ctx.diags)?;
    if ctx.without_datasource || ctx.provider.is_some_and(|p| p != Provider::SqlServer) {
        ctx.diags.error(
            codes::INDEX_ARGUMENT_UNSUPPORTED,
            format!("{}: Defining clustering is not supported in the current connector.", attr_context(attr, false)),
            expr.span(),
        );
    }
    Some(value)
}

fn relation_field<'a>(field: &'a Field, related: ModelId, ctx: &mut Ctx<'_>) -> (RelationField, Option<&'a Attribute>) {
    let mut relation_attr = None;
    let mut ignored = false;
    for (index, attr) in field.attributes.iter().enumerate() {
        if repeats_earlier(&field.attributes, index) {
            continue;
        }
        match attr.name.name.as_str() {
            "relation" => relation_attr = Some(attr),
            "ignore" => ignored = true,
            "default" => ctx.diags.error(
                codes::DEFAULT_NOT_ALLOWED,
                format!("{}: Cannot set a default value on a relation field.", attr_context(attr, false)),
                attr.span,
            ),
            "id" | "unique" | "map" | "updatedAt" => ctx.diags.error(
                codes::ATTRIBUTE_NOT_ALLOWED,
                format!(
                    "{}: the field `{}` is a relation field; put this attribute on its scalar fields (the ones in `fields: [...]`).",
                    attr_context(attr, false),
                    field.name.name
                ),
                attr.span,
            ),
            other if other.contains('.') => {
                not_a_native_type_field(attr, &field.name.name, "is a relation field", ctx)
            }
            other => ctx.diags.error(codes::UNKNOWN_ATTRIBUTE, format!("Attribute not known: \"@{other}\"."), attr.name.span),
        }
    }
    let rf = RelationField {
        name: FieldName(field.name.name.clone()),
        related_model: related,
        arity: types::arity(field.arity),
        relation: UNPAIRED,
        relation_name: None,
        fields: Vec::new(),
        references: Vec::new(),
        on_delete: None,
        on_update: None,
        map: None,
        ignored,
        documentation: field.documentation.as_ref().map(|c| c.text.clone()),
        span: field.span,
    };
    (rf, relation_attr)
}
