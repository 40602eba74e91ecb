//! SQLite: describing from `sqlite_master` joined with the pragma table-valued functions (four
//! queries for the whole file), and running scripts statement by statement inside one
//! transaction.
//!
//! SQLite keeps constraint names only in the `CREATE TABLE` text; the primary key's name is
//! read from there. Foreign keys are described without names, and indexes and foreign keys in
//! the order SQLite lists them, with every index column's sort order spelled out, as Prisma's
//! describer does: a table created or redefined from a described schema (a down migration)
//! then reads as Prisma writes it (`FOREIGN KEY (…)` without `CONSTRAINT`, `"column" ASC`).

use crate::split::{split, SplitRules};
use crate::url::Target;
use crate::{decode_hex, query_error, with_timeout, DbError, DbUrl, ScriptError, MIGRATIONS_TABLE};
use sql_schema::{
    Column, ColumnArity, ColumnId, ColumnType, ColumnTypeFamily, DefaultValue, ForeignKey, ForeignKeyAction, Index,
    IndexColumn, IndexKind, Literal, PrimaryKey, SortOrder, SqlSchema, Table, TableId, View,
};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection as _, Executor, Row, SqliteConnection};
use std::time::Duration;

pub(crate) async fn connect(url: &DbUrl) -> Result<SqliteConnection, DbError> {
    let Target::Sqlite { path } = &url.target else {
        return Err(DbError::InvalidUrl { url: url.masked(), reason: "not a SQLite url".into() });
    };
    let options = SqliteConnectOptions::new().filename(path).create_if_missing(true);
    with_timeout(url, Duration::from_secs(10), SqliteConnection::connect_with(&options)).await
}

/// Tables we describe: not SQLite's own, not the migrations table.
const USER_TABLES: &str = "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name <> ?1";

fn tables_query() -> String {
    format!("SELECT m.name AS name, m.sql AS sql FROM sqlite_master m WHERE {USER_TABLES} ORDER BY m.name")
}

fn columns_query() -> String {
    format!(
        "SELECT m.name AS table_name, p.name AS name, p.type AS type, p.\"notnull\" AS not_null,
                p.dflt_value AS default_value, p.pk AS pk
         FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE {USER_TABLES} ORDER BY m.name, p.cid"
    )
}

fn indexes_query() -> String {
    format!(
        "SELECT m.name AS table_name, il.name AS name, il.\"unique\" AS is_unique, il.origin AS origin,
                il.partial AS is_partial, ix.sql AS index_sql, ii.name AS column_name, ii.\"desc\" AS descending
         FROM sqlite_master m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii
         LEFT JOIN sqlite_master ix ON ix.type = 'index' AND ix.name = il.name
         WHERE {USER_TABLES} AND ii.key = 1 ORDER BY m.name, il.seq, ii.seqno"
    )
}

fn foreign_keys_query() -> String {
    format!(
        "SELECT m.name AS table_name, fk.id AS id, fk.\"table\" AS referenced_table, fk.\"from\" AS column_name,
                fk.\"to\" AS referenced_column, fk.on_update AS on_update, fk.on_delete AS on_delete
         FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) fk
         WHERE {USER_TABLES} ORDER BY m.name, fk.id, fk.seq"
    )
}

const VIEWS: &str = "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name";

pub(crate) async fn describe(conn: &mut SqliteConnection, url: &DbUrl) -> Result<SqlSchema, DbError> {
    let err = |e| query_error(url, e);
    let mut schema = SqlSchema { partial_indexes: true, ..SqlSchema::default() };
    let mut sources: Vec<String> = Vec::new();
    for row in sqlx::query(&tables_query()).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let name: String = row.try_get("name").map_err(err)?;
        sources.push(row.try_get::<Option<String>, _>("sql").map_err(err)?.unwrap_or_default());
        schema.push_table(Table::new(name.into(), None));
    }

    // Primary key columns with their 1-based position in the key.
    let mut pk_columns: Vec<Vec<(i64, ColumnId)>> = vec![Vec::new(); schema.tables.len()];
    for row in sqlx::query(&columns_query()).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let table_name: String = row.try_get("table_name").map_err(err)?;
        let Some(table_id) = schema.find_table(None, &table_name.as_str().into()) else { continue };
        let declared: String = row.try_get::<Option<String>, _>("type").map_err(err)?.unwrap_or_default();
        let not_null: bool = row.try_get("not_null").map_err(err)?;
        let pk: i64 = row.try_get("pk").map_err(err)?;
        let default: Option<String> = row.try_get("default_value").map_err(err)?;
        let tpe = column_type(&declared);
        let default = default.and_then(|d| parse_default(&d, &tpe.family));
        let column = Column {
            name: row.try_get::<String, _>("name").map_err(err)?.into(),
            tpe,
            arity: if not_null { ColumnArity::Required } else { ColumnArity::Nullable },
            default,
            autoincrement: false,
        };
        let id = schema.tables[table_id.0 as usize].push_column(column);
        if pk > 0 {
            pk_columns[table_id.0 as usize].push((pk, id));
        }
    }
    for (index, mut columns) in pk_columns.into_iter().enumerate() {
        if columns.is_empty() {
            continue;
        }
        columns.sort();
        let sql = &sources[index];
        let table = &mut schema.tables[index];
        let tokens = tokenize(sql);
        if let [(_, id)] = columns.as_slice() {
            // Only an INTEGER PRIMARY KEY can be AUTOINCREMENT; the keyword is in the source.
            let column = &mut table.columns[id.0 as usize];
            column.autoincrement = column.tpe.native.eq_ignore_ascii_case("INTEGER")
                && tokens.iter().any(|t| t.is_keyword("AUTOINCREMENT"));
        }
        table.primary_key = Some(PrimaryKey {
            name: constraint_name(&tokens, "PRIMARY").map(Into::into),
            columns: columns.into_iter().map(|(_, id)| IndexColumn::plain(id)).collect(),
        });
    }

    let mut last: Option<(TableId, String)> = None;
    for row in sqlx::query(&indexes_query()).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let table_name: String = row.try_get("table_name").map_err(err)?;
        let origin: String = row.try_get("origin").map_err(err)?;
        // The primary key's own index is the primary key.
        if origin == "pk" {
            continue;
        }
        let Some(table_id) = schema.find_table(None, &table_name.as_str().into()) else { continue };
        let name: String = row.try_get("name").map_err(err)?;
        let column_name: Option<String> = row.try_get("column_name").map_err(err)?;
        let descending: bool = row.try_get("descending").map_err(err)?;
        let unique: bool = row.try_get("is_unique").map_err(err)?;
        let partial: bool = row.try_get("is_partial").map_err(err)?;
        let index_sql: Option<String> = row.try_get("index_sql").map_err(err)?;
        let table = &mut schema.tables[table_id.0 as usize];
        // Expression columns have no name; such an index is dropped below.
        let column = column_name.and_then(|c| table.find_column(&c)).map(|id| IndexColumn {
            column: id,
            sort_order: Some(if descending { SortOrder::Desc } else { SortOrder::Asc }),
            length: None,
            operator_class: None,
            operator_class_is_default: false,
        });
        let same = last.as_ref() == Some(&(table_id, name.clone()));
        match (same, table.indexes.last_mut()) {
            (true, Some(index)) => match column {
                Some(column) if !index.columns.is_empty() => index.columns.push(column),
                _ => index.columns.clear(),
            },
            _ => {
                let kind = if unique { IndexKind::Unique } else { IndexKind::Normal };
                table.indexes.push(Index {
                    name: name.as_str().into(),
                    kind,
                    columns: column.into_iter().collect(),
                    algorithm: None,
                    // A partial index always has its `CREATE INDEX` text, which holds the condition.
                    predicate: if partial { index_sql.as_deref().and_then(index_predicate) } else { None },
                });
            }
        }
        last = Some((table_id, name));
    }
    for table in &mut schema.tables {
        table.indexes.retain(|index| !index.columns.is_empty());
    }

    describe_foreign_keys(conn, url, &mut schema).await?;

    for row in sqlx::query(VIEWS).fetch_all(&mut *conn).await.map_err(err)? {
        let name: String = row.try_get("name").map_err(err)?;
        let definition: Option<String> = row.try_get("sql").map_err(err)?;
        schema.push_view(View { name: name.into(), namespace: None, definition });
    }
    Ok(schema)
}

async fn describe_foreign_keys(
    conn: &mut SqliteConnection,
    url: &DbUrl,
    schema: &mut SqlSchema,
) -> Result<(), DbError> {
    let err = |e| query_error(url, e);
    struct Pending {
        table: TableId,
        id: i64,
        referenced_table: String,
        columns: Vec<String>,
        referenced_columns: Vec<Option<String>>,
        on_update: String,
        on_delete: String,
    }
    let mut pending: Vec<Pending> = Vec::new();
    for row in sqlx::query(&foreign_keys_query()).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let table_name: String = row.try_get("table_name").map_err(err)?;
        let Some(table) = schema.find_table(None, &table_name.as_str().into()) else { continue };
        let id: i64 = row.try_get("id").map_err(err)?;
        let column: String = row.try_get("column_name").map_err(err)?;
        let referenced_column: Option<String> = row.try_get("referenced_column").map_err(err)?;
        match pending.last_mut() {
            Some(last) if last.table == table && last.id == id => {
                last.columns.push(column);
                last.referenced_columns.push(referenced_column);
            }
            _ => pending.push(Pending {
                table,
                id,
                referenced_table: row.try_get("referenced_table").map_err(err)?,
                columns: vec![column],
                referenced_columns: vec![referenced_column],
                on_update: row.try_get("on_update").map_err(err)?,
                on_delete: row.try_get("on_delete").map_err(err)?,
            }),
        }
    }
    for fk in pending {
        let Some(referenced_table) = schema.find_table(None, &fk.referenced_table.as_str().into()) else { continue };
        let referenced = schema.table(referenced_table);
        // A missing `to` column means the referenced table's primary key.
        let pk_columns: Vec<ColumnId> =
            referenced.primary_key.iter().flat_map(|pk| pk.columns.iter().map(|c| c.column)).collect();
        let referenced_columns: Option<Vec<ColumnId>> = fk
            .referenced_columns
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                Some(name) => referenced.find_column(name),
                None => pk_columns.get(i).copied(),
            })
            .collect();
        let table = schema.table(fk.table);
        let columns: Option<Vec<ColumnId>> = fk.columns.iter().map(|c| table.find_column(c)).collect();
        let (Some(columns), Some(referenced_columns)) = (columns, referenced_columns) else { continue };
        // The name stays unread: SQLite cannot refer to a foreign key by name, and a table
        // recreated from this description is written as Prisma writes it, without one.
        schema.tables[fk.table.0 as usize].foreign_keys.push(ForeignKey {
            name: None,
            columns,
            referenced_table,
            referenced_columns,
            on_delete: action(&fk.on_delete),
            on_update: action(&fk.on_update),
        });
    }
    Ok(())
}

fn action(text: &str) -> ForeignKeyAction {
    match text {
        "RESTRICT" => ForeignKeyAction::Restrict,
        "CASCADE" => ForeignKeyAction::Cascade,
        "SET NULL" => ForeignKeyAction::SetNull,
        "SET DEFAULT" => ForeignKeyAction::SetDefault,
        _ => ForeignKeyAction::NoAction,
    }
}

/// The family of a declared type, by SQLite's and Prisma's names; the native type is the
/// declaration as written.
fn column_type(declared: &str) -> ColumnType {
    use ColumnTypeFamily as F;
    let upper = declared.to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or_default().trim();
    let family = match base {
        "INTEGER" | "INT" | "SMALLINT" | "TINYINT" | "MEDIUMINT" => F::Int,
        "BIGINT" | "UNSIGNED BIG INT" | "INT8" => F::BigInt,
        "REAL" | "DOUBLE" | "DOUBLE PRECISION" | "FLOAT" => F::Float,
        "DECIMAL" | "NUMERIC" => F::Decimal,
        "BOOLEAN" | "BOOL" => F::Boolean,
        "TEXT" | "VARCHAR" | "CHAR" | "CLOB" | "CHARACTER" | "NVARCHAR" | "NCHAR" => F::String,
        "DATETIME" | "DATE" | "TIMESTAMP" => F::DateTime,
        "JSONB" | "JSON" => F::Json,
        "BLOB" => F::Binary,
        _ => F::Unsupported(declared.to_owned()),
    };
    ColumnType { family, native: declared.to_owned() }
}

/// Turns a column default as SQLite keeps it (the expression as written) into the model's.
fn parse_default(text: &str, family: &ColumnTypeFamily) -> Option<DefaultValue> {
    use ColumnTypeFamily as F;
    let text = text.trim();
    if text.eq_ignore_ascii_case("NULL") {
        return None;
    }
    if text.eq_ignore_ascii_case("CURRENT_TIMESTAMP") {
        return Some(DefaultValue::Now);
    }
    let quoted = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .filter(|inner| !inner.replace("''", "").contains('\''))
        .map(|inner| inner.replace("''", "'"));
    let literal = match (family, quoted) {
        (F::Binary, Some(hex)) => decode_hex(&hex).map(Literal::Bytes),
        (F::DateTime, Some(s)) => Some(Literal::DateTime(s)),
        (F::Json, Some(s)) => Some(Literal::Json(s)),
        (_, Some(s)) => Some(Literal::String(s)),
        (F::Int | F::BigInt, None) => text.parse().ok().map(Literal::Int),
        (F::Float, None) => text.parse::<f64>().ok().map(|_| Literal::Float(text.to_owned())),
        (F::Decimal, None) => text.parse::<f64>().ok().map(|_| Literal::Decimal(text.to_owned())),
        (F::Boolean, None) => match text.to_ascii_lowercase().as_str() {
            "true" | "1" => Some(Literal::Boolean(true)),
            "false" | "0" => Some(Literal::Boolean(false)),
            _ => None,
        },
        _ => None,
    };
    Some(literal.map(DefaultValue::Value).unwrap_or_else(|| DefaultValue::DbGenerated(text.to_owned())))
}

/// The condition of a partial index: what follows the `WHERE` of its `CREATE INDEX` text,
/// outside quotes and parentheses, without a closing `;`.
fn index_predicate(sql: &str) -> Option<String> {
    let bytes = sql.as_bytes();
    let (mut depth, mut quote, mut i) = (0usize, None::<u8>, 0);
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(close) => {
                if b == close {
                    quote = None;
                }
            }
            None => match b {
                b'\'' | b'"' | b'`' => quote = Some(b),
                b'[' => quote = Some(b']'),
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ if depth == 0
                    && sql[i..].len() >= 5
                    && sql.is_char_boundary(i + 5)
                    && sql[i..i + 5].eq_ignore_ascii_case("WHERE")
                    && (i == 0 || !is_word_byte(bytes[i - 1]))
                    && bytes.get(i + 5).is_none_or(|b| !is_word_byte(*b)) =>
                {
                    let rest = sql[i + 5..].trim();
                    return Some(rest.strip_suffix(';').unwrap_or(rest).trim_end().to_owned());
                }
                _ => {}
            },
        }
        i += 1;
    }
    None
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// A token of a `CREATE TABLE` text. Quoted identifiers are kept apart from words and
/// punctuation: a column may be named `,` or `AUTOINCREMENT`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    quoted: bool,
}

impl Token {
    fn is_keyword(&self, keyword: &str) -> bool {
        !self.quoted && self.text.eq_ignore_ascii_case(keyword)
    }
}

/// Words, quoted identifiers and single punctuation characters of a `CREATE TABLE` text;
/// string literals are dropped.
fn tokenize(sql: &str) -> Vec<Token> {
    let chars: Vec<char> = sql.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                let mut ident = String::new();
                i += 1;
                while i < chars.len() {
                    if chars[i] == close {
                        if close != ']' && chars.get(i + 1) == Some(&close) {
                            ident.push(close);
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    ident.push(chars[i]);
                    i += 1;
                }
                tokens.push(Token { text: ident, quoted: true });
                i += 1;
            }
            '\'' => {
                i += 1;
                while i < chars.len() {
                    if chars[i] == '\'' {
                        if chars.get(i + 1) == Some(&'\'') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                    i += 1;
                }
                tokens.push(Token { text: chars[start..i].iter().collect(), quoted: false });
            }
            c if c.is_whitespace() => i += 1,
            c => {
                tokens.push(Token { text: c.to_string(), quoted: false });
                i += 1;
            }
        }
    }
    tokens
}

/// The name in `CONSTRAINT name <keyword> …`.
fn constraint_name(tokens: &[Token], keyword: &str) -> Option<String> {
    tokens.windows(3).find(|w| w[0].is_keyword("CONSTRAINT") && w[2].is_keyword(keyword)).map(|w| w[1].text.clone())
}

/// Whether `statement` is `PRAGMA foreign_keys=off` (any case, any spacing, `0`/`false`/`no`).
fn turns_foreign_keys_off(statement: &str) -> bool {
    let code: String = statement
        .lines()
        .filter(|line| !line.trim_start().starts_with("--"))
        .flat_map(|line| line.chars())
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        code.as_str(),
        "pragmaforeign_keys=off" | "pragmaforeign_keys=0" | "pragmaforeign_keys=false" | "pragmaforeign_keys=no"
    )
}

/// Runs a script in one transaction. SQLite ignores `PRAGMA foreign_keys` inside a transaction,
/// yet Prisma's scripts rely on it (every `DROP TABLE` and table redefinition is wrapped in
/// `PRAGMA foreign_keys=off` … `on`, because Prisma runs them outside any transaction): so a
/// script that turns foreign keys off runs with them off from start to end, and the
/// connection's setting is restored afterwards. Without this, dropping a table whose rows other
/// tables reference fails (`FOREIGN KEY constraint failed`) where Prisma's run succeeds.
pub(crate) async fn execute_script(conn: &mut SqliteConnection, url: &DbUrl, sql: &str) -> Result<(), DbError> {
    let statements = split(sql, SplitRules::Sqlite);
    let foreign_keys_were_on = if statements.iter().any(|s| turns_foreign_keys_off(s.text)) {
        let on: i64 = conn
            .fetch_one("PRAGMA foreign_keys")
            .await
            .and_then(|row| row.try_get(0))
            .map_err(|e| query_error(url, e))?;
        conn.execute("PRAGMA foreign_keys = OFF").await.map_err(|e| query_error(url, e))?;
        on == 1
    } else {
        false
    };
    let result = run_in_transaction(conn, url, &statements).await;
    if foreign_keys_were_on {
        conn.execute("PRAGMA foreign_keys = ON").await.map_err(|e| query_error(url, e))?;
    }
    result
}

/// Runs the statements one by one inside one transaction; the first failure rolls everything
/// back and names the statement.
async fn run_in_transaction(
    conn: &mut SqliteConnection,
    url: &DbUrl,
    statements: &[crate::split::Statement<'_>],
) -> Result<(), DbError> {
    let mut transaction = conn.begin().await.map_err(|e| query_error(url, e))?;
    for (index, statement) in statements.iter().enumerate() {
        if let Err(error) = (&mut *transaction).execute(sqlx::raw_sql(statement.text)).await {
            // Dropping the transaction rolls it back; roll back explicitly to surface errors.
            let _ = transaction.rollback().await;
            let (message, code) = match &error {
                sqlx::Error::Database(db) => (db.message().to_owned(), db.code().map(|c| c.into_owned())),
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
    transaction.commit().await.map_err(|e| query_error(url, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_index_conditions_come_from_the_source() {
        let predicate = |sql| index_predicate(sql);
        assert_eq!(
            predicate(r#"CREATE UNIQUE INDEX "U" ON "User"("email") WHERE "deletedAt" IS NULL"#).as_deref(),
            Some(r#""deletedAt" IS NULL"#)
        );
        assert_eq!(
            predicate("CREATE INDEX \"where\" ON \"T\"(\"where\", [WHERE]) where kind = 'WHERE it''s' ;").as_deref(),
            Some("kind = 'WHERE it''s'")
        );
        assert_eq!(predicate(r#"CREATE INDEX "nowhere" ON "T"("a")"#), None);
    }

    #[test]
    fn constraint_names_come_from_the_source() {
        let sql = r#"CREATE TABLE "Post" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "a" INTEGER, "b" TEXT DEFAULT 'x, y',
    CONSTRAINT "Post_a_b_fkey" FOREIGN KEY ("a", "b") REFERENCES "A" ("id", "k") ON DELETE RESTRICT
)"#;
        let tokens = tokenize(sql);
        assert_eq!(constraint_name(&tokens, "PRIMARY"), None);
        assert!(tokens.iter().any(|t| t.is_keyword("AUTOINCREMENT")));
        let sql = r#"CREATE TABLE "T" ("," INTEGER, ")" INTEGER, "AUTOINCREMENT" TEXT,
    CONSTRAINT "T, pk" PRIMARY KEY (",", ")"))"#;
        let tokens = tokenize(sql);
        assert_eq!(constraint_name(&tokens, "PRIMARY").as_deref(), Some("T, pk"));
        assert!(!tokens.iter().any(|t| t.is_keyword("AUTOINCREMENT")));
    }

    #[test]
    fn defaults_are_normalised() {
        use ColumnTypeFamily as F;
        let value = |l| Some(DefaultValue::Value(l));
        assert_eq!(parse_default("'it''s'", &F::String), value(Literal::String("it's".into())));
        assert_eq!(parse_default("-3", &F::Int), value(Literal::Int(-3)));
        assert_eq!(parse_default("1.5", &F::Float), value(Literal::Float("1.5".into())));
        assert_eq!(parse_default("true", &F::Boolean), value(Literal::Boolean(true)));
        assert_eq!(parse_default("CURRENT_TIMESTAMP", &F::DateTime), Some(DefaultValue::Now));
        assert_eq!(parse_default("'0aff'", &F::Binary), value(Literal::Bytes(vec![10, 255])));
        assert_eq!(parse_default("(random())", &F::Int), Some(DefaultValue::DbGenerated("(random())".into())));
    }
}
