//! MySQL statements. Enums are inline column types, indexes live inside `CREATE TABLE`, and
//! every table gets Prisma's character set and collation.

use crate::common::{plain_literal, quote_backtick as q, INDENT};
use crate::DialectRenderer;
use diff::{AlterColumn, Pair, Step, TableChange};
use sql_schema::{
    Column, ColumnArity, ColumnTypeFamily, DefaultValue, ForeignKeyId, Index, IndexColumn, IndexId, IndexKind, Literal,
    SqlSchema, Table,
};

pub(crate) struct MysqlRenderer;

fn column_type(schema: &SqlSchema, column: &Column) -> String {
    match &column.tpe.family {
        ColumnTypeFamily::Enum(id) => {
            let values: Vec<String> = schema.enum_(*id).values.iter().map(|v| mysql_string(v)).collect();
            format!("ENUM({})", values.join(", "))
        }
        _ => column.tpe.native.clone(),
    }
}

/// `CURRENT_TIMESTAMP(p)` with the column's fractional-second precision (3 when unspecified).
fn now(column: &Column) -> String {
    let native = &column.tpe.native;
    let precision = native.find('(').and_then(|start| native[start + 1..].strip_suffix(')')).unwrap_or("3");
    format!("CURRENT_TIMESTAMP({precision})")
}

/// A string literal. MySQL reads a backslash in one as an escape (in its default `sql_mode`,
/// the one migrations run in), so a backslash is written doubled.
fn mysql_string(text: &str) -> String {
    format!("'{}'", text.replace('\\', "\\\\").replace('\'', "''"))
}

fn render_default(column: &Column) -> Option<String> {
    let default = column.default.as_ref()?;
    // MySQL rejects literal defaults on JSON and binary columns.
    let no_literal = matches!(column.tpe.family, ColumnTypeFamily::Json | ColumnTypeFamily::Binary);
    match default {
        DefaultValue::Value(_) if no_literal => None,
        DefaultValue::Value(
            Literal::String(text) | Literal::Enum(text) | Literal::Json(text) | Literal::DateTime(text),
        ) => Some(mysql_string(text)),
        DefaultValue::Value(literal) => Some(plain_literal(literal)),
        DefaultValue::Now => Some(now(column)),
        DefaultValue::DbGenerated(expr) if !expr.is_empty() => Some(expr.clone()),
        DefaultValue::DbGenerated(_) | DefaultValue::Sequence(_) => None,
    }
}

fn render_column(schema: &SqlSchema, column: &Column) -> String {
    let null = if column.arity == ColumnArity::Required { " NOT NULL" } else { " NULL" };
    let default = render_default(column).map(|d| format!(" DEFAULT {d}")).unwrap_or_default();
    let auto = if column.autoincrement { " AUTO_INCREMENT" } else { "" };
    format!("{} {}{null}{default}{auto}", q(column.name.as_str()), column_type(schema, column))
}

fn index_columns(table: &Table, columns: &[IndexColumn]) -> String {
    let rendered: Vec<String> = columns
        .iter()
        .map(|c| {
            let mut out = q(table.column(c.column).name.as_str());
            if let Some(length) = c.length {
                out.push_str(&format!("({length})"));
            }
            if let Some(sort) = c.sort_order {
                out.push(' ');
                out.push_str(sort.as_sql());
            }
            out
        })
        .collect();
    rendered.join(", ")
}

fn index_keyword(index: &Index) -> &'static str {
    match index.kind {
        IndexKind::Normal => "INDEX",
        IndexKind::Unique => "UNIQUE INDEX",
        IndexKind::Fulltext => "FULLTEXT INDEX",
    }
}

fn create_table(schema: &SqlSchema, table: &Table) -> String {
    let columns: Vec<String> = table.columns.iter().map(|c| format!("{INDENT}{}", render_column(schema, c))).collect();
    let mut constraints: Vec<String> = table
        .indexes
        .iter()
        .map(|index| {
            format!(
                "{INDENT}{} {}({})",
                index_keyword(index),
                q(index.name.as_str()),
                index_columns(table, &index.columns)
            )
        })
        .collect();
    if let Some(pk) = &table.primary_key {
        constraints.push(format!("{INDENT}PRIMARY KEY ({})", index_columns(table, &pk.columns)));
    }
    let mut body = columns.join(",\n");
    if !constraints.is_empty() {
        body.push_str(",\n\n");
        body.push_str(&constraints.join(",\n"));
    }
    format!(
        "CREATE TABLE {} (\n{body}\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
        q(table.name.as_str())
    )
}

fn create_index(schema: &SqlSchema, id: IndexId) -> String {
    let table = schema.table(id.table);
    let index = schema.index(id);
    format!(
        "CREATE {} {} ON {}({})",
        index_keyword(index),
        q(index.name.as_str()),
        q(table.name.as_str()),
        index_columns(table, &index.columns)
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
        q(table.name.as_str()),
        columns.join(", "),
        q(referenced.name.as_str()),
        referenced_columns.join(", "),
        fk.on_delete.as_sql(),
        fk.on_update.as_sql(),
    )
}

fn alter_table(alter: &diff::AlterTable, schemas: Pair<&SqlSchema>) -> Vec<String> {
    let tables = schemas.zip(alter.tables).map(|(schema, id)| schema.table(id));
    let mut clauses = Vec::new();
    for change in &alter.changes {
        match change {
            TableChange::DropPrimaryKey => clauses.push("DROP PRIMARY KEY".to_owned()),
            // MySQL primary keys are always named PRIMARY.
            TableChange::RenamePrimaryKey => {}
            TableChange::AddPrimaryKey => {
                if let Some(pk) = &tables.next.primary_key {
                    clauses.push(format!("ADD PRIMARY KEY ({})", index_columns(tables.next, &pk.columns)));
                }
            }
            TableChange::AddColumn(id) => {
                clauses.push(format!("ADD COLUMN {}", render_column(schemas.next, tables.next.column(*id))))
            }
            TableChange::DropColumn(id) => {
                clauses.push(format!("DROP COLUMN {}", q(tables.previous.column(*id).name.as_str())))
            }
            TableChange::AlterColumn(AlterColumn { columns, changes }) => {
                let columns = tables.zip(*columns).map(|(t, c)| t.column(c));
                if changes.only_default() && columns.next.default.is_none() {
                    clauses.push(format!("ALTER COLUMN {} DROP DEFAULT", q(columns.previous.name.as_str())));
                } else {
                    // MODIFY restates the whole column; SET DEFAULT cannot take expressions.
                    clauses.push(format!("MODIFY {}", render_column(schemas.next, columns.next)));
                }
            }
            TableChange::DropAndRecreateColumn { columns, .. } => {
                let columns = tables.zip(*columns).map(|(t, c)| t.column(c));
                clauses.push(format!("DROP COLUMN {}", q(columns.previous.name.as_str())));
                clauses.push(format!("ADD COLUMN {}", render_column(schemas.next, columns.next)));
            }
        }
    }
    if clauses.is_empty() {
        return Vec::new();
    }
    vec![format!("ALTER TABLE {} {}", q(tables.previous.name.as_str()), clauses.join(",\n    "))]
}

impl DialectRenderer for MysqlRenderer {
    fn render_step(&self, step: &Step, schemas: Pair<&SqlSchema>) -> Vec<String> {
        let Pair { previous, next } = schemas;
        match step {
            Step::CreateTable(id) => vec![create_table(next, next.table(*id))],
            Step::DropTable(id) => vec![format!("DROP TABLE {}", q(previous.table(*id).name.as_str()))],
            Step::CreateIndex { index, .. } => vec![create_index(next, *index)],
            Step::DropIndex(id) => vec![format!(
                "DROP INDEX {} ON {}",
                q(previous.index(*id).name.as_str()),
                q(previous.table(id.table).name.as_str())
            )],
            Step::RenameIndex(ids) => vec![format!(
                "ALTER TABLE {} RENAME INDEX {} TO {}",
                q(previous.table(ids.previous.table).name.as_str()),
                q(previous.index(ids.previous).name.as_str()),
                q(next.index(ids.next).name.as_str())
            )],
            // Creating first keeps an index available to foreign keys that rely on it.
            Step::RedefineIndex(ids) => vec![
                create_index(next, ids.next),
                format!(
                    "DROP INDEX {} ON {}",
                    q(previous.index(ids.previous).name.as_str()),
                    q(previous.table(ids.previous.table).name.as_str())
                ),
            ],
            Step::AddForeignKey(id) => vec![add_foreign_key(next, *id)],
            Step::DropForeignKey(id) => {
                let fk = previous.foreign_key(*id);
                let table = previous.table(id.table);
                let name = fk.name.as_ref().map(|n| n.as_str()).unwrap_or_default();
                let mut statements =
                    vec![format!("ALTER TABLE {} DROP FOREIGN KEY {}", q(table.name.as_str()), q(name))];
                // Without an index of its own, the key got one from MySQL, named after it,
                // which outlives the key: drop it too, unless the table goes anyway.
                let covered = table
                    .indexes
                    .iter()
                    .map(|i| i.columns.iter().map(|c| c.column).collect::<Vec<_>>())
                    .chain(table.primary_key.iter().map(|pk| pk.columns.iter().map(|c| c.column).collect()))
                    .any(|columns| columns.starts_with(&fk.columns));
                let table_kept = next.find_table(None, &table.name).is_some();
                if !covered && table_kept {
                    statements.push(format!("DROP INDEX {} ON {}", q(name), q(table.name.as_str())));
                }
                statements
            }
            Step::AlterTable(alter) => alter_table(alter, schemas),
            Step::DropView(id) => {
                vec![format!("DROP VIEW {}", q(previous.view(*id).name.as_str()))]
            }
            // Enums are column types and MySQL has no namespaces; tables are altered in place.
            // Only PostgreSQL schemas list extensions.
            Step::CreateSchema(_)
            | Step::DropExtension(_)
            | Step::CreateExtension(_)
            | Step::AlterExtension(_)
            | Step::DropSchema(_)
            | Step::CreateEnum(_)
            | Step::AlterEnum(_)
            | Step::DropEnum(_)
            | Step::RedefineTables(_)
            | Step::RenameForeignKey(_) => Vec::new(),
        }
    }
}
