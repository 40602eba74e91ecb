//! A small text format for describing a pair of schemas in fixtures, so that cases can be
//! added without Prisma schemas (the stage that calculates them lives elsewhere).
//!
//! ```text
//! [from]
//! namespace first
//! enum first.Role A B
//! table first.User
//!   id Int autoincrement
//!   name String? default='x' pg=VARCHAR(255)
//!   pk User_pkey (id)
//!   index User_name_idx (name desc, id) using=Hash
//!   unique User_name_key (name)
//!   fk User_x_fkey (x) -> Other (id) delete=Cascade update=Cascade
//! [to]
//! ...
//! ```
//!
//! Column types are Prisma-like scalar names mapped to each dialect's default native type,
//! or the name of an enum declared above; `?` makes a column nullable, `[]` a list. Defaults:
//! `now()`, `'text'`, numbers, `true`/`false`, `db(expression)`, `json('…')`, `[a, b]`.

use render::Dialect;
use sql_schema::*;

pub fn parse_pair(text: &str, dialect: Dialect) -> (SqlSchema, SqlSchema) {
    let mut from = String::new();
    let mut to = String::new();
    let mut current: Option<&mut String> = None;
    for line in text.lines() {
        match line.trim() {
            "[from]" => current = Some(&mut from),
            "[to]" => current = Some(&mut to),
            _ => {
                if let Some(buf) = current.as_deref_mut() {
                    buf.push_str(line);
                    buf.push('\n');
                }
            }
        }
    }
    (parse_schema(&from, dialect), parse_schema(&to, dialect))
}

fn tokens(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_quote = false;
    let mut in_ident = false;
    let mut depth = 0;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `"…"` quotes an identifier with spaces; the quotes are kept inside parentheses
            // so that column lists can be split later.
            '"' if !in_quote => {
                in_ident = !in_ident;
                if depth > 0 {
                    current.push(c);
                }
            }
            c if in_ident => current.push(c),
            '\'' => {
                current.push(c);
                if in_quote && chars.peek() == Some(&'\'') {
                    current.push(chars.next().unwrap());
                } else {
                    in_quote = !in_quote;
                }
            }
            '(' | '[' if !in_quote => {
                depth += 1;
                current.push(c);
            }
            ')' | ']' if !in_quote => {
                depth -= 1;
                current.push(c);
            }
            c if c.is_whitespace() && !in_quote && depth == 0 => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn split_qualified(schema: &mut SqlSchema, name: &str, dialect: Dialect) -> (Option<NamespaceId>, String) {
    match name.split_once('.') {
        Some((ns, rest)) if dialect == Dialect::Postgres => (Some(schema.push_namespace(ns.into())), rest.to_owned()),
        Some((_, rest)) => (None, rest.to_owned()),
        None => (None, name.to_owned()),
    }
}

fn native_for(scalar: &str, dialect: Dialect) -> Option<(ColumnTypeFamily, &'static str)> {
    use ColumnTypeFamily as F;
    use Dialect::*;
    let (family, pg, sqlite, mysql) = match scalar {
        "Int" => (F::Int, "INTEGER", "INTEGER", "INTEGER"),
        "BigInt" => (F::BigInt, "BIGINT", "BIGINT", "BIGINT"),
        "Float" => (F::Float, "DOUBLE PRECISION", "REAL", "DOUBLE"),
        "Decimal" => (F::Decimal, "DECIMAL(65,30)", "DECIMAL", "DECIMAL(65, 30)"),
        "Boolean" => (F::Boolean, "BOOLEAN", "BOOLEAN", "BOOLEAN"),
        "String" => (F::String, "TEXT", "TEXT", "VARCHAR(191)"),
        "DateTime" => (F::DateTime, "TIMESTAMP(3)", "DATETIME", "DATETIME(3)"),
        "Json" => (F::Json, "JSONB", "JSONB", "JSON"),
        "Bytes" => (F::Binary, "BYTEA", "BLOB", "LONGBLOB"),
        _ => return None,
    };
    Some((
        family,
        match dialect {
            Postgres => pg,
            Sqlite => sqlite,
            Mysql => mysql,
        },
    ))
}

fn parse_literal(text: &str, family: &ColumnTypeFamily) -> Literal {
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        let items = inner.split(',').map(str::trim).filter(|s| !s.is_empty());
        return Literal::List(items.map(|item| parse_literal(item, family)).collect());
    }
    if let Some(inner) = text.strip_prefix("json(").and_then(|t| t.strip_suffix(')')) {
        return match parse_literal(inner, &ColumnTypeFamily::String) {
            Literal::String(s) => Literal::Json(s),
            other => panic!("json() takes a string, got {other:?}"),
        };
    }
    if let Some(inner) = text.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')) {
        let value = inner.replace("''", "'");
        return match family {
            ColumnTypeFamily::Enum(_) => Literal::Enum(value),
            _ => Literal::String(value),
        };
    }
    match text {
        "true" => return Literal::Boolean(true),
        "false" => return Literal::Boolean(false),
        _ => {}
    }
    if matches!(family, ColumnTypeFamily::Enum(_)) {
        return Literal::Enum(text.to_owned());
    }
    match family {
        ColumnTypeFamily::Decimal => Literal::Decimal(text.to_owned()),
        ColumnTypeFamily::Float => Literal::Float(text.to_owned()),
        _ => Literal::Int(text.parse().unwrap_or_else(|_| panic!("bad literal {text}"))),
    }
}

fn parse_default(text: &str, family: &ColumnTypeFamily) -> DefaultValue {
    if text == "now()" {
        DefaultValue::Now
    } else if let Some(expr) = text.strip_prefix("db(").and_then(|t| t.strip_suffix(')')) {
        DefaultValue::DbGenerated(expr.to_owned())
    } else {
        DefaultValue::Value(parse_literal(text, family))
    }
}

/// `(a desc, b ops=x len=3)` → index columns of `table`.
fn parse_index_columns(table: &Table, text: &str) -> Vec<IndexColumn> {
    let inner = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')).expect("column list in parentheses");
    inner
        .split(',')
        .map(|part| {
            let part = part.trim();
            let (name, rest) = match part.strip_prefix('"') {
                Some(quoted) => quoted.split_once('"').expect("closing quote"),
                None => part.split_once(' ').unwrap_or((part, "")),
            };
            let words = rest.split_whitespace();
            let mut column = IndexColumn::plain(table.find_column(name).unwrap_or_else(|| panic!("no column {name}")));
            for word in words {
                match word {
                    "asc" => column.sort_order = Some(SortOrder::Asc),
                    "desc" => column.sort_order = Some(SortOrder::Desc),
                    w if w.starts_with("ops=") => column.operator_class = Some(w[4..].to_owned()),
                    w if w.starts_with("len=") => column.length = Some(w[4..].parse().expect("length")),
                    w => panic!("unknown index column option {w}"),
                }
            }
            column
        })
        .collect()
}

fn parse_action(text: &str) -> ForeignKeyAction {
    match text {
        "Cascade" => ForeignKeyAction::Cascade,
        "Restrict" => ForeignKeyAction::Restrict,
        "NoAction" => ForeignKeyAction::NoAction,
        "SetNull" => ForeignKeyAction::SetNull,
        "SetDefault" => ForeignKeyAction::SetDefault,
        other => panic!("unknown action {other}"),
    }
}

fn parse_algorithm(text: &str) -> IndexAlgorithm {
    match text {
        "BTree" => IndexAlgorithm::BTree,
        "Hash" => IndexAlgorithm::Hash,
        "Gin" => IndexAlgorithm::Gin,
        "Gist" => IndexAlgorithm::Gist,
        "SpGist" => IndexAlgorithm::SpGist,
        "Brin" => IndexAlgorithm::Brin,
        other => panic!("unknown algorithm {other}"),
    }
}

/// Foreign keys are resolved after all tables exist, so that they may point forward.
struct PendingFk {
    table: TableId,
    words: Vec<String>,
}

pub fn parse_schema(text: &str, dialect: Dialect) -> SqlSchema {
    let mut schema = SqlSchema::default();
    let mut current: Option<TableId> = None;
    let mut pending = Vec::new();
    for line in text.lines() {
        let words = tokens(line);
        if words.is_empty() || words[0].starts_with('#') {
            continue;
        }
        let indented = line.starts_with(' ');
        if !indented {
            current = None;
            match words[0].as_str() {
                "namespace" if dialect == Dialect::Postgres => {
                    schema.push_namespace(words[1].as_str().into());
                }
                "namespace" => {}
                "enum" => {
                    let (namespace, name) = split_qualified(&mut schema, &words[1], dialect);
                    let values = words[2..].to_vec();
                    schema.push_enum(Enum { name: name.into(), namespace, values });
                }
                "table" => {
                    let (namespace, name) = split_qualified(&mut schema, &words[1], dialect);
                    current = Some(schema.push_table(Table::new(name.into(), namespace)));
                }
                other => panic!("unknown declaration {other}"),
            }
            continue;
        }
        let table_id = current.expect("table member outside a table");
        match words[0].as_str() {
            "pk" => {
                let table = &schema.tables[table_id.0 as usize];
                let columns = parse_index_columns(table, &words[2]);
                schema.tables[table_id.0 as usize].primary_key =
                    Some(PrimaryKey { name: Some(words[1].as_str().into()), columns });
            }
            kind @ ("index" | "unique" | "fulltext") => {
                let table = &schema.tables[table_id.0 as usize];
                let columns = parse_index_columns(table, &words[2]);
                let algorithm = words[3..].iter().find_map(|w| w.strip_prefix("using=")).map(parse_algorithm);
                let kind = match kind {
                    "unique" => IndexKind::Unique,
                    "fulltext" => IndexKind::Fulltext,
                    _ => IndexKind::Normal,
                };
                schema.tables[table_id.0 as usize].indexes.push(Index {
                    name: words[1].as_str().into(),
                    kind,
                    columns,
                    algorithm,
                    predicate: None,
                });
            }
            "fk" => pending.push(PendingFk { table: table_id, words }),
            _ => {
                let column = parse_column(&schema, &words, dialect);
                schema.tables[table_id.0 as usize].push_column(column);
            }
        }
    }
    for PendingFk { table, words } in pending {
        // fk NAME (cols) -> Table (cols) delete=X update=Y
        let (_, referenced_name) = split_qualified(&mut schema.clone(), &words[4], dialect);
        let namespace =
            words[4].split_once('.').filter(|_| dialect == Dialect::Postgres).map(|(ns, _)| NamespaceName::from(ns));
        let referenced_table =
            schema.find_table(namespace.as_ref(), &referenced_name.as_str().into()).expect("referenced table");
        let this = &schema.tables[table.0 as usize];
        let columns = parse_index_columns(this, &words[2]).into_iter().map(|c| c.column).collect();
        let referenced_columns =
            parse_index_columns(schema.table(referenced_table), &words[5]).into_iter().map(|c| c.column).collect();
        let mut fk = ForeignKey {
            name: Some(words[1].as_str().into()),
            columns,
            referenced_table,
            referenced_columns,
            on_delete: ForeignKeyAction::Restrict,
            on_update: ForeignKeyAction::Cascade,
        };
        for word in &words[6..] {
            if let Some(action) = word.strip_prefix("delete=") {
                fk.on_delete = parse_action(action);
            } else if let Some(action) = word.strip_prefix("update=") {
                fk.on_update = parse_action(action);
            } else {
                panic!("unknown foreign key option {word}");
            }
        }
        schema.tables[table.0 as usize].foreign_keys.push(fk);
    }
    schema
}

fn parse_column(schema: &SqlSchema, words: &[String], dialect: Dialect) -> Column {
    let name = &words[0];
    let mut tpe_text = words[1].as_str();
    let mut arity = ColumnArity::Required;
    if let Some(t) = tpe_text.strip_suffix('?') {
        tpe_text = t;
        arity = ColumnArity::Nullable;
    } else if let Some(t) = tpe_text.strip_suffix("[]") {
        tpe_text = t;
        arity = ColumnArity::List;
    }
    let tpe = match native_for(tpe_text, dialect) {
        Some((family, native)) => ColumnType { family, native: native.to_owned() },
        None => {
            let id = schema
                .enum_ids()
                .find(|id| schema.enum_(*id).name.as_str() == tpe_text)
                .unwrap_or_else(|| panic!("unknown type {tpe_text}"));
            match dialect {
                // SQLite stores enum values as text.
                Dialect::Sqlite => ColumnType { family: ColumnTypeFamily::String, native: "TEXT".into() },
                _ => ColumnType { family: ColumnTypeFamily::Enum(id), native: String::new() },
            }
        }
    };
    let mut column = Column { name: name.as_str().into(), tpe, arity, default: None, autoincrement: false };
    let dialect_key = match dialect {
        Dialect::Postgres => "pg=",
        Dialect::Sqlite => "sqlite=",
        Dialect::Mysql => "mysql=",
    };
    for word in &words[2..] {
        if word == "autoincrement" {
            column.autoincrement = true;
        } else if let Some(default) = word.strip_prefix("default=") {
            column.default = Some(parse_default(default, &column.tpe.family));
        } else if let Some(native) = word.strip_prefix(dialect_key) {
            column.tpe.native = native.to_owned();
        } else if word.starts_with("pg=") || word.starts_with("sqlite=") || word.starts_with("mysql=") {
            // Another dialect's override.
        } else {
            panic!("unknown column option {word}");
        }
    }
    column
}
