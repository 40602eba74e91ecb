//! Lexer and error-tolerant parser: text → [`SchemaAst`]. Never fails: syntax errors are
//! pushed to the diagnostics and parsing resumes at the next line or block.
//!
//! The language is line-oriented: a block header, each field, enum value, property and block
//! attribute sits on one line, except that argument lists and arrays may span lines. Recovery
//! follows that shape: after an error the rest of the line is skipped. Every loop consumes at
//! least one token per turn, so parsing always ends.
//!
//! Syntax error codes (one per kind of mistake):
//! `E0001` line that starts no top-level item, `E0002` block without a name, `E0003` block
//! without `{`, `E0004` block without `}`, `E0005` line that is no item of the block,
//! `E0006` field without a type, `E0007` `@` without an attribute name, `E0008` unterminated
//! string, `E0009` unknown escape in a string, `E0010` property without `=`, `E0011` property
//! without a value, `E0012` missing value (expression), `E0013` unclosed argument list or
//! array, `E0014` type alias, `E0015` legacy field syntax, `E0016` unexpected text at the end
//! of a line, `E0017` invalid character, `E0018` optional list.
//!
//! Warning `W0001`: an argument list or array that spans lines. Prisma rejects it; ebb reads
//! it, and `ebb format` writes it on one line.

mod lexer;

use crate::ast::*;
use crate::diagnostics::Diagnostics;
use crate::span::{FileId, Span};
use lexer::{Token, TokenKind};

/// Parses one file. The tree holds everything that could be read.
pub fn parse(file: FileId, text: &str, diagnostics: &mut Diagnostics) -> SchemaAst {
    parse_with_inner_comments(file, text, diagnostics).0
}

/// Like [`parse`], and also returns the comments written inside argument lists and arrays
/// that span lines. The tree has no place for them; the formatter must not lose them.
pub(crate) fn parse_with_inner_comments(
    file: FileId,
    text: &str,
    diagnostics: &mut Diagnostics,
) -> (SchemaAst, Vec<Comment>) {
    let tokens = lexer::lex(text);
    let mut parser = Parser {
        file,
        text,
        tokens,
        pos: 0,
        diagnostics,
        inner_comments: Vec::new(),
        list_depth: 0,
        multiline_at: None,
    };
    let items = parser.schema();
    (SchemaAst { file, items }, parser.inner_comments)
}

/// The error was reported already; the caller skips the rest of the line without reporting
/// anything more.
struct Reported;

type PResult<T> = Result<T, Reported>;

const KEYWORDS: [(&str, BlockKind); 6] = [
    ("datasource", BlockKind::Datasource),
    ("generator", BlockKind::Generator),
    ("model", BlockKind::Model),
    ("view", BlockKind::View),
    ("type", BlockKind::Type),
    ("enum", BlockKind::Enum),
];

struct Parser<'a> {
    file: FileId,
    text: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    diagnostics: &'a mut Diagnostics,
    inner_comments: Vec<Comment>,
    /// Nesting of argument lists and arrays, so that a list spanning lines is reported once,
    /// when the outermost list closes.
    list_depth: u32,
    /// The first line break inside the outermost list being read.
    multiline_at: Option<Span>,
}

impl<'a> Parser<'a> {
    // ----- token access -----

    fn peek(&self) -> Option<TokenKind> {
        self.tokens.get(self.pos).map(|t| t.kind)
    }

    fn peek_nth(&self, n: usize) -> Option<TokenKind> {
        self.tokens.get(self.pos + n).map(|t| t.kind)
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.peek() == Some(kind)
    }

    fn at_line_end(&self) -> bool {
        matches!(self.peek(), None | Some(TokenKind::Newline))
    }

    fn bump(&mut self) -> Token {
        let token = self.current();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        token
    }

    /// The current token, or an empty token at the end of the text.
    fn current(&self) -> Token {
        self.tokens.get(self.pos).copied().unwrap_or(Token {
            kind: TokenKind::Newline,
            start: self.text.len(),
            end: self.text.len(),
        })
    }

    fn previous_end(&self) -> usize {
        self.pos.checked_sub(1).and_then(|i| self.tokens.get(i)).map_or(0, |t| t.end)
    }

    fn slice(&self, token: Token) -> &'a str {
        &self.text[token.start..token.end]
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn token_span(&self, token: Token) -> Span {
        self.span(token.start, token.end)
    }

    fn ident(&self, token: Token) -> Ident {
        Ident { name: self.slice(token).to_string(), span: self.token_span(token) }
    }

    /// Digits followed without a space by a name (`2fa`, `1ST`). Prisma reads it as a name and
    /// refuses it then, because names must not start with a digit; so it is a name here too,
    /// and validation reports it.
    fn at_digit_name(&self) -> bool {
        let (Some(number), Some(next)) = (self.tokens.get(self.pos), self.tokens.get(self.pos + 1)) else {
            return false;
        };
        number.kind == TokenKind::Number
            && self.slice(*number).bytes().all(|b| b.is_ascii_digit())
            && next.kind == TokenKind::Ident
            && next.start == number.end
    }

    /// The name of a field, enum value or property: an identifier, or digits joined to one.
    fn item_name(&mut self) -> Ident {
        let first = self.bump();
        let mut end = first.end;
        if first.kind == TokenKind::Number && self.at(TokenKind::Ident) && self.current().start == end {
            end = self.bump().end;
        }
        Ident { name: self.text[first.start..end].to_string(), span: self.span(first.start, end) }
    }

    /// A newline token on a line that has no other token: an empty line.
    fn at_blank_line(&self) -> bool {
        self.at(TokenKind::Newline)
            && (self.pos == 0 || self.tokens.get(self.pos - 1).is_some_and(|t| t.kind == TokenKind::Newline))
    }

    /// How the current token is shown in messages.
    fn describe_current(&self) -> String {
        match self.tokens.get(self.pos) {
            None => "the end of the file".to_string(),
            Some(t) if t.kind == TokenKind::Newline => "the end of the line".to_string(),
            Some(t) if t.kind == TokenKind::Str { terminated: true } => "a string".to_string(),
            Some(t) => format!("`{}`", self.slice(*t)),
        }
    }

    // ----- diagnostics and recovery -----

    /// Reports at the current token. An invalid character is reported as such, whatever was
    /// expected, because that is the mistake to fix.
    fn error_here(&mut self, code: &'static str, message: String) -> Reported {
        let mut token = self.current();
        if token.kind == TokenKind::Newline {
            // Point at the end of the line, not at the line break (which belongs to no line).
            token.end = token.start;
        }
        if token.kind == TokenKind::Unknown {
            let c = self.slice(token);
            self.diagnostics.error("E0017", format!("invalid character `{c}`"), self.token_span(token));
        } else {
            self.diagnostics.error(code, message, self.token_span(token));
        }
        Reported
    }

    /// Skips to the end of the line (the newline is left for the caller). Stops before a `}`
    /// so that the block it closes is still closed.
    fn skip_line(&mut self) {
        while let Some(kind) = self.peek() {
            if matches!(kind, TokenKind::Newline | TokenKind::RBrace) {
                break;
            }
            self.bump();
        }
    }

    /// Skips newlines and comments, which are insignificant inside argument lists and arrays.
    fn skip_trivia(&mut self) {
        while matches!(self.peek(), Some(TokenKind::Newline | TokenKind::Comment | TokenKind::DocComment)) {
            let token = self.bump();
            if token.kind == TokenKind::Newline && self.multiline_at.is_none() {
                self.multiline_at = Some(self.token_span(token));
            }
            if token.kind != TokenKind::Newline {
                let comment = self.comment(token);
                self.inner_comments.push(comment);
            }
        }
    }

    /// The text of a comment: after `//` or `///`, or between `/*` and `*/`.
    fn comment(&self, token: Token) -> Comment {
        let raw = self.slice(token);
        let text = if let Some(inner) = raw.strip_prefix("/*") {
            inner.strip_suffix("*/").unwrap_or(inner)
        } else if token.kind == TokenKind::DocComment {
            &raw[3..]
        } else {
            &raw[2..]
        };
        // A lone carriage return is whitespace, not a line break; at the end of a comment it
        // would turn into one once the formatter adds the line's `\n`.
        let text = if raw.starts_with("/*") { text } else { text.trim_end_matches('\r') };
        Comment { text: text.to_string(), span: self.token_span(token) }
    }

    /// `///` lines joined into one documentation comment.
    fn documentation(&self, lines: &[Token]) -> Option<Comment> {
        let (first, last) = (lines.first()?, lines.last()?);
        let text = lines.iter().map(|t| &self.text[t.start + 3..t.end]).collect::<Vec<_>>().join("\n");
        Some(Comment { text, span: self.span(first.start, last.end) })
    }

    /// After an item: an optional trailing comment, then the end of the line (or the `}` of
    /// the block). Anything else is reported and skipped.
    fn line_end(&mut self, what: &str) -> Option<Comment> {
        let trailing = if matches!(self.peek(), Some(TokenKind::Comment | TokenKind::DocComment)) {
            let token = self.bump();
            Some(self.comment(token))
        } else {
            None
        };
        if !self.at_line_end() && !self.at(TokenKind::RBrace) {
            let found = self.describe_current();
            self.error_here(
                "E0016",
                format!("expected an attribute, a comment or the end of the line after {what}, found {found}"),
            );
            self.skip_line();
        }
        trailing
    }

    // ----- top level -----

    fn schema(&mut self) -> Vec<TopItem> {
        let mut items = Vec::new();
        let mut docs: Vec<Token> = Vec::new();
        while let Some(kind) = self.peek() {
            match kind {
                TokenKind::Newline => {
                    if self.at_blank_line() {
                        flush_docs_top(self, &mut docs, &mut items);
                        if !matches!(items.last(), Some(TopItem::BlankLine)) {
                            items.push(TopItem::BlankLine);
                        }
                    }
                    self.bump();
                }
                TokenKind::DocComment => {
                    let token = self.bump();
                    docs.push(token);
                }
                TokenKind::Comment => {
                    flush_docs_top(self, &mut docs, &mut items);
                    let token = self.bump();
                    items.push(TopItem::Comment(self.comment(token)));
                }
                TokenKind::Ident if self.keyword().is_some() => {
                    let documentation = self.documentation(&docs);
                    docs.clear();
                    if let Some(block) = self.block(documentation) {
                        items.push(TopItem::Block(block));
                    }
                }
                _ => {
                    flush_docs_top(self, &mut docs, &mut items);
                    let first = self.current();
                    let start = first.start;
                    let opens_body = self.skip_line_including_braces();
                    let end = self.previous_end().max(start);
                    if opens_body {
                        self.skip_orphan_body();
                    }
                    match first {
                        t if t.kind == TokenKind::Unknown => {
                            let c = self.slice(t);
                            self.diagnostics.error("E0017", format!("invalid character `{c}`"), self.token_span(t));
                        }
                        _ => self.diagnostics.error(
                            "E0001",
                            "this line is invalid: it does not start with a Prisma schema keyword (`model`, `enum`, `view`, `type`, `datasource` or `generator`)",
                            self.span(start, end),
                        ),
                    }
                }
            }
        }
        flush_docs_top(self, &mut docs, &mut items);
        items
    }

    /// Skips to the end of the line; returns whether the last token skipped was a `{` (the line
    /// opened a body).
    fn skip_line_including_braces(&mut self) -> bool {
        let mut opens_body = false;
        while !self.at_line_end() {
            let token = self.bump();
            opens_body = match token.kind {
                TokenKind::LBrace => true,
                TokenKind::Comment | TokenKind::DocComment => opens_body,
                _ => false,
            };
        }
        opens_body
    }

    /// After a header that could not be read: skips the lines of its body, through the line
    /// that starts with `}`, or up to the next block header. One error for the header is
    /// enough; the lines of the body would only repeat it.
    fn skip_orphan_body(&mut self) {
        let mut line_start = true;
        while let Some(kind) = self.peek() {
            if line_start && kind == TokenKind::RBrace {
                self.bump();
                return;
            }
            if line_start && self.at_block_header() {
                return;
            }
            line_start = kind == TokenKind::Newline;
            self.bump();
        }
    }

    /// The block keyword at the current token, if it is one.
    fn keyword(&self) -> Option<BlockKind> {
        let token = self.tokens.get(self.pos)?;
        if token.kind != TokenKind::Ident {
            return None;
        }
        let word = self.slice(*token);
        KEYWORDS.iter().find(|(k, _)| *k == word).map(|(_, kind)| *kind)
    }

    /// `keyword Name {` at the current token: the start of a block, which inside another
    /// block means that one was not closed.
    fn at_block_header(&self) -> bool {
        self.keyword().is_some()
            && self.peek_nth(1) == Some(TokenKind::Ident)
            && self.peek_nth(2) == Some(TokenKind::LBrace)
    }

    fn block(&mut self, documentation: Option<Comment>) -> Option<Block> {
        let kind = self.keyword()?;
        let keyword = self.bump();
        let keyword_text = kind.keyword();
        let name = if self.at(TokenKind::Ident) {
            let token = self.bump();
            Some(self.ident(token))
        } else {
            let found = self.describe_current();
            let _ = self.error_here("E0002", format!("expected a name after `{keyword_text}`, found {found}"));
            None
        };
        if let Some(name) = &name {
            if kind == BlockKind::Type && self.at(TokenKind::Equals) {
                let start = keyword.start;
                self.skip_line_including_braces();
                let end = self.previous_end();
                self.diagnostics.error(
                    "E0014",
                    format!("type aliases are not supported: replace `{}` by its type where it is used and remove this line", name.name),
                    self.span(start, end),
                );
                return None;
            }
        }
        if !self.at(TokenKind::LBrace) {
            if let Some(name) = &name {
                let found = self.describe_current();
                let _ = self
                    .error_here("E0003", format!("expected `{{` after `{keyword_text} {}`, found {found}", name.name));
            }
            // Skip the header; a `{` later on the line still opens the body, so that its lines
            // are not misread as top-level lines.
            while !self.at_line_end() && !self.at(TokenKind::LBrace) {
                self.bump();
            }
            if !self.at(TokenKind::LBrace) {
                if name.is_some() {
                    self.skip_orphan_body();
                }
                return None;
            }
        }
        self.bump();
        let trailing_comment = if matches!(self.peek(), Some(TokenKind::Comment | TokenKind::DocComment)) {
            let token = self.bump();
            Some(self.comment(token))
        } else {
            None
        };
        let (body, end) = self.block_body(kind, keyword, name.as_ref());
        let name = name?;
        Some(Block { kind, name, documentation, body, trailing_comment, span: self.span(keyword.start, end) })
    }

    /// The items up to and including the closing `}`; returns them and the end offset.
    fn block_body(&mut self, kind: BlockKind, keyword: Token, name: Option<&Ident>) -> (Vec<BlockItem>, usize) {
        let mut items = Vec::new();
        let mut docs: Vec<Token> = Vec::new();
        loop {
            let Some(token_kind) = self.peek() else {
                flush_docs_block(self, &mut docs, &mut items);
                self.unclosed(kind, keyword, name);
                return (items, self.text.len());
            };
            match token_kind {
                TokenKind::RBrace => {
                    flush_docs_block(self, &mut docs, &mut items);
                    let close = self.bump();
                    return (items, close.end);
                }
                TokenKind::Newline => {
                    if self.at_blank_line() {
                        flush_docs_block(self, &mut docs, &mut items);
                        if !matches!(items.last(), Some(BlockItem::BlankLine)) {
                            items.push(BlockItem::BlankLine);
                        }
                    }
                    self.bump();
                }
                TokenKind::DocComment => {
                    let token = self.bump();
                    docs.push(token);
                }
                TokenKind::Comment => {
                    flush_docs_block(self, &mut docs, &mut items);
                    let token = self.bump();
                    items.push(BlockItem::Comment(self.comment(token)));
                }
                TokenKind::AtAt => {
                    flush_docs_block(self, &mut docs, &mut items);
                    match self.attribute() {
                        Ok(attribute) => {
                            items.push(BlockItem::Attribute(attribute));
                            // A comment after a block attribute has no place in the tree; it
                            // is kept as a comment item after it.
                            if let Some(comment) = self.line_end("the block attribute") {
                                items.push(BlockItem::Comment(comment));
                            }
                        }
                        Err(Reported) => self.skip_line(),
                    }
                }
                TokenKind::Ident if self.at_block_header() => {
                    flush_docs_block(self, &mut docs, &mut items);
                    self.unclosed(kind, keyword, name);
                    return (items, self.previous_end());
                }
                t if t == TokenKind::Ident || self.at_digit_name() => {
                    let documentation = self.documentation(&docs);
                    docs.clear();
                    let item = match kind {
                        BlockKind::Datasource | BlockKind::Generator => {
                            self.property(documentation).map(BlockItem::Property)
                        }
                        BlockKind::Enum => self.enum_value(documentation).map(BlockItem::EnumValue),
                        BlockKind::Model | BlockKind::View | BlockKind::Type => {
                            self.field(documentation).map(BlockItem::Field)
                        }
                    };
                    match item {
                        Ok(item) => items.push(item),
                        Err(Reported) => self.skip_line(),
                    }
                }
                _ => {
                    flush_docs_block(self, &mut docs, &mut items);
                    let expected = match kind {
                        BlockKind::Datasource | BlockKind::Generator => "a property (`name = value`)",
                        BlockKind::Enum => "an enum value, a block attribute (`@@…`)",
                        BlockKind::Model | BlockKind::View | BlockKind::Type => "a field, a block attribute (`@@…`)",
                    };
                    let found = self.describe_current();
                    let _ = self.error_here(
                        "E0005",
                        format!(
                            "expected {expected}, a comment or `}}` in {} `{}`, found {found}",
                            kind.keyword(),
                            name.map_or("", |n| n.name.as_str())
                        ),
                    );
                    self.bump();
                    self.skip_line();
                }
            }
        }
    }

    fn unclosed(&mut self, kind: BlockKind, keyword: Token, name: Option<&Ident>) {
        let end = name.map_or(keyword.end, |n| n.span.end as usize);
        self.diagnostics.error(
            "E0004",
            format!("this {} is not closed: add `}}` after its last line", kind.keyword()),
            self.span(keyword.start, end),
        );
    }

    // ----- block items -----

    fn field(&mut self, documentation: Option<Comment>) -> PResult<Field> {
        let name = self.item_name();
        if self.at(TokenKind::Colon) {
            let _ = self.error_here(
                "E0015",
                format!("field types are written without a colon: remove the `:` after `{}`", name.name),
            );
            self.bump();
        }
        let field_type = match self.peek() {
            Some(TokenKind::Ident)
                if self.slice(self.current()) == "Unsupported" && self.peek_nth(1) == Some(TokenKind::LParen) =>
            {
                self.unsupported()?
            }
            Some(TokenKind::Ident) => {
                let token = self.bump();
                FieldType::Named(self.ident(token))
            }
            Some(TokenKind::LBracket) => {
                return Err(self.error_here(
                    "E0015",
                    format!("`[Type]` is legacy list syntax: write the type of `{}` as `Type[]`", name.name),
                ));
            }
            _ => {
                let found = self.describe_current();
                return Err(
                    self.error_here("E0006", format!("expected a field type after `{}`, found {found}", name.name))
                );
            }
        };
        let arity = match self.peek() {
            Some(TokenKind::Question) => {
                self.bump();
                Arity::Optional
            }
            Some(TokenKind::LBracket) => {
                self.bump();
                if !self.at(TokenKind::RBracket) {
                    let found = self.describe_current();
                    return Err(self.error_here(
                        "E0013",
                        format!("expected `]` after `[` in the type of `{}`, found {found}", name.name),
                    ));
                }
                self.bump();
                if self.at(TokenKind::Question) {
                    return Err(self.error_here(
                        "E0018",
                        format!("the field `{}` cannot be an optional list: remove the `?`", name.name),
                    ));
                }
                Arity::List
            }
            Some(TokenKind::Bang) => {
                return Err(self.error_here(
                    "E0015",
                    format!("fields are required by default: remove the `!` after the type of `{}`", name.name),
                ));
            }
            _ => Arity::Required,
        };
        let mut attributes = Vec::new();
        while self.at(TokenKind::At) {
            attributes.push(self.attribute()?);
        }
        let end = self.previous_end();
        let trailing_comment = self.line_end(&format!("the field `{}`", name.name));
        Ok(Field {
            span: self.span(name.span.start as usize, end),
            name,
            field_type,
            arity,
            attributes,
            documentation,
            trailing_comment,
        })
    }

    /// `Unsupported("type")`
    fn unsupported(&mut self) -> PResult<FieldType> {
        let start = self.bump().start;
        self.bump(); // `(`, checked by the caller
        let type_name = match self.peek() {
            Some(TokenKind::Str { .. }) => self.string()?,
            _ => {
                let found = self.describe_current();
                return Err(self.error_here(
                    "E0012",
                    format!("expected the database type as a string in `Unsupported(…)`, found {found}"),
                ));
            }
        };
        if !self.at(TokenKind::RParen) {
            let found = self.describe_current();
            return Err(self.error_here("E0013", format!("expected `)` to close `Unsupported(…)`, found {found}")));
        }
        let end = self.bump().end;
        Ok(FieldType::Unsupported { type_name, span: self.span(start, end) })
    }

    fn enum_value(&mut self, documentation: Option<Comment>) -> PResult<EnumValue> {
        let name = self.item_name();
        let mut attributes = Vec::new();
        while self.at(TokenKind::At) {
            attributes.push(self.attribute()?);
        }
        let end = self.previous_end();
        let trailing_comment = self.line_end(&format!("the enum value `{}`", name.name));
        Ok(EnumValue {
            span: self.span(name.span.start as usize, end),
            name,
            attributes,
            documentation,
            trailing_comment,
        })
    }

    fn property(&mut self, documentation: Option<Comment>) -> PResult<Property> {
        let name = self.item_name();
        if !self.at(TokenKind::Equals) {
            let found = self.describe_current();
            return Err(self
                .error_here("E0010", format!("expected `=` after the property name `{}`, found {found}", name.name)));
        }
        let equals = self.bump();
        let value = if matches!(
            self.peek(),
            None | Some(TokenKind::Newline | TokenKind::Comment | TokenKind::DocComment | TokenKind::RBrace)
        ) {
            self.diagnostics.error(
                "E0011",
                format!("expected a value after `{} =`", name.name),
                self.token_span(equals),
            );
            None
        } else {
            Some(self.expression()?)
        };
        let end = self.previous_end();
        let trailing_comment = self.line_end(&format!("the value of `{}`", name.name));
        Ok(Property { span: self.span(name.span.start as usize, end), name, value, documentation, trailing_comment })
    }

    // ----- attributes and expressions -----

    /// `@name(args)` or `@@name(args)`; the current token is the `@` or `@@`.
    fn attribute(&mut self) -> PResult<Attribute> {
        let at = self.bump();
        let sigil = self.slice(at);
        if !(self.at(TokenKind::Ident) && self.current().start == at.end) {
            let found = self.describe_current();
            return Err(
                self.error_here("E0007", format!("expected an attribute name right after `{sigil}`, found {found}"))
            );
        }
        let name = self.path()?;
        let arguments =
            if self.at(TokenKind::LParen) { Some(self.argument_list(&format!("{sigil}{}", name.name))?) } else { None };
        let end = self.previous_end();
        Ok(Attribute { name, arguments, span: self.span(at.start, end) })
    }

    /// `a` or `a.b.c` without spaces; the current token is an identifier.
    fn path(&mut self) -> PResult<Ident> {
        let first = self.bump();
        let mut end = first.end;
        while self.at(TokenKind::Dot) && self.current().start == end {
            let dot = self.bump();
            if !(self.at(TokenKind::Ident) && self.current().start == dot.end) {
                let found = self.describe_current();
                return Err(self.error_here(
                    "E0012",
                    format!("expected a name after `{}`, found {found}", &self.text[first.start..dot.end]),
                ));
            }
            end = self.bump().end;
        }
        Ok(Ident { name: self.text[first.start..end].to_string(), span: self.span(first.start, end) })
    }

    /// `(args)`; the current token is the `(`. Newlines and comments inside are skipped.
    fn argument_list(&mut self, owner: &str) -> PResult<ArgumentList> {
        self.list_depth += 1;
        let result = self.argument_list_inner(owner);
        self.leave_list(result.is_ok());
        result
    }

    /// Warns (once per outermost list) about a list that spans lines and closed properly; an
    /// unclosed list has its own error.
    fn leave_list(&mut self, closed: bool) {
        self.list_depth -= 1;
        if self.list_depth > 0 {
            return;
        }
        if let (Some(span), true) = (self.multiline_at.take(), closed) {
            self.diagnostics.warning(
                "W0001",
                "this list spans several lines, which Prisma rejects (\"This line is not a valid field or attribute definition.\"); `ebb format` writes it on one line",
                span,
            );
        }
    }

    fn argument_list_inner(&mut self, owner: &str) -> PResult<ArgumentList> {
        let open = self.bump();
        let mut arguments = Vec::new();
        loop {
            self.skip_trivia();
            if self.at(TokenKind::RParen) {
                break;
            }
            if matches!(self.peek(), None | Some(TokenKind::RBrace | TokenKind::At | TokenKind::AtAt)) {
                let found = self.describe_current();
                return Err(self
                    .error_here("E0013", format!("expected `)` to close the arguments of `{owner}`, found {found}")));
            }
            arguments.push(self.argument()?);
            self.skip_trivia();
            match self.peek() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::RParen) => break,
                _ => {
                    let found = self.describe_current();
                    return Err(self.error_here(
                        "E0013",
                        format!("expected `,` or `)` in the arguments of `{owner}`, found {found}"),
                    ));
                }
            }
        }
        let close = self.bump();
        Ok(ArgumentList { arguments, span: self.span(open.start, close.end) })
    }

    fn argument(&mut self) -> PResult<Argument> {
        let start = self.current().start;
        let name = if self.at(TokenKind::Ident) && self.peek_nth(1) == Some(TokenKind::Colon) {
            let token = self.bump();
            self.bump();
            self.skip_trivia();
            if matches!(self.peek(), None | Some(TokenKind::Comma | TokenKind::RParen)) {
                let name = self.slice(token);
                return Err(self.error_here("E0012", format!("expected a value after `{name}:`")));
            }
            Some(self.ident(token))
        } else {
            None
        };
        let value = self.expression()?;
        Ok(Argument { name, span: self.span(start, value.span().end as usize), value })
    }

    fn expression(&mut self) -> PResult<Expression> {
        let token = self.current();
        match token.kind {
            TokenKind::Number => {
                self.bump();
                Ok(Expression::Numeric(self.slice(token).to_string(), self.token_span(token)))
            }
            TokenKind::Str { .. } => {
                let value = self.string()?;
                Ok(Expression::String(value, self.token_span(token)))
            }
            TokenKind::Ident => {
                let path = self.path()?;
                if self.at(TokenKind::LParen) {
                    let arguments = self.argument_list(&format!("{}(…)", path.name))?;
                    let span = path.span.to(arguments.span);
                    Ok(Expression::Function(path, arguments, span))
                } else {
                    let span = path.span;
                    Ok(Expression::Constant(path.name, span))
                }
            }
            TokenKind::LBracket => self.array(),
            _ => {
                let found = self.describe_current();
                Err(self.error_here(
                    "E0012",
                    format!("expected a value (a string, number, name, function call or array), found {found}"),
                ))
            }
        }
    }

    fn array(&mut self) -> PResult<Expression> {
        self.list_depth += 1;
        let result = self.array_inner();
        self.leave_list(result.is_ok());
        result
    }

    fn array_inner(&mut self) -> PResult<Expression> {
        let open = self.bump();
        let mut elements = Vec::new();
        loop {
            self.skip_trivia();
            if self.at(TokenKind::RBracket) {
                break;
            }
            if matches!(
                self.peek(),
                None | Some(TokenKind::RBrace | TokenKind::At | TokenKind::AtAt | TokenKind::RParen)
            ) {
                let found = self.describe_current();
                return Err(self.error_here("E0013", format!("expected `]` to close the array, found {found}")));
            }
            elements.push(self.expression()?);
            self.skip_trivia();
            match self.peek() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::RBracket) => break,
                _ => {
                    let found = self.describe_current();
                    return Err(self.error_here("E0013", format!("expected `,` or `]` in the array, found {found}")));
                }
            }
        }
        let close = self.bump();
        Ok(Expression::Array(elements, self.span(open.start, close.end)))
    }

    /// The value of the string literal at the current token; reports unterminated strings and
    /// unknown escapes.
    fn string(&mut self) -> PResult<String> {
        let token = self.bump();
        let raw = self.slice(token);
        if token.kind == (TokenKind::Str { terminated: false }) {
            self.diagnostics.error(
                "E0008",
                "this string is not terminated: add `\"` at its end",
                self.token_span(token),
            );
            return Err(Reported);
        }
        let (value, bad_escapes) = lexer::unescape(raw);
        for (start, end) in &bad_escapes {
            let escape = &raw[*start..*end];
            self.diagnostics.error(
                "E0009",
                format!("unknown escape `{escape}` in a string: write `\\\\` for a backslash"),
                self.span(token.start + start, token.start + end),
            );
        }
        if bad_escapes.is_empty() {
            Ok(value)
        } else {
            Err(Reported)
        }
    }
}

/// Pending `///` lines that no item follows become plain comment items.
fn flush_docs_top(parser: &Parser, docs: &mut Vec<Token>, items: &mut Vec<TopItem>) {
    for token in docs.drain(..) {
        items.push(TopItem::Comment(parser.comment(token)));
    }
}

fn flush_docs_block(parser: &Parser, docs: &mut Vec<Token>, items: &mut Vec<BlockItem>) {
    for token in docs.drain(..) {
        items.push(BlockItem::Comment(parser.comment(token)));
    }
}
