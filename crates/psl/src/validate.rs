//! Validation passes over the ASTs of one schema (all its files together) into a
//! [`Datamodel`]: names, types, attributes, relations, provider rules.

use crate::ast::SchemaAst;
use crate::datamodel::Datamodel;
use crate::diagnostics::Diagnostics;
use crate::source::SourceSet;

/// A schema after validation. The datamodel is built as far as possible even when there are
/// errors; callers must check `diagnostics.has_errors()` before trusting it.
#[derive(Debug, Clone)]
pub struct ValidatedSchema {
    pub asts: Vec<SchemaAst>,
    pub datamodel: Datamodel,
    pub diagnostics: Diagnostics,
}

pub fn validate(_sources: &SourceSet, asts: Vec<SchemaAst>, diagnostics: Diagnostics) -> ValidatedSchema {
    ValidatedSchema { asts, datamodel: Datamodel::default(), diagnostics }
}
