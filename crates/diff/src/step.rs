//! Migration steps: what the differ produces and the renderers consume.
//!
//! Steps refer to objects by id: ids named `previous` point into the `from` schema, ids named
//! `next` into the `to` schema, and bare ids say in their documentation which side they use.
//! The variant order is the execution order: [`crate::diff`] sorts steps by variant first and
//! by ids second, which puts namespaces before enums before tables, drops before creates, and
//! foreign keys after the indexes they may depend on.

use crate::Pair;
use sql_schema::{ColumnId, EnumId, ExtensionId, ForeignKeyId, IndexId, NamespaceId, SqlSchema, TableId, ViewId};

/// One unit of migration work. Its rendering is one commented block in the script.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// Create the namespace (`next` id).
    CreateSchema(NamespaceId),
    /// Drop the extension (`previous` id): one that cannot move to another schema, or go to
    /// another version in place, before it is created again.
    DropExtension(ExtensionId),
    /// Create the extension (`next` id).
    CreateExtension(ExtensionId),
    /// Move an extension to another schema or version in place.
    AlterExtension(AlterExtension),
    /// Drop the view (`previous` id).
    DropView(ViewId),
    /// Create the enum type (`next` id).
    CreateEnum(EnumId),
    AlterEnum(AlterEnum),
    /// Drop the foreign key (`previous` id).
    DropForeignKey(ForeignKeyId),
    /// Drop the index (`previous` id).
    DropIndex(IndexId),
    AlterTable(AlterTable),
    /// Drop the table (`previous` id).
    DropTable(TableId),
    /// Drop the enum type (`previous` id).
    DropEnum(EnumId),
    /// Create the table (`next` id).
    CreateTable(TableId),
    /// Recreate tables under a temporary name and copy their rows (SQLite).
    RedefineTables(Vec<RedefineTable>),
    /// Create the index (`next` id). `previous_table` is `None` when the table is new, which
    /// makes indexes of new tables come before indexes of altered tables, as in Prisma.
    CreateIndex {
        previous_table: Option<TableId>,
        index: IndexId,
    },
    RenameForeignKey(Pair<ForeignKeyId>),
    /// Add the foreign key (`next` id).
    AddForeignKey(ForeignKeyId),
    RenameIndex(Pair<IndexId>),
    /// Drop and create an index that only changed its name, on dialects that cannot rename.
    RedefineIndex(Pair<IndexId>),
    /// Drop the namespace (`previous` id), once emptied. Only down migrations have it: see
    /// [`crate::diff_down`].
    DropSchema(NamespaceId),
}

/// An extension moved in place: to its next version and/or schema.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlterExtension {
    pub extensions: Pair<ExtensionId>,
    pub version: bool,
    pub schema: bool,
}

/// Values added to and removed from an enum.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlterEnum {
    pub enums: Pair<EnumId>,
    pub added_values: Vec<String>,
    pub dropped_values: Vec<String>,
    /// Columns of the previous schema whose default is a value of this enum, with the same
    /// column in the next schema when it still has a default to reinstall.
    pub previous_usages_as_default: Vec<(sql_schema::TableColumnId, Option<sql_schema::TableColumnId>)>,
}

/// Changes to one table that the dialect can make in place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlterTable {
    pub tables: Pair<TableId>,
    /// In execution order: primary key drop, dropped columns, added columns, altered
    /// columns, primary key creation.
    pub changes: Vec<TableChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TableChange {
    DropPrimaryKey,
    RenamePrimaryKey,
    /// Column of the previous table.
    DropColumn(ColumnId),
    /// Column of the next table.
    AddColumn(ColumnId),
    AlterColumn(AlterColumn),
    /// The type change cannot be cast: the column is dropped and added again.
    DropAndRecreateColumn {
        columns: Pair<ColumnId>,
        changes: ColumnChanges,
    },
    AddPrimaryKey,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct AlterColumn {
    pub columns: Pair<ColumnId>,
    pub changes: ColumnChanges,
}

/// What differs between two versions of a column.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColumnChanges {
    pub type_change: Option<TypeChange>,
    pub arity: bool,
    pub default: bool,
    pub autoincrement: bool,
}

impl ColumnChanges {
    pub fn any(&self) -> bool {
        self.type_change.is_some() || self.arity || self.default || self.autoincrement
    }

    pub fn only_default(&self) -> bool {
        self.default && self.type_change.is_none() && !self.arity && !self.autoincrement
    }
}

/// How the dialect can convert existing values when a column type changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeChange {
    /// Every value converts.
    SafeCast,
    /// Some values may fail to convert or lose precision.
    RiskyCast,
    /// No conversion exists; the column is dropped and recreated.
    NotCastable,
}

/// A table recreated under a temporary name with its rows copied over (SQLite).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RedefineTable {
    pub tables: Pair<TableId>,
    /// Columns present on both sides, in the order their values are copied.
    pub column_pairs: Vec<(Pair<ColumnId>, ColumnChanges)>,
    /// Columns of the previous table that disappear.
    pub dropped_columns: Vec<ColumnId>,
    /// Indexes of the previous table that the diff leaves alone (partial ones, against a side
    /// that cannot express them): rebuilding the table drops them, so they are made again.
    pub kept_indexes: Vec<u32>,
}

impl Step {
    /// Whether applying the step can destroy rows or values.
    pub fn loses_data(&self, schemas: Pair<&SqlSchema>) -> bool {
        match self {
            Step::DropTable(_) => true,
            Step::AlterEnum(alter) => !alter.dropped_values.is_empty(),
            Step::AlterTable(alter) => alter.changes.iter().any(|change| match change {
                TableChange::DropColumn(_) | TableChange::DropAndRecreateColumn { .. } => true,
                TableChange::AlterColumn(alter_column) => {
                    matches!(alter_column.changes.type_change, Some(TypeChange::RiskyCast | TypeChange::NotCastable))
                        || (alter_column.changes.arity
                            && schemas
                                .previous
                                .table(alter.tables.previous)
                                .column(alter_column.columns.previous)
                                .arity
                                .is_list())
                }
                _ => false,
            }),
            Step::RedefineTables(tables) => tables.iter().any(|table| {
                !table.dropped_columns.is_empty()
                    || table.column_pairs.iter().any(|(_, changes)| {
                        matches!(changes.type_change, Some(TypeChange::RiskyCast | TypeChange::NotCastable))
                    })
            }),
            _ => false,
        }
    }

    /// The database objects the step changes, named so that steps of different diffs compare
    /// (the namespace written only where the schemas qualify the object).
    pub fn objects(&self, schemas: Pair<&SqlSchema>) -> Vec<ObjectName> {
        let Pair { previous, next } = schemas;
        let table = |schema: &SqlSchema, id: TableId| {
            let table = schema.table(id);
            ObjectName::Table(qualifier(schema, table.namespace), table.name.as_str().to_owned())
        };
        let enum_ = |schema: &SqlSchema, id: EnumId| {
            let enum_ = schema.enum_(id);
            ObjectName::Enum(qualifier(schema, enum_.namespace), enum_.name.as_str().to_owned())
        };
        match self {
            Step::CreateSchema(id) => vec![ObjectName::Namespace(next.namespace(*id).name.as_str().to_owned())],
            Step::DropExtension(id) => vec![ObjectName::Extension(previous.extension(*id).name.clone())],
            Step::CreateExtension(id) => vec![ObjectName::Extension(next.extension(*id).name.clone())],
            Step::AlterExtension(alter) => {
                vec![ObjectName::Extension(previous.extension(alter.extensions.previous).name.clone())]
            }
            Step::DropSchema(id) => vec![ObjectName::Namespace(previous.namespace(*id).name.as_str().to_owned())],
            Step::DropView(id) => {
                let view = previous.view(*id);
                vec![ObjectName::View(qualifier(previous, view.namespace), view.name.as_str().to_owned())]
            }
            Step::CreateEnum(id) => vec![enum_(next, *id)],
            Step::AlterEnum(alter) => vec![enum_(previous, alter.enums.previous)],
            Step::DropEnum(id) => vec![enum_(previous, *id)],
            Step::DropForeignKey(id) => vec![table(previous, id.table)],
            Step::DropIndex(id) => vec![table(previous, id.table)],
            Step::AlterTable(alter) => vec![table(previous, alter.tables.previous)],
            Step::DropTable(id) => vec![table(previous, *id)],
            Step::CreateTable(id) => vec![table(next, *id)],
            Step::RedefineTables(redefines) => {
                redefines.iter().map(|redefine| table(previous, redefine.tables.previous)).collect()
            }
            Step::CreateIndex { index, .. } => vec![table(next, index.table)],
            Step::RenameForeignKey(ids) => vec![table(next, ids.next.table)],
            Step::AddForeignKey(id) => vec![table(next, id.table)],
            Step::RenameIndex(ids) | Step::RedefineIndex(ids) => vec![table(previous, ids.previous.table)],
        }
    }

    /// The comment line Prisma writes above the step's statements.
    pub fn description(&self) -> &'static str {
        match self {
            Step::CreateSchema(_) => "CreateSchema",
            Step::DropExtension(_) => "DropExtension",
            Step::CreateExtension(_) => "CreateExtension",
            Step::AlterExtension(_) => "AlterExtension",
            Step::DropView(_) => "DropView",
            Step::CreateEnum(_) => "CreateEnum",
            Step::AlterEnum(_) => "AlterEnum",
            Step::DropForeignKey(_) => "DropForeignKey",
            Step::DropIndex(_) => "DropIndex",
            Step::AlterTable(_) => "AlterTable",
            Step::DropTable(_) => "DropTable",
            Step::DropEnum(_) => "DropEnum",
            Step::CreateTable(_) => "CreateTable",
            Step::RedefineTables(_) => "RedefineTables",
            Step::CreateIndex { .. } => "CreateIndex",
            Step::RenameForeignKey(_) => "RenameForeignKey",
            Step::AddForeignKey(_) => "AddForeignKey",
            Step::RenameIndex(_) => "RenameIndex",
            Step::RedefineIndex(_) => "RedefineIndex",
            Step::DropSchema(_) => "DropSchema",
        }
    }
}

/// A database object by kind and name: `(namespace, name)` where the schema qualifies it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectName {
    Namespace(String),
    Extension(String),
    Table(Option<String>, String),
    Enum(Option<String>, String),
    View(Option<String>, String),
}

fn qualifier(schema: &SqlSchema, namespace: Option<sql_schema::NamespaceId>) -> Option<String> {
    schema.namespace_name(namespace).map(|name| name.as_str().to_owned())
}
