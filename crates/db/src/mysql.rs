//! MySQL and MariaDB: describing the URL's database from `information_schema` (six queries),
//! and running scripts statement by statement, since MySQL commits DDL as it goes.
//!
//! MySQL has no enum types: each enum column gets its own enum, named `{table}_{column}` as
//! Prisma's introspection names them. MariaDB stores `JSON` as `LONGTEXT` with a
//! `json_valid` check, which is read back as `JSON`.

use crate::split::{split, SplitRules};
use crate::tls;
use crate::url::{SslMode, Target, Verify};
use crate::{query_error, with_timeout, DbError, DbUrl, ScriptError, MIGRATIONS_TABLE};
use sql_schema::{
    Column, ColumnArity, ColumnType, ColumnTypeFamily, DefaultValue, Enum, ForeignKey, ForeignKeyAction, Index,
    IndexAlgorithm, IndexColumn, IndexKind, Literal, PrimaryKey, SortOrder, SqlSchema, Table, TableId, View,
};
use sqlx::mysql::{MySqlConnectOptions, MySqlDatabaseError, MySqlSslMode};
use sqlx::{Connection as _, Executor, MySqlConnection, Row};
use std::collections::BTreeSet;

pub(crate) async fn connect(url: &DbUrl) -> Result<MySqlConnection, DbError> {
    let Target::Mysql { server } = &url.target else {
        return Err(DbError::InvalidUrl { url: url.masked(), reason: "not a MySQL url".into() });
    };
    let files = tls::read_files(url, &server.tls)?;
    let mut options = MySqlConnectOptions::new()
        .host(&server.host)
        .username(&server.user)
        .database(&server.database)
        .charset("utf8mb4");
    if let Some(port) = server.port {
        options = options.port(port);
    }
    if let Some(password) = &server.password {
        options = options.password(password);
    }
    if let Some(socket) = &server.socket {
        options = options.socket(socket);
    }
    if let Some(pem) = files.root_cert {
        options = options.ssl_ca_from_pem(pem);
    }
    let verified = match server.tls.verify {
        Verify::Nothing => None,
        Verify::Chain => Some(MySqlSslMode::VerifyCa),
        Verify::Full => Some(MySqlSslMode::VerifyIdentity),
    };
    let mode = match (server.tls.mode, verified) {
        (SslMode::Disable, _) => MySqlSslMode::Disabled,
        (SslMode::Prefer, None) => MySqlSslMode::Preferred,
        (SslMode::Require, None) => MySqlSslMode::Required,
        (_, Some(verified)) => verified,
    };
    let connected =
        with_timeout(url, server.connect_timeout, MySqlConnection::connect_with(&options.clone().ssl_mode(mode))).await;
    match connected {
        // As on PostgreSQL: checked certificates when the server offers TLS, plain text otherwise.
        Err(DbError::Tls { reason, .. })
            if server.tls.mode == SslMode::Prefer
                && verified.is_some()
                && reason.contains("server does not support TLS") =>
        {
            with_timeout(
                url,
                server.connect_timeout,
                MySqlConnection::connect_with(&options.ssl_mode(MySqlSslMode::Disabled)),
            )
            .await
        }
        other => other,
    }
}

const TABLES: &str = "
SELECT CAST(TABLE_NAME AS CHAR) AS name FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME <> ?
ORDER BY TABLE_NAME";

const COLUMNS: &str = "
SELECT CAST(c.TABLE_NAME AS CHAR) AS table_name, CAST(c.COLUMN_NAME AS CHAR) AS name,
       CAST(c.COLUMN_TYPE AS CHAR) AS column_type, CAST(c.IS_NULLABLE AS CHAR) AS is_nullable,
       CAST(c.COLUMN_DEFAULT AS CHAR) AS default_value, CAST(c.EXTRA AS CHAR) AS extra
FROM information_schema.COLUMNS c
JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
WHERE c.TABLE_SCHEMA = DATABASE() AND t.TABLE_TYPE = 'BASE TABLE' AND c.TABLE_NAME <> ?
ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION";

const INDEXES: &str = "
SELECT CAST(TABLE_NAME AS CHAR) AS table_name, CAST(INDEX_NAME AS CHAR) AS name,
       CAST(NON_UNIQUE AS SIGNED) AS non_unique, CAST(COLUMN_NAME AS CHAR) AS column_name,
       CAST(SUB_PART AS SIGNED) AS sub_part, CAST(COLLATION AS CHAR) AS collation,
       CAST(INDEX_TYPE AS CHAR) AS index_type
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> ?
ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";

const FOREIGN_KEYS: &str = "
SELECT CAST(k.TABLE_NAME AS CHAR) AS table_name, CAST(k.CONSTRAINT_NAME AS CHAR) AS name,
       CAST(k.COLUMN_NAME AS CHAR) AS column_name, CAST(k.REFERENCED_TABLE_NAME AS CHAR) AS referenced_table,
       CAST(k.REFERENCED_COLUMN_NAME AS CHAR) AS referenced_column,
       CAST(r.UPDATE_RULE AS CHAR) AS on_update, CAST(r.DELETE_RULE AS CHAR) AS on_delete
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL AND k.TABLE_NAME <> ?
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";

/// MariaDB only: MySQL's `CHECK_CONSTRAINTS` has no table name (and MySQL has real JSON).
const JSON_CHECKS: &str = "
SELECT CAST(TABLE_NAME AS CHAR) AS table_name, CAST(CHECK_CLAUSE AS CHAR) AS clause
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE() AND CHECK_CLAUSE LIKE 'json_valid(%'";

const VIEWS: &str = "
SELECT CAST(TABLE_NAME AS CHAR) AS name, CAST(VIEW_DEFINITION AS CHAR) AS definition
FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME";

pub(crate) async fn describe(conn: &mut MySqlConnection, url: &DbUrl) -> Result<SqlSchema, DbError> {
    let err = |e| query_error(url, e);
    let version: String = sqlx::query("SELECT CAST(VERSION() AS CHAR) AS v")
        .fetch_one(&mut *conn)
        .await
        .and_then(|row| row.try_get("v"))
        .map_err(err)?;
    let mariadb = version.to_ascii_lowercase().contains("mariadb");
    let mut schema = SqlSchema::default();

    for row in sqlx::query(TABLES).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let name: String = row.try_get("name").map_err(err)?;
        schema.push_table(Table::new(name.into(), None));
    }

    // (table, column) pairs whose LONGTEXT is MariaDB's JSON.
    let mut json_columns = BTreeSet::new();
    if mariadb {
        for row in sqlx::query(JSON_CHECKS).fetch_all(&mut *conn).await.map_err(err)? {
            let table: String = row.try_get("table_name").map_err(err)?;
            let clause: String = row.try_get("clause").map_err(err)?;
            let column = clause
                .strip_prefix("json_valid(")
                .and_then(|c| c.strip_suffix(')'))
                .map(|c| c.trim_matches('`').replace("``", "`"));
            if let Some(column) = column {
                json_columns.insert((table, column));
            }
        }
    }

    for row in sqlx::query(COLUMNS).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let get = |name: &str| row.try_get::<Option<String>, _>(name).map_err(err);
        let table_name = get("table_name")?.unwrap_or_default();
        let Some(table_id) = schema.find_table(None, &table_name.as_str().into()) else { continue };
        let name = get("name")?.unwrap_or_default();
        let column_type_text = get("column_type")?.unwrap_or_default();
        let extra = get("extra")?.unwrap_or_default().to_ascii_lowercase();
        let tpe = if let Some(values) = enum_values(&column_type_text) {
            let id = schema.push_enum(Enum { name: format!("{table_name}_{name}").into(), namespace: None, values });
            ColumnType { family: ColumnTypeFamily::Enum(id), native: String::new() }
        } else if column_type_text == "longtext" && json_columns.contains(&(table_name.clone(), name.clone())) {
            ColumnType { family: ColumnTypeFamily::Json, native: "JSON".into() }
        } else {
            column_type(&column_type_text)
        };
        let default = get("default_value")?.and_then(|d| parse_default(&d, &tpe.family, mariadb, &extra));
        let nullable = get("is_nullable")?.as_deref() == Some("YES");
        let column = Column {
            name: name.into(),
            tpe,
            arity: if nullable { ColumnArity::Nullable } else { ColumnArity::Required },
            default,
            autoincrement: extra.contains("auto_increment"),
        };
        schema.tables[table_id.0 as usize].push_column(column);
    }

    let mut last: Option<(TableId, String)> = None;
    for row in sqlx::query(INDEXES).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let get = |name: &str| row.try_get::<Option<String>, _>(name).map_err(err);
        let Some(table_id) = schema.find_table(None, &get("table_name")?.unwrap_or_default().as_str().into()) else {
            continue;
        };
        let name = get("name")?.unwrap_or_default();
        let table = &mut schema.tables[table_id.0 as usize];
        let column = get("column_name")?.and_then(|c| table.find_column(&c));
        let sub_part: Option<i64> = row.try_get("sub_part").map_err(err)?;
        let descending = get("collation")?.as_deref() == Some("D");
        let index_column = column.map(|column| IndexColumn {
            column,
            sort_order: descending.then_some(SortOrder::Desc),
            length: sub_part.and_then(|l| u32::try_from(l).ok()),
            operator_class: None,
            operator_class_is_default: false,
        });
        // Functional key parts have no column: such an index is left out, like expression
        // indexes elsewhere; an empty column list marks it until the end.
        let same = last.as_ref() == Some(&(table_id, name.clone()));
        last = Some((table_id, name.clone()));
        if name == "PRIMARY" {
            let pk = table.primary_key.get_or_insert(PrimaryKey { name: None, columns: Vec::new() });
            pk.columns.extend(index_column);
            continue;
        }
        if same {
            if let Some(index) = table.indexes.last_mut() {
                match index_column {
                    Some(c) if !index.columns.is_empty() => index.columns.push(c),
                    _ => index.columns.clear(),
                }
            }
            continue;
        }
        let non_unique: i64 = row.try_get("non_unique").map_err(err)?;
        let index_type = get("index_type")?.unwrap_or_default();
        let kind = match (index_type.as_str(), non_unique) {
            ("FULLTEXT", _) => IndexKind::Fulltext,
            (_, 0) => IndexKind::Unique,
            _ => IndexKind::Normal,
        };
        let algorithm = (index_type == "HASH").then_some(IndexAlgorithm::Hash);
        table.indexes.push(Index {
            name: name.into(),
            kind,
            columns: index_column.into_iter().collect(),
            algorithm,
            predicate: None,
        });
    }
    for table in &mut schema.tables {
        table.indexes.retain(|index| !index.columns.is_empty());
    }

    let mut last: Option<(TableId, String)> = None;
    for row in sqlx::query(FOREIGN_KEYS).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let get = |name: &str| row.try_get::<Option<String>, _>(name).map_err(err);
        let Some(table_id) = schema.find_table(None, &get("table_name")?.unwrap_or_default().as_str().into()) else {
            continue;
        };
        let Some(referenced_table) =
            schema.find_table(None, &get("referenced_table")?.unwrap_or_default().as_str().into())
        else {
            continue;
        };
        let name = get("name")?.unwrap_or_default();
        let (Some(column), Some(referenced_column)) = (
            schema.table(table_id).find_column(&get("column_name")?.unwrap_or_default()),
            schema.table(referenced_table).find_column(&get("referenced_column")?.unwrap_or_default()),
        ) else {
            continue;
        };
        let table = &mut schema.tables[table_id.0 as usize];
        if last.as_ref() == Some(&(table_id, name.clone())) {
            if let Some(fk) = table.foreign_keys.last_mut() {
                fk.columns.push(column);
                fk.referenced_columns.push(referenced_column);
            }
            continue;
        }
        table.foreign_keys.push(ForeignKey {
            name: Some(name.as_str().into()),
            columns: vec![column],
            referenced_table,
            referenced_columns: vec![referenced_column],
            on_delete: action(&get("on_delete")?.unwrap_or_default()),
            on_update: action(&get("on_update")?.unwrap_or_default()),
        });
        last = Some((table_id, name));
    }

    for row in sqlx::query(VIEWS).fetch_all(&mut *conn).await.map_err(err)? {
        let name: String = row.try_get("name").map_err(err)?;
        let definition: Option<String> = row.try_get("definition").map_err(err)?;
        schema.push_view(View { name: name.into(), namespace: None, definition });
    }
    Ok(schema)
}

fn action(rule: &str) -> ForeignKeyAction {
    match rule {
        "RESTRICT" => ForeignKeyAction::Restrict,
        "CASCADE" => ForeignKeyAction::Cascade,
        "SET NULL" => ForeignKeyAction::SetNull,
        "SET DEFAULT" => ForeignKeyAction::SetDefault,
        _ => ForeignKeyAction::NoAction,
    }
}

/// The values of `enum('a','b')`.
fn enum_values(column_type: &str) -> Option<Vec<String>> {
    let inner = column_type.strip_prefix("enum(")?.strip_suffix(')')?;
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\'' {
            continue;
        }
        let mut value = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    value.push('\'');
                }
                '\'' => break,
                '\\' => value.extend(chars.next()),
                c => value.push(c),
            }
        }
        values.push(value);
    }
    Some(values)
}

/// The family and the renderer's spelling of a `COLUMN_TYPE` (`int(11)`, `decimal(65,30)`).
fn column_type(column_type: &str) -> ColumnType {
    use ColumnTypeFamily as F;
    let lower = column_type.to_ascii_lowercase();
    let (base, args, rest) = match lower.find('(') {
        Some(open) => {
            let close = lower[open..].find(')').map_or(lower.len(), |p| open + p);
            (&lower[..open], Some(&lower[open + 1..close]), lower.get(close + 1..).unwrap_or_default().trim())
        }
        None => {
            let mut words = lower.splitn(2, ' ');
            (words.next().unwrap_or_default(), None, words.next().unwrap_or_default().trim())
        }
    };
    let unsigned = if rest.contains("unsigned") { " UNSIGNED" } else { "" };
    let with_args = |name: &str| match args {
        Some(args) => format!("{name}({})", args.split(',').map(str::trim).collect::<Vec<_>>().join(", ")),
        None => name.to_owned(),
    };
    let (family, native) = match base {
        "tinyint" if args == Some("1") && unsigned.is_empty() => (F::Boolean, "BOOLEAN".to_owned()),
        "bit" if args == Some("1") => (F::Boolean, "BIT(1)".to_owned()),
        // Display widths (`int(11)`) are not part of the type.
        "int" | "integer" => (F::Int, format!("INTEGER{unsigned}")),
        "tinyint" => (F::Int, format!("TINYINT{unsigned}")),
        "smallint" => (F::Int, format!("SMALLINT{unsigned}")),
        "mediumint" => (F::Int, format!("MEDIUMINT{unsigned}")),
        "year" => (F::Int, "YEAR".to_owned()),
        "bigint" => (F::BigInt, format!("BIGINT{unsigned}")),
        "float" => (F::Float, "FLOAT".to_owned()),
        "double" => (F::Float, "DOUBLE".to_owned()),
        "decimal" | "numeric" => (F::Decimal, with_args("DECIMAL")),
        "varchar" => (F::String, with_args("VARCHAR")),
        "char" => (F::String, with_args("CHAR")),
        "tinytext" | "text" | "mediumtext" | "longtext" => (F::String, base.to_ascii_uppercase()),
        "datetime" => (F::DateTime, with_args("DATETIME")),
        "timestamp" => (F::DateTime, with_args("TIMESTAMP")),
        "date" => (F::DateTime, "DATE".to_owned()),
        "time" => (F::DateTime, with_args("TIME")),
        "json" => (F::Json, "JSON".to_owned()),
        "tinyblob" | "blob" | "mediumblob" | "longblob" => (F::Binary, base.to_ascii_uppercase()),
        "binary" => (F::Binary, with_args("BINARY")),
        "varbinary" => (F::Binary, with_args("VARBINARY")),
        "bit" => (F::Binary, with_args("BIT")),
        _ => (F::Unsupported(column_type.to_owned()), column_type.to_owned()),
    };
    ColumnType { family, native }
}

/// Turns `COLUMN_DEFAULT` into the model's default. MariaDB quotes string defaults and shows
/// expressions bare; MySQL shows both bare and flags expressions in `EXTRA`.
fn parse_default(text: &str, family: &ColumnTypeFamily, mariadb: bool, extra: &str) -> Option<DefaultValue> {
    use ColumnTypeFamily as F;
    if mariadb && text == "NULL" {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("current_timestamp") || lower == "now()" {
        return Some(DefaultValue::Now);
    }
    let (literal_text, quoted) = if mariadb {
        match text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
            Some(inner) => (unescape(inner), true),
            None => (text.to_owned(), false),
        }
    } else if extra.contains("default_generated") {
        return Some(DefaultValue::DbGenerated(text.to_owned()));
    } else {
        (text.to_owned(), true)
    };
    let number = || literal_text.parse::<f64>().is_ok();
    let literal = match family {
        F::Int | F::BigInt => literal_text.parse().ok().map(Literal::Int),
        F::Float if number() => Some(Literal::Float(literal_text.clone())),
        F::Decimal if number() => Some(Literal::Decimal(literal_text.clone())),
        F::Boolean => match literal_text.as_str() {
            "1" | "true" => Some(Literal::Boolean(true)),
            "0" | "false" => Some(Literal::Boolean(false)),
            _ => None,
        },
        F::Enum(_) if quoted => Some(Literal::Enum(literal_text.clone())),
        F::DateTime if quoted => Some(Literal::DateTime(literal_text.clone())),
        F::String | F::Uuid | F::Unsupported(_) if quoted => Some(Literal::String(literal_text.clone())),
        _ => None,
    };
    Some(match literal {
        Some(literal) => DefaultValue::Value(literal),
        None => DefaultValue::DbGenerated(text.to_owned()),
    })
}

/// Undoes the escapes of a MariaDB string literal: `''` and backslash sequences.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if chars.peek() == Some(&'\'') => {
                chars.next();
                out.push('\'');
            }
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    out
}

/// Runs the statements one by one; MySQL commits DDL implicitly, so statements before a
/// failing one stay applied, and the error names the statement.
pub(crate) async fn execute_script(conn: &mut MySqlConnection, url: &DbUrl, sql: &str) -> Result<(), DbError> {
    for (index, statement) in split(sql, SplitRules::Mysql).iter().enumerate() {
        if let Err(error) = (&mut *conn).execute(sqlx::raw_sql(statement.text)).await {
            let (message, code) = match &error {
                sqlx::Error::Database(db) => (
                    db.message().to_owned(),
                    db.try_downcast_ref::<MySqlDatabaseError>().map(|e| e.number().to_string()),
                ),
                other => (other.to_string(), None),
            };
            return Err(DbError::Script(ScriptError {
                statement_index: Some(index + 1),
                statement_first_line: Some(statement.first_line().to_owned()),
                message: url.scrub(&message),
                code,
                position: Some((statement.first_line_number(), 1)),
            }));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_spelled_as_the_renderer_writes_them() {
        let cases = [
            ("int(11)", "INTEGER"),
            ("int(10) unsigned", "INTEGER UNSIGNED"),
            ("tinyint(1)", "BOOLEAN"),
            ("bigint(20)", "BIGINT"),
            ("decimal(65,30)", "DECIMAL(65, 30)"),
            ("varchar(191)", "VARCHAR(191)"),
            ("datetime(3)", "DATETIME(3)"),
            ("double", "DOUBLE"),
            ("longblob", "LONGBLOB"),
        ];
        for (text, native) in cases {
            assert_eq!(column_type(text).native, native, "{text}");
        }
    }

    #[test]
    fn enum_values_unescape() {
        assert_eq!(enum_values("enum('A','it''s','b,c')"), Some(vec!["A".into(), "it's".into(), "b,c".into()]));
        assert_eq!(enum_values("varchar(3)"), None);
    }

    #[test]
    fn mariadb_defaults() {
        use ColumnTypeFamily as F;
        let value = |l| Some(DefaultValue::Value(l));
        assert_eq!(parse_default("NULL", &F::String, true, ""), None);
        assert_eq!(parse_default("'it''s'", &F::String, true, ""), value(Literal::String("it's".into())));
        assert_eq!(parse_default("'it\\'s \\\\'", &F::String, true, ""), value(Literal::String("it's \\".into())));
        assert_eq!(parse_default("-3", &F::Int, true, ""), value(Literal::Int(-3)));
        assert_eq!(parse_default("1", &F::Boolean, true, ""), value(Literal::Boolean(true)));
        assert_eq!(parse_default("current_timestamp(3)", &F::DateTime, true, ""), Some(DefaultValue::Now));
        assert_eq!(parse_default("uuid()", &F::String, true, ""), Some(DefaultValue::DbGenerated("uuid()".into())));
        assert_eq!(parse_default("x", &F::String, false, ""), value(Literal::String("x".into())));
    }
}
