//! The human summary of a migration that `migrate diff` prints without `--script`, in
//! Prisma's words and layout.
//!
//! Every step belongs to one section: added schemas, added enums, added tables, removed enums, removed
//! tables, removed views, a redefined table, a changed enum, or a changed table. Sections are
//! ordered by kind first and by the name of the enum or table second; inside a section, items
//! keep the order of the steps. Each section starts with a blank line and its header line.

use diff::{AlterColumn, ColumnChanges, Pair, Step, TableChange};
use sql_schema::{Column, ColumnTypeFamily, DefaultValue, Literal, SqlSchema, Table, TableId};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The kind of a section, in the order sections are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    RemovedExtension,
    AddedExtension,
    ChangedExtension,
    AddedSchemas,
    AddedEnums,
    AddedTables,
    RemovedEnums,
    RemovedTables,
    RemovedViews,
    RemovedSchemas,
    RedefinedTable,
    ChangedEnum,
    ChangedTable,
}

/// The summary of `steps`, which [`diff::diff`] computed from `schemas`; `No difference
/// detected.` on a line of its own when there are none.
pub fn summarize(steps: &[Step], schemas: Pair<&SqlSchema>) -> String {
    if steps.is_empty() {
        return "No difference detected.\n".to_owned();
    }
    let Pair { previous, next } = schemas;
    let table_name = |schema: &SqlSchema, id: TableId| schema.table(id).name.as_str().to_owned();
    // (section, name of the enum or table it is about, step index)
    let mut items: BTreeSet<(Section, String, usize)> = BTreeSet::new();
    for (index, step) in steps.iter().enumerate() {
        let mut push = |section, name: String| {
            items.insert((section, name, index));
        };
        match step {
            // Prisma gives every extension a section of its own.
            Step::DropExtension(id) => push(Section::RemovedExtension, previous.extension(*id).name.clone()),
            Step::CreateExtension(id) => push(Section::AddedExtension, next.extension(*id).name.clone()),
            Step::AlterExtension(alter) => {
                push(Section::ChangedExtension, previous.extension(alter.extensions.previous).name.clone())
            }
            Step::CreateSchema(_) => push(Section::AddedSchemas, String::new()),
            Step::DropSchema(_) => push(Section::RemovedSchemas, String::new()),
            Step::DropView(id) => push(Section::RemovedViews, previous.view(*id).name.as_str().to_owned()),
            Step::CreateEnum(_) => push(Section::AddedEnums, String::new()),
            Step::AlterEnum(alter) => {
                push(Section::ChangedEnum, previous.enum_(alter.enums.previous).name.as_str().to_owned())
            }
            Step::DropForeignKey(id) => push(Section::ChangedTable, table_name(previous, id.table)),
            Step::DropIndex(id) => push(Section::ChangedTable, table_name(previous, id.table)),
            Step::AlterTable(alter) => push(Section::ChangedTable, table_name(previous, alter.tables.previous)),
            Step::DropTable(_) => push(Section::RemovedTables, String::new()),
            Step::DropEnum(_) => push(Section::RemovedEnums, String::new()),
            Step::CreateTable(_) => push(Section::AddedTables, String::new()),
            Step::RedefineTables(redefines) => {
                for redefine in redefines {
                    push(Section::RedefinedTable, table_name(previous, redefine.tables.previous));
                }
            }
            Step::CreateIndex { index, .. } => push(Section::ChangedTable, table_name(next, index.table)),
            Step::RenameForeignKey(ids) => push(Section::ChangedTable, table_name(next, ids.next.table)),
            Step::AddForeignKey(id) => push(Section::ChangedTable, table_name(next, id.table)),
            Step::RenameIndex(ids) | Step::RedefineIndex(ids) => {
                push(Section::ChangedTable, table_name(previous, ids.previous.table))
            }
        }
    }

    let mut out = String::new();
    let mut current: Option<(Section, &str)> = None;
    for (section, name, index) in &items {
        if current != Some((*section, name.as_str())) {
            out.push_str(&section_header(*section, name));
            current = Some((*section, name.as_str()));
        }
        step_lines(&steps[*index], schemas, &mut out);
    }
    out
}

fn section_header(section: Section, name: &str) -> String {
    match section {
        Section::RemovedExtension => "\n[-] Removed extensions\n".to_owned(),
        Section::AddedExtension => "\n[+] Added extensions\n".to_owned(),
        Section::ChangedExtension => "\n[*] Changed extensions\n".to_owned(),
        Section::AddedSchemas => "\n[+] Added Schemas\n".to_owned(),
        Section::AddedEnums => "\n[+] Added enums\n".to_owned(),
        Section::AddedTables => "\n[+] Added tables\n".to_owned(),
        Section::RemovedEnums => "\n[-] Removed enums\n".to_owned(),
        Section::RemovedTables => "\n[-] Removed tables\n".to_owned(),
        Section::RemovedViews => "\n[-] Removed views\n".to_owned(),
        Section::RemovedSchemas => "\n[-] Removed schemas\n".to_owned(),
        Section::RedefinedTable => format!("\n[*] Redefined table `{name}`\n"),
        Section::ChangedEnum => format!("\n[*] Changed the `{name}` enum\n"),
        Section::ChangedTable => format!("\n[*] Changed the `{name}` table\n"),
    }
}

fn column_names<'a>(table: &'a Table, ids: impl IntoIterator<Item = sql_schema::ColumnId>) -> String {
    ids.into_iter().map(|id| table.column(id).name.as_str()).collect::<Vec<&'a str>>().join(", ")
}

fn primary_key_columns(table: &Table) -> String {
    let ids = table.primary_key.iter().flat_map(|pk| pk.columns.iter().map(|c| c.column));
    column_names(table, ids)
}

fn step_lines(step: &Step, schemas: Pair<&SqlSchema>, out: &mut String) {
    let Pair { previous, next } = schemas;
    match step {
        // Prisma's line for a removed extension is a lone backtick, without a line break.
        Step::DropExtension(_) => out.push('`'),
        Step::CreateExtension(id) => {
            let _ = writeln!(out, "  - {}", next.extension(*id).name);
        }
        Step::AlterExtension(alter) => {
            let _ = writeln!(out, "  - {}", next.extension(alter.extensions.next).name);
        }
        Step::CreateSchema(id) => {
            let _ = writeln!(out, "  - {}", next.namespace(*id).name.as_str());
        }
        Step::DropSchema(id) => {
            let _ = writeln!(out, "  - {}", previous.namespace(*id).name.as_str());
        }
        Step::DropView(_) | Step::RedefineTables(_) => {}
        Step::CreateEnum(id) => {
            let _ = writeln!(out, "  - {}", next.enum_(*id).name.as_str());
        }
        Step::AlterEnum(alter) => {
            for value in &alter.added_values {
                let _ = writeln!(out, "  [+] Added variant `{value}`");
            }
            for value in &alter.dropped_values {
                let _ = writeln!(out, "  [-] Removed variant `{value}`");
            }
        }
        Step::DropForeignKey(id) => {
            let table = previous.table(id.table);
            let fk = previous.foreign_key(*id);
            let _ = writeln!(
                out,
                "  [-] Removed foreign key on columns ({})",
                column_names(table, fk.columns.iter().copied())
            );
        }
        Step::DropIndex(id) => {
            let table = previous.table(id.table);
            let index = previous.index(*id);
            let unique = if index.kind == sql_schema::IndexKind::Unique { "unique " } else { "" };
            let columns = column_names(table, index.columns.iter().map(|c| c.column));
            let _ = writeln!(out, "  [-] Removed {unique}index on columns ({columns})");
        }
        Step::AlterTable(alter) => {
            let tables = schemas.zip(alter.tables).map(|(schema, id)| schema.table(id));
            for change in &alter.changes {
                table_change_line(change, tables, out);
            }
        }
        Step::DropTable(id) => {
            let _ = writeln!(out, "  - {}", previous.table(*id).name.as_str());
        }
        Step::DropEnum(id) => {
            let _ = writeln!(out, "  - {}", previous.enum_(*id).name.as_str());
        }
        Step::CreateTable(id) => {
            let _ = writeln!(out, "  - {}", next.table(*id).name.as_str());
        }
        Step::CreateIndex { index, .. } => {
            let table = next.table(index.table);
            let index = next.index(*index);
            let unique = if index.kind == sql_schema::IndexKind::Unique { "unique " } else { "" };
            let columns = column_names(table, index.columns.iter().map(|c| c.column));
            let _ = writeln!(out, "  [+] Added {unique}index on columns ({columns})");
        }
        Step::RenameForeignKey(ids) => {
            let names = schemas.zip(*ids).map(|(schema, id)| {
                schema.foreign_key(id).name.as_ref().map(|n| n.as_str().to_owned()).unwrap_or_default()
            });
            let _ = writeln!(out, "  [*] Renamed the foreign key \"{}\" to \"{}\"", names.previous, names.next);
        }
        Step::AddForeignKey(id) => {
            let table = next.table(id.table);
            let fk = next.foreign_key(*id);
            let _ = writeln!(
                out,
                "  [+] Added foreign key on columns ({})",
                column_names(table, fk.columns.iter().copied())
            );
        }
        Step::RenameIndex(ids) => {
            let names = schemas.zip(*ids).map(|(schema, id)| schema.index(id).name.as_str().to_owned());
            let _ = writeln!(out, "  [*] Renamed index `{}` to `{}`", names.previous, names.next);
        }
        Step::RedefineIndex(ids) => {
            let _ = writeln!(out, "  [*] Redefined index `{}`", previous.index(ids.previous).name.as_str());
        }
    }
}

fn table_change_line(change: &TableChange, tables: Pair<&Table>, out: &mut String) {
    match change {
        TableChange::AddColumn(id) => {
            let _ = writeln!(out, "  [+] Added column `{}`", tables.next.column(*id).name.as_str());
        }
        TableChange::DropColumn(id) => {
            let _ = writeln!(out, "  [-] Removed column `{}`", tables.previous.column(*id).name.as_str());
        }
        TableChange::AlterColumn(AlterColumn { columns, changes }) => {
            let columns = tables.zip(*columns).map(|(table, id)| table.column(id));
            let _ = writeln!(
                out,
                "  [*] Altered column `{}` ({})",
                columns.next.name.as_str(),
                column_changes(columns, changes)
            );
        }
        TableChange::DropAndRecreateColumn { columns, changes } => {
            let columns = tables.zip(*columns).map(|(table, id)| table.column(id));
            let _ = writeln!(
                out,
                "  [*] Column `{}` would be dropped and recreated ({})",
                columns.next.name.as_str(),
                column_changes(columns, changes)
            );
        }
        TableChange::DropPrimaryKey => {
            let _ =
                writeln!(out, "  [-] Dropped the primary key on columns ({})", primary_key_columns(tables.previous));
        }
        TableChange::RenamePrimaryKey => {
            let _ =
                writeln!(out, "  [*] Renamed the primary key on columns ({})", primary_key_columns(tables.previous));
        }
        TableChange::AddPrimaryKey => {
            // Prisma closes the parenthesis twice, on two lines.
            let _ = writeln!(out, "  [+] Added primary key on columns ({})\n)", primary_key_columns(tables.next));
        }
    }
}

/// What changed about a column, in Prisma's words (arity, default, type, autoincrement).
fn column_changes(columns: Pair<&Column>, changes: &ColumnChanges) -> String {
    let mut parts = Vec::new();
    if changes.arity {
        parts.push(format!("changed from {:?} to {:?}", columns.previous.arity, columns.next.arity));
    }
    if changes.default {
        let describe = |column: &Column| match &column.default {
            Some(default) => format!("Some({})", default_kind(default, &column.tpe.family)),
            None => "None".to_owned(),
        };
        parts.push(format!("default changed from `{}` to `{}`", describe(columns.previous), describe(columns.next)));
    }
    if changes.type_change.is_some() {
        parts.push("type changed".to_owned());
    }
    if changes.autoincrement {
        parts.push(
            if columns.previous.autoincrement {
                "column is no longer autoincrementing"
            } else {
                "column became autoincrementing"
            }
            .to_owned(),
        );
    }
    parts.join(", ")
}

/// A default as Prisma's summary spells it (the debug form of its schema describer's values).
fn default_kind(default: &DefaultValue, family: &ColumnTypeFamily) -> String {
    match default {
        DefaultValue::Value(literal) => format!("Value({})", literal_kind(literal, family)),
        DefaultValue::Now => "Now".to_owned(),
        DefaultValue::Sequence(name) => format!("Sequence({:?})", name.as_str()),
        DefaultValue::DbGenerated(expr) if expr.is_empty() => "DbGenerated(None)".to_owned(),
        DefaultValue::DbGenerated(expr) => format!("DbGenerated(Some({expr:?}))"),
    }
}

/// `family` is the column's: integers of `BigInt` columns are Prisma's `BigInt` values.
fn literal_kind(literal: &Literal, family: &ColumnTypeFamily) -> String {
    match literal {
        Literal::String(s) => format!("String({s:?})"),
        Literal::Int(i) if *family == ColumnTypeFamily::BigInt => format!("BigInt({i})"),
        Literal::Int(i) => format!("Int({i})"),
        Literal::Float(f) | Literal::Decimal(f) => format!("Float({})", decimal_debug(f)),
        Literal::Boolean(b) => format!("Boolean({b})"),
        Literal::Enum(s) => format!("Enum({s:?})"),
        Literal::Json(s) => format!("Json({s:?})"),
        Literal::Bytes(b) => format!("Bytes({b:?})"),
        Literal::DateTime(s) => format!("DateTime({s})"),
        Literal::List(items) => {
            let items: Vec<String> = items.iter().map(|item| literal_kind(item, family)).collect();
            format!("List([{}])", items.join(", "))
        }
    }
}

/// The debug form of Prisma's decimal numbers: `BigDecimal("1.5")`.
fn decimal_debug(text: &str) -> String {
    format!("BigDecimal({text:?})")
}
