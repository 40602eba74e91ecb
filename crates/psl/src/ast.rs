//! The syntax tree of one schema file, as written. It keeps comments and blank lines so that
//! the formatter can print the file back; everything derived (resolved types, relations, names)
//! lives in the datamodel, not here.

use crate::span::{FileId, Span};

/// One parsed `.prisma` file.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaAst {
    pub file: FileId,
    /// Top-level items in source order, comments and blank lines included.
    pub items: Vec<TopItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TopItem {
    Block(Block),
    /// A `//` or `///` comment that is not attached to a block (text without the newline).
    Comment(Comment),
    /// One or more empty lines between items.
    BlankLine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Datasource,
    Generator,
    Model,
    View,
    /// A composite type (`type X { … }`), MongoDB only.
    Type,
    Enum,
}

impl BlockKind {
    pub fn keyword(self) -> &'static str {
        match self {
            BlockKind::Datasource => "datasource",
            BlockKind::Generator => "generator",
            BlockKind::Model => "model",
            BlockKind::View => "view",
            BlockKind::Type => "type",
            BlockKind::Enum => "enum",
        }
    }
}

/// `keyword Name { … }`: the same shape for every kind of block; what may appear in the body
/// depends on the kind (properties in datasource/generator, fields in model/view/type, values
/// in enum) and is checked by validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    pub name: Ident,
    /// The `///` lines directly above the block, joined with `\n`, without the slashes.
    pub documentation: Option<Comment>,
    pub body: Vec<BlockItem>,
    /// A `//` comment after the opening brace, on the same line.
    pub trailing_comment: Option<Comment>,
    /// From the keyword to the closing brace.
    pub span: Span,
}

impl Block {
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.body.iter().filter_map(|i| match i {
            BlockItem::Field(f) => Some(f),
            _ => None,
        })
    }

    /// `@@…` attributes.
    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.body.iter().filter_map(|i| match i {
            BlockItem::Attribute(a) => Some(a),
            _ => None,
        })
    }

    pub fn properties(&self) -> impl Iterator<Item = &Property> {
        self.body.iter().filter_map(|i| match i {
            BlockItem::Property(p) => Some(p),
            _ => None,
        })
    }

    pub fn enum_values(&self) -> impl Iterator<Item = &EnumValue> {
        self.body.iter().filter_map(|i| match i {
            BlockItem::EnumValue(v) => Some(v),
            _ => None,
        })
    }

    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties().find(|p| p.name.name == name)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockItem {
    Field(Field),
    /// A block attribute, `@@…`.
    Attribute(Attribute),
    /// `name = value` in a datasource or generator.
    Property(Property),
    EnumValue(EnumValue),
    /// A comment on a line of its own inside the body (not a `///` attached to the next item).
    Comment(Comment),
    BlankLine,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// The text after `//` or `///`, untrimmed on the right only of its line ending.
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Ident,
    pub field_type: FieldType,
    pub arity: Arity,
    /// `@…` attributes, in source order.
    pub attributes: Vec<Attribute>,
    pub documentation: Option<Comment>,
    pub trailing_comment: Option<Comment>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// A scalar (`String`, `Int`, …), a model, an enum or a composite type, resolved later.
    Named(Ident),
    /// `Unsupported("…")`: the string is the database type as written.
    Unsupported { type_name: String, span: Span },
}

impl FieldType {
    pub fn span(&self) -> Span {
        match self {
            FieldType::Named(i) => i.span,
            FieldType::Unsupported { span, .. } => *span,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            FieldType::Named(i) => &i.name,
            FieldType::Unsupported { .. } => "Unsupported",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Arity {
    Required,
    /// `?`
    Optional,
    /// `[]`
    List,
}

/// `@name(args)` or `@@name(args)`. The name excludes the `@`s and may contain a dot
/// (`db.VarChar`).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: Ident,
    /// `None` when written without parentheses.
    pub arguments: Option<ArgumentList>,
    pub span: Span,
}

impl Attribute {
    pub fn args(&self) -> &[Argument] {
        self.arguments.as_ref().map_or(&[], |a| &a.arguments)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArgumentList {
    pub arguments: Vec<Argument>,
    /// From `(` to `)`.
    pub span: Span,
}

/// `value` or `name: value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub name: Option<Ident>,
    pub value: Expression,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// As written: `1`, `-2`, `3.5`.
    Numeric(String, Span),
    /// The unescaped string value.
    String(String, Span),
    /// A bare identifier or path: `true`, `Cascade`, `Desc`, `fieldName`, `db.Enum`.
    Constant(String, Span),
    /// `name(args)`: `now()`, `env("X")`, `uuid(7)`, and field references with arguments in
    /// index lists, `title(ops: raw("…"))`.
    Function(Ident, ArgumentList, Span),
    /// `[a, b, c]`.
    Array(Vec<Expression>, Span),
}

impl Expression {
    pub fn span(&self) -> Span {
        match self {
            Expression::Numeric(_, s)
            | Expression::String(_, s)
            | Expression::Constant(_, s)
            | Expression::Function(_, _, s)
            | Expression::Array(_, s) => *s,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Expression::String(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_constant(&self) -> Option<&str> {
        match self {
            Expression::Constant(s, _) => Some(s),
            _ => None,
        }
    }
}

/// `name = value` in a datasource or generator block.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    pub name: Ident,
    /// `None` when the value is missing (a syntax error was reported).
    pub value: Option<Expression>,
    pub documentation: Option<Comment>,
    pub trailing_comment: Option<Comment>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub name: Ident,
    pub attributes: Vec<Attribute>,
    pub documentation: Option<Comment>,
    pub trailing_comment: Option<Comment>,
    pub span: Span,
}
