//! Parser tests: every `tests/parser/*.prisma` is parsed and its tree and diagnostics dumped
//! into the `.ast` file beside it (`UPDATE_EXPECT=1` rewrites them); every corpus schema
//! parses without a diagnostic.

mod common;

use psl::ast::*;
use psl::{parse, Diagnostics, FileId, SourceFile};
use std::fmt::Write;
use std::path::Path;

#[test]
fn parser_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parser");
    let inputs = common::files_with_extension(&dir, ".prisma");
    assert!(inputs.len() >= 15, "expected at least 15 parser fixtures in {}", dir.display());
    let mut failures = Vec::new();
    for input in inputs {
        let text = std::fs::read_to_string(&input).unwrap();
        let expected_path = input.with_extension("ast");
        if let Err(message) = common::check(&expected_path, &dump(&text)) {
            failures.push(message);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_schemas_parse_without_diagnostics() {
    let Some(files) = common::corpus_schema_files() else {
        return;
    };
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let mut diagnostics = Diagnostics::new();
        let ast = parse(FileId(0), &text, &mut diagnostics);
        if !diagnostics.is_empty() {
            let sources = psl::SourceSet::single(path.display().to_string(), text.clone());
            failures.push(psl::diagnostics::render(&sources, &diagnostics));
        }
        let blocks = ast.items.iter().filter(|i| matches!(i, TopItem::Block(_))).count();
        let keywords = text
            .lines()
            .filter(|l| {
                ["model ", "enum ", "view ", "type ", "datasource ", "generator "].iter().any(|k| l.starts_with(k))
            })
            .count();
        if blocks != keywords {
            failures.push(format!("{}: {blocks} blocks parsed, {keywords} block headers in the text", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn crlf_parses_like_lf() {
    let lf = "model A {\n  id Int @id // x\n  @@index([a,\n    b])\n}\n";
    let crlf = lf.replace('\n', "\r\n");
    let (a, b) = (dump(lf), dump(&crlf));
    // Spans differ by the extra `\r`s; the trees and comment texts must not.
    let strip = |s: &str| s.lines().map(|l| l.split(" @").next().unwrap_or("").to_string()).collect::<Vec<_>>();
    assert_eq!(strip(&a), strip(&b));
    assert!(!b.contains("\\r"), "a comment kept the carriage return:\n{b}");
}

/// The tree as indented lines with `line:column` spans, then the diagnostics.
fn dump(text: &str) -> String {
    let source = SourceFile::new("schema.prisma", text);
    let mut diagnostics = Diagnostics::new();
    let ast = parse(FileId(0), text, &mut diagnostics);
    let pos = |span: psl::Span| {
        let (l1, c1) = source.line_col(span.start);
        let (l2, c2) = source.line_col(span.end);
        format!("@{l1}:{c1}-{l2}:{c2}")
    };
    let mut out = String::new();
    for item in &ast.items {
        match item {
            TopItem::BlankLine => out.push_str("blank\n"),
            TopItem::Comment(c) => writeln!(out, "comment {:?} {}", c.text, pos(c.span)).unwrap(),
            TopItem::Block(b) => {
                writeln!(out, "{} {} {}", b.kind.keyword(), b.name.name, pos(b.span)).unwrap();
                doc_and_trailing(&mut out, "  ", &b.documentation, &b.trailing_comment);
                for item in &b.body {
                    block_item(&mut out, item, &pos);
                }
            }
        }
    }
    if !diagnostics.is_empty() {
        out.push_str("--- diagnostics\n");
        for d in diagnostics.iter() {
            writeln!(out, "{} {} {}", d.code, pos(d.span), d.message).unwrap();
        }
    }
    out
}

fn block_item(out: &mut String, item: &BlockItem, pos: &dyn Fn(psl::Span) -> String) {
    match item {
        BlockItem::BlankLine => out.push_str("  blank\n"),
        BlockItem::Comment(c) => writeln!(out, "  comment {:?} {}", c.text, pos(c.span)).unwrap(),
        BlockItem::Attribute(a) => writeln!(out, "  {} {}", attribute(a, "@@"), pos(a.span)).unwrap(),
        BlockItem::Field(f) => {
            let arity = match f.arity {
                Arity::Required => "",
                Arity::Optional => "?",
                Arity::List => "[]",
            };
            let ty = match &f.field_type {
                FieldType::Named(i) => i.name.clone(),
                FieldType::Unsupported { type_name, .. } => format!("Unsupported({type_name:?})"),
            };
            writeln!(out, "  field {} {ty}{arity} {}", f.name.name, pos(f.span)).unwrap();
            for a in &f.attributes {
                writeln!(out, "    {}", attribute(a, "@")).unwrap();
            }
            doc_and_trailing(out, "    ", &f.documentation, &f.trailing_comment);
        }
        BlockItem::Property(p) => {
            let value = p.value.as_ref().map_or("<missing>".to_string(), expression);
            writeln!(out, "  property {} = {value} {}", p.name.name, pos(p.span)).unwrap();
            doc_and_trailing(out, "    ", &p.documentation, &p.trailing_comment);
        }
        BlockItem::EnumValue(v) => {
            writeln!(out, "  value {} {}", v.name.name, pos(v.span)).unwrap();
            for a in &v.attributes {
                writeln!(out, "    {}", attribute(a, "@")).unwrap();
            }
            doc_and_trailing(out, "    ", &v.documentation, &v.trailing_comment);
        }
    }
}

fn doc_and_trailing(out: &mut String, indent: &str, doc: &Option<Comment>, trailing: &Option<Comment>) {
    if let Some(d) = doc {
        writeln!(out, "{indent}doc {:?}", d.text).unwrap();
    }
    if let Some(t) = trailing {
        writeln!(out, "{indent}trailing {:?}", t.text).unwrap();
    }
}

fn attribute(a: &Attribute, sigil: &str) -> String {
    match &a.arguments {
        None => format!("{sigil}{}", a.name.name),
        Some(list) => format!("{sigil}{}{}", a.name.name, arguments(list)),
    }
}

fn arguments(list: &ArgumentList) -> String {
    let args: Vec<String> = list
        .arguments
        .iter()
        .map(|a| match &a.name {
            Some(n) => format!("{}: {}", n.name, expression(&a.value)),
            None => expression(&a.value),
        })
        .collect();
    format!("({})", args.join(", "))
}

/// Strings are shown unescaped, quoted the Rust way, so escapes are visibly decoded.
fn expression(e: &Expression) -> String {
    match e {
        Expression::Numeric(n, _) => format!("num:{n}"),
        Expression::String(s, _) => format!("str:{s:?}"),
        Expression::Constant(c, _) => format!("const:{c}"),
        Expression::Function(name, args, _) => format!("fn:{}{}", name.name, arguments(args)),
        Expression::Array(items, _) => format!("[{}]", items.iter().map(expression).collect::<Vec<_>>().join(", ")),
    }
}
