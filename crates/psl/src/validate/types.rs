//! Field types: what a field's type name refers to, and arity rules per provider.

use super::names::{Names, TopRef};
use super::{codes, Ctx};
use crate::ast::{Arity as AstArity, Field, FieldType};
use crate::datamodel::{Arity, ModelId, Provider, ScalarType};

/// What a field's type resolved to.
pub(crate) enum ResolvedType {
    Scalar(ScalarType),
    Relation(ModelId),
}

pub(crate) fn arity(a: AstArity) -> Arity {
    match a {
        AstArity::Required => Arity::Required,
        AstArity::Optional => Arity::Optional,
        AstArity::List => Arity::List,
    }
}

/// Resolves the type of `field` (in model `model_name`); reports unknown types and
/// provider-dependent type rules. `None` when the field cannot be used.
pub(crate) fn resolve(field: &Field, model_name: &str, names: &Names<'_>, ctx: &mut Ctx<'_>) -> Option<ResolvedType> {
    let resolved = match &field.field_type {
        FieldType::Unsupported { type_name, .. } => ResolvedType::Scalar(ScalarType::Unsupported(type_name.clone())),
        FieldType::Named(ident) => {
            if let Some(t) = ScalarType::builtin(&ident.name) {
                ResolvedType::Scalar(t)
            } else {
                match names.top.get(ident.name.as_str()) {
                    Some(TopRef::Model(id)) => ResolvedType::Relation(*id),
                    Some(TopRef::Enum(id)) => ResolvedType::Scalar(ScalarType::Enum(*id)),
                    // The composite type itself is reported on a relational provider.
                    Some(TopRef::CompositeType) => return None,
                    None => {
                        ctx.diags.error(
                            codes::UNKNOWN_TYPE,
                            format!(
                                "Type \"{}\" is neither a built-in type, nor refers to another model, composite type, or enum.",
                                ident.name
                            ),
                            ident.span,
                        );
                        return None;
                    }
                }
            }
        }
    };
    if let ResolvedType::Scalar(t) = &resolved {
        let location = format!("Error validating field `{}` in model `{model_name}`", field.name.name);
        if *t == ScalarType::Decimal && ctx.without_datasource {
            ctx.diags.error(
                codes::INVALID_FIELD_TYPE,
                format!(
                    "{location}: Field `{}` in model `{model_name}` can't be of type Decimal. The current connector does not support the Decimal type.",
                    field.name.name
                ),
                field.span,
            );
        }
        if *t == ScalarType::Json {
            if ctx.provider == Some(Provider::SqlServer) {
                ctx.diags.error(
                    codes::INVALID_FIELD_TYPE,
                    format!(
                        "{location}: Field `{}` in model `{model_name}` can't be of type Json. The current connector does not support the Json type.",
                        field.name.name
                    ),
                    field.span,
                );
            } else if field.arity == AstArity::List
                && ctx.provider.is_some_and(|p| !matches!(p, Provider::PostgreSql | Provider::CockroachDb))
            {
                ctx.diags.error(
                    codes::INVALID_FIELD_TYPE,
                    format!(
                        "{location}: Field `{}` in model `{model_name}` can't be of type Json[]. The current connector does not support the Json List type.",
                        field.name.name
                    ),
                    field.span,
                );
            }
        }
        if field.arity == AstArity::List
            && (ctx.without_datasource || ctx.provider.is_some_and(|p| !p.supports_scalar_lists()))
        {
            ctx.diags.error(
                codes::SCALAR_LIST_UNSUPPORTED,
                format!(
                    "Field \"{}\" in model \"{model_name}\" can't be a list. The current connector does not support lists of primitive types.",
                    field.name.name
                ),
                field.span,
            );
        }
    }
    Some(resolved)
}
