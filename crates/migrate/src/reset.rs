//! Emptying a database: what `migrate reset` does before re-applying the history, and what a
//! configured shadow database goes through before a replay.
//!
//! PostgreSQL: each schema is dropped with everything in it and created again, as Prisma does.
//! MySQL: every table and view of the connection's database is dropped (foreign key checks off
//! meanwhile), the database itself stays, so a user without `CREATE DATABASE` can reset it.
//! SQLite: every view, table and trigger of the file is dropped, foreign keys off meanwhile.

use crate::error::MigrateError;
use crate::target::Target;
use db::Dialect;

/// Drops every object of the database `target` is connected to. `schemas` are the PostgreSQL
/// schemas to empty (the datasource's `schemas`); empty means the connection's own schema.
pub fn reset_database(target: &mut dyn Target, schemas: &[String]) -> Result<(), MigrateError> {
    match target.dialect() {
        Dialect::Postgres => {
            let schemas: Vec<String> = if schemas.is_empty() {
                vec![target.postgres_schema().unwrap_or_else(|| "public".to_owned())]
            } else {
                schemas.to_vec()
            };
            for schema in schemas {
                let quoted = format!("\"{}\"", schema.replace('"', "\"\""));
                target.execute(&format!("DROP SCHEMA IF EXISTS {quoted} CASCADE"))?;
                target.execute(&format!("CREATE SCHEMA {quoted}"))?;
            }
        }
        Dialect::Mysql => {
            let objects = target.query_text(
                "SELECT CAST(table_name AS CHAR), CAST(table_type AS CHAR) FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name",
            )?;
            target.execute("SET FOREIGN_KEY_CHECKS = 0")?;
            let result = objects.iter().try_for_each(|row| {
                let (Some(Some(name)), Some(Some(kind))) = (row.first(), row.get(1)) else { return Ok(()) };
                let quoted = format!("`{}`", name.replace('`', "``"));
                let statement = if kind == "VIEW" {
                    format!("DROP VIEW IF EXISTS {quoted}")
                } else {
                    format!("DROP TABLE IF EXISTS {quoted}")
                };
                target.execute(&statement)
            });
            target.execute("SET FOREIGN_KEY_CHECKS = 1")?;
            result?;
        }
        Dialect::Sqlite => {
            // Views first: a view over a dropped table would stay behind, broken.
            let objects = target.query_text(
                "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'table', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'view' THEN 1 ELSE 2 END, name",
            )?;
            target.execute("PRAGMA foreign_keys = OFF")?;
            let result = objects.iter().try_for_each(|row| {
                let (Some(Some(kind)), Some(Some(name))) = (row.first(), row.get(1)) else { return Ok(()) };
                let quoted = format!("\"{}\"", name.replace('"', "\"\""));
                let statement = match kind.as_str() {
                    "view" => format!("DROP VIEW IF EXISTS {quoted}"),
                    "trigger" => format!("DROP TRIGGER IF EXISTS {quoted}"),
                    _ => format!("DROP TABLE IF EXISTS {quoted}"),
                };
                target.execute(&statement)
            });
            target.execute("PRAGMA foreign_keys = ON")?;
            result?;
        }
    }
    Ok(())
}
