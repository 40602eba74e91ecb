//! The `datasource` and `generator` blocks: provider, URLs (Prisma 6 form, accepted with a
//! warning), relation mode, PostgreSQL extensions, schemas, preview features.

use super::args::{describe, expect_string_list};
use super::codes;
use crate::ast::{Block, BlockKind, Expression, Property, SchemaAst, TopItem};
use crate::datamodel::{Datasource, Extension, Generator, Provider, RelationMode, StringOrEnv};
use crate::diagnostics::Diagnostics;

/// Preview features Prisma 7.10.1 accepts: the current ones and those it has made stable or
/// retired without complaint.
const ACCEPTED_PREVIEW_FEATURES: &[&str] = &[
    // current
    "fullTextSearchPostgres",
    "nativeDistinct",
    "partialIndexes",
    "postgresqlExtensions",
    "relationJoins",
    "schemaEngineDriverAdapters",
    "shardKeys",
    "strictUndefinedChecks",
    "typedSql",
    "views",
    // stabilized or retired, still accepted silently
    "aggregateApi",
    "atomicNumberOperations",
    "clientExtensions",
    "cockroachdb",
    "connectOrCreate",
    "createMany",
    "dataProxy",
    "deno",
    "driverAdapters",
    "extendedIndexes",
    "extendedWhereUnique",
    "fieldReference",
    "filterJson",
    "filteredRelationCount",
    "fullTextIndex",
    "fullTextSearch",
    "groupBy",
    "improvedQueryRaw",
    "interactiveTransactions",
    "jsonProtocol",
    "microsoftSqlServer",
    "middlewares",
    "mongoDb",
    "multiSchema",
    "nApi",
    "namedConstraints",
    "napi",
    "omitApi",
    "orderByAggregateGroup",
    "orderByNulls",
    "orderByRelation",
    "prismaSchemaFolder",
    "queryCompiler",
    "referentialActions",
    "referentialIntegrity",
    "selectRelationCount",
    "tracing",
    "transactionApi",
    "uncheckedScalarInputs",
];

/// Preview features Prisma 6 knew and Prisma 7 refuses; ebb accepts them with a warning so that
/// Prisma 6 projects keep working.
const RETIRED_PREVIEW_FEATURES: &[&str] = &["metrics"];

/// Reads every datasource and generator block. Returns the datasource (the first one when
/// there are several, which is an error) and the generators.
pub(crate) fn read(asts: &[SchemaAst], diags: &mut Diagnostics) -> (Option<Datasource>, Vec<Generator>) {
    let blocks = || {
        asts.iter().flat_map(|a| a.items.iter()).filter_map(|i| match i {
            TopItem::Block(b) => Some(b),
            _ => None,
        })
    };
    let datasources: Vec<&Block> = blocks().filter(|b| b.kind == BlockKind::Datasource).collect();
    for (i, block) in datasources.iter().enumerate() {
        let name = &block.name.name;
        if let Some(first) = datasources[..i].iter().find(|b| &b.name.name == name) {
            diags.push(
                crate::Diagnostic::error(
                    codes::DUPLICATE_DATASOURCE,
                    format!("The source \"{name}\" cannot be defined because a source with that name already exists."),
                    block.name.span,
                )
                .with_label(first.name.span, "first defined here"),
            );
        }
        // Like Prisma, every datasource is reported, each pointing at another one.
        if datasources.len() > 1 {
            let (other, note) = if i == 0 {
                (datasources[1], "another datasource defined here")
            } else {
                (datasources[0], "first datasource defined here")
            };
            diags.push(
                crate::Diagnostic::error(
                    codes::MULTIPLE_DATASOURCES,
                    format!("Error validating datasource `{name}`: You defined more than one datasource. This is not allowed yet because support for multiple databases has not been implemented yet."),
                    block.name.span,
                )
                .with_label(other.name.span, note),
            );
        }
    }
    // Only the first datasource is read: the others are refused above.
    let datasource = datasources.first().and_then(|block| read_datasource(block, diags));
    let mut generators: Vec<Generator> = Vec::new();
    for block in blocks().filter(|b| b.kind == BlockKind::Generator) {
        let generator = read_generator(block, diags);
        if let Some(first) = generators.iter().find(|g| g.name == generator.name) {
            diags.push(
                crate::Diagnostic::error(
                    codes::DUPLICATE_GENERATOR,
                    format!(
                        "The generator \"{}\" cannot be defined because a generator with that name already exists.",
                        generator.name
                    ),
                    block.name.span,
                )
                .with_label(first.span, "first defined here"),
            );
            continue;
        }
        generators.push(generator);
    }
    if let Some(ds) = &datasource {
        let enabled = generators.iter().any(|g| g.preview_features.iter().any(|f| f == "postgresqlExtensions"));
        let property = blocks().find(|b| b.kind == BlockKind::Datasource).and_then(|b| b.property("extensions"));
        // Even an empty list needs the preview feature.
        if let Some(span) = property.map(|p| p.span).filter(|_| !enabled && ds.provider == Provider::PostgreSql) {
            diags.error(
                codes::PREVIEW_FEATURE_REQUIRED,
                "The `extensions` property is only available with the `postgresqlExtensions` preview feature.",
                span,
            );
        }
    }
    (datasource, generators)
}

fn check_duplicate_properties(block: &Block, diags: &mut Diagnostics) {
    let props: Vec<&Property> = block.properties().collect();
    for (i, p) in props.iter().enumerate() {
        if let Some(first) = props[..i].iter().find(|q| q.name.name == p.name.name) {
            diags.push(
                crate::Diagnostic::error(
                    codes::DUPLICATE_PROPERTY,
                    format!(
                        "Key \"{}\" is already defined in {} \"{}\".",
                        p.name.name,
                        block.kind.keyword(),
                        block.name.name
                    ),
                    p.name.span,
                )
                .with_label(first.name.span, "first defined here"),
            );
        }
    }
}

fn read_datasource(block: &Block, diags: &mut Diagnostics) -> Option<Datasource> {
    check_duplicate_properties(block, diags);
    let provider_prop = block.property("provider");
    let provider = match provider_prop.and_then(|p| p.value.as_ref()) {
        None => {
            diags.error(
                codes::MISSING_PROVIDER,
                format!("Argument \"provider\" is missing in data source block \"{}\".", block.name.name),
                block.name.span,
            );
            None
        }
        Some(Expression::String(name, span)) => match Provider::from_name(name) {
            Some(Provider::MongoDb) => {
                diags.error(
                    codes::MONGODB_UNSUPPORTED,
                    "provider \"mongodb\" is not supported: ebb manages SQL databases; MongoDB has no SQL migrations",
                    *span,
                );
                Some(Provider::MongoDb)
            }
            Some(p) => Some(p),
            None => {
                diags.error(codes::UNKNOWN_PROVIDER, format!("Datasource provider not known: \"{name}\"."), *span);
                None
            }
        },
        Some(other) => {
            diags.error(
                codes::INVALID_PROPERTY_VALUE,
                format!("Expected a string value, but received {}.", describe(other)),
                other.span(),
            );
            None
        }
    };

    let mut url = None;
    let mut direct_url = None;
    let mut shadow_database_url = None;
    let mut relation_mode = RelationMode::ForeignKeys;
    let mut extensions = Vec::new();
    let mut schemas = Vec::new();
    for prop in block.properties() {
        let Some(value) = &prop.value else { continue };
        let name = prop.name.name.as_str();
        match name {
            "provider" => {}
            "url" | "directUrl" | "shadowDatabaseUrl" => {
                diags.warning(
                    codes::DATASOURCE_URL_IN_SCHEMA,
                    format!(
                        "the datasource property `{name}` is Prisma 6 form: Prisma 7 no longer supports it in schema files (move it to `prisma.config.ts`); ebb accepts it"
                    ),
                    prop.span,
                );
                let read = string_or_env(value, diags);
                match name {
                    "url" => url = read,
                    "directUrl" => direct_url = read,
                    _ => shadow_database_url = read,
                }
            }
            "relationMode" | "referentialIntegrity" => {
                let both = block.properties().any(|p| p.name.name == "relationMode")
                    && block.properties().any(|p| p.name.name == "referentialIntegrity");
                if name == "referentialIntegrity" && both {
                    diags.error(
                        codes::INVALID_PROPERTY_VALUE,
                        "The `referentialIntegrity` and `relationMode` attributes cannot be used together. Please use only `relationMode` instead.",
                        prop.span,
                    );
                    continue;
                }
                if name == "referentialIntegrity" {
                    diags.warning(
                        codes::REFERENTIAL_INTEGRITY_PROPERTY,
                        "`referentialIntegrity` is the former name of `relationMode`; ebb reads it as `relationMode` (rename it)",
                        prop.name.span,
                    );
                }
                match value {
                    Expression::String(s, _) if s == "foreignKeys" => relation_mode = RelationMode::ForeignKeys,
                    Expression::String(s, _) if s == "prisma" => relation_mode = RelationMode::Prisma,
                    Expression::String(s, span) => diags.error(
                        codes::INVALID_PROPERTY_VALUE,
                        format!(
                            "Invalid relation mode setting: \"{s}\". Supported values: \"prisma\", \"foreignKeys\""
                        ),
                        *span,
                    ),
                    other => diags.error(
                        codes::INVALID_PROPERTY_VALUE,
                        format!("Expected a string value, but received {}.", describe(other)),
                        other.span(),
                    ),
                }
            }
            "schemas" => {
                if let Some(p) = provider {
                    if !p.supports_multi_schema() {
                        diags.error(
                            codes::UNKNOWN_PROPERTY,
                            format!("The `schemas` property is not supported on the current connector ({}).", p.name()),
                            prop.name.span,
                        );
                        continue;
                    }
                }
                if matches!(value, Expression::Array(items, _) if items.is_empty()) {
                    diags.error(codes::EMPTY_SCHEMAS, "If provided, the schemas array can not be empty.", value.span());
                }
                if let Some(list) = expect_string_list(value, diags) {
                    for (i, (s, span)) in list.iter().enumerate() {
                        if list[..i].iter().any(|(t, _)| t == s) {
                            diags.error(
                                codes::INVALID_PROPERTY_VALUE,
                                format!("Duplicated schema names are not allowed: \"{s}\""),
                                *span,
                            );
                        } else {
                            schemas.push(s.clone());
                        }
                    }
                }
            }
            "extensions" => {
                if provider.is_some_and(|p| p != Provider::PostgreSql) {
                    diags.error(codes::UNKNOWN_PROPERTY, "Property not known: \"extensions\".", prop.name.span);
                    continue;
                }
                extensions = read_extensions(value, diags);
            }
            _ => diags.error(codes::UNKNOWN_PROPERTY, format!("Property not known: \"{name}\"."), prop.name.span),
        }
    }
    Some(Datasource {
        name: block.name.name.clone(),
        provider: provider?,
        url,
        direct_url,
        shadow_database_url,
        relation_mode,
        extensions,
        schemas,
        span: block.span,
    })
}

fn string_or_env(value: &Expression, diags: &mut Diagnostics) -> Option<StringOrEnv> {
    match value {
        Expression::String(s, _) => Some(StringOrEnv::Literal(s.clone())),
        Expression::Function(name, args, _) if name.name == "env" => match args.arguments.as_slice() {
            [arg] if arg.name.is_none() => match &arg.value {
                Expression::String(var, _) => Some(StringOrEnv::Env(var.clone())),
                other => {
                    diags.error(
                        codes::INVALID_PROPERTY_VALUE,
                        format!("Expected a string value, but received {}.", describe(other)),
                        other.span(),
                    );
                    None
                }
            },
            _ => {
                diags.error(codes::INVALID_PROPERTY_VALUE, "`env()` takes exactly one string argument.", value.span());
                None
            }
        },
        other => {
            diags.error(
                codes::INVALID_PROPERTY_VALUE,
                format!("Expected a string or `env(\"VARIABLE\")`, but received {}.", describe(other)),
                other.span(),
            );
            None
        }
    }
}

/// `extensions = [pg_trgm, postgis(version: "2.1"), uuid_ossp(map: "uuid-ossp", schema: "x")]`;
/// like Prisma, a single extension may be written without brackets.
fn read_extensions(value: &Expression, diags: &mut Diagnostics) -> Vec<Extension> {
    let items: Vec<&Expression> = match value {
        Expression::Array(items, _) => items.iter().collect(),
        other => vec![other],
    };
    let mut out = Vec::new();
    for item in items {
        match item {
            Expression::Constant(name, span) => {
                check_extension_name(name, *span, diags);
                out.push(Extension { name: name.clone(), schema: None, version: None, map: None })
            }
            Expression::Function(name, args, _) => {
                check_extension_name(&name.name, name.span, diags);
                let mut ext = Extension { name: name.name.clone(), schema: None, version: None, map: None };
                for arg in &args.arguments {
                    let Some(key) = arg.name.as_ref().map(|n| n.name.as_str()) else {
                        diags.error(
                            codes::INVALID_PROPERTY_VALUE,
                            "Error validating: The argument must have a name",
                            arg.span,
                        );
                        continue;
                    };
                    if args
                        .arguments
                        .iter()
                        .take_while(|a| !std::ptr::eq(*a, arg))
                        .any(|a| a.name.as_ref().is_some_and(|n| n.name == key))
                    {
                        diags.error(
                            codes::INVALID_PROPERTY_VALUE,
                            format!("Error validating: The argument `{key}` can only be defined once"),
                            arg.span,
                        );
                        continue;
                    }
                    if !matches!(key, "schema" | "version" | "map") {
                        diags.error(
                            codes::INVALID_PROPERTY_VALUE,
                            format!("Argument not known: \"{key}\". An extension takes `schema`, `version` and `map`."),
                            arg.span,
                        );
                        continue;
                    }
                    let Expression::String(text, _) = &arg.value else {
                        diags.error(
                            codes::INVALID_PROPERTY_VALUE,
                            format!(
                                "Error validating: The `{key}` argument must be a string literal, but received {}.",
                                describe(&arg.value)
                            ),
                            arg.value.span(),
                        );
                        continue;
                    };
                    let text = Some(text.clone());
                    match key {
                        "schema" => ext.schema = text,
                        "version" => ext.version = text,
                        _ => ext.map = text,
                    }
                }
                out.push(ext);
            }
            other => diags.error(
                codes::INVALID_PROPERTY_VALUE,
                format!("Expected a constant or function value, but received {}.", describe(other)),
                other.span(),
            ),
        }
    }
    out
}

/// Extension names are names in the schema: Prisma refuses a `-` in them (`uuid-ossp` is
/// written `uuid_ossp(map: "uuid-ossp")`).
fn check_extension_name(name: &str, span: crate::span::Span, diags: &mut Diagnostics) {
    if name.contains('-') {
        diags.error(
            codes::INVALID_NAME,
            format!(
                "Error validating: The character `-` is not allowed in extension names: write `{}(map: \"{name}\")`.",
                name.replace('-', "_")
            ),
            span,
        );
    }
}

fn read_generator(block: &Block, diags: &mut Diagnostics) -> Generator {
    check_duplicate_properties(block, diags);
    let mut provider = None;
    let mut preview_features = Vec::new();
    let mut properties = Vec::new();
    for prop in block.properties() {
        let Some(value) = &prop.value else { continue };
        match prop.name.name.as_str() {
            "provider" => provider = string_or_env(value, diags),
            "previewFeatures" => {
                for (feature, span) in expect_string_list(value, diags).unwrap_or_default() {
                    if RETIRED_PREVIEW_FEATURES.contains(&feature.as_str()) {
                        diags.warning(
                            codes::RETIRED_PREVIEW_FEATURE,
                            format!(
                                "the preview feature \"{feature}\" was retired: Prisma 7 refuses it; ebb ignores it"
                            ),
                            span,
                        );
                    } else if !ACCEPTED_PREVIEW_FEATURES.contains(&feature.as_str()) {
                        diags.error(
                            codes::UNKNOWN_PREVIEW_FEATURE,
                            format!(
                                "The preview feature \"{feature}\" is not known. Expected one of: {}",
                                ACCEPTED_PREVIEW_FEATURES[..10].join(", ")
                            ),
                            span,
                        );
                    }
                    preview_features.push(feature);
                }
            }
            other => properties.push((other.to_string(), expression_text(value))),
        }
    }
    if block.property("provider").is_none() {
        diags.error(
            codes::GENERATOR_MISSING_PROVIDER,
            format!("Argument \"provider\" is missing in generator block \"{}\".", block.name.name),
            block.name.span,
        );
    }
    Generator { name: block.name.name.clone(), provider, preview_features, properties, span: block.span }
}

/// An expression printed back as schema text, for generator properties kept raw.
pub(crate) fn expression_text(expr: &Expression) -> String {
    match expr {
        Expression::Numeric(n, _) => n.clone(),
        Expression::String(s, _) => format!("{s:?}"),
        Expression::Constant(c, _) => c.clone(),
        Expression::Function(name, args, _) => {
            let inner: Vec<String> = args
                .arguments
                .iter()
                .map(|a| match &a.name {
                    Some(n) => format!("{}: {}", n.name, expression_text(&a.value)),
                    None => expression_text(&a.value),
                })
                .collect();
            format!("{}({})", name.name, inner.join(", "))
        }
        Expression::Array(items, _) => {
            let inner: Vec<String> = items.iter().map(expression_text).collect();
            format!("[{}]", inner.join(", "))
        }
    }
}
