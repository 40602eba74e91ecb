//! Top-level names: models, views, enums and composite types share one namespace across all
//! files of the schema. Duplicates and reserved names are reported here; later passes look
//! names up in the [`Names`] table instead of scanning the ASTs.

use super::{codes, Ctx};
use crate::ast::{Block, BlockKind, SchemaAst, TopItem};
use crate::datamodel::{EnumId, ModelId, Provider};
use crate::diagnostics::{Diagnostic, Stage};
use std::collections::HashMap;

/// What a top-level name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TopRef {
    Model(ModelId),
    Enum(EnumId),
    CompositeType,
}

pub(crate) struct Names<'a> {
    pub top: HashMap<&'a str, TopRef>,
    /// Model and view blocks; index = [`ModelId`].
    pub models: Vec<&'a Block>,
    /// Enum blocks; index = [`EnumId`].
    pub enums: Vec<&'a Block>,
}

/// Names the generated client cannot use for a type: its own name and JavaScript keywords.
/// Prisma refuses them as model, view and enum names.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "PrismaClient",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Checks that `name` is an identifier Prisma accepts: letters, digits and `_`, not starting
/// with a digit. `what` is the kind of thing named, as in Prisma's messages (`Model`, `Field`).
pub(crate) fn check_identifier(name: &str, what: &str, span: crate::span::Span, ctx: &mut Ctx<'_>) -> bool {
    // Prisma's grammar reads a name only when it starts with a letter or digit; a leading `_`
    // makes the whole line unreadable for Prisma.
    if name.starts_with('_') {
        ctx.diags.error(
            codes::INVALID_NAME,
            format!("Error validating: The name `{name}` is invalid: a {what} name must start with a letter."),
            span,
        );
        return false;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        ctx.diags.error(
            codes::INVALID_NAME,
            format!("Error validating: The name of a {what} must not start with a number."),
            span,
        );
        return false;
    }
    if let Some(c) = name.chars().find(|c| !(c.is_alphanumeric() || *c == '_')) {
        ctx.diags.error(
            codes::INVALID_NAME,
            format!("Error validating: The character `{c}` is not allowed in {what} names."),
            span,
        );
        return false;
    }
    true
}

pub(crate) fn collect<'a>(asts: &'a [SchemaAst], ctx: &mut Ctx<'_>) -> Names<'a> {
    let mut names = Names { top: HashMap::new(), models: Vec::new(), enums: Vec::new() };
    let mut first_block: HashMap<&str, &Block> = HashMap::new();
    for block in asts.iter().flat_map(|a| a.items.iter()).filter_map(|i| match i {
        TopItem::Block(b) => Some(b),
        _ => None,
    }) {
        let kind_word = match block.kind {
            BlockKind::Datasource | BlockKind::Generator => continue,
            BlockKind::Model => "model",
            BlockKind::View => "view",
            BlockKind::Enum => "enum",
            BlockKind::Type => "composite type",
        };
        let name = block.name.name.as_str();
        if let Some(first) = first_block.get(name) {
            let first_word = match first.kind {
                BlockKind::Model => "model",
                BlockKind::View => "view",
                BlockKind::Enum => "enum",
                _ => "composite type",
            };
            ctx.diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_TOP_NAME,
                    format!("The {kind_word} \"{name}\" cannot be defined because a {first_word} with that name already exists."),
                    block.name.span,
                )
                .with_label(first.name.span, "first defined here"),
            );
            continue;
        }
        if crate::datamodel::ScalarType::builtin(name).is_some() || name == "Unsupported" {
            ctx.diags.error(
                codes::RESERVED_NAME,
                format!("\"{name}\" is a reserved scalar type name and cannot be used."),
                block.name.span,
            );
            continue;
        }
        let what = match block.kind {
            BlockKind::Enum => "Enum",
            BlockKind::Type => "Composite type",
            BlockKind::View => "View",
            _ => "Model",
        };
        check_identifier(name, what, block.name.span, ctx);
        if block.kind != BlockKind::Type && RESERVED_TYPE_NAMES.contains(&name) {
            let message = if block.kind == BlockKind::Enum {
                format!("Error validating enum \"{name}\": The enum name `{name}` is invalid. It is a reserved name. Please change it. Read more at https://www.prisma.io/docs/reference/tools-and-interfaces/prisma-schema/data-model#naming-enums")
            } else {
                format!(
                    "Error validating model \"{name}\": The {kind_word} name `{name}` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-models"
                )
            };
            ctx.diags.error(codes::RESERVED_NAME, message, block.name.span);
        }
        if block.kind == BlockKind::View && !ctx.preview_features.iter().any(|f| f == "views") {
            // Prisma checks preview features with the provider rules, after the attributes.
            ctx.diags.push(
                Diagnostic::error(
                    codes::PREVIEW_FEATURE_REQUIRED,
                    "Error validating: View definitions are only available with the `views` preview feature.",
                    block.name.span,
                )
                .in_stage(Stage::Validation),
            );
        }
        first_block.insert(name, block);
        let r = match block.kind {
            BlockKind::Model | BlockKind::View => {
                names.models.push(block);
                TopRef::Model(ModelId(names.models.len() as u32 - 1))
            }
            BlockKind::Enum => {
                names.enums.push(block);
                TopRef::Enum(EnumId(names.enums.len() as u32 - 1))
            }
            _ => {
                if ctx.without_datasource || ctx.provider.is_some_and(|p| p != Provider::MongoDb) {
                    let db = match ctx.provider {
                        None => "a schema without a datasource",
                        Some(Provider::PostgreSql) => "Postgres",
                        Some(Provider::MySql) => "MySQL",
                        Some(Provider::Sqlite) => "SQLite",
                        Some(Provider::SqlServer) => "SQL Server",
                        Some(Provider::CockroachDb) => "CockroachDB",
                        _ => "this provider",
                    };
                    ctx.diags.error(
                        codes::COMPOSITE_TYPE_UNSUPPORTED,
                        format!("Error validating: Composite types are not supported on {db}."),
                        block.name.span,
                    );
                }
                TopRef::CompositeType
            }
        };
        names.top.insert(name, r);
    }
    names
}
