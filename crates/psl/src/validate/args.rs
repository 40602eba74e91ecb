//! Reading attribute arguments: matching positional and named arguments to parameters, and
//! coercing expressions to the value kinds attributes expect. Every mismatch is a diagnostic;
//! the readers return `None` so that callers simply skip what they could not read.

use super::codes;
use crate::ast::{Argument, Attribute, Expression};
use crate::diagnostics::Diagnostics;
use crate::span::Span;

/// The arguments of one attribute, matched to its parameters.
pub(crate) struct Args<'a> {
    attribute: &'a Attribute,
    /// `(parameter, argument)` in the order written.
    matched: Vec<(&'static str, &'a Argument)>,
}

/// Prefix of messages about an attribute, as Prisma writes it.
pub(crate) fn attr_context(attribute: &Attribute, block_level: bool) -> String {
    let at = if block_level { "@@" } else { "@" };
    format!("Error parsing attribute \"{at}{}\"", attribute.name.name)
}

impl<'a> Args<'a> {
    /// Matches the arguments of `attribute` to `params`. An unnamed argument goes to the first
    /// parameter (`positional`), which is how Prisma reads `@map("x")` or `@@index([a])`.
    /// Unknown and duplicate arguments are reported.
    pub(crate) fn new(
        attribute: &'a Attribute,
        positional: Option<&'static str>,
        params: &[&'static str],
        diags: &mut Diagnostics,
    ) -> Args<'a> {
        let mut matched: Vec<(&'static str, &'a Argument)> = Vec::new();
        let mut positional_used = false;
        for arg in attribute.args() {
            let param = match &arg.name {
                Some(name) => match params.iter().find(|p| **p == name.name) {
                    Some(p) => *p,
                    None => {
                        diags.error(codes::UNKNOWN_ARGUMENT, format!("No such argument \"{}\".", name.name), arg.span);
                        continue;
                    }
                },
                None => match positional {
                    Some(p) if !positional_used => {
                        positional_used = true;
                        p
                    }
                    _ => {
                        diags.error(codes::UNKNOWN_ARGUMENT, "No such argument.", arg.span);
                        continue;
                    }
                },
            };
            if matched.iter().any(|(p, _)| *p == param) {
                diags.error(codes::DUPLICATE_ARGUMENT, format!("Argument \"{param}\" is already specified."), arg.span);
                continue;
            }
            matched.push((param, arg));
        }
        Args { attribute, matched }
    }

    pub(crate) fn get(&self, param: &str) -> Option<&'a Expression> {
        self.matched.iter().find(|(p, _)| *p == param).map(|(_, a)| &a.value)
    }

    /// Like [`Args::get`], but reports the argument as missing.
    pub(crate) fn required(&self, param: &str, diags: &mut Diagnostics) -> Option<&'a Expression> {
        let found = self.get(param);
        if found.is_none() {
            diags.error(codes::MISSING_ARGUMENT, format!("Argument \"{param}\" is missing."), self.attribute.span);
        }
        found
    }
}

/// Describes an expression the way Prisma's messages do: `string value "x"`.
pub(crate) fn describe(expr: &Expression) -> String {
    match expr {
        Expression::Numeric(n, _) => format!("numeric value `{n}`"),
        Expression::String(s, _) => format!("string value `\"{s}\"`"),
        Expression::Constant(c, _) => format!("constant value `{c}`"),
        Expression::Function(name, _, _) => format!("function value `{}(...)`", name.name),
        Expression::Array(_, _) => "array value".to_string(),
    }
}

pub(crate) fn expect_string<'a>(expr: &'a Expression, diags: &mut Diagnostics) -> Option<&'a str> {
    match expr {
        Expression::String(s, _) => Some(s),
        other => {
            diags.error(
                codes::INVALID_ARGUMENT_VALUE,
                format!("Expected a string value, but received {}.", describe(other)),
                other.span(),
            );
            None
        }
    }
}

pub(crate) fn expect_bool(expr: &Expression, diags: &mut Diagnostics) -> Option<bool> {
    match expr {
        Expression::Constant(c, _) if c == "true" => Some(true),
        Expression::Constant(c, _) if c == "false" => Some(false),
        other => {
            diags.error(
                codes::INVALID_ARGUMENT_VALUE,
                format!("Expected a boolean value, but received {}.", describe(other)),
                other.span(),
            );
            None
        }
    }
}

pub(crate) fn expect_u32(expr: &Expression, diags: &mut Diagnostics) -> Option<u32> {
    if let Expression::Numeric(n, _) = expr {
        if let Ok(v) = n.parse::<u32>() {
            return Some(v);
        }
    }
    diags.error(
        codes::INVALID_ARGUMENT_VALUE,
        format!("Expected a non-negative integer value, but received {}.", describe(expr)),
        expr.span(),
    );
    None
}

/// A list of strings (`schemas = ["a", "b"]`, `previewFeatures`).
pub(crate) fn expect_string_list(expr: &Expression, diags: &mut Diagnostics) -> Option<Vec<(String, Span)>> {
    let Expression::Array(items, _) = expr else {
        diags.error(
            codes::INVALID_ARGUMENT_VALUE,
            format!("Expected a list of strings, but received {}.", describe(expr)),
            expr.span(),
        );
        return None;
    };
    let mut out = Vec::new();
    for item in items {
        out.push((expect_string(item, diags)?.to_string(), item.span()));
    }
    Some(out)
}
