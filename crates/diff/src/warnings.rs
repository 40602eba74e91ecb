//! What a user must be told before a step runs against a database whose contents are
//! unknown: data that may be lost (warnings) and steps that fail when rows exist
//! (unexecutable steps). The wording is Prisma Migrate's, so that migration files and prompts
//! read the same.

use crate::rules::DialectRules;
use crate::step::{AlterColumn, ColumnChanges, Step, TableChange, TypeChange};
use crate::Pair;
use sql_schema::{Column, ColumnArity, ColumnTypeFamily, SqlSchema, Table};
use std::collections::BTreeMap;

/// Whether applying the step may lose data, or may fail outright on existing rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DataLossKind {
    /// Data may be lost.
    Warning,
    /// The step fails if the table holds rows (or the column holds values).
    Unexecutable,
}

/// One message about a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLossWarning {
    pub kind: DataLossKind,
    pub message: String,
}

/// What the live database holds, counted before a push: rows per table and non-null values per
/// column of the previous schema's tables, by name. A table or column absent from the maps
/// counts as unknown, and gets the wording for unknown contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveCounts {
    pub rows: BTreeMap<String, i64>,
    /// `(table, column)` → number of non-null values.
    pub non_null: BTreeMap<(String, String), i64>,
}

impl LiveCounts {
    fn rows(&self, table: &Table) -> Option<i64> {
        self.rows.get(table.name.as_str()).copied()
    }
}

struct Sink<'a> {
    messages: Vec<DataLossWarning>,
    counts: Option<&'a LiveCounts>,
}

impl Sink<'_> {
    fn warn(&mut self, message: String) {
        self.messages.push(DataLossWarning { kind: DataLossKind::Warning, message });
    }
    fn unexecutable(&mut self, message: String) {
        self.messages.push(DataLossWarning { kind: DataLossKind::Unexecutable, message });
    }
    /// Whether the live table is known to be empty: then nothing on it can be lost or fail.
    fn known_empty(&self, table: &Table) -> bool {
        self.counts.and_then(|counts| counts.rows(table)) == Some(0)
    }
    fn table_drop(&mut self, table: &Table) {
        match self.counts.and_then(|counts| counts.rows(table)) {
            Some(0) => {}
            Some(rows) => self.warn(format!(
                "You are about to drop the `{}` table, which is not empty ({rows} rows).",
                table.name.as_str()
            )),
            None => self.warn(table_drop(table)),
        }
    }
    fn column_drop(&mut self, table: &Table, column: &Column) {
        let key = (table.name.as_str().to_owned(), column.name.as_str().to_owned());
        match self.counts.and_then(|counts| counts.non_null.get(&key).copied()) {
            Some(0) => {}
            Some(values) => self.warn(format!(
                "You are about to drop the column `{}` on the `{}` table, which still contains {values} non-null values.",
                column.name.as_str(),
                table.name.as_str()
            )),
            None => self.warn(column_drop(table, column)),
        }
    }
}

impl Step {
    /// The warnings and unexecutable-step messages of this step, in Prisma's words, for a
    /// database whose row counts are unknown. Empty when the step is safe.
    pub fn data_loss_warnings(&self, schemas: Pair<&SqlSchema>, rules: &dyn DialectRules) -> Vec<DataLossWarning> {
        self.warnings_into(Sink { messages: Vec::new(), counts: None }, schemas, rules)
    }

    /// The same messages for a live database whose contents were counted (`db push`): steps
    /// on empty tables and drops of columns without values say nothing, and drops and
    /// required columns name their counts, in Prisma's words.
    pub fn data_loss_warnings_counted(
        &self,
        schemas: Pair<&SqlSchema>,
        rules: &dyn DialectRules,
        counts: &LiveCounts,
    ) -> Vec<DataLossWarning> {
        self.warnings_into(Sink { messages: Vec::new(), counts: Some(counts) }, schemas, rules)
    }

    fn warnings_into(
        &self,
        mut sink: Sink<'_>,
        schemas: Pair<&SqlSchema>,
        rules: &dyn DialectRules,
    ) -> Vec<DataLossWarning> {
        let Pair { previous, next } = schemas;
        match self {
            Step::DropTable(id) => sink.table_drop(previous.table(*id)),
            Step::AlterTable(alter) if sink.known_empty(previous.table(alter.tables.previous)) => {}
            Step::AlterTable(alter) => {
                let tables = schemas.zip(alter.tables).map(|(schema, id)| schema.table(id));
                for change in &alter.changes {
                    match change {
                        TableChange::DropColumn(id) => sink.column_drop(tables.previous, tables.previous.column(*id)),
                        TableChange::AddColumn(id) => added_column(tables.previous, tables.next.column(*id), &mut sink),
                        TableChange::AlterColumn(AlterColumn { columns, changes }) => {
                            let columns = tables.zip(*columns).map(|(table, id)| table.column(id));
                            altered_column(tables.previous, columns, changes, schemas, rules, &mut sink);
                        }
                        TableChange::DropAndRecreateColumn { columns, changes } => {
                            let columns = tables.zip(*columns).map(|(table, id)| table.column(id));
                            recreated_column(tables.previous, columns, changes, &mut sink);
                        }
                        TableChange::DropPrimaryKey => sink.warn(primary_key_change(tables.previous)),
                        TableChange::AddPrimaryKey | TableChange::RenamePrimaryKey => {}
                    }
                }
            }
            Step::RedefineTables(redefines) => {
                for redefine in redefines {
                    let tables = schemas.zip(redefine.tables).map(|(schema, id)| schema.table(id));
                    if sink.known_empty(tables.previous) {
                        continue;
                    }
                    if primary_key_dropped(tables) {
                        sink.warn(primary_key_change(tables.previous));
                    }
                    for id in tables.next.column_ids() {
                        if !redefine.column_pairs.iter().any(|(pair, _)| pair.next == id) {
                            added_column(tables.previous, tables.next.column(id), &mut sink);
                        }
                    }
                    for id in &redefine.dropped_columns {
                        sink.column_drop(tables.previous, tables.previous.column(*id));
                    }
                    for (ids, changes) in &redefine.column_pairs {
                        let columns = tables.zip(*ids).map(|(table, id)| table.column(id));
                        altered_column(tables.previous, columns, changes, schemas, rules, &mut sink);
                    }
                }
            }
            Step::CreateIndex { previous_table: Some(table), index } if sink.known_empty(previous.table(*table)) => {}
            Step::CreateIndex { previous_table: Some(_), index } => {
                let created = next.index(*index);
                if created.kind == sql_schema::IndexKind::Unique {
                    let table = next.table(index.table);
                    let columns: Vec<&str> = created.columns.iter().map(|c| table.column(c.column).name.as_str()).collect();
                    sink.warn(format!(
                        "A unique constraint covering the columns `[{}]` on the table `{}` will be added. If there are existing duplicate values, this will fail.",
                        columns.join(","),
                        table.name.as_str()
                    ));
                }
            }
            Step::AlterEnum(alter) if !alter.dropped_values.is_empty() => sink.warn(format!(
                "The values [{}] on the enum `{}` will be removed. If these variants are still used in the database, this will fail.",
                alter.dropped_values.join(","),
                next.enum_(alter.enums.next).name.as_str()
            )),
            _ => {}
        }
        sink.messages
    }
}

fn table_drop(table: &Table) -> String {
    format!(
        "You are about to drop the `{}` table. If the table is not empty, all the data it contains will be lost.",
        table.name.as_str()
    )
}

fn column_drop(table: &Table, column: &Column) -> String {
    format!(
        "You are about to drop the column `{}` on the `{}` table. All the data in the column will be lost.",
        column.name.as_str(),
        table.name.as_str()
    )
}

fn primary_key_change(table: &Table) -> String {
    format!(
        "The primary key for the `{}` table will be changed. If it partially fails, the table could be left without primary key constraint.",
        table.name.as_str()
    )
}

fn primary_key_dropped(tables: Pair<&Table>) -> bool {
    let names = |table: &Table| -> Option<Vec<String>> {
        let pk = table.primary_key.as_ref()?;
        Some(pk.columns.iter().map(|c| table.column(c.column).name.as_str().to_owned()).collect())
    };
    names(tables.previous).is_some() && names(tables.previous) != names(tables.next)
}

/// A required column without a default cannot be added to a table with rows.
fn added_column(table: &Table, column: &Column, sink: &mut Sink<'_>) {
    if !(column.arity.is_required() && column.default.is_none()) {
        return;
    }
    if let Some(rows) = sink.counts.and_then(|counts| counts.rows(table)) {
        sink.unexecutable(format!(
            "Added the required column `{}` to the `{}` table without a default value. There are {rows} rows in this table, it is not possible to execute this step.",
            column.name.as_str(),
            table.name.as_str()
        ));
    } else {
        sink.unexecutable(format!(
            "Added the required column `{}` to the `{}` table without a default value. This is not possible if the table is not empty.",
            column.name.as_str(),
            table.name.as_str()
        ));
    }
}

fn made_required(table: &Table, column: &Column) -> String {
    format!(
        "Made the column `{}` on table `{}` required. This step will fail if there are existing NULL values in that column.",
        column.name.as_str(),
        table.name.as_str()
    )
}

fn altered_column(
    table: &Table,
    columns: Pair<&Column>,
    changes: &ColumnChanges,
    schemas: Pair<&SqlSchema>,
    rules: &dyn DialectRules,
    sink: &mut Sink<'_>,
) {
    let arities = (columns.previous.arity, columns.next.arity);
    let became_required = changes.arity && arities == (ColumnArity::Nullable, ColumnArity::Required);
    let name = columns.previous.name.as_str();
    if rules.has_enum_types() {
        // Dialects that alter columns in place (PostgreSQL).
        if became_required {
            sink.unexecutable(made_required(table, columns.previous));
        }
        if changes.arity && !arities.0.is_list() && arities.1.is_list() {
            sink.unexecutable(format!(
                "Changed the column `{name}` on the `{}` table from a scalar field to a list field. If there are non-null values in that column, this step will fail.",
                table.name.as_str()
            ));
        }
    } else {
        // Dialects that copy rows into a redefined table (SQLite).
        if changes.type_change.is_none() && !became_required {
            return;
        }
        if became_required && columns.next.default.is_none() {
            sink.unexecutable(made_required(table, columns.previous));
        }
    }
    let types = || {
        Pair::new((schemas.previous, columns.previous), (schemas.next, columns.next))
            .map(|(schema, column)| display_type(schema, column, rules))
    };
    match changes.type_change {
        None | Some(TypeChange::SafeCast) => {}
        Some(TypeChange::RiskyCast) => {
            let types = types();
            sink.warn(format!(
                "You are about to alter the column `{name}` on the `{}` table. The data in that column could be lost. The data in that column will be cast from `{}` to `{}`.",
                table.name.as_str(),
                types.previous,
                types.next
            ));
        }
        Some(TypeChange::NotCastable) => {
            let types = types();
            sink.warn(format!(
                "You are about to alter the column `{name}` on the `{}` table. The data in that column will be cast from `{}` to `{}`. This cast may fail. Please make sure the data in the column can be cast.",
                table.name.as_str(),
                types.previous,
                types.next
            ));
        }
    }
}

fn recreated_column(table: &Table, columns: Pair<&Column>, changes: &ColumnChanges, sink: &mut Sink<'_>) {
    let name = columns.previous.name.as_str();
    let table_name = table.name.as_str();
    let required_without_default = columns.next.arity.is_required() && columns.next.default.is_none();
    if changes.arity && columns.previous.arity.is_nullable() && required_without_default {
        sink.unexecutable(format!(
            "Added the required column `{name}` to the `{table_name}` table without a default value. This is not possible if the table is not empty."
        ));
    } else if required_without_default {
        sink.unexecutable(format!(
            "Changed the type of `{name}` on the `{table_name}` table. No cast exists, the column would be dropped and recreated, which cannot be done if there is data, since the column is required."
        ));
    } else {
        sink.warn(format!(
            "The `{name}` column on the `{table_name}` table would be dropped and recreated. This will lead to data loss if there is data in the column."
        ));
    }
}

/// A column type as Prisma names it in warnings: the native type in schema spelling where
/// the dialect has native types (`VarChar(255)`), else the type family.
fn display_type(schema: &SqlSchema, column: &Column, rules: &dyn DialectRules) -> String {
    let family = match &column.tpe.family {
        ColumnTypeFamily::Enum(id) => return format!("Enum(EnumId({}))", id.0),
        ColumnTypeFamily::Unsupported(text) => return format!("Unsupported({text:?})"),
        family => format!("{family:?}"),
    };
    let _ = schema;
    if !rules.has_enum_types() || column.tpe.native.is_empty() {
        return family;
    }
    native_type_name(&column.tpe.native)
}

/// `VARCHAR(255)` → `VarChar(255)`, `DOUBLE PRECISION` → `DoublePrecision`: the
/// `@db.` attribute spelling of a PostgreSQL type.
fn native_type_name(native: &str) -> String {
    let (base, args) = match native.find('(') {
        Some(pos) => (&native[..pos], &native[pos..]),
        None => (native, ""),
    };
    let name = match base {
        "TEXT" => "Text",
        "INTEGER" => "Integer",
        "SMALLINT" => "SmallInt",
        "BIGINT" => "BigInt",
        "DOUBLE PRECISION" => "DoublePrecision",
        "REAL" => "Real",
        "DECIMAL" => "Decimal",
        "MONEY" => "Money",
        "VARCHAR" => "VarChar",
        "CHAR" => "Char",
        "TIMESTAMP" => "Timestamp",
        "TIMESTAMPTZ" => "Timestamptz",
        "DATE" => "Date",
        "TIME" => "Time",
        "TIMETZ" => "Timetz",
        "BOOLEAN" => "Boolean",
        "JSONB" => "JsonB",
        "JSON" => "Json",
        "UUID" => "Uuid",
        "BYTEA" => "ByteA",
        "XML" => "Xml",
        "INET" => "Inet",
        "CITEXT" => "Citext",
        "BIT" => "Bit",
        "VARBIT" => "VarBit",
        "OID" => "Oid",
        other => other,
    };
    format!("{name}{args}")
}
