//! PostgreSQL statements.

use crate::common::{hex, plain_literal, quote_double as q, quote_string, INDENT};
use crate::DialectRenderer;
use diff::{AlterColumn, AlterEnum, AlterTable, ColumnChanges, Pair, Step, TableChange};
use sql_schema::{
    Column, ColumnArity, ColumnTypeFamily, DefaultValue, ForeignKeyId, IndexAlgorithm, IndexId, IndexKind, Literal,
    NamespaceId, SqlSchema, Table,
};

pub(crate) struct PostgresRenderer;

/// `"ns"."name"` or `"name"`.
fn qualified(schema: &SqlSchema, namespace: Option<NamespaceId>, name: &str) -> String {
    match schema.namespace_name(namespace) {
        Some(ns) => format!("{}.{}", q(ns.as_str()), q(name)),
        None => q(name),
    }
}

/// `"ns"."name"` with the namespace the object actually lives in: its own, else the schema's
/// default namespace when known (a described database). Prisma writes these few statements
/// with the described side's namespace even where the rest of a migration leaves it out.
fn qualified_in_actual_namespace(schema: &SqlSchema, namespace: Option<NamespaceId>, name: &str) -> String {
    match schema.actual_namespace_name(namespace) {
        Some(ns) => format!("{}.{}", q(ns.as_str()), q(name)),
        None => q(name),
    }
}

fn table_name(schema: &SqlSchema, table: &Table) -> String {
    qualified(schema, table.namespace, table.name.as_str())
}

/// The column's type as `CREATE TABLE` and `ADD COLUMN` write it: an autoincrement column is
/// `SERIAL` (or `BIGSERIAL`, `SMALLSERIAL`), which also creates its sequence.
fn column_type(schema: &SqlSchema, column: &Column) -> String {
    type_spelling(schema, column, column.autoincrement)
}

/// The column's type as `SET DATA TYPE` writes it: `SERIAL` is no type, only a shorthand the
/// column definitions of `CREATE TABLE` and `ADD COLUMN` know (PostgreSQL rejects
/// `SET DATA TYPE BIGSERIAL`, which Prisma writes).
fn data_type(schema: &SqlSchema, column: &Column) -> String {
    type_spelling(schema, column, false)
}

fn type_spelling(schema: &SqlSchema, column: &Column, serial: bool) -> String {
    let base = match &column.tpe.family {
        ColumnTypeFamily::Enum(id) => {
            let enm = schema.enum_(*id);
            qualified(schema, enm.namespace, enm.name.as_str())
        }
        _ if serial => match column.tpe.native.as_str() {
            "INTEGER" => "SERIAL".to_owned(),
            "BIGINT" => "BIGSERIAL".to_owned(),
            "SMALLINT" => "SMALLSERIAL".to_owned(),
            other => other.to_owned(),
        },
        _ => column.tpe.native.clone(),
    };
    if column.arity == ColumnArity::List {
        format!("{base}[]")
    } else {
        base
    }
}

fn render_literal(literal: &Literal, full_type: &str) -> String {
    match literal {
        Literal::Bytes(bytes) => format!("'\\x{}'", hex(bytes)),
        Literal::List(items) => {
            let inner: Vec<String> = items.iter().map(|item| render_literal(item, full_type)).collect();
            format!("ARRAY[{}]::{}", inner.join(", "), full_type)
        }
        other => plain_literal(other),
    }
}

/// The default expression, or `None` when the column has no rendered default (sequences).
fn render_default(default: &DefaultValue, full_type: &str) -> Option<String> {
    match default {
        DefaultValue::Value(literal) => Some(render_literal(literal, full_type)),
        DefaultValue::Now => Some("CURRENT_TIMESTAMP".to_owned()),
        DefaultValue::DbGenerated(expr) if !expr.is_empty() => Some(expr.clone()),
        DefaultValue::DbGenerated(_) | DefaultValue::Sequence(_) => None,
    }
}

fn render_column(schema: &SqlSchema, column: &Column) -> String {
    let tpe = column_type(schema, column);
    let not_null = if column.arity.is_required() { " NOT NULL" } else { "" };
    let default = column
        .default
        .as_ref()
        .and_then(|d| render_default(d, &tpe))
        .map(|d| format!(" DEFAULT {d}"))
        .unwrap_or_default();
    format!("{INDENT}{} {tpe}{not_null}{default}", q(column.name.as_str()))
}

fn create_table(schema: &SqlSchema, table: &Table) -> String {
    let columns: Vec<String> = table.columns.iter().map(|c| render_column(schema, c)).collect();
    let pk = match &table.primary_key {
        Some(pk) => {
            let constraint = pk.name.as_ref().map(|n| format!("CONSTRAINT {} ", q(n.as_str()))).unwrap_or_default();
            let cols: Vec<String> = pk.columns.iter().map(|c| q(table.column(c.column).name.as_str())).collect();
            format!(",\n\n{INDENT}{constraint}PRIMARY KEY ({})", cols.join(","))
        }
        None => String::new(),
    };
    format!("CREATE TABLE {} (\n{}{pk}\n)", table_name(schema, table), columns.join(",\n"))
}

fn create_index(schema: &SqlSchema, id: IndexId) -> String {
    let table = schema.table(id.table);
    let index = schema.index(id);
    let unique = if index.kind == IndexKind::Unique { "UNIQUE " } else { "" };
    let using = match index.algorithm {
        None | Some(IndexAlgorithm::BTree) => String::new(),
        Some(algorithm) => format!(" USING {} ", algorithm.as_sql()),
    };
    let columns: Vec<String> = index
        .columns
        .iter()
        .map(|c| {
            let mut out = q(table.column(c.column).name.as_str());
            if let Some(opclass) = &c.operator_class {
                out.push(' ');
                out.push_str(opclass);
            }
            if let Some(sort) = c.sort_order {
                out.push(' ');
                out.push_str(sort.as_sql());
            }
            out
        })
        .collect();
    let predicate = index.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default();
    format!(
        "CREATE {unique}INDEX {} ON {}{using}({}){predicate}",
        q(index.name.as_str()),
        table_name(schema, table),
        columns.join(", ")
    )
}

fn add_foreign_key(schema: &SqlSchema, id: ForeignKeyId) -> String {
    let table = schema.table(id.table);
    let fk = schema.foreign_key(id);
    let referenced = schema.table(fk.referenced_table);
    let constraint = fk.name.as_ref().map(|n| format!(" CONSTRAINT {}", q(n.as_str()))).unwrap_or_default();
    let columns: Vec<String> = fk.columns.iter().map(|c| q(table.column(*c).name.as_str())).collect();
    let referenced_columns: Vec<String> =
        fk.referenced_columns.iter().map(|c| q(referenced.column(*c).name.as_str())).collect();
    format!(
        "ALTER TABLE {} ADD{constraint} FOREIGN KEY ({}) REFERENCES {}({}) ON DELETE {} ON UPDATE {}",
        table_name(schema, table),
        columns.join(", "),
        table_name(schema, referenced),
        referenced_columns.join(", "),
        fk.on_delete.as_sql(),
        fk.on_update.as_sql(),
    )
}

fn alter_enum(alter: &AlterEnum, schemas: Pair<&SqlSchema>) -> Vec<String> {
    let enums = schemas.zip(alter.enums).map(|(schema, id)| schema.enum_(id));
    let previous_name = qualified(schemas.previous, enums.previous.namespace, enums.previous.name.as_str());
    if alter.dropped_values.is_empty() {
        let mut statements: Vec<String> = alter
            .added_values
            .iter()
            .map(|value| format!("ALTER TYPE {previous_name} ADD VALUE {}", quote_string(value)))
            .collect();
        if statements.len() > 1 {
            statements[0] = format!("{ENUM_WARNING}\n\n{}", statements[0]);
        }
        return statements;
    }

    // Values cannot be removed from a PostgreSQL enum: build a new type and move columns over.
    let next_name = enums.next.name.as_str();
    let tmp_name = qualified(schemas.next, enums.next.namespace, &format!("{next_name}_new"));
    let tmp_old_name = format!("{}_old", enums.previous.name.as_str());
    let mut statements = vec!["BEGIN".to_owned()];
    let values: Vec<String> = enums.next.values.iter().map(|v| quote_string(v)).collect();
    statements.push(format!("CREATE TYPE {tmp_name} AS ENUM ({})", values.join(", ")));
    for (column_id, _) in &alter.previous_usages_as_default {
        let table = schemas.previous.table(column_id.table);
        statements.push(format!(
            "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
            qualified_in_actual_namespace(schemas.previous, table.namespace, table.name.as_str()),
            q(table.column(column_id.column).name.as_str())
        ));
    }
    // Every column of the old type moves to the new one, or the old type cannot be dropped:
    // first those that keep the enum, in the next schema's order (as Prisma writes them), then
    // those the migration drops or retypes later. Columns that only get the enum later (new
    // tables, added columns, other types) are not there yet.
    let uses_previous_enum = |column: &Column| column.tpe.family == ColumnTypeFamily::Enum(alter.enums.previous);
    let previous_column = |table: &Table, column: &Column| {
        let namespace = schemas.next.namespace_name(table.namespace);
        let previous_table = schemas.previous.find_table(namespace, &table.name)?;
        let previous_table = schemas.previous.table(previous_table);
        let previous_column = previous_table.column(previous_table.find_column(column.name.as_str())?);
        uses_previous_enum(previous_column).then_some((previous_table, previous_column))
    };
    let mut moved: Vec<(&Table, &Column)> = Vec::new();
    for table in &schemas.next.tables {
        for column in &table.columns {
            if column.tpe.family == ColumnTypeFamily::Enum(alter.enums.next) {
                moved.extend(previous_column(table, column));
            }
        }
    }
    for table in &schemas.previous.tables {
        for column in table.columns.iter().filter(|c| uses_previous_enum(c)) {
            if !moved.iter().any(|(t, c)| std::ptr::eq(*t, table) && std::ptr::eq(*c, column)) {
                moved.push((table, column));
            }
        }
    }
    for (table, column) in moved {
        let array = if column.arity.is_list() { "[]" } else { "" };
        let name = q(column.name.as_str());
        statements.push(format!(
            "ALTER TABLE {} ALTER COLUMN {name} TYPE {tmp_name}{array} USING ({name}::text::{tmp_name}{array})",
            table_name(schemas.previous, table),
        ));
    }
    statements.push(format!("ALTER TYPE {previous_name} RENAME TO {}", q(&tmp_old_name)));
    statements.push(format!("ALTER TYPE {tmp_name} RENAME TO {}", q(next_name)));
    statements.push(format!(
        "DROP TYPE {}",
        qualified_in_actual_namespace(schemas.previous, enums.previous.namespace, &tmp_old_name)
    ));
    for (previous_column, next_column) in &alter.previous_usages_as_default {
        let Some(next_column) = next_column else {
            continue;
        };
        let column = schemas.next.column(*next_column);
        let Some(default) = column.default.as_ref().and_then(|d| render_default(d, &column_type(schemas.next, column)))
        else {
            continue;
        };
        let previous_table = schemas.previous.table(previous_column.table);
        statements.push(format!(
            "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default}",
            table_name(schemas.previous, previous_table),
            q(previous_table.column(previous_column.column).name.as_str()),
        ));
    }
    statements.push("COMMIT".to_owned());
    statements
}

const ENUM_WARNING: &str = "-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.
";

fn alter_table(alter: &AlterTable, schemas: Pair<&SqlSchema>) -> Vec<String> {
    let tables = schemas.zip(alter.tables).map(|(schema, id)| schema.table(id));
    let mut before = Vec::new();
    let mut clauses = Vec::new();
    let mut after = Vec::new();
    // Statements of their own, after the main one (Prisma's order).
    let mut separate = Vec::new();
    for change in &alter.changes {
        match change {
            TableChange::DropPrimaryKey => {
                if let Some(name) = tables.previous.primary_key.as_ref().and_then(|pk| pk.name.as_ref()) {
                    clauses.push(format!("DROP CONSTRAINT {}", q(name.as_str())));
                }
            }
            TableChange::RenamePrimaryKey => {
                let names = tables.map(|t| t.primary_key.as_ref().and_then(|pk| pk.name.as_ref()));
                if let (Some(previous), Some(next)) = (names.previous, names.next) {
                    separate.push(format!("RENAME CONSTRAINT {} TO {}", q(previous.as_str()), q(next.as_str())));
                }
            }
            TableChange::AddPrimaryKey => {
                if let Some(pk) = &tables.next.primary_key {
                    let constraint =
                        pk.name.as_ref().map(|n| format!("CONSTRAINT {} ", q(n.as_str()))).unwrap_or_default();
                    let cols: Vec<String> =
                        pk.columns.iter().map(|c| q(tables.next.column(c.column).name.as_str())).collect();
                    clauses.push(format!("ADD {constraint}PRIMARY KEY ({})", cols.join(", ")));
                }
            }
            TableChange::AddColumn(id) => {
                clauses.push(format!("ADD COLUMN {}", render_column(schemas.next, tables.next.column(*id))));
            }
            TableChange::DropColumn(id) => {
                clauses.push(format!("DROP COLUMN {}", q(tables.previous.column(*id).name.as_str())));
            }
            TableChange::AlterColumn(AlterColumn { columns, changes }) => {
                let columns = tables.zip(*columns).map(|(t, c)| t.column(c));
                alter_column(schemas, tables, columns, changes, &mut before, &mut clauses, &mut after);
            }
            TableChange::DropAndRecreateColumn { columns, .. } => {
                let columns = tables.zip(*columns).map(|(t, c)| t.column(c));
                clauses.push(format!("DROP COLUMN {}", q(columns.previous.name.as_str())));
                clauses.push(format!("ADD COLUMN {}", render_column(schemas.next, columns.next)));
            }
        }
    }
    let table = table_name(schemas.previous, tables.previous);
    after.extend(separate.into_iter().map(|line| format!("ALTER TABLE {table} {line}")));
    let statement = (!clauses.is_empty()).then(|| format!("ALTER TABLE {table} {}", clauses.join(",\n")));
    before.into_iter().chain(statement).chain(after).collect()
}

fn alter_column(
    schemas: Pair<&SqlSchema>,
    tables: Pair<&Table>,
    columns: Pair<&Column>,
    changes: &ColumnChanges,
    before: &mut Vec<String>,
    clauses: &mut Vec<String>,
    after: &mut Vec<String>,
) {
    let prefix = format!("ALTER COLUMN {}", q(columns.previous.name.as_str()));
    let next_type = data_type(schemas.next, columns.next);
    let mut set_type = changes.type_change.is_some();
    // Clauses follow Prisma's order of column changes: arity, default, type, autoincrement.
    if changes.arity {
        match (columns.previous.arity, columns.next.arity) {
            (ColumnArity::Required, ColumnArity::Nullable) => clauses.push(format!("{prefix} DROP NOT NULL")),
            (ColumnArity::Nullable, ColumnArity::Required) => clauses.push(format!("{prefix} SET NOT NULL")),
            (ColumnArity::List, ColumnArity::Nullable) => {
                set_type = true;
                clauses.push(format!("{prefix} DROP NOT NULL"));
            }
            (ColumnArity::List, ColumnArity::Required) => {
                set_type = true;
                clauses.push(format!("{prefix} SET NOT NULL"));
            }
            _ => set_type = true,
        }
    }
    if changes.default {
        match columns.next.default.as_ref().and_then(|d| render_default(d, &next_type)) {
            Some(default) => clauses.push(format!("{prefix} SET DEFAULT {default}")),
            None if !matches!(columns.next.default, Some(DefaultValue::Sequence(_))) => {
                clauses.push(format!("{prefix} DROP DEFAULT"))
            }
            None => {}
        }
    }
    if changes.autoincrement {
        if columns.previous.autoincrement {
            clauses.push(format!("{prefix} DROP DEFAULT"));
            if let Some(DefaultValue::Sequence(sequence)) = &columns.previous.default {
                after.push(format!("DROP SEQUENCE {}", q(sequence.as_str())));
            }
        } else {
            // The sequence a SERIAL column would have had.
            let namespace = schemas
                .next
                .namespace_name(tables.next.namespace)
                .map(|ns| format!("{}.", q(ns.as_str())))
                .unwrap_or_default();
            let sequence =
                format!("{namespace}{}_{}_seq", tables.next.name.as_str(), columns.next.name.as_str()).to_lowercase();
            before.push(format!("CREATE SEQUENCE {sequence}"));
            clauses.push(format!("{prefix} SET DEFAULT nextval({})", quote_string(&sequence)));
            after.push(format!(
                "ALTER SEQUENCE {sequence} OWNED BY {}.{}",
                table_name(schemas.previous, tables.previous),
                q(columns.previous.name.as_str())
            ));
        }
    }
    if set_type {
        clauses.push(format!("{prefix} SET DATA TYPE {next_type}"));
    }
    let keeps_sequence = columns.previous.autoincrement && columns.next.autoincrement;
    if changes.type_change.is_some() && keeps_sequence {
        // The sequence keeps counting from where it was; its own type bounds the values it
        // hands out, so it follows the column's (as a `SERIAL` of the new type would have).
        let sequence = match &columns.previous.default {
            Some(DefaultValue::Sequence(sequence)) => sequence.as_str().to_owned(),
            _ => serial_sequence_name(tables.previous.name.as_str(), columns.previous.name.as_str()),
        };
        after.push(format!(
            "ALTER SEQUENCE {} AS {}",
            qualified(schemas.previous, tables.previous.namespace, &sequence),
            columns.next.tpe.native
        ));
    }
}

/// The name PostgreSQL gives the sequence of a `SERIAL` column: `table_column_seq`, the longer
/// of the two names shortened until the whole fits in 63 bytes (its `makeObjectName`).
fn serial_sequence_name(table: &str, column: &str) -> String {
    const MAX_IDENTIFIER_BYTES: usize = 63;
    let available = MAX_IDENTIFIER_BYTES - "_".len() - "_seq".len();
    let (mut table_len, mut column_len) = (table.len(), column.len());
    while table_len + column_len > available {
        if table_len > column_len {
            table_len -= 1;
        } else {
            column_len -= 1;
        }
    }
    format!("{}_{}_seq", clip(table, table_len), clip(column, column_len))
}

/// The longest prefix of `text` of at most `bytes` bytes that ends on a character boundary.
fn clip(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

impl DialectRenderer for PostgresRenderer {
    fn render_step(&self, step: &Step, schemas: Pair<&SqlSchema>) -> Vec<String> {
        let Pair { previous, next } = schemas;
        match step {
            Step::CreateSchema(id) => {
                vec![format!("CREATE SCHEMA IF NOT EXISTS {}", q(next.namespace(*id).name.as_str()))]
            }
            Step::DropSchema(id) => vec![format!("DROP SCHEMA {}", q(previous.namespace(*id).name.as_str()))],
            Step::DropExtension(id) => vec![format!("DROP EXTENSION {}", q(&previous.extension(*id).name))],
            Step::CreateExtension(id) => {
                let extension = next.extension(*id);
                let mut sql = format!("CREATE EXTENSION IF NOT EXISTS {}", q(&extension.name));
                if !extension.schema.is_empty() || !extension.version.is_empty() {
                    sql.push_str(" WITH");
                    if !extension.schema.is_empty() {
                        sql.push_str(&format!(" SCHEMA {}", q(&extension.schema)));
                    }
                    if !extension.version.is_empty() {
                        sql.push_str(&format!(" VERSION {}", q(&extension.version)));
                    }
                }
                vec![sql]
            }
            Step::AlterExtension(alter) => {
                let (name, extension) =
                    (q(&previous.extension(alter.extensions.previous).name), next.extension(alter.extensions.next));
                let mut statements = Vec::new();
                if alter.version {
                    statements.push(format!("ALTER EXTENSION {name} UPDATE TO {}", q(&extension.version)));
                }
                if alter.schema {
                    statements.push(format!("ALTER EXTENSION {name} SET SCHEMA {}", q(&extension.schema)));
                }
                statements
            }
            Step::DropView(id) => {
                let view = previous.view(*id);
                vec![format!("DROP VIEW {}", qualified(previous, view.namespace, view.name.as_str()))]
            }
            Step::CreateEnum(id) => {
                let enm = next.enum_(*id);
                let values: Vec<String> = enm.values.iter().map(|v| quote_string(v)).collect();
                vec![format!(
                    "CREATE TYPE {} AS ENUM ({})",
                    qualified(next, enm.namespace, enm.name.as_str()),
                    values.join(", ")
                )]
            }
            Step::AlterEnum(alter) => alter_enum(alter, schemas),
            Step::DropForeignKey(id) => {
                let table = previous.table(id.table);
                let fk = previous.foreign_key(*id);
                let name = fk.name.as_ref().map(|n| n.as_str()).unwrap_or_default();
                vec![format!("ALTER TABLE {} DROP CONSTRAINT {}", table_name(previous, table), q(name))]
            }
            Step::DropIndex(id) => {
                let table = previous.table(id.table);
                vec![format!("DROP INDEX {}", qualified(previous, table.namespace, previous.index(*id).name.as_str()))]
            }
            Step::AlterTable(alter) => alter_table(alter, schemas),
            Step::DropTable(id) => vec![format!("DROP TABLE {}", table_name(previous, previous.table(*id)))],
            Step::DropEnum(id) => {
                let enm = previous.enum_(*id);
                vec![format!("DROP TYPE {}", qualified(previous, enm.namespace, enm.name.as_str()))]
            }
            Step::CreateTable(id) => vec![create_table(next, next.table(*id))],
            // PostgreSQL alters tables in place; the differ never asks it to redefine.
            Step::RedefineTables(_) => Vec::new(),
            Step::CreateIndex { index, .. } => vec![create_index(next, *index)],
            Step::RenameForeignKey(ids) => {
                let names = schemas
                    .zip(*ids)
                    .map(|(schema, id)| schema.foreign_key(id).name.as_ref().map(|n| n.as_str()).unwrap_or_default());
                vec![format!(
                    "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
                    table_name(previous, previous.table(ids.previous.table)),
                    q(names.previous),
                    q(names.next)
                )]
            }
            Step::AddForeignKey(id) => vec![add_foreign_key(next, *id)],
            Step::RenameIndex(ids) | Step::RedefineIndex(ids) => {
                let table = previous.table(ids.previous.table);
                vec![format!(
                    "ALTER INDEX {} RENAME TO {}",
                    qualified(previous, table.namespace, previous.index(ids.previous).name.as_str()),
                    q(next.index(ids.next).name.as_str())
                )]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::serial_sequence_name;

    #[test]
    fn serial_sequence_names_follow_postgres() {
        assert_eq!(serial_sequence_name("Account", "id"), "Account_id_seq");
        // 70 + 2 bytes: the table name gives way until 58 bytes remain.
        let long = "a".repeat(70);
        assert_eq!(serial_sequence_name(&long, "id"), format!("{}_id_seq", "a".repeat(56)));
        // Both long: the longer shortens first, then they take turns.
        let (table, column) = ("t".repeat(40), "c".repeat(30));
        assert_eq!(serial_sequence_name(&table, &column), format!("{}_{}_seq", "t".repeat(29), "c".repeat(29)));
        // Never inside a character.
        assert_eq!(serial_sequence_name(&"é".repeat(40), "id"), format!("{}_id_seq", "é".repeat(28)));
    }
}
