//! Block attributes of models and views: `@@id`, `@@unique`, `@@index`, `@@fulltext`, `@@map`,
//! `@@schema`, `@@ignore`; and the readers of `@map`/`@@map`/`@@schema` and index field
//! options that field attributes share.

use super::args::{attr_context, describe, expect_string, expect_u32, Args};
use super::fields::clustered;
use super::{codes, Ctx};
use crate::ast::{Attribute, Block, Expression};
use crate::datamodel::{
    Arity, DbName, Index, IndexAlgorithm, IndexField, IndexKind, Model, OperatorClass, PrimaryKey, Provider,
    ScalarType, SortOrder,
};
use crate::diagnostics::{Diagnostic, Stage};

/// `@map("name")` / `@@map("name")`.
pub(crate) fn read_map(attr: &Attribute, block_level: bool, ctx: &mut Ctx<'_>) -> Option<String> {
    let args = Args::new(attr, Some("name"), &["name"], ctx.diags);
    let name = expect_string(args.required("name", ctx.diags)?, ctx.diags)?;
    if name.is_empty() {
        // Prisma accepts it, but no database accepts an empty identifier.
        ctx.diags.warning(
            codes::EMPTY_MAP,
            format!(
                "`{}(\"\")`: an empty name cannot be used in the database; ebb keeps the unmapped name",
                if block_level { "@@map" } else { "@map" }
            ),
            attr.span,
        );
        return None;
    }
    Some(name.to_string())
}

/// `@@schema("name")`, checked against the datasource's `schemas`.
pub(crate) fn read_schema(attr: &Attribute, ctx: &mut Ctx<'_>) -> Option<String> {
    let args = Args::new(attr, Some("name"), &["name"], ctx.diags);
    let expr = args.required("name", ctx.diags)?;
    let name = expect_string(expr, ctx.diags)?;
    if ctx.without_datasource {
        ctx.diags.error(
            codes::UNKNOWN_SCHEMA,
            "@@schema is not supported on the current datasource provider: the schema has no datasource.",
            attr.span,
        );
        return None;
    }
    if ctx.provider.is_some_and(|p| !p.supports_multi_schema()) {
        ctx.diags.error(
            codes::UNKNOWN_SCHEMA,
            format!(
                "{}: The `@@schema` attribute is not supported with the current connector.",
                attr_context(attr, true)
            ),
            attr.span,
        );
        return None;
    }
    match &ctx.schemas {
        Some(list) if list.iter().any(|s| s == name) => {}
        _ => ctx.diags.error(
            codes::UNKNOWN_SCHEMA,
            "This schema is not defined in the datasource. Read more on `@@schema` at https://pris.ly/d/multi-schema",
            expr.span(),
        ),
    }
    Some(name.to_string())
}

fn sort_order(expr: &Expression, attr: &Attribute, block_level: bool, ctx: &mut Ctx<'_>) -> Option<SortOrder> {
    match expr {
        Expression::Constant(c, _) if c == "Asc" => Some(SortOrder::Asc),
        Expression::Constant(c, _) if c == "Desc" => Some(SortOrder::Desc),
        other => {
            ctx.diags.error(
                codes::INVALID_ARGUMENT_VALUE,
                format!(
                    "{}: The `sort` argument can only be `Asc` or `Desc` you provided: {}.",
                    attr_context(attr, block_level),
                    super::config::expression_text(other)
                ),
                other.span(),
            );
            None
        }
    }
}

/// `sort:` and `length:` on a field-level `@id`/`@unique`, checked against the provider.
pub(crate) fn index_field_options(
    args: &Args<'_>,
    attr: &Attribute,
    kind: IndexKind,
    primary_key: bool,
    ctx: &mut Ctx<'_>,
) -> (Option<SortOrder>, Option<u32>) {
    let sort = args.get("sort").and_then(|e| sort_order(e, attr, false, ctx));
    let length = args.get("length").and_then(|e| expect_u32(e, ctx.diags));
    check_sort_length(sort.is_some(), length.is_some(), attr, kind, primary_key, false, ctx);
    (sort, length)
}

fn check_sort_length(
    has_sort: bool,
    has_length: bool,
    attr: &Attribute,
    _kind: IndexKind,
    primary_key: bool,
    block_level: bool,
    ctx: &mut Ctx<'_>,
) {
    let Some(provider) = ctx.provider else { return };
    if has_length && provider != Provider::MySql {
        let what = if primary_key { "a primary key" } else { "an index" };
        ctx.diags.error(
            codes::INDEX_ARGUMENT_UNSUPPORTED,
            format!(
                "{}: The length argument is not supported in {what} definition with the current connector",
                attr_context(attr, block_level)
            ),
            attr.span,
        );
    }
    if has_sort && primary_key && !matches!(provider, Provider::MySql | Provider::SqlServer) {
        ctx.diags.error(
            codes::INDEX_ARGUMENT_UNSUPPORTED,
            format!(
                "{}: The sort argument is not supported in the primary key definition with the current connector",
                attr_context(attr, block_level)
            ),
            attr.span,
        );
    }
}

/// Reads the field list of `@@id`/`@@unique`/`@@index`/`@@fulltext`: names, optionally with
/// `(sort: …, length: …, ops: …)`. Unknown and relation fields are reported.
fn index_fields(
    expr: &Expression,
    attr: &Attribute,
    model: &Model,
    kind: IndexKind,
    primary_key: bool,
    ctx: &mut Ctx<'_>,
) -> Option<Vec<IndexField>> {
    // A single field may be written without brackets: `@@index(email)`.
    let single;
    let items: &[Expression] = match expr {
        Expression::Array(items, _) => items,
        Expression::Constant(..) | Expression::Function(..) => {
            single = [expr.clone()];
            &single
        }
        _ => {
            ctx.diags.error(
                codes::INVALID_ARGUMENT_VALUE,
                format!(
                    "{}: Expected a list of field names, but received {}.",
                    attr_context(attr, true),
                    describe(expr)
                ),
                expr.span(),
            );
            return None;
        }
    };
    let what = match (kind, primary_key) {
        (_, true) => "id",
        (IndexKind::Unique, _) => "unique index",
        (IndexKind::Normal, _) => "index",
        (IndexKind::Fulltext, _) => "fulltext index",
    };
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut relation = Vec::new();
    let mut ok = true;
    for item in items {
        let (name, fn_args) = match item {
            Expression::Constant(name, _) => (name.as_str(), None),
            Expression::Function(name, list, _) => (name.name.as_str(), Some(list)),
            other => {
                ctx.diags.error(
                    codes::INVALID_ARGUMENT_VALUE,
                    format!("Expected a constant literal value, but received {}.", describe(other)),
                    other.span(),
                );
                ok = false;
                continue;
            }
        };
        let Some(field) = model.find_scalar_field(name) else {
            if model.find_relation_field(name).is_some() {
                relation.push(name.to_string());
            } else {
                unknown.push(name.to_string());
            }
            continue;
        };
        let mut index_field = IndexField { field, sort: None, length: None, ops: None };
        for arg in fn_args.map_or(&[][..], |l| &l.arguments[..]) {
            match arg.name.as_ref().map(|n| n.name.as_str()) {
                Some("sort") => index_field.sort = sort_order(&arg.value, attr, true, ctx),
                Some("length") => index_field.length = expect_u32(&arg.value, ctx.diags),
                Some("ops") => index_field.ops = operator_class(&arg.value, ctx),
                // Prisma ignores other arguments here (`order:` is seen in real schemas).
                other => ctx.diags.warning(
                    codes::IGNORED_INDEX_FIELD_ARGUMENT,
                    format!(
                        "the argument `{}` of an index field is ignored (Prisma ignores it too); index fields take `sort`, `length` and `ops`",
                        other.unwrap_or("(unnamed)")
                    ),
                    arg.span,
                ),
            }
        }
        check_sort_length(index_field.sort.is_some(), index_field.length.is_some(), attr, kind, primary_key, true, ctx);
        if index_field.length.is_some() {
            let r#type = &model.scalar_field(field).r#type;
            if kind == IndexKind::Fulltext {
                ctx.diags.error(
                    codes::INDEX_ARGUMENT_UNSUPPORTED,
                    format!(
                        "{}: The length argument is not supported in a @@fulltext attribute.",
                        attr_context(attr, true)
                    ),
                    item.span(),
                );
            } else if ctx.is_provider(Provider::MySql) && !matches!(r#type, ScalarType::String | ScalarType::Bytes) {
                ctx.diags.error(
                    codes::INDEX_ARGUMENT_UNSUPPORTED,
                    format!(
                        "{}: The length argument is only allowed with field types `String` or `Bytes`.",
                        attr_context(attr, true)
                    ),
                    item.span(),
                );
            }
        }
        if primary_key && model.scalar_field(field).arity != Arity::Required {
            ctx.diags.error(
                codes::OPTIONAL_ID,
                format!(
                    "Error validating model \"{}\": The id definition refers to the optional field `{name}`. Id definitions must reference only required fields.",
                    model.name
                ),
                item.span(),
            );
        }
        if out.iter().any(|f: &IndexField| f.field == field) {
            ctx.diags.error(
                codes::UNKNOWN_INDEX_FIELD,
                format!(
                    "Error validating model \"{}\": The {what} definition refers to the field {name} multiple times.",
                    model.name
                ),
                item.span(),
            );
            ok = false;
        }
        out.push(index_field);
    }
    if !unknown.is_empty() {
        let message = if primary_key {
            format!("The multi field id declaration refers to the unknown field `{}`.", unknown.join("`, `"))
        } else {
            format!("The {what} definition refers to the unknown fields: {}.", unknown.join(", "))
        };
        ctx.diags.error(
            codes::UNKNOWN_INDEX_FIELD,
            format!("Error validating model \"{}\": {message}", model.name),
            attr.span,
        );
    }
    if !relation.is_empty() {
        let message = format!(
            "The {what} definition refers to the relation fields {}. {} definitions must reference only scalar fields.",
            relation.join(", "),
            if primary_key { "ID" } else { "Index" }
        );
        ctx.diags.error(
            codes::RELATION_FIELD_IN_INDEX,
            format!("Error validating model \"{}\": {message}", model.name),
            attr.span,
        );
    }
    if items.is_empty() {
        // Prisma finds an empty list with the provider rules, after the attributes.
        ctx.diags.push(
            Diagnostic::error(
                codes::INVALID_ARGUMENT_VALUE,
                format!("{}: The list of fields must not be empty.", attr_context(attr, true)),
                expr.span(),
            )
            .in_stage(Stage::Validation),
        );
        return None;
    }
    (ok && unknown.is_empty() && relation.is_empty()).then_some(out)
}

/// Operator classes Prisma knows by name, per index type. Block range (BRIN) classes follow a
/// naming pattern and are recognised by suffix.
const GIN_OPS: &[&str] = &["ArrayOps", "JsonbOps", "JsonbPathOps"];
const GIST_OPS: &[&str] = &["InetOps"];
const SPGIST_OPS: &[&str] = &["InetOps", "TextOps"];

fn is_brin_ops(name: &str) -> bool {
    ["BloomOps", "MinMaxOps", "MinMaxMultiOps", "InclusionOps"].iter().any(|s| name.ends_with(s))
}

/// Checks named operator classes against the index type they are used with (PostgreSQL).
fn check_operator_classes(index: &Index, attr: &Attribute, ctx: &mut Ctx<'_>) {
    let algorithm = index.algorithm.unwrap_or(IndexAlgorithm::BTree);
    for field in &index.fields {
        let Some(OperatorClass::Named(name)) = &field.ops else {
            continue;
        };
        let fits = match algorithm {
            IndexAlgorithm::Gin => GIN_OPS.contains(&name.as_str()),
            IndexAlgorithm::Gist => GIST_OPS.contains(&name.as_str()),
            IndexAlgorithm::SpGist => SPGIST_OPS.contains(&name.as_str()),
            IndexAlgorithm::Brin => is_brin_ops(name),
            IndexAlgorithm::BTree | IndexAlgorithm::Hash => false,
        };
        if !fits {
            let type_name = match algorithm {
                IndexAlgorithm::BTree => "BTree",
                IndexAlgorithm::Hash => "Hash",
                IndexAlgorithm::Gist => "Gist",
                IndexAlgorithm::Gin => "Gin",
                IndexAlgorithm::SpGist => "SpGist",
                IndexAlgorithm::Brin => "Brin",
            };
            ctx.diags.error(
                codes::INDEX_ARGUMENT_UNSUPPORTED,
                format!(
                    "{}: The given operator class `{name}` is not supported with the `{type_name}` index type.",
                    attr_context(attr, true)
                ),
                attr.span,
            );
        }
    }
}

fn operator_class(expr: &Expression, ctx: &mut Ctx<'_>) -> Option<OperatorClass> {
    match expr {
        Expression::Constant(c, _) => Some(OperatorClass::Named(c.clone())),
        Expression::Function(name, args, _) if name.name == "raw" => match args.arguments.as_slice() {
            [arg] if arg.name.is_none() => {
                expect_string(&arg.value, ctx.diags).map(|s| OperatorClass::Raw(s.to_string()))
            }
            _ => {
                ctx.diags.error(codes::INVALID_ARGUMENT_VALUE, "`raw()` takes one string argument.", expr.span());
                None
            }
        },
        other => {
            ctx.diags.error(
                codes::INVALID_ARGUMENT_VALUE,
                format!("Expected an operator class, but received {}.", describe(other)),
                other.span(),
            );
            None
        }
    }
}

/// `where: raw("predicate")` of a partial index.
fn partial_index_predicate(expr: &Expression, attr: &Attribute, ctx: &mut Ctx<'_>) -> Option<String> {
    if !ctx.preview_features.iter().any(|f| f == "partialIndexes") {
        // Prisma checks preview features with the provider rules, after the attributes.
        ctx.diags.push(
            Diagnostic::error(
                codes::PREVIEW_FEATURE_REQUIRED,
                format!(
                    "{}: Partial indexes are a preview feature. Add \"partialIndexes\" to previewFeatures in your generator block.",
                    attr_context(attr, true)
                ),
                attr.span,
            )
            .in_stage(Stage::Validation),
        );
        return None;
    }
    match expr {
        Expression::Function(name, args, _) if name.name == "raw" => match args.arguments.as_slice() {
            [arg] if arg.name.is_none() => expect_string(&arg.value, ctx.diags).map(str::to_string),
            _ => {
                ctx.diags.error(codes::INVALID_ARGUMENT_VALUE, "`raw()` takes one string argument.", expr.span());
                None
            }
        },
        other => {
            ctx.diags.error(
                codes::INVALID_ARGUMENT_VALUE,
                format!(
                    "{}: the `where` argument takes `raw(\"predicate\")`, but received {}.",
                    attr_context(attr, true),
                    describe(other)
                ),
                other.span(),
            );
            None
        }
    }
}

fn index_algorithm(expr: &Expression, attr: &Attribute, ctx: &mut Ctx<'_>) -> Option<IndexAlgorithm> {
    let Some(algorithm) = expr.as_constant().and_then(IndexAlgorithm::from_name) else {
        ctx.diags.error(
            codes::INVALID_ARGUMENT_VALUE,
            format!(
                "{}: Unknown index type: {}. Use one of BTree, Hash, Gist, Gin, SpGist, Brin.",
                attr_context(attr, true),
                describe(expr)
            ),
            expr.span(),
        );
        return None;
    };
    let supported = match ctx.provider {
        None if ctx.without_datasource => false,
        None | Some(Provider::PostgreSql) => true,
        Some(Provider::CockroachDb) => {
            matches!(algorithm, IndexAlgorithm::BTree | IndexAlgorithm::Gin)
        }
        Some(Provider::MySql) => algorithm == IndexAlgorithm::BTree,
        Some(_) => algorithm == IndexAlgorithm::BTree,
    };
    if !supported {
        ctx.diags.error(
            codes::INDEX_ARGUMENT_UNSUPPORTED,
            format!("{}: The given index type is not supported with the current connector", attr_context(attr, true)),
            expr.span(),
        );
    }
    Some(algorithm)
}

/// Applies the block attributes of one model or view.
pub(crate) fn apply(block: &Block, model: &mut Model, ctx: &mut Ctx<'_>) {
    let attrs: Vec<&Attribute> = block.attributes().collect();
    let once = |attr: &Attribute| matches!(attr.name.name.as_str(), "id" | "map" | "schema" | "ignore" | "shardKey");
    for (i, attr) in attrs.iter().enumerate() {
        let twice = attrs.iter().enumerate().any(|(j, a)| j != i && a.name.name == attr.name.name);
        if once(attr) && twice {
            ctx.diags.error(
                codes::DUPLICATE_ATTRIBUTE,
                format!("Attribute \"@{}\" can only be defined once.", attr.name.name),
                attr.span,
            );
        }
    }
    let mut has_block_id = false;
    for (i, attr) in attrs.iter().copied().enumerate() {
        // Only the first of an attribute allowed once is read; the repeat is reported above.
        if once(attr) && attrs[..i].iter().any(|a| a.name.name == attr.name.name) {
            continue;
        }
        match attr.name.name.as_str() {
            "map" => {
                if let Some(name) = read_map(attr, true, ctx) {
                    model.db_name = DbName(name);
                }
            }
            "schema" => model.schema = read_schema(attr, ctx),
            "ignore" => {
                if !attr.args().is_empty() {
                    ctx.diags.error(codes::UNKNOWN_ARGUMENT, "No such argument.", attr.args()[0].span);
                }
                model.ignored = true;
            }
            "id" => {
                let args = Args::new(attr, Some("fields"), &["fields", "name", "map", "clustered"], ctx.diags);
                let fields = args
                    .required("fields", ctx.diags)
                    .and_then(|e| index_fields(e, attr, model, IndexKind::Unique, true, ctx));
                let name = args.get("name").and_then(|e| expect_string(e, ctx.diags)).map(str::to_string);
                let map = args.get("map").and_then(|e| expect_string(e, ctx.diags)).map(|s| DbName(s.to_string()));
                let clustered = clustered(&args, attr, ctx);
                if model.is_view {
                    ctx.diags.warning(
                        codes::ID_ON_VIEW,
                        "`@@id` on a view is Prisma 6 form: Prisma 7 refuses ids on views (use `@@unique`); ebb ignores it",
                        attr.span,
                    );
                }
                if model.primary_key.as_ref().is_some_and(|pk| pk.defined_on_field) {
                    ctx.diags.error(
                        codes::MULTIPLE_IDS,
                        format!(
                            "Error validating model \"{}\": Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time.",
                            model.name
                        ),
                        block.name.span,
                    );
                } else if let (Some(fields), false) = (fields, has_block_id) {
                    model.primary_key =
                        Some(PrimaryKey { fields, name, map, clustered, defined_on_field: false, span: attr.span });
                }
                has_block_id = true;
            }
            "unique" | "index" | "fulltext" => {
                let kind = match attr.name.name.as_str() {
                    "unique" => IndexKind::Unique,
                    "index" => IndexKind::Normal,
                    _ => IndexKind::Fulltext,
                };
                let params: &[&'static str] = match kind {
                    IndexKind::Unique => &["fields", "name", "map", "clustered", "length", "sort", "where"],
                    IndexKind::Normal => &["fields", "name", "map", "clustered", "type", "where"],
                    IndexKind::Fulltext => &["fields", "map"],
                };
                let args = Args::new(attr, Some("fields"), params, ctx.diags);
                if model.is_view && kind != IndexKind::Unique {
                    ctx.diags.error(codes::VIEW_INDEX, "Error validating: Views cannot have indexes.", attr.span);
                }
                if kind == IndexKind::Fulltext
                    && (ctx.without_datasource
                        || ctx.provider.is_some_and(|p| !matches!(p, Provider::MySql | Provider::MongoDb)))
                {
                    ctx.diags.error(
                        codes::FULLTEXT_UNSUPPORTED,
                        format!(
                            "{}: Defining fulltext indexes is not supported with the current connector.",
                            attr_context(attr, true)
                        ),
                        attr.span,
                    );
                }
                let fields =
                    args.required("fields", ctx.diags).and_then(|e| index_fields(e, attr, model, kind, false, ctx));
                let mut name = args.get("name").and_then(|e| expect_string(e, ctx.diags)).map(str::to_string);
                let mut map = args.get("map").and_then(|e| expect_string(e, ctx.diags)).map(|s| DbName(s.to_string()));
                // `@@index(name: "…")` is the older spelling of `map:`: it names the index in
                // the database, and the index has no client name.
                if kind == IndexKind::Normal {
                    if let Some(n) = name.take() {
                        map.get_or_insert(DbName(n));
                    }
                }
                let clustered = clustered(&args, attr, ctx);
                if model.is_view && kind == IndexKind::Unique {
                    super::fields::check_view_unique(map.is_some(), clustered.is_some(), attr, ctx);
                }
                let algorithm = args.get("type").and_then(|e| index_algorithm(e, attr, ctx));
                let predicate = args.get("where").and_then(|e| partial_index_predicate(e, attr, ctx));
                if let Some(fields) = fields {
                    let index = Index {
                        kind,
                        fields,
                        name,
                        map,
                        clustered,
                        algorithm,
                        defined_on_field: false,
                        predicate,
                        span: attr.span,
                    };
                    if ctx.provider.is_some_and(|p| matches!(p, Provider::PostgreSql | Provider::CockroachDb)) {
                        check_operator_classes(&index, attr, ctx);
                    }
                    model.indexes.push(index);
                }
            }
            "shardKey" => check_shard_key(attr, true, ctx),
            other => {
                ctx.diags.push(Diagnostic::error(
                    codes::UNKNOWN_ATTRIBUTE,
                    format!("Attribute not known: \"@@{other}\"."),
                    attr.name.span,
                ));
            }
        }
    }
    if model.ignored {
        for attr in block.fields().flat_map(|f| f.attributes.iter()).filter(|a| a.name.name == "ignore") {
            ctx.diags.error(
                codes::ATTRIBUTE_NOT_ALLOWED,
                "Error parsing attribute \"@ignore\": Fields on an already ignored Model do not need an `@ignore` annotation.",
                attr.span,
            );
        }
    }
    if model.schema.is_none() && ctx.schemas.is_some() {
        ctx.diags.error(
            codes::MISSING_SCHEMA,
            format!("Error validating model \"{}\": This model is missing an `@@schema` attribute.", model.name),
            block.name.span,
        );
    }
    check_shard_key_fields(block, model, ctx);
}

/// The shape of a model's shard key: one `@shardKey` field or one `@@shardKey([...])`, on
/// required scalar fields, never both. (The preview feature and the provider are checked where
/// each attribute is read, by `check_shard_key`.)
fn check_shard_key_fields(block: &Block, model: &Model, ctx: &mut Ctx<'_>) {
    let mut on_fields = Vec::new();
    for field in block.fields() {
        for attr in field.attributes.iter().filter(|a| a.name.name == "shardKey") {
            on_fields.push(attr.span);
            if let Some(arg) = attr.args().first() {
                ctx.diags.error(codes::UNKNOWN_ARGUMENT, "No such argument.", arg.span);
            }
            if field.arity != crate::ast::Arity::Required {
                // Prisma finds this while reading the attributes, before the provider rules.
                ctx.diags.push(
                    Diagnostic::error(
                        codes::INVALID_SHARD_KEY,
                        "Error parsing attribute \"@shardKey\": Fields that are marked as shard keys must be required.",
                        attr.span,
                    )
                    .in_stage(Stage::Attributes),
                );
            }
        }
    }
    let blocks: Vec<&Attribute> = block.attributes().filter(|a| a.name.name == "shardKey").collect();
    if on_fields.len() > 1 {
        ctx.diags.error(
            codes::INVALID_SHARD_KEY,
            format!(
                "Error validating model \"{}\": At most one field must be marked as the shard key with the `@shardKey` attribute.",
                model.name
            ),
            block.name.span,
        );
    }
    if !on_fields.is_empty() && !blocks.is_empty() {
        ctx.diags.error(
            codes::INVALID_SHARD_KEY,
            format!(
                "Error validating model \"{}\": Each model must have at most one shard key. You can't have `@shardKey` and `@@shardKey` at the same time.",
                model.name
            ),
            block.name.span,
        );
    }
    // A second `@@shardKey` is reported as a repeated attribute.
    for attr in blocks.into_iter().take(1) {
        let args = Args::new(attr, Some("fields"), &["fields"], ctx.diags);
        let Some(expr) = args.required("fields", ctx.diags) else { continue };
        let items: Vec<&Expression> = match expr {
            Expression::Array(items, _) => items.iter().collect(),
            other => vec![other],
        };
        if items.is_empty() {
            ctx.diags.error(
                codes::INVALID_ARGUMENT_VALUE,
                "Error parsing attribute \"@@shardKey\": The list of fields in a `@@shardKey()` attribute cannot be empty. Please specify at least one field.",
                attr.span,
            );
        }
        for (i, item) in items.iter().enumerate() {
            let Expression::Constant(name, _) = item else { continue };
            if items[..i].iter().any(|other| matches!(other, Expression::Constant(n, _) if n == name)) {
                // Prisma's message names a unique index here.
                ctx.diags.error(
                    codes::UNKNOWN_INDEX_FIELD,
                    format!(
                        "Error validating model \"{}\": The shard key definition refers to the field {name} multiple times.",
                        model.name
                    ),
                    attr.span,
                );
                continue;
            }
            if let Some(id) = model.find_scalar_field(name) {
                if model.scalar_field(id).arity != Arity::Required {
                    ctx.diags.error(
                        codes::INVALID_SHARD_KEY,
                        format!(
                            "Error validating model \"{}\": The shard key definition refers to the optional field `{name}`. Shard key definitions must reference only required fields.",
                            model.name
                        ),
                        attr.span,
                    );
                }
            } else if model.find_relation_field(name).is_some() {
                ctx.diags.error(
                    codes::RELATION_FIELD_IN_INDEX,
                    format!(
                        "Error validating model \"{}\": The shard key definition refers to the relation field `{name}`. Shard key definitions must reference only scalar fields.",
                        model.name
                    ),
                    attr.span,
                );
            } else {
                ctx.diags.error(
                    codes::UNKNOWN_INDEX_FIELD,
                    format!(
                        "Error validating model \"{}\": The multi field shard key declaration refers to the unknown field `{name}`.",
                        model.name
                    ),
                    attr.span,
                );
            }
        }
    }
}

/// `@shardKey` / `@@shardKey`: PlanetScale (MySQL) only, behind the `shardKeys` preview feature.
pub(crate) fn check_shard_key(attr: &Attribute, block_level: bool, ctx: &mut Ctx<'_>) {
    // Prisma checks both with the provider rules, after the attributes.
    if !ctx.preview_features.iter().any(|f| f == "shardKeys") {
        ctx.diags.push(
            Diagnostic::error(
                codes::PREVIEW_FEATURE_REQUIRED,
                format!(
                    "{}: Defining shard keys requires enabling the `shardKeys` preview feature",
                    attr_context(attr, block_level)
                ),
                attr.span,
            )
            .in_stage(Stage::Validation),
        );
    }
    let unsupported = match ctx.provider {
        Some(p) if p != Provider::MySql => Some(p.name()),
        None if ctx.without_datasource => Some("empty"),
        _ => None,
    };
    if let Some(provider) = unsupported {
        ctx.diags.push(
            Diagnostic::error(
                codes::ATTRIBUTE_NOT_ALLOWED,
                format!(
                    "{}: Shard keys are not currently supported for provider {}",
                    attr_context(attr, block_level),
                    provider
                ),
                attr.span,
            )
            .in_stage(Stage::Validation),
        );
    }
}
