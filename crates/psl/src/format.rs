//! The formatter: canonical layout in Prisma's style, comments kept.
//!
//! The layout is the one `prisma format` produces, so that files formatted by either tool do
//! not change under the other:
//! - two-space indentation, `\n` line endings, one trailing newline;
//! - inside a block, the lines form tables: field name, type and attributes (or enum value and
//!   attributes, or property name and `= value`) are aligned in columns. A blank line starts a
//!   new table; comment lines do not. Column widths count bytes, as Prisma does. A trailing
//!   comment follows its line after one space, unaligned;
//! - blank lines at the start and end of a block are dropped, runs of blank lines become one;
//! - block attributes (`@@…`) move to the end of the block after one blank line, with the
//!   comment lines directly above them, ordered `id, unique, default, updatedAt, index,
//!   fulltext, map, relation, ignore`, then the others in source order; field attributes are
//!   ordered the same way;
//! - top-level blocks are followed by one blank line; comments keep their blank lines (one at
//!   most);
//! - strings and numbers are printed as written; arguments are separated by `, `, named
//!   arguments written `name: value`.
//!
//! Deliberate differences from `prisma format`: a comment after the `{` of a block is kept
//! (Prisma drops it), comments inside argument lists that span lines are moved to the end of
//! the line (Prisma rejects such lists), and missing back-relation fields are not added (that
//! needs validation, and changes the meaning of the schema).

use crate::ast::*;
use crate::diagnostics::Diagnostics;
use crate::parser::parse_with_inner_comments;
use crate::span::{FileId, Span};

const INDENT: &str = "  ";

/// Formats one file. Refuses (returns the syntax errors) when the text does not parse, so that
/// nothing the parser could not read is lost.
pub fn format(text: &str) -> Result<String, Diagnostics> {
    let mut diagnostics = Diagnostics::new();
    let (ast, inner_comments) = parse_with_inner_comments(FileId(0), text, &mut diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let formatter = Formatter { text, inner_comments };
    let mut out = String::with_capacity(text.len());
    formatter.top(&ast.items, &mut out);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

struct Formatter<'a> {
    text: &'a str,
    inner_comments: Vec<Comment>,
}

/// One line of a table: aligned columns, then a suffix (a comment) that does not count.
#[derive(Default)]
struct Row {
    columns: Vec<String>,
    suffix: String,
}

/// Lines whose columns are aligned together.
#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

impl Table {
    fn push(&mut self, columns: Vec<String>, suffix: String) {
        self.rows.push(Row { columns, suffix });
    }

    fn blank(&mut self) {
        self.rows.push(Row::default());
    }

    fn comment(&mut self, text: String) {
        self.push(Vec::new(), text);
    }

    /// Writes the rows, indented, and empties the table.
    fn render(&mut self, indent: &str, out: &mut String) {
        let mut widths: Vec<usize> = Vec::new();
        for row in &mut self.rows {
            while row.columns.last().is_some_and(String::is_empty) {
                row.columns.pop();
            }
            for (i, column) in row.columns.iter().enumerate() {
                if widths.len() <= i {
                    widths.push(0);
                }
                widths[i] = widths[i].max(column.len());
            }
        }
        for row in self.rows.drain(..) {
            let mut line = String::new();
            let last = row.columns.len().saturating_sub(1);
            for (i, column) in row.columns.iter().enumerate() {
                line.push_str(column);
                if i != last {
                    line.push_str(&" ".repeat(widths[i] - column.len() + 1));
                }
            }
            if !row.suffix.is_empty() {
                if !row.columns.is_empty() {
                    line.push(' ');
                }
                line.push_str(&row.suffix);
            }
            if !line.is_empty() {
                out.push_str(indent);
                out.push_str(&line);
            }
            out.push('\n');
        }
    }
}

/// A `/* … */` comment the way Prisma writes it: `/**`, one ` * text` line per non-empty line
/// of text (leading `*`s and spaces removed), then ` */`.
fn block_comment_lines(text: &str) -> Vec<String> {
    let mut lines = vec!["/**".to_string()];
    for line in text.lines() {
        // Trimmed until nothing is left to trim, so that formatting again changes nothing.
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '*');
        if !line.is_empty() {
            lines.push(format!(" * {line}"));
        }
    }
    lines.push(" */".to_string());
    lines
}

/// Prisma's order for attributes; the others keep their order after these.
fn attribute_rank(name: &str) -> usize {
    const ORDER: [&str; 9] = ["id", "unique", "default", "updatedAt", "index", "fulltext", "map", "relation", "ignore"];
    ORDER.iter().position(|n| *n == name).unwrap_or(ORDER.len())
}

impl<'a> Formatter<'a> {
    fn raw(&self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The lines of a comment (one line, or the `///` lines of a documentation comment), as
    /// written without indentation.
    fn comment_lines(&self, comment: &Comment) -> Vec<String> {
        let raw = self.raw(comment.span);
        if raw.starts_with("/*") {
            return block_comment_lines(&comment.text);
        }
        // A lone `\r` at the end would become a line break once the `\n` is added.
        raw.lines().map(|l| l.trim_start().trim_end_matches('\r').to_string()).collect()
    }

    /// The trailing comment of an item, with the comments written inside its argument lists
    /// moved in front of it.
    fn suffix(&self, item_span: Span, trailing: Option<&Comment>) -> String {
        let mut parts: Vec<&str> = self
            .inner_comments
            .iter()
            .filter(|c| c.span.start >= item_span.start && c.span.end <= item_span.end)
            .map(|c| self.raw(c.span).trim_end_matches('\r'))
            .collect();
        if let Some(t) = trailing {
            parts.push(self.raw(t.span).trim_end_matches('\r'));
        }
        parts.join(" ")
    }

    fn top(&self, items: &[TopItem], out: &mut String) {
        let mut i = 0;
        while matches!(items.get(i), Some(TopItem::BlankLine)) {
            i += 1;
        }
        while let Some(item) = items.get(i) {
            i += 1;
            let more = items[i..].iter().any(|it| !matches!(it, TopItem::BlankLine));
            match item {
                TopItem::BlankLine => {
                    if more {
                        out.push('\n');
                    }
                }
                TopItem::Comment(c) => {
                    for line in self.comment_lines(c) {
                        out.push_str(&line);
                        out.push('\n');
                    }
                }
                TopItem::Block(block) => {
                    self.block(block, out);
                    // The line break after `}` counts as the blank line that follows a block.
                    if matches!(items.get(i), Some(TopItem::BlankLine)) {
                        i += 1;
                    }
                    if more {
                        out.push('\n');
                    }
                }
            }
        }
    }

    fn block(&self, block: &Block, out: &mut String) {
        if let Some(doc) = &block.documentation {
            for line in self.comment_lines(doc) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        out.push_str(block.kind.keyword());
        out.push(' ');
        out.push_str(&block.name.name);
        out.push_str(" {");
        if let Some(c) = &block.trailing_comment {
            out.push(' ');
            out.push_str(self.raw(c.span));
        }
        out.push('\n');
        self.block_body(&block.body, out);
        out.push_str("}\n");
    }

    /// Whether `comment` is written on the same line as the end of `span`.
    fn on_same_line(&self, span: Span, comment: &Comment) -> bool {
        self.text.get(span.end as usize..comment.span.start as usize).is_some_and(|between| !between.contains('\n'))
    }

    fn block_body(&self, body: &[BlockItem], out: &mut String) {
        // Block attributes with the comment lines above them and their trailing comment.
        let mut attributes: Vec<(Vec<&Comment>, &Attribute, Option<&Comment>)> = Vec::new();
        let mut table = Table::default();
        let mut pending: Vec<&Comment> = Vec::new();
        let mut i = 0;
        while matches!(body.get(i), Some(BlockItem::BlankLine)) {
            i += 1;
        }
        loop {
            let ate_blank = matches!(body.get(i), Some(BlockItem::BlankLine));
            if ate_blank {
                i += 1;
                if !matches!(body.get(i), None | Some(BlockItem::Attribute(_) | BlockItem::Comment(_))) {
                    table.render(INDENT, out);
                    table.blank();
                }
            }
            let Some(item) = body.get(i) else { break };
            i += 1;
            match item {
                BlockItem::BlankLine => {}
                BlockItem::Comment(first) => {
                    // A run of comment lines moves with the block attribute right below it.
                    let mut run = vec![first];
                    while let Some(BlockItem::Comment(c)) = body.get(i) {
                        run.push(c);
                        i += 1;
                    }
                    if matches!(body.get(i), Some(BlockItem::Attribute(_))) {
                        pending = run;
                    } else {
                        if ate_blank {
                            table.render(INDENT, out);
                            table.blank();
                        }
                        for c in run {
                            for line in self.comment_lines(c) {
                                table.comment(line);
                            }
                        }
                    }
                }
                BlockItem::Attribute(attribute) => {
                    let trailing = match body.get(i) {
                        Some(BlockItem::Comment(c)) if self.on_same_line(attribute.span, c) => {
                            i += 1;
                            Some(c)
                        }
                        _ => None,
                    };
                    attributes.push((std::mem::take(&mut pending), attribute, trailing));
                }
                BlockItem::Field(field) => {
                    self.documentation(&field.documentation, &mut table);
                    let arity = match field.arity {
                        Arity::Required => "",
                        Arity::Optional => "?",
                        Arity::List => "[]",
                    };
                    let field_type = match &field.field_type {
                        FieldType::Named(name) => name.name.clone(),
                        FieldType::Unsupported { span, .. } => self.raw(*span).to_string(),
                    };
                    let mut sorted: Vec<&Attribute> = field.attributes.iter().collect();
                    sorted.sort_by_key(|a| attribute_rank(&a.name.name));
                    let attrs: Vec<String> = sorted.iter().map(|a| self.attribute("@", a)).collect();
                    table.push(
                        vec![field.name.name.clone(), format!("{field_type}{arity}"), attrs.join(" ")],
                        self.suffix(field.span, field.trailing_comment.as_ref()),
                    );
                }
                BlockItem::EnumValue(value) => {
                    self.documentation(&value.documentation, &mut table);
                    // Prisma writes enum value attributes one after the other without a space.
                    let attrs: String = value.attributes.iter().map(|a| self.attribute("@", a)).collect();
                    table.push(
                        vec![value.name.name.clone(), attrs],
                        self.suffix(value.span, value.trailing_comment.as_ref()),
                    );
                }
                BlockItem::Property(property) => {
                    self.documentation(&property.documentation, &mut table);
                    let value = property.value.as_ref().map_or(String::new(), |v| self.expression(v));
                    table.push(
                        vec![property.name.name.clone(), format!("= {value}")],
                        self.suffix(property.span, property.trailing_comment.as_ref()),
                    );
                }
            }
        }
        table.render(INDENT, out);
        if !attributes.is_empty() {
            table.blank();
        }
        // A stable sort: attributes of the same rank keep their order.
        attributes.sort_by_key(|(_, a, _)| attribute_rank(&a.name.name));
        for (comments, attribute, trailing) in attributes {
            for c in comments {
                for line in self.comment_lines(c) {
                    table.comment(line);
                }
            }
            table.push(vec![self.attribute("@@", attribute)], self.suffix(attribute.span, trailing));
        }
        table.render(INDENT, out);
    }

    fn documentation(&self, documentation: &Option<Comment>, table: &mut Table) {
        if let Some(doc) = documentation {
            for line in self.comment_lines(doc) {
                table.comment(line);
            }
        }
    }

    fn attribute(&self, sigil: &str, attribute: &Attribute) -> String {
        let mut s = format!("{sigil}{}", attribute.name.name);
        if let Some(arguments) = &attribute.arguments {
            s.push_str(&self.arguments(arguments));
        }
        s
    }

    fn arguments(&self, list: &ArgumentList) -> String {
        let arguments: Vec<String> = list
            .arguments
            .iter()
            .map(|a| match &a.name {
                Some(name) => format!("{}: {}", name.name, self.expression(&a.value)),
                None => self.expression(&a.value),
            })
            .collect();
        format!("({})", arguments.join(", "))
    }

    fn expression(&self, expression: &Expression) -> String {
        match expression {
            Expression::Numeric(_, span) | Expression::String(_, span) => self.raw(*span).to_string(),
            Expression::Constant(name, _) => name.clone(),
            Expression::Function(name, arguments, _) => {
                format!("{}{}", name.name, self.arguments(arguments))
            }
            Expression::Array(items, _) => {
                format!("[{}]", items.iter().map(|e| self.expression(e)).collect::<Vec<_>>().join(", "))
            }
        }
    }
}
