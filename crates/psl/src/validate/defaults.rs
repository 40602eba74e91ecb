//! `@default(value, map: "…")`: the value must fit the field's type; functions are checked
//! against the types they can produce.

use super::args::{attr_context, expect_string, Args};
use super::{codes, Ctx};
use crate::ast::{Attribute, Expression};
use crate::datamodel::{Arity, DbName, Default, DefaultValue, Enum, Literal, Provider, ScalarType};
use crate::diagnostics::{Diagnostic, Stage};

fn type_name(t: &ScalarType, enums: &[Enum]) -> String {
    match t {
        ScalarType::Enum(id) => enums[id.index()].name.to_string(),
        ScalarType::Unsupported(_) => "Unsupported".to_string(),
        other => other.builtin_name().unwrap_or("?").to_string(),
    }
}

pub(crate) fn read(
    attr: &Attribute,
    t: &ScalarType,
    arity: Arity,
    enums: &[Enum],
    ctx: &mut Ctx<'_>,
) -> Option<Default> {
    let args = Args::new(attr, Some("value"), &["value", "map"], ctx.diags);
    let map = args.get("map").and_then(|e| expect_string(e, ctx.diags)).map(|s| DbName(s.to_string()));
    if map.is_some() && ctx.provider.is_some_and(|p| p != Provider::SqlServer) {
        ctx.diags.error(
            codes::DEFAULT_NOT_ALLOWED,
            format!(
                "{}: You defined a database name for the default value of a field on the model. This is not supported by the provider.",
                attr_context(attr, false)
            ),
            attr.span,
        );
    }
    let expr = args.required("value", ctx.diags)?;
    let ctx_text = attr_context(attr, false);
    if let ScalarType::Unsupported(_) = t {
        return match expr {
            Expression::Function(name, fargs, _) if name.name == "dbgenerated" => {
                let value = db_generated(fargs, &ctx_text, ctx)?;
                Some(Default { value, map, span: attr.span })
            }
            _ => {
                ctx.diags.error(
                    codes::DEFAULT_NOT_ALLOWED,
                    format!("{ctx_text}: Only @default(dbgenerated(\"...\")) can be used for Unsupported types."),
                    attr.span,
                );
                None
            }
        };
    }
    let value = match expr {
        Expression::Function(name, fargs, span) => function(&name.name, fargs, *span, t, arity, enums, &ctx_text, ctx)?,
        Expression::Array(items, _) => {
            if arity != Arity::List {
                ctx.diags.error(
                    codes::DEFAULT_TYPE_MISMATCH,
                    format!("{ctx_text}: The default value of a non-list field cannot be a list."),
                    expr.span(),
                );
                return None;
            }
            let mut values = Vec::new();
            for item in items {
                values.push(literal(item, t, enums, &ctx_text, ctx)?);
            }
            DefaultValue::Literal(Literal::List(values))
        }
        other => {
            if arity == Arity::List {
                ctx.diags.error(
                    codes::DEFAULT_TYPE_MISMATCH,
                    format!("{ctx_text}: The default value of a list field must be a list."),
                    other.span(),
                );
                return None;
            }
            DefaultValue::Literal(literal(other, t, enums, &ctx_text, ctx)?)
        }
    };
    Some(Default { value, map, span: attr.span })
}

fn mismatch(expr: &Expression, t: &ScalarType, enums: &[Enum], ctx_text: &str, ctx: &mut Ctx<'_>) {
    let expected = match t {
        ScalarType::Enum(_) => "an enum value".to_string(),
        other => format!("a {} value", type_name(other, enums)),
    };
    ctx.diags.error(
        codes::DEFAULT_TYPE_MISMATCH,
        format!("{ctx_text}: Expected {expected}, but found `{}`.", super::config::expression_text(expr)),
        expr.span(),
    );
}

fn parse_error(ctx_text: &str, value: &str, what: &str, reason: &str, span: crate::span::Span, ctx: &mut Ctx<'_>) {
    ctx.diags.error(
        codes::DEFAULT_TYPE_MISMATCH,
        format!("{ctx_text}: Parse error: \"{value}\" is not a valid {what}. ({reason})"),
        span,
    );
}

fn literal(expr: &Expression, t: &ScalarType, enums: &[Enum], ctx_text: &str, ctx: &mut Ctx<'_>) -> Option<Literal> {
    let out = match (t, expr) {
        (ScalarType::String, Expression::String(s, _)) => Literal::String(s.clone()),
        (ScalarType::Json, Expression::String(s, span)) => {
            if let Err(reason) = super::json::check(s) {
                parse_error(ctx_text, s, "JSON string", &reason, *span, ctx);
                return None;
            }
            Literal::String(s.clone())
        }
        (ScalarType::DateTime, Expression::String(s, span)) => {
            if !is_rfc3339(s) {
                parse_error(ctx_text, s, "rfc3339 datetime string", "input contains invalid characters", *span, ctx);
                return None;
            }
            Literal::String(s.clone())
        }
        (ScalarType::Bytes, Expression::String(s, span)) => {
            if !is_base64(s) {
                parse_error(
                    ctx_text,
                    s,
                    "base64 string",
                    "Could not convert from `base64 encoded bytes` to `PrismaValue::Bytes`",
                    *span,
                    ctx,
                );
                return None;
            }
            Literal::String(s.clone())
        }
        (ScalarType::Int | ScalarType::BigInt, Expression::Numeric(n, span)) => match n.parse::<i64>() {
            Ok(v) => Literal::Int(v),
            Err(e) => {
                parse_error(ctx_text, n, "integer", &e.to_string(), *span, ctx);
                return None;
            }
        },
        (ScalarType::Float, Expression::Numeric(n, span)) => {
            if n.parse::<f64>().is_err() {
                parse_error(ctx_text, n, "float", "invalid float literal", *span, ctx);
                return None;
            }
            Literal::Number(n.clone())
        }
        // A decimal may be written as a number or, to keep its digits exact, as a string.
        (ScalarType::Decimal, Expression::Numeric(n, span) | Expression::String(n, span)) => {
            if !is_decimal(n) {
                parse_error(ctx_text, n, "decimal", "invalid digit found in string", *span, ctx);
                return None;
            }
            Literal::Number(n.clone())
        }
        (ScalarType::Boolean, Expression::Constant(c, _)) if c == "true" || c == "false" => {
            Literal::Boolean(c == "true")
        }
        (ScalarType::Enum(id), Expression::Constant(c, span)) => {
            let e = &enums[id.index()];
            match e.values.iter().find(|v| v.name == *c) {
                Some(v) => Literal::EnumValue { name: v.name.clone(), db_name: v.db_name.clone() },
                None => {
                    ctx.diags.error(
                        codes::DEFAULT_ENUM_VALUE,
                        format!("{ctx_text}: The defined default value `{c}` is not a valid value of the enum specified for the field."),
                        *span,
                    );
                    return None;
                }
            }
        }
        _ => {
            mismatch(expr, t, enums, ctx_text, ctx);
            return None;
        }
    };
    Some(out)
}

/// `2024-01-31T12:00:00Z`, `2024-01-31T12:00:00.123+01:00`: RFC 3339 date-times.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r.clone()).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    if !matches!(b[10], b'T' | b't' | b' ')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut i = 19;
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// Standard base64 with padding, as Prisma decodes `Bytes` defaults.
fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len().checked_rem(4) == Some(0)
        && s.len() - body.len() <= 2
        && body.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/')
}

/// `-12`, `3.50`, `1e3`: a decimal number.
fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |x: &str| x.bytes().all(|c| c.is_ascii_digit());
    !(int.is_empty() && frac.is_empty())
        && all_digits(int)
        && all_digits(frac)
        && match exponent {
            None => true,
            Some(e) => {
                let e = e.strip_prefix(['-', '+']).unwrap_or(e);
                !e.is_empty() && all_digits(e)
            }
        }
}

fn db_generated(fargs: &crate::ast::ArgumentList, ctx_text: &str, ctx: &mut Ctx<'_>) -> Option<DefaultValue> {
    match fargs.arguments.as_slice() {
        [] => Some(DefaultValue::DbGenerated(None)),
        [arg] if arg.name.is_none() => {
            match &arg.value {
                Expression::String(s, span) => {
                    if s.trim().is_empty() {
                        ctx.diags.error(
                        codes::DEFAULT_FUNCTION,
                        format!("{ctx_text}: dbgenerated() takes either no argument, or a single nonempty string argument."),
                        *span,
                    );
                        return None;
                    }
                    Some(DefaultValue::DbGenerated(Some(s.clone())))
                }
                other => {
                    ctx.diags.error(
                        codes::DEFAULT_FUNCTION,
                        format!("{ctx_text}: `dbgenerated()` takes a single String argument"),
                        other.span(),
                    );
                    None
                }
            }
        }
        _ => {
            ctx.diags.error(
                codes::DEFAULT_FUNCTION,
                format!("{ctx_text}: dbgenerated() takes either no argument, or a single nonempty string argument."),
                fargs.span,
            );
            None
        }
    }
}

/// Reads a single optional integer argument of a default function (`uuid(7)`, `nanoid(10)`).
fn optional_int(fargs: &crate::ast::ArgumentList) -> Result<Option<u32>, ()> {
    match fargs.arguments.as_slice() {
        [] => Ok(None),
        [arg] if arg.name.is_none() => match &arg.value {
            Expression::Numeric(n, _) => n.parse::<u32>().map(Some).map_err(|_| ()),
            _ => Err(()),
        },
        _ => Err(()),
    }
}

#[allow(clippy::too_many_arguments)]
fn function(
    name: &str,
    fargs: &crate::ast::ArgumentList,
    span: crate::span::Span,
    t: &ScalarType,
    arity: Arity,
    enums: &[Enum],
    ctx_text: &str,
    ctx: &mut Ctx<'_>,
) -> Option<DefaultValue> {
    // Prisma accepts `now()` on a `DateTime[]`, so lists are refused for the other functions only.
    let list_ok = name == "now";
    let type_ok = |ok: bool, ctx: &mut Ctx<'_>| {
        let ok = ok && (list_ok || arity != Arity::List);
        if !ok {
            ctx.diags.error(
                codes::DEFAULT_FUNCTION,
                format!(
                    "{ctx_text}: The function `{name}()` cannot be used on fields of type `{}`.",
                    type_name(t, enums)
                ),
                span,
            );
        }
        ok
    };
    let no_args = |ctx: &mut Ctx<'_>| {
        if !fargs.arguments.is_empty() {
            ctx.diags.error(
                codes::DEFAULT_FUNCTION,
                format!("{ctx_text}: The `{name}` function does not take any argument. Consider changing this default to `{name}()`."),
                fargs.span,
            );
            return false;
        }
        true
    };
    let is_string = *t == ScalarType::String;
    let value = match name {
        "autoincrement" => {
            if !(type_ok(matches!(t, ScalarType::Int | ScalarType::BigInt), ctx) && no_args(ctx)) {
                return None;
            }
            if ctx.is_provider(Provider::CockroachDb) && *t == ScalarType::Int {
                ctx.diags.push(provider_check(
                    format!("{ctx_text}: The `autoincrement()` default function is defined only on BigInt fields on CockroachDB. Use sequence() if you want an autoincrementing Int field."),
                    span,
                ));
                return None;
            }
            DefaultValue::Autoincrement
        }
        "now" => {
            if !(type_ok(*t == ScalarType::DateTime, ctx) && no_args(ctx)) {
                return None;
            }
            DefaultValue::Now
        }
        "uuid" => {
            if !type_ok(is_string, ctx) {
                return None;
            }
            match optional_int(fargs) {
                Ok(None) => DefaultValue::Uuid(4),
                Ok(Some(v @ (4 | 7))) => DefaultValue::Uuid(v as u8),
                _ => {
                    ctx.diags.error(
                        codes::DEFAULT_FUNCTION,
                        format!("{ctx_text}: `uuid()` takes either no argument, or a single integer argument which is either 4 or 7."),
                        span,
                    );
                    return None;
                }
            }
        }
        "cuid" => {
            if !type_ok(is_string, ctx) {
                return None;
            }
            match optional_int(fargs) {
                Ok(None) => DefaultValue::Cuid(1),
                Ok(Some(v @ (1 | 2))) => DefaultValue::Cuid(v as u8),
                _ => {
                    ctx.diags.error(
                        codes::DEFAULT_FUNCTION,
                        format!("{ctx_text}: `cuid()` takes either no argument, or a single integer argument which is either 1 or 2."),
                        span,
                    );
                    return None;
                }
            }
        }
        "nanoid" => {
            if !type_ok(is_string, ctx) {
                return None;
            }
            let is_numeric = fargs.arguments.iter().all(|a| matches!(a.value, Expression::Numeric(..)));
            match optional_int(fargs) {
                Ok(None) => DefaultValue::Nanoid(None),
                Ok(Some(v @ 2..=255)) => DefaultValue::Nanoid(Some(v as u8)),
                _ if !is_numeric => {
                    ctx.diags.error(
                        codes::DEFAULT_FUNCTION,
                        format!("{ctx_text}: `nanoid()` takes a single Int argument."),
                        span,
                    );
                    return None;
                }
                _ => {
                    ctx.diags.error(
                        codes::DEFAULT_FUNCTION,
                        format!("{ctx_text}: `nanoid()` takes either no argument, or a single integer argument between 2 and 255."),
                        span,
                    );
                    return None;
                }
            }
        }
        "ulid" => {
            if !(type_ok(is_string, ctx) && no_args(ctx)) {
                return None;
            }
            DefaultValue::Ulid
        }
        "dbgenerated" => db_generated(fargs, ctx_text, ctx)?,
        "auto" => {
            if ctx.provider.is_some_and(|p| p != Provider::MongoDb) {
                ctx.diags.push(provider_check(
                    format!("{ctx_text}: The current connector does not support the `auto()` function."),
                    span,
                ));
                return None;
            }
            DefaultValue::Auto
        }
        "sequence" => {
            if ctx.provider.is_some_and(|p| p != Provider::CockroachDb) {
                ctx.diags.push(provider_check(
                    format!("{ctx_text}: The `sequence()` function is only available on CockroachDB."),
                    span,
                ));
                return None;
            }
            if !type_ok(matches!(t, ScalarType::Int | ScalarType::BigInt), ctx) {
                return None;
            }
            DefaultValue::Sequence(
                fargs
                    .arguments
                    .iter()
                    .map(|a| {
                        (
                            a.name.as_ref().map(|n| n.name.clone()).unwrap_or_default(),
                            super::config::expression_text(&a.value),
                        )
                    })
                    .collect(),
            )
        }
        "env" => {
            ctx.diags.error(
                codes::DEFAULT_FUNCTION,
                format!("{ctx_text}: `env()` cannot be used as a default value."),
                span,
            );
            return None;
        }
        other => {
            ctx.diags.push(provider_check(
                format!("Unknown function in @default(): `{other}` is not known. You can read about the available functions here: https://pris.ly/d/attribute-functions"),
                span,
            ));
            return None;
        }
    };
    Some(value)
}

/// A default function the provider does not have. Prisma knows the functions only through the
/// provider, so it checks them with the provider rules, after the attributes.
fn provider_check(message: String, span: crate::span::Span) -> Diagnostic {
    Diagnostic::error(codes::DEFAULT_FUNCTION, message, span).in_stage(Stage::Validation)
}
