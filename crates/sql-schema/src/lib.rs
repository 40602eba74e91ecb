//! The dialect-neutral SQL schema model: namespaces, tables, columns, indexes, foreign keys,
//! enums and views. Every source (a schema file, a live database, a migration history) becomes
//! one of these, and the differ compares two of them. Knows nothing of Prisma.
//!
//! Invariants:
//! - Objects live in vectors and are addressed by small `Copy` ids (`TableId`, `EnumId`, …);
//!   an id is only meaningful for the schema that issued it.
//! - Vector order is the order the producer chose (for a schema file: declaration order) and
//!   is significant: the differ and renderers emit statements in that order, which is what keeps
//!   output deterministic.
//! - Column types keep both a neutral [`ColumnTypeFamily`] and the `native` type text as the
//!   dialect writes it (`TEXT`, `VARCHAR(255)`, `TIMESTAMP(3)`), in the manner of Atlas.
//! - Nothing here quotes identifiers or knows a dialect's syntax.

mod names;

pub use names::{ColumnName, ConstraintName, EnumName, IndexName, NamespaceName, SequenceName, TableName, ViewName};

/// Index of a namespace in [`SqlSchema::namespaces`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NamespaceId(pub u32);

/// Index of a table in [`SqlSchema::tables`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableId(pub u32);

/// Index of a column within its table's [`Table::columns`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ColumnId(pub u32);

/// Index of an enum in [`SqlSchema::enums`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EnumId(pub u32);

/// Index of an extension in [`SqlSchema::extensions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ExtensionId(pub u32);

/// Index of a view in [`SqlSchema::views`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ViewId(pub u32);

/// A column of a given table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableColumnId {
    pub table: TableId,
    pub column: ColumnId,
}

/// An index of a given table (position in [`Table::indexes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndexId {
    pub table: TableId,
    pub index: u32,
}

/// A foreign key of a given table (position in [`Table::foreign_keys`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ForeignKeyId {
    pub table: TableId,
    pub foreign_key: u32,
}

/// A whole database schema, possibly spanning several namespaces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SqlSchema {
    pub namespaces: Vec<Namespace>,
    pub tables: Vec<Table>,
    pub enums: Vec<Enum>,
    pub views: Vec<View>,
    pub sequences: Vec<Sequence>,
    /// PostgreSQL extensions, sorted by name, and where the list comes from.
    pub extensions: Extensions,
    /// The namespace that objects without one (`namespace: None`) live in, when the producer
    /// knows it: a described PostgreSQL database names its connection's schema. `None` when the
    /// schema is calculated, or the dialect has no namespaces.
    pub default_namespace: Option<NamespaceName>,
    /// Whether this schema speaks for partial indexes ([`Index::predicate`]): a described
    /// database does, a schema calculated from a source without them cannot. One that does not
    /// says nothing about the partial indexes of the other side of a diff, which the differ
    /// then leaves alone. A caller may also choose not to let a described schema speak for them.
    pub partial_indexes: bool,
}

/// A namespace (PostgreSQL schema). Dialects without namespaces leave the list empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    pub name: NamespaceName,
}

/// A table with its columns and constraints.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: TableName,
    /// `None` when the table lives in the connection's default namespace and is written
    /// unqualified.
    pub namespace: Option<NamespaceId>,
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    pub indexes: Vec<Index>,
    pub foreign_keys: Vec<ForeignKey>,
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: ColumnName,
    pub tpe: ColumnType,
    pub arity: ColumnArity,
    pub default: Option<DefaultValue>,
    /// Backed by a sequence or the dialect's auto-increment mechanism.
    pub autoincrement: bool,
}

/// A column's type: the neutral family plus the dialect's own spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnType {
    pub family: ColumnTypeFamily,
    /// The native type as the dialect writes it, without list brackets (`TEXT`, `VARCHAR(255)`,
    /// `TIMESTAMP(3)`, `DECIMAL(65,30)`). Empty for enums, whose spelling comes from the enum.
    pub native: String,
}

/// The neutral classification of a column type, used for decisions that do not depend on the
/// exact native spelling (casts, defaults, enum references).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColumnTypeFamily {
    Int,
    BigInt,
    Float,
    Decimal,
    Boolean,
    String,
    DateTime,
    Json,
    Binary,
    Uuid,
    Enum(EnumId),
    /// A type the model does not classify; the text is the type as written.
    Unsupported(String),
}

/// Whether a column holds one value, possibly none, or a list (PostgreSQL arrays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ColumnArity {
    Required,
    Nullable,
    List,
}

impl ColumnArity {
    pub fn is_required(self) -> bool {
        self == ColumnArity::Required
    }
    pub fn is_nullable(self) -> bool {
        self == ColumnArity::Nullable
    }
    pub fn is_list(self) -> bool {
        self == ColumnArity::List
    }
}

/// A column default.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A constant.
    Value(Literal),
    /// The current timestamp.
    Now,
    /// Filled from the named sequence (an autoincrement column); renders as nothing.
    Sequence(SequenceName),
    /// A database expression, rendered verbatim.
    DbGenerated(String),
}

/// A constant default value.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    String(String),
    Int(i64),
    /// Kept as text so that the spelling (`1.5`, `1e10`) survives.
    Float(String),
    /// Kept as text: decimals must not lose precision.
    Decimal(String),
    Boolean(bool),
    Enum(String),
    Json(String),
    Bytes(Vec<u8>),
    DateTime(String),
    List(Vec<Literal>),
}

/// A primary key.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryKey {
    /// Dialects with unnamed primary keys (SQLite, MySQL) may carry a name that they ignore.
    pub name: Option<ConstraintName>,
    pub columns: Vec<IndexColumn>,
}

/// One column of an index or primary key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexColumn {
    pub column: ColumnId,
    pub sort_order: Option<SortOrder>,
    /// Prefix length (MySQL).
    pub length: Option<u32>,
    /// Operator class (PostgreSQL), as written: `jsonb_path_ops`.
    pub operator_class: Option<String>,
    /// Known to use the class the database picks for this column and access method when none
    /// is written (a described database knows; other producers leave it `false`). The class
    /// may still be named in `operator_class`, to be written out.
    pub operator_class_is_default: bool,
}

impl IndexColumn {
    /// A plain column reference: no sort order, length or operator class.
    pub fn plain(column: ColumnId) -> Self {
        IndexColumn { column, sort_order: None, length: None, operator_class: None, operator_class_is_default: false }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortOrder {
    Asc,
    Desc,
}

impl SortOrder {
    pub fn as_sql(self) -> &'static str {
        match self {
            SortOrder::Asc => "ASC",
            SortOrder::Desc => "DESC",
        }
    }
}

/// A secondary index.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub name: IndexName,
    pub kind: IndexKind,
    pub columns: Vec<IndexColumn>,
    /// The access method (PostgreSQL). `None` means the dialect's default and renders like
    /// [`IndexAlgorithm::BTree`].
    pub algorithm: Option<IndexAlgorithm>,
    /// The condition of a partial index, as the database prints it (`("deletedAt" IS NULL)`):
    /// the index covers only the rows where it holds. Only producers that know partial indexes
    /// ([`SqlSchema::partial_indexes`]) set it.
    pub predicate: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IndexKind {
    Normal,
    Unique,
    Fulltext,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IndexAlgorithm {
    BTree,
    Hash,
    Gist,
    Gin,
    SpGist,
    Brin,
}

impl IndexAlgorithm {
    pub fn as_sql(self) -> &'static str {
        match self {
            IndexAlgorithm::BTree => "BTREE",
            IndexAlgorithm::Hash => "HASH",
            IndexAlgorithm::Gist => "GIST",
            IndexAlgorithm::Gin => "GIN",
            IndexAlgorithm::SpGist => "SPGIST",
            IndexAlgorithm::Brin => "BRIN",
        }
    }
}

/// A foreign key constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub name: Option<ConstraintName>,
    pub columns: Vec<ColumnId>,
    pub referenced_table: TableId,
    /// Columns of the referenced table.
    pub referenced_columns: Vec<ColumnId>,
    pub on_delete: ForeignKeyAction,
    pub on_update: ForeignKeyAction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ForeignKeyAction {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
    SetDefault,
}

impl ForeignKeyAction {
    pub fn as_sql(self) -> &'static str {
        match self {
            ForeignKeyAction::NoAction => "NO ACTION",
            ForeignKeyAction::Restrict => "RESTRICT",
            ForeignKeyAction::Cascade => "CASCADE",
            ForeignKeyAction::SetNull => "SET NULL",
            ForeignKeyAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// An enum type. On dialects without enum types (MySQL, SQLite) enums still live here so that
/// columns can reference their values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enum {
    pub name: EnumName,
    pub namespace: Option<NamespaceId>,
    pub values: Vec<String>,
}

/// A view, kept opaque: the differ only creates and drops it as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    pub name: ViewName,
    pub namespace: Option<NamespaceId>,
    pub definition: Option<String>,
}

/// The extensions a schema knows of. Two lists are compared only when at least one of them is
/// declared: a database's installed extensions are not the schema's business unless the
/// schema lists extensions (Prisma's `postgresqlExtensions` preview feature).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Extensions {
    /// The producer says nothing about extensions (a Prisma schema without the preview
    /// feature, or a dialect without extensions).
    #[default]
    Unknown,
    /// Listed by a Prisma schema.
    Declared(Vec<Extension>),
    /// Installed in a described database.
    Installed(Vec<Extension>),
}

impl Extensions {
    /// The extensions listed, whatever their source.
    pub fn list(&self) -> &[Extension] {
        match self {
            Extensions::Unknown => &[],
            Extensions::Declared(list) | Extensions::Installed(list) => list,
        }
    }

    /// Whether two schemas' extensions are compared: when either declares them (see
    /// [`Extensions`]); an unknown list then counts as empty, as an empty database's does.
    pub fn comparable(&self, other: &Extensions) -> bool {
        matches!(self, Extensions::Declared(_)) || matches!(other, Extensions::Declared(_))
    }
}

/// A PostgreSQL extension. Empty `schema` and `version` mean "whichever the database picks".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub name: String,
    pub schema: String,
    pub version: String,
    /// Whether `ALTER EXTENSION … SET SCHEMA` can move it (a database tells; a schema cannot).
    pub relocatable: bool,
}

/// A free-standing sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    pub name: SequenceName,
    pub namespace: Option<NamespaceId>,
}

impl SqlSchema {
    /// The extension `id`; only asked for ids of a schema that lists extensions.
    pub fn extension(&self, id: ExtensionId) -> &Extension {
        &self.extensions.list()[id.0 as usize]
    }

    pub fn table(&self, id: TableId) -> &Table {
        &self.tables[id.0 as usize]
    }

    pub fn enum_(&self, id: EnumId) -> &Enum {
        &self.enums[id.0 as usize]
    }

    pub fn namespace(&self, id: NamespaceId) -> &Namespace {
        &self.namespaces[id.0 as usize]
    }

    pub fn view(&self, id: ViewId) -> &View {
        &self.views[id.0 as usize]
    }

    pub fn column(&self, id: TableColumnId) -> &Column {
        self.table(id.table).column(id.column)
    }

    #[allow(clippy::should_implement_trait)] // A lookup by id, like `table` and `column`.
    pub fn index(&self, id: IndexId) -> &Index {
        &self.table(id.table).indexes[id.index as usize]
    }

    pub fn foreign_key(&self, id: ForeignKeyId) -> &ForeignKey {
        &self.table(id.table).foreign_keys[id.foreign_key as usize]
    }

    /// The name of the namespace, if any.
    pub fn namespace_name(&self, id: Option<NamespaceId>) -> Option<&NamespaceName> {
        id.map(|id| &self.namespace(id).name)
    }

    /// The namespace an object with namespace `id` lives in: its own, else the
    /// [default](SqlSchema::default_namespace) one when known.
    pub fn actual_namespace_name(&self, id: Option<NamespaceId>) -> Option<&NamespaceName> {
        self.namespace_name(id).or(self.default_namespace.as_ref())
    }

    pub fn table_ids(&self) -> impl Iterator<Item = TableId> {
        (0..self.tables.len() as u32).map(TableId)
    }

    pub fn enum_ids(&self) -> impl Iterator<Item = EnumId> {
        (0..self.enums.len() as u32).map(EnumId)
    }

    pub fn view_ids(&self) -> impl Iterator<Item = ViewId> {
        (0..self.views.len() as u32).map(ViewId)
    }

    pub fn namespace_ids(&self) -> impl Iterator<Item = NamespaceId> {
        (0..self.namespaces.len() as u32).map(NamespaceId)
    }

    /// Adds a namespace, or returns the existing one of that name.
    pub fn push_namespace(&mut self, name: NamespaceName) -> NamespaceId {
        if let Some(pos) = self.namespaces.iter().position(|ns| ns.name == name) {
            return NamespaceId(pos as u32);
        }
        self.namespaces.push(Namespace { name });
        NamespaceId(self.namespaces.len() as u32 - 1)
    }

    pub fn push_table(&mut self, table: Table) -> TableId {
        self.tables.push(table);
        TableId(self.tables.len() as u32 - 1)
    }

    pub fn push_enum(&mut self, enm: Enum) -> EnumId {
        self.enums.push(enm);
        EnumId(self.enums.len() as u32 - 1)
    }

    pub fn push_view(&mut self, view: View) -> ViewId {
        self.views.push(view);
        ViewId(self.views.len() as u32 - 1)
    }

    /// Finds a table by namespace name and table name.
    pub fn find_table(&self, namespace: Option<&NamespaceName>, name: &TableName) -> Option<TableId> {
        self.tables
            .iter()
            .position(|t| &t.name == name && self.namespace_name(t.namespace) == namespace)
            .map(|pos| TableId(pos as u32))
    }

    /// Finds an enum by namespace name and enum name.
    pub fn find_enum(&self, namespace: Option<&NamespaceName>, name: &EnumName) -> Option<EnumId> {
        self.enums
            .iter()
            .position(|e| &e.name == name && self.namespace_name(e.namespace) == namespace)
            .map(|pos| EnumId(pos as u32))
    }
}

impl Table {
    /// A table with no columns or constraints yet.
    pub fn new(name: TableName, namespace: Option<NamespaceId>) -> Self {
        Table { name, namespace, columns: Vec::new(), primary_key: None, indexes: Vec::new(), foreign_keys: Vec::new() }
    }

    pub fn column(&self, id: ColumnId) -> &Column {
        &self.columns[id.0 as usize]
    }

    pub fn column_ids(&self) -> impl Iterator<Item = ColumnId> {
        (0..self.columns.len() as u32).map(ColumnId)
    }

    pub fn find_column(&self, name: &str) -> Option<ColumnId> {
        self.columns.iter().position(|c| c.name.as_str() == name).map(|pos| ColumnId(pos as u32))
    }

    pub fn push_column(&mut self, column: Column) -> ColumnId {
        self.columns.push(column);
        ColumnId(self.columns.len() as u32 - 1)
    }

    /// Whether the primary key is exactly this one column.
    pub fn is_single_column_primary_key(&self, column: ColumnId) -> bool {
        matches!(&self.primary_key, Some(pk) if pk.columns.len() == 1 && pk.columns[0].column == column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_respect_namespaces() {
        let mut schema = SqlSchema::default();
        let first = schema.push_namespace("first".into());
        let second = schema.push_namespace("second".into());
        assert_eq!(schema.push_namespace("first".into()), first);
        let a = schema.push_table(Table::new("T".into(), Some(first)));
        let b = schema.push_table(Table::new("T".into(), Some(second)));
        assert_eq!(schema.find_table(Some(&"first".into()), &"T".into()), Some(a));
        assert_eq!(schema.find_table(Some(&"second".into()), &"T".into()), Some(b));
        assert_eq!(schema.find_table(None, &"T".into()), None);
    }

    #[test]
    fn single_column_primary_key() {
        let mut table = Table::new("T".into(), None);
        let int = ColumnType { family: ColumnTypeFamily::Int, native: "INTEGER".into() };
        let a = table.push_column(Column {
            name: "a".into(),
            tpe: int.clone(),
            arity: ColumnArity::Required,
            default: None,
            autoincrement: false,
        });
        let b = table.push_column(Column {
            name: "b".into(),
            tpe: int,
            arity: ColumnArity::Required,
            default: None,
            autoincrement: false,
        });
        table.primary_key = Some(PrimaryKey { name: None, columns: vec![IndexColumn::plain(a)] });
        assert!(table.is_single_column_primary_key(a));
        assert!(!table.is_single_column_primary_key(b));
    }
}
