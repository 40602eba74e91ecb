//! Validation passes over the ASTs of one schema (all its files together) into a
//! [`Datamodel`]: names, types, attributes, relations, provider rules.
//!
//! The passes run in order, each writing into one diagnostics sink, and each builds on what the
//! previous ones resolved:
//! 1. [`config`]: datasource and generators (the provider steers everything after);
//! 2. [`names`]: top-level names (models, views, enums, composite types), across files;
//! 3. [`enums`]: enums and their values;
//! 4. [`fields`] with [`types`], [`defaults`] and [`native_types`]: fields of every model and
//!    their attributes; [`model_attributes`]: `@@id`, `@@unique`, `@@index`, `@@map`, …;
//! 5. [`relations`]: pairing relation fields, `fields`/`references`, referential actions;
//! 6. [`constraints`]: checks over the finished datamodel (ids, database name clashes).
//!
//! Every problem is reported, not only the first; a pass skips what an earlier pass could not
//! resolve rather than reporting it again, and a problem that only follows from another one
//! (no usable id because the `@id` was refused) is not reported.
//!
//! These passes are not Prisma's. Each diagnostic carries the [`crate::Stage`] of the Prisma pass
//! that checks its rule, and [`crate::parse_schema`] orders the diagnostics by it, so that the
//! first error is the one Prisma reports first (`tests/invalid.rs` checks this against Prisma).

mod args;
pub mod codes;
mod config;
mod constraints;
mod defaults;
mod enums;
mod fields;
mod json;
mod model_attributes;
mod names;
mod native_types;
mod relations;
mod types;

use crate::ast::SchemaAst;
use crate::datamodel::{Datamodel, Provider, RelationMode};
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

/// What the passes share: the sink and the datasource settings that rules depend on.
pub(crate) struct Ctx<'a> {
    pub diags: &'a mut Diagnostics,
    /// `None` when the datasource is missing or its provider unknown: provider rules are
    /// skipped then (a wrong provider is reported already).
    pub provider: Option<Provider>,
    /// No datasource block at all: Prisma then allows only what every database has (no
    /// scalar lists, composite types, native types or `@@schema`).
    pub without_datasource: bool,
    /// The datasource's name: the prefix of native type attributes (`@db.`).
    pub datasource_name: Option<String>,
    pub relation_mode: RelationMode,
    /// `schemas = [...]` of the datasource, when given.
    pub schemas: Option<Vec<String>>,
    /// Preview features enabled in any generator.
    pub preview_features: Vec<String>,
}

impl Ctx<'_> {
    pub fn is_provider(&self, provider: Provider) -> bool {
        self.provider == Some(provider)
    }
}

pub fn validate(sources: &SourceSet, asts: Vec<SchemaAst>, mut diagnostics: Diagnostics) -> ValidatedSchema {
    check_block_layout(sources, &asts, &mut diagnostics);
    let (datasource, generators) = config::read(&asts, &mut diagnostics);
    let has_datasource_block = asts
        .iter()
        .flat_map(|a| a.items.iter())
        .any(|i| matches!(i, crate::ast::TopItem::Block(b) if b.kind == crate::ast::BlockKind::Datasource));
    // Like Prisma, a schema without a datasource is valid: it is checked against no database's
    // features (Prisma's empty connector). Commands that need a database say so themselves.
    let mut ctx = Ctx {
        diags: &mut diagnostics,
        without_datasource: !has_datasource_block,
        provider: datasource.as_ref().map(|d| d.provider),
        datasource_name: datasource.as_ref().map(|d| d.name.clone()),
        relation_mode: datasource.as_ref().map(|d| d.relation_mode).unwrap_or_default(),
        schemas: datasource.as_ref().filter(|d| !d.schemas.is_empty()).map(|d| d.schemas.clone()),
        preview_features: generators.iter().flat_map(|g| g.preview_features.iter().cloned()).collect(),
    };
    let names = names::collect(&asts, &mut ctx);
    let enums = enums::build(&names, &mut ctx);
    let mut models = Vec::with_capacity(names.models.len());
    let mut pending_relations = Vec::with_capacity(names.models.len());
    for (index, block) in names.models.iter().enumerate() {
        let (model, pending) = fields::build_model(block, index, &names, &enums, &mut ctx);
        models.push(model);
        pending_relations.push(pending);
    }
    for (model, block) in models.iter_mut().zip(&names.models) {
        model_attributes::apply(block, model, &mut ctx);
    }
    let relations = relations::resolve(&mut models, pending_relations, &names, &mut ctx);
    let mut datamodel = Datamodel { datasource, generators, models, enums, relations };
    constraints::check(&datamodel, &names, &mut ctx);
    // Ids on views are dropped from the datamodel: the warning says so, and views have no
    // primary key in the database.
    for model in datamodel.models.iter_mut().filter(|m| m.is_view) {
        model.primary_key = None;
    }
    ValidatedSchema { asts, datamodel, diagnostics }
}

/// Prisma reads a block line by line: `{` ends the header line and `}` stands on a line of its
/// own, so an item written on either line is not part of the block for Prisma. The parser here
/// is more forgiving; this check keeps such schemas an error, as they are for Prisma.
fn check_block_layout(sources: &SourceSet, asts: &[SchemaAst], diagnostics: &mut Diagnostics) {
    use crate::ast::{BlockItem, TopItem};
    for ast in asts {
        if ast.file.0 as usize >= sources.len() {
            continue;
        }
        let file = sources.get(ast.file);
        for block in ast.items.iter().filter_map(|i| match i {
            TopItem::Block(b) => Some(b),
            _ => None,
        }) {
            let after_name = block.name.span.end as usize;
            let header_end = file.text.get(after_name..).and_then(|rest| rest.find('{')).map(|i| after_name + i);
            let Some(open) = header_end.filter(|o| (*o as u32) < block.span.end) else {
                continue;
            };
            let open_line = file.line_col(open as u32).0;
            let close_line = file.line_col(block.span.end.saturating_sub(1)).0;
            for item in &block.body {
                let span = match item {
                    BlockItem::Field(f) => f.span,
                    BlockItem::Attribute(a) => a.span,
                    BlockItem::Property(p) => p.span,
                    BlockItem::EnumValue(v) => v.span,
                    BlockItem::Comment(_) | BlockItem::BlankLine => continue,
                };
                let (start_line, end_line) = (file.line_col(span.start).0, file.line_col(span.end).0);
                if start_line == open_line || end_line == close_line {
                    diagnostics.error(
                        codes::BLOCK_LAYOUT,
                        format!(
                            "Error validating: This line is not a valid definition within a {}: write each item on its own line, between the line of `{{` and the line of `}}`.",
                            block.kind.keyword()
                        ),
                        span,
                    );
                }
            }
        }
    }
}
