//! The Prisma schema language (PSL): lexing, parsing, validation and formatting.
//!
//! Data flow: source text → [`parse`] → [`ast::SchemaAst`] (one per file, never fails: syntax
//! errors go to the diagnostics and the tree holds what could be read) → [`validate`] →
//! [`datamodel::Datamodel`] plus diagnostics. [`parse_schema`] does both for a whole schema.
//!
//! Invariants: no I/O (callers hand in [`SourceSet`]s); nothing here knows SQL dialects — the
//! datamodel records what the schema says (`@db.VarChar(255)` is a native type name with
//! arguments), and the `calc` crate decides what it means in a database. Every problem in the
//! input is a [`Diagnostic`] with a stable code and a span; no input makes this crate panic.

pub mod ast;
pub mod datamodel;
pub mod diagnostics;
pub mod format;
pub mod parser;
pub mod source;
pub mod span;
pub mod validate;

pub use datamodel::Datamodel;
pub use diagnostics::{Diagnostic, Diagnostics, Severity, Stage};
pub use format::format;
pub use parser::parse;
pub use source::{SourceFile, SourceSet};
pub use span::{FileId, Span};
pub use validate::{codes, validate, ValidatedSchema};

/// Parses every file of a schema and validates them together (a multi-file schema is one
/// schema). Diagnostics come sorted as Prisma reports them: by [`Stage`], then by file and
/// position.
pub fn parse_schema(sources: &SourceSet) -> ValidatedSchema {
    let mut diagnostics = Diagnostics::new();
    let asts = sources.iter().map(|(id, file)| parse(id, &file.text, &mut diagnostics)).collect();
    let mut validated = validate(sources, asts, diagnostics);
    validated.diagnostics = std::mem::take(&mut validated.diagnostics).sorted();
    validated
}
