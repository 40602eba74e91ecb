//! Problems found in a schema. Diagnostics are data; [`render`] turns them into text.

use crate::source::SourceSet;
use crate::span::Span;
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// The pass of Prisma's validator that checks a rule. Prisma reports its errors pass by pass,
/// not by position, and stops before [`Stage::Validation`] when an earlier pass found an error;
/// ebb runs every pass but reports in the same order, so that its first error is Prisma's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Reading the text: lines that are no item, unclosed blocks.
    Syntax,
    /// Names of blocks, fields and enum values: duplicates, reserved and malformed names.
    Names,
    /// What field types refer to.
    Types,
    /// Field and block attributes, their arguments, and the relation attributes' fields.
    Attributes,
    /// The `datasource` and `generator` blocks.
    Configuration,
    /// Rules over the whole schema and the provider: keys, constraint names, relations,
    /// native types.
    Validation,
}

/// One problem, with a stable code, a message and the place it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier of the rule, e.g. `E0101`. Tests and users can match on it.
    pub code: &'static str,
    /// Where Prisma checks the rule; the code's stage unless the rule needs another.
    pub stage: Stage,
    pub message: String,
    pub span: Span,
    /// Secondary places, each with a short note ("first defined here").
    pub labels: Vec<(Span, String)>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message.into(), span)
    }

    pub fn warning(code: &'static str, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message.into(), span)
    }

    fn new(severity: Severity, code: &'static str, message: String, span: Span) -> Diagnostic {
        Diagnostic { severity, code, stage: crate::codes::stage(code), message, span, labels: Vec::new() }
    }

    /// For a case that Prisma checks in another pass than the other cases of its code.
    pub fn in_stage(mut self, stage: Stage) -> Diagnostic {
        self.stage = stage;
        self
    }

    pub fn with_label(mut self, span: Span, note: impl Into<String>) -> Diagnostic {
        self.labels.push((span, note.into()));
        self
    }
}

/// The sink every pass writes into.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn error(&mut self, code: &'static str, message: impl Into<String>, span: Span) {
        self.push(Diagnostic::error(code, message, span));
    }

    pub fn warning(&mut self, code: &'static str, message: impl Into<String>, span: Span) {
        self.push(Diagnostic::warning(code, message, span));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Sorted as Prisma reports them: by [`Stage`], then by file and position. Diagnostics at
    /// the same place keep the order in which they were found (the sort is stable).
    pub fn sorted(mut self) -> Diagnostics {
        self.items.sort_by_key(|d| (d.stage, d.span.file, d.span.start));
        self
    }
}

/// Renders diagnostics like a compiler: a header, `--> file:line:column`, the source line and a
/// caret under the span. Plain text, no colour: the same bytes on every terminal and in fixtures.
pub fn render(sources: &SourceSet, diagnostics: &Diagnostics) -> String {
    let mut out = String::new();
    for d in diagnostics.iter() {
        render_one(&mut out, sources, d);
    }
    out
}

fn render_one(out: &mut String, sources: &SourceSet, d: &Diagnostic) {
    let kind = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let _ = writeln!(out, "{kind}[{}]: {}", d.code, d.message);
    render_snippet(out, sources, d.span, None);
    for (span, note) in &d.labels {
        render_snippet(out, sources, *span, Some(note));
    }
    out.push('\n');
}

fn render_snippet(out: &mut String, sources: &SourceSet, span: Span, note: Option<&str>) {
    if span.file.0 as usize >= sources.len() {
        return;
    }
    let file = sources.get(span.file);
    let (line, col) = file.line_col(span.start);
    let (end_line, end_col) = file.line_col(span.end);
    let text = file.line_text(line);
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(out, "{pad}--> {}:{line}:{col}", file.name);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{line} | {text}");
    let width = if end_line == line {
        end_col.saturating_sub(col).max(1)
    } else {
        (text.chars().count() + 1).saturating_sub(col).max(1)
    };
    let lead: String = text.chars().take(col - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    let _ = write!(out, "{pad} | {lead}{}", "^".repeat(width));
    if let Some(note) = note {
        let _ = write!(out, " {note}");
    }
    out.push('\n');
}
