//! Enums: values, their database names (`@map`), `@@map`, `@@schema`.

use super::model_attributes::{read_map, read_schema};
use super::names::Names;
use super::{codes, Ctx};
use crate::ast::Block;
use crate::datamodel::{DbName, Enum, EnumName, EnumValue, Provider};
use crate::diagnostics::Diagnostic;

pub(crate) fn build(names: &Names<'_>, ctx: &mut Ctx<'_>) -> Vec<Enum> {
    names.enums.iter().map(|block| build_one(block, ctx)).collect()
}

fn build_one(block: &Block, ctx: &mut Ctx<'_>) -> Enum {
    let name = block.name.name.clone();
    if ctx.is_provider(Provider::SqlServer) {
        ctx.diags.error(
            codes::ENUM_UNSUPPORTED,
            format!(
                "Error validating: You defined the enum `{name}`. But the current connector does not support enums."
            ),
            block.name.span,
        );
    }
    let mut values: Vec<EnumValue> = Vec::new();
    for value in block.enum_values() {
        super::names::check_identifier(&value.name.name, "Enum Value", value.name.span, ctx);
        let mut db_name = None;
        for attr in &value.attributes {
            match attr.name.name.as_str() {
                "map" => db_name = read_map(attr, false, ctx),
                other => ctx.diags.error(
                    codes::UNKNOWN_ATTRIBUTE,
                    format!("Attribute not known: \"@{other}\"."),
                    attr.name.span,
                ),
            }
        }
        if let Some(first) = values.iter().find(|v| v.name == value.name.name) {
            ctx.diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_ENUM_VALUE,
                    format!("Value \"{}\" is already defined on enum \"{name}\".", value.name.name),
                    value.name.span,
                )
                .with_label(first.span, "first defined here"),
            );
            continue;
        }
        let db_name = DbName(db_name.unwrap_or_else(|| value.name.name.clone()));
        if let Some(first) = values.iter().find(|v| v.db_name == db_name) {
            // Prisma accepts this; the database will refuse the enum type.
            ctx.diags.push(
                Diagnostic::warning(
                    codes::DUPLICATE_ENUM_VALUE_DB_NAME,
                    format!("the enum value database name \"{db_name}\" is used twice in enum \"{name}\"; the database will refuse the enum"),
                    value.span,
                )
                .with_label(first.span, "first used here"),
            );
        }
        values.push(EnumValue {
            name: value.name.name.clone(),
            db_name,
            documentation: value.documentation.as_ref().map(|c| c.text.clone()),
            span: value.name.span,
        });
    }
    if block.enum_values().next().is_none() {
        ctx.diags.error(codes::EMPTY_ENUM, "Error validating: An enum must have at least one value.", block.name.span);
    }
    let mut db_name = None;
    let mut schema = None;
    for attr in block.attributes() {
        match attr.name.name.as_str() {
            "map" => db_name = read_map(attr, true, ctx),
            "schema" => schema = read_schema(attr, ctx),
            other => ctx.diags.error(
                codes::UNKNOWN_ATTRIBUTE,
                format!("Attribute not known: \"@@{other}\"."),
                attr.name.span,
            ),
        }
    }
    if schema.is_none() && ctx.schemas.is_some() {
        ctx.diags.error(codes::MISSING_SCHEMA, "This enum is missing an `@@schema` attribute.", block.name.span);
    }
    Enum {
        db_name: DbName(db_name.unwrap_or_else(|| name.clone())),
        name: EnumName(name),
        schema,
        values,
        documentation: block.documentation.as_ref().map(|c| c.text.clone()),
        span: block.name.span,
    }
}
