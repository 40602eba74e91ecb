//! SQLite statements. Foreign keys live inside `CREATE TABLE`; most table changes recreate
//! the table under a temporary name (`RedefineTables`).

use crate::common::{hex, plain_literal, quote_double as q, quote_string, INDENT};
use crate::DialectRenderer;
use diff::{Pair, RedefineTable, Step, TableChange};
use sql_schema::{Column, ColumnId, ColumnTypeFamily, DefaultValue, IndexId, IndexKind, Literal, SqlSchema, Table};

pub(crate) struct SqliteRenderer;

fn render_default(default: &DefaultValue) -> Option<String> {
    match default {
        DefaultValue::Value(Literal::Bytes(bytes)) => Some(quote_string(&hex(bytes))),
        // Prisma writes JSON defaults unquoted (`DEFAULT {"a": 1}`), which SQLite rejects
        // with "unrecognized token"; a string literal stores the same text.
        DefaultValue::Value(Literal::Json(json)) => Some(quote_string(json)),
        DefaultValue::Value(literal) => Some(plain_literal(literal)),
        DefaultValue::Now => Some("CURRENT_TIMESTAMP".to_owned()),
        DefaultValue::DbGenerated(expr) if !expr.is_empty() => Some(expr.clone()),
        DefaultValue::DbGenerated(_) | DefaultValue::Sequence(_) => None,
    }
}

fn render_column(table: &Table, id: ColumnId) -> String {
    let column = table.column(id);
    let mut out = format!("{INDENT}{} {}", q(column.name.as_str()), column.tpe.native);
    if !column.arity.is_nullable() {
        out.push_str(" NOT NULL");
    }
    if table.is_single_column_primary_key(id) {
        out.push_str(" PRIMARY KEY");
        // SQLite only accepts AUTOINCREMENT on an INTEGER PRIMARY KEY; Prisma adds it to every one.
        if column.tpe.family == ColumnTypeFamily::Int {
            out.push_str(" AUTOINCREMENT");
        }
    }
    if let Some(default) = column.default.as_ref().and_then(render_default) {
        out.push_str(" DEFAULT ");
        out.push_str(&default);
    }
    out
}

fn create_table(schema: &SqlSchema, table: &Table, name: &str) -> String {
    let mut out = format!("CREATE TABLE {} (\n", q(name));
    let columns: Vec<String> = table.column_ids().map(|id| render_column(table, id)).collect();
    out.push_str(&columns.join(",\n"));
    if let Some(pk) = table.primary_key.as_ref().filter(|pk| pk.columns.len() > 1) {
        let cols: Vec<String> = pk.columns.iter().map(|c| q(table.column(c.column).name.as_str())).collect();
        out.push_str(&format!(",\n\n{INDENT}PRIMARY KEY ({})", cols.join(", ")));
    }
    for fk in &table.foreign_keys {
        let referenced = schema.table(fk.referenced_table);
        let constraint = fk.name.as_ref().map(|n| format!("CONSTRAINT {} ", q(n.as_str()))).unwrap_or_default();
        let columns: Vec<String> = fk.columns.iter().map(|c| q(table.column(*c).name.as_str())).collect();
        let referenced_columns: Vec<String> =
            fk.referenced_columns.iter().map(|c| q(referenced.column(*c).name.as_str())).collect();
        out.push_str(&format!(
            ",\n{INDENT}{constraint}FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
            columns.join(", "),
            q(referenced.name.as_str()),
            referenced_columns.join(", "),
            fk.on_delete.as_sql(),
            fk.on_update.as_sql(),
        ));
    }
    out.push_str("\n)");
    out
}

fn create_index(schema: &SqlSchema, id: IndexId) -> String {
    let table = schema.table(id.table);
    let index = schema.index(id);
    let unique = if index.kind == IndexKind::Unique { "UNIQUE " } else { "" };
    let columns: Vec<String> = index
        .columns
        .iter()
        .map(|c| {
            let name = q(table.column(c.column).name.as_str());
            match c.sort_order {
                Some(sort) => format!("{name} {}", sort.as_sql()),
                None => name,
            }
        })
        .collect();
    let predicate = index.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default();
    let statement = format!(
        "CREATE {unique}INDEX {} ON {}({}){predicate}",
        q(index.name.as_str()),
        q(table.name.as_str()),
        columns.join(", ")
    );
    // Names starting with `sqlite_` are reserved; Prisma writes them with the schema unlocked.
    if index.name.as_str().starts_with("sqlite_") {
        format!("Pragma writable_schema=1;\n{statement};\nPragma writable_schema=0")
    } else {
        statement
    }
}

fn redefine_tables(redefines: &[RedefineTable], schemas: Pair<&SqlSchema>) -> Vec<String> {
    let mut statements = vec!["PRAGMA defer_foreign_keys=ON".to_owned(), "PRAGMA foreign_keys=OFF".to_owned()];
    for redefine in redefines {
        let tables = schemas.zip(redefine.tables).map(|(schema, id)| schema.table(id));
        let temporary = format!("new_{}", tables.next.name.as_str());
        statements.push(create_table(schemas.next, tables.next, &temporary));
        if !redefine.column_pairs.is_empty() {
            let destination: Vec<String> =
                redefine.column_pairs.iter().map(|(ids, _)| q(tables.next.column(ids.next).name.as_str())).collect();
            let source: Vec<String> = redefine
                .column_pairs
                .iter()
                .map(|(ids, changes)| {
                    let columns: Pair<&Column> = tables.zip(*ids).map(|(t, c)| t.column(c));
                    let name = q(columns.previous.name.as_str());
                    // Rows that were NULL take the new default, which INSERT … SELECT would not apply.
                    let became_required_with_default = changes.arity
                        && columns.next.arity.is_required()
                        && columns.next.default.as_ref().and_then(render_default).is_some();
                    match columns.next.default.as_ref().and_then(render_default) {
                        Some(default) if became_required_with_default => {
                            format!("coalesce({name}, {default}) AS {name}")
                        }
                        _ => name,
                    }
                })
                .collect();
            statements.push(format!(
                "INSERT INTO {} ({}) SELECT {} FROM {}",
                q(&temporary),
                destination.join(", "),
                source.join(", "),
                q(tables.previous.name.as_str())
            ));
        }
        statements.push(format!("DROP TABLE {}", q(tables.previous.name.as_str())));
        statements.push(format!("ALTER TABLE {} RENAME TO {}", q(&temporary), q(tables.next.name.as_str())));
        for index in 0..tables.next.indexes.len() as u32 {
            statements.push(create_index(schemas.next, IndexId { table: redefine.tables.next, index }));
        }
        for index in &redefine.kept_indexes {
            statements.push(create_index(schemas.previous, IndexId { table: redefine.tables.previous, index: *index }));
        }
    }
    statements.push("PRAGMA foreign_keys=ON".to_owned());
    statements.push("PRAGMA defer_foreign_keys=OFF".to_owned());
    statements
}

impl DialectRenderer for SqliteRenderer {
    fn render_step(&self, step: &Step, schemas: Pair<&SqlSchema>) -> Vec<String> {
        let Pair { previous, next } = schemas;
        match step {
            Step::CreateTable(id) => {
                let table = next.table(*id);
                vec![create_table(next, table, table.name.as_str())]
            }
            Step::DropTable(id) => vec![
                // Dropping with enforcement off lets tables go in any order despite their
                // foreign keys.
                "PRAGMA foreign_keys=off".to_owned(),
                format!("DROP TABLE {}", q(previous.table(*id).name.as_str())),
                "PRAGMA foreign_keys=on".to_owned(),
            ],
            Step::CreateIndex { index, .. } => vec![create_index(next, *index)],
            Step::DropIndex(id) => vec![format!("DROP INDEX {}", q(previous.index(*id).name.as_str()))],
            Step::RedefineIndex(ids) | Step::RenameIndex(ids) => vec![
                format!("DROP INDEX {}", q(previous.index(ids.previous).name.as_str())),
                create_index(next, ids.next),
            ],
            Step::RedefineTables(redefines) => redefine_tables(redefines, schemas),
            Step::AlterTable(alter) => {
                let table = next.table(alter.tables.next);
                alter
                    .changes
                    .iter()
                    .filter_map(|change| match change {
                        TableChange::AddColumn(id) => Some(format!(
                            "ALTER TABLE {} ADD COLUMN {}",
                            q(previous.table(alter.tables.previous).name.as_str()),
                            render_column(table, *id).trim_start()
                        )),
                        // The differ redefines the table for every other change.
                        _ => None,
                    })
                    .collect()
            }
            Step::DropView(id) => {
                vec![format!("DROP VIEW {}", q(previous.view(*id).name.as_str()))]
            }
            // No namespaces, enum types or standalone foreign key statements on SQLite.
            // Only PostgreSQL schemas list extensions.
            Step::CreateSchema(_)
            | Step::DropExtension(_)
            | Step::CreateExtension(_)
            | Step::AlterExtension(_)
            | Step::DropSchema(_)
            | Step::CreateEnum(_)
            | Step::AlterEnum(_)
            | Step::DropEnum(_)
            | Step::DropForeignKey(_)
            | Step::AddForeignKey(_)
            | Step::RenameForeignKey(_) => Vec::new(),
        }
    }
}
