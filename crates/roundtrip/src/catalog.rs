//! A second judge, independent of ebb's describe and differ: the schema of a database as its
//! own catalog states it, read with queries written here for the purpose, as sorted lines of
//! text. Two databases with equal catalogs have the same tables, columns (type, nullability,
//! default), keys, constraints, indexes, enums, sequences and views.
//!
//! What is deliberately left out, because Prisma's migrations do not keep it either: the order
//! of columns (`ADD COLUMN` appends) and of enum values (`ADD VALUE` appends), MySQL's
//! `AUTO_INCREMENT` counter, and the name of the namespace itself (test databases live in
//! namespaces with unique names).

use db::{Connection, Dialect};

/// The catalog of the database behind `conn` (PostgreSQL: its default namespace), without
/// Prisma's migrations table.
pub fn catalog(conn: &mut Connection, namespace: &str) -> Result<String, String> {
    let mut lines = match conn.dialect() {
        Dialect::Postgres => postgres(conn, namespace)?,
        Dialect::Sqlite => sqlite(conn)?,
        Dialect::Mysql => mysql(conn)?,
    };
    lines.sort();
    Ok(lines.join("\n"))
}

/// The lines of `sql`'s rows: `kind` and the columns, tab-separated (`∅` for NULL).
fn rows(conn: &mut Connection, kind: &str, sql: &str) -> Result<Vec<String>, String> {
    let rows = conn.query_text(sql).map_err(|e| format!("{sql}: {e}"))?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let cells: Vec<String> = row.into_iter().map(|cell| cell.unwrap_or_else(|| "∅".to_owned())).collect();
            format!("{kind}\t{}", cells.join("\t"))
        })
        .collect())
}

fn postgres(conn: &mut Connection, namespace: &str) -> Result<Vec<String>, String> {
    let ns = namespace.replace('\'', "''");
    let mut lines = rows(
        conn,
        "column",
        &format!(
            "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), a.attnotnull::text,
                    pg_get_expr(d.adbin, d.adrelid), a.attidentity::text, a.attgenerated::text
             FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             WHERE n.nspname = '{ns}' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
               AND c.relname <> '_prisma_migrations'"
        ),
    )?;
    lines.extend(rows(
        conn,
        "constraint",
        &format!(
            "SELECT c.relname::text, con.conname::text, con.contype::text, pg_get_constraintdef(con.oid),
                    con.condeferrable::text, con.condeferred::text
             FROM pg_constraint con
             JOIN pg_class c ON c.oid = con.conrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = '{ns}' AND c.relname <> '_prisma_migrations'"
        ),
    )?);
    // The definition names the table with its namespace, which differs between test databases.
    lines.extend(
        rows(
            conn,
            "index",
            &format!(
                "SELECT tablename::text, indexname::text, indexdef FROM pg_indexes
                 WHERE schemaname = '{ns}' AND tablename <> '_prisma_migrations'"
            ),
        )?
        .into_iter()
        .map(|line| {
            line.replace(&format!(" ON {namespace}."), " ON ").replace(&format!(" ON \"{namespace}\"."), " ON ")
        }),
    );
    lines.extend(rows(
        conn,
        "enum",
        &format!(
            "SELECT t.typname::text, e.enumlabel::text FROM pg_enum e
             JOIN pg_type t ON t.oid = e.enumtypid
             JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = '{ns}'"
        ),
    )?);
    lines.extend(rows(
        conn,
        "sequence",
        &format!(
            "SELECT sequencename::text, data_type::text, increment_by::text, min_value::text, max_value::text
             FROM pg_sequences WHERE schemaname = '{ns}' AND sequencename NOT LIKE '\\_prisma\\_migrations%'"
        ),
    )?);
    lines.extend(rows(
        conn,
        "view",
        &format!("SELECT viewname::text, definition FROM pg_views WHERE schemaname = '{ns}'"),
    )?);
    Ok(lines)
}

fn sqlite(conn: &mut Connection) -> Result<Vec<String>, String> {
    const TABLES: &str =
        "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name <> '_prisma_migrations'";
    let mut lines = rows(
        conn,
        "column",
        &format!(
            "SELECT m.name, p.name, p.type, CAST(p.\"notnull\" AS TEXT), p.dflt_value, CAST(p.pk AS TEXT),
                    CAST(p.hidden AS TEXT)
             FROM sqlite_master m, pragma_table_xinfo(m.name) p WHERE {TABLES}"
        ),
    )?;
    // Automatic indexes are named after their table and a counter; what they index is enough.
    lines.extend(rows(
        conn,
        "index",
        &format!(
            "SELECT m.name, CASE WHEN il.origin = 'c' THEN il.name ELSE il.origin END, CAST(il.\"unique\" AS TEXT),
                    CAST(il.partial AS TEXT), CAST(ii.seqno AS TEXT), ii.name, CAST(ii.\"desc\" AS TEXT), ii.coll
             FROM sqlite_master m, pragma_index_list(m.name) il, pragma_index_xinfo(il.name) ii
             WHERE {TABLES} AND ii.key = 1"
        ),
    )?);
    // A foreign key's id follows declaration order, which a table rebuild may change.
    lines.extend(rows(
        conn,
        "foreign key",
        &format!(
            "SELECT m.name, CAST(f.seq AS TEXT), f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete, f.\"match\"
             FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE {TABLES}"
        ),
    )?);
    lines.extend(rows(conn, "view", "SELECT name, sql FROM sqlite_master WHERE type IN ('view', 'trigger')")?);
    Ok(lines)
}

fn mysql(conn: &mut Connection) -> Result<Vec<String>, String> {
    let tables = conn
        .query_text(
            "SELECT CAST(table_name AS CHAR), CAST(table_type AS CHAR) FROM information_schema.tables
             WHERE table_schema = DATABASE() AND table_name <> '_prisma_migrations'",
        )
        .map_err(|e| e.to_string())?;
    let mut lines = Vec::new();
    for row in tables {
        let (Some(Some(name)), Some(Some(kind))) = (row.first(), row.get(1)) else { continue };
        let what = if kind == "VIEW" { "VIEW" } else { "TABLE" };
        let sql = format!("SHOW CREATE {what} `{}`", name.replace('`', "``"));
        let shown = conn.query_text(&sql).map_err(|e| format!("{sql}: {e}"))?;
        let definition = shown.into_iter().next().and_then(|r| r.into_iter().nth(1).flatten()).unwrap_or_default();
        // One line per column, key and constraint, without the separating commas; the table
        // options lose the counter of the next AUTO_INCREMENT value.
        for line in definition.lines() {
            let line = line.trim().trim_end_matches(',');
            let line: String =
                line.split(' ').filter(|word| !word.starts_with("AUTO_INCREMENT=")).collect::<Vec<_>>().join(" ");
            lines.push(format!("{name}\t{line}"));
        }
    }
    Ok(lines)
}
