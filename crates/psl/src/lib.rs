//! The Prisma schema language (PSL): lexing, parsing, validation and formatting.
//!
//! Data flow: source text → [`parse`] → [`ast::SchemaAst`] (one per file, never fails: syntax
//! errors go to the diagnostics and the tree holds what could be read) → [`validate`] →
//! [`datamodel::Datamodel`] plus diagnostics.
//!
//! Invariants: no I/O (callers hand in [`SourceSet`]s); nothing here knows SQL dialects — the
//! datamodel records what the schema says (`@db.VarChar(255)` is a native type name with
//! arguments), and the `calc` crate decides what it means in a database. Every problem in the
//! input is a [`Diagnostic`] with a stable code and a span; no input makes this crate panic.

pub mod ast;
pub mod diagnostics;
pub mod source;
pub mod span;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use source::{SourceFile, SourceSet};
pub use span::{FileId, Span};
