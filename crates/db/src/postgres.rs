//! PostgreSQL: connecting with `schema=` as the search path, describing from `pg_catalog`
//! (seven queries, each over all described namespaces at once), and running scripts as one
//! simple-protocol query, which PostgreSQL executes in a single transaction.

use crate::split::{split, SplitRules};
use crate::tls;
use crate::url::{SslMode, Target, Verify};
use crate::{decode_hex, line_and_column, query_error, with_timeout, DbError, DbUrl, ScriptError, MIGRATIONS_TABLE};
use sql_schema::{
    Column, ColumnArity, ColumnType, ColumnTypeFamily, DefaultValue, Enum, Extension, ForeignKey, ForeignKeyAction,
    Index, IndexAlgorithm, IndexColumn, IndexKind, Literal, NamespaceId, NamespaceName, PrimaryKey, Sequence,
    SortOrder, SqlSchema, Table, View,
};
use sqlx::postgres::{PgConnectOptions, PgDatabaseError, PgErrorPosition, PgSslMode};
use sqlx::{Connection as _, Executor, PgConnection, Row};
use std::collections::BTreeMap;

pub(crate) async fn connect(url: &DbUrl) -> Result<PgConnection, DbError> {
    let Target::Postgres { server, schema } = &url.target else {
        return Err(DbError::InvalidUrl { url: url.masked(), reason: "not a PostgreSQL url".into() });
    };
    let files = tls::read_files(url, &server.tls)?;
    let mut options = PgConnectOptions::new_without_pgpass()
        .host(&server.host)
        .username(&server.user)
        .database(&server.database)
        .application_name(server.application_name.as_deref().unwrap_or("ebb"))
        .options(server.options.iter().map(|(name, value)| (name.as_str(), value.as_str())));
    if server.pgbouncer {
        // PgBouncer in transaction mode hands each transaction to any server connection: a
        // statement prepared on one is unknown on the next. Unnamed statements live for one
        // query only.
        options = options.statement_cache_capacity(0);
    }
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
        options = options.ssl_root_cert_from_pem(pem);
    }
    let verified = match server.tls.verify {
        Verify::Nothing => None,
        Verify::Chain => Some(PgSslMode::VerifyCa),
        Verify::Full => Some(PgSslMode::VerifyFull),
    };
    let mode = match (server.tls.mode, verified) {
        (SslMode::Disable, _) => PgSslMode::Disable,
        (SslMode::Prefer, None) => PgSslMode::Prefer,
        (SslMode::Require, None) => PgSslMode::Require,
        (_, Some(verified)) => verified,
    };
    let connected =
        with_timeout(url, server.connect_timeout, PgConnection::connect_with(&options.clone().ssl_mode(mode))).await;
    let mut conn = match connected {
        // `prefer` with checked certificates (`sslaccept=strict`): Prisma's connector checks the
        // certificate when the server offers TLS and connects in plain text when it does not.
        // The driver's checking modes require TLS, so a server without it gets a second,
        // plain attempt.
        Err(DbError::Tls { reason, .. })
            if server.tls.mode == SslMode::Prefer
                && verified.is_some()
                && reason.contains("server does not support TLS") =>
        {
            with_timeout(url, server.connect_timeout, PgConnection::connect_with(&options.ssl_mode(PgSslMode::Disable)))
                .await?
        }
        other => other?,
    };
    conn.execute(format!("SET search_path TO {}", quote(schema)).as_str()).await.map_err(|e| query_error(url, e))?;
    Ok(conn)
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

const NAMESPACES: &str = "SELECT nspname::text AS name FROM pg_namespace WHERE nspname = ANY($1)";

const ENUMS: &str = "
SELECT n.nspname::text AS namespace, t.typname::text AS name, e.enumlabel::text AS value
FROM pg_type t
JOIN pg_enum e ON e.enumtypid = t.oid
JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY($1)
ORDER BY n.nspname, t.typname, e.enumsortorder";

// Relations an extension created (PostGIS's `spatial_ref_sys` table and `geometry_columns`
// view, …) belong to the extension, not to the schema: `DROP EXTENSION` removes them, and no
// migration may. Each query below leaves them out (`pg_depend` type `e`).

const TABLES: &str = "
SELECT n.nspname::text AS namespace, c.relname::text AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $2
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname";

/// Array columns are described by their element type; `atttypmod` belongs to the element.
const COLUMNS: &str = "
SELECT n.nspname::text AS namespace, c.relname::text AS table_name, a.attname::text AS name,
       format_type(et.oid, a.atttypmod) AS type_text,
       t.typcategory = 'A' AND t.typelem <> 0 AS is_array,
       et.typtype::text AS type_kind, etn.nspname::text AS type_namespace, et.typname::text AS type_name,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default_expr,
       a.attidentity::text AS identity
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_type t ON t.oid = a.atttypid
JOIN pg_type et ON et.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem ELSE t.oid END
JOIN pg_namespace etn ON etn.oid = et.typnamespace
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $2
  AND a.attnum > 0 AND NOT a.attisdropped
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname, a.attnum";

/// One row per key column of every index; expression columns have no attribute name.
/// Exclusion constraints are constraints, not indexes, and are left out.
const INDEXES: &str = "
SELECT n.nspname::text AS namespace, tc.relname::text AS table_name, ic.relname::text AS name,
       ix.indisunique AS is_unique, ix.indisprimary AS is_primary, am.amname::text AS method,
       a.attname::text AS column_name, (k.option & 1) = 1 AS descending,
       opc.opcname::text AS opclass, COALESCE(opc.opcdefault, true) AS opclass_default,
       pg_get_expr(ix.indpred, ix.indrelid) AS predicate
FROM pg_index ix
JOIN pg_class ic ON ic.oid = ix.indexrelid
JOIN pg_class tc ON tc.oid = ix.indrelid
JOIN pg_namespace n ON n.oid = tc.relnamespace
JOIN pg_am am ON am.oid = ic.relam
CROSS JOIN LATERAL unnest(ix.indkey::int2[], ix.indclass::oid[], ix.indoption::int2[])
    WITH ORDINALITY AS k(attnum, opclass, option, position)
LEFT JOIN pg_attribute a ON a.attrelid = tc.oid AND a.attnum = k.attnum AND k.attnum > 0
LEFT JOIN pg_opclass opc ON opc.oid = k.opclass
WHERE n.nspname = ANY($1) AND tc.relkind IN ('r', 'p') AND tc.relname <> $2 AND k.position <= ix.indnkeyatts
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = tc.oid AND x.deptype = 'e')
  AND NOT ix.indisexclusion
ORDER BY n.nspname, tc.relname, ic.relname, k.position";

const FOREIGN_KEYS: &str = "
SELECT n.nspname::text AS namespace, t.relname::text AS table_name, con.conname::text AS name,
       rn.nspname::text AS referenced_namespace, rt.relname::text AS referenced_table,
       a.attname::text AS column_name, ra.attname::text AS referenced_column,
       con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
FROM pg_constraint con
JOIN pg_class t ON t.oid = con.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
JOIN pg_class rt ON rt.oid = con.confrelid
JOIN pg_namespace rn ON rn.oid = rt.relnamespace
CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, referenced_attnum, position)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.referenced_attnum
WHERE con.contype = 'f' AND n.nspname = ANY($1) AND t.relname <> $2
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = t.oid AND x.deptype = 'e')
ORDER BY n.nspname, t.relname, con.conname, k.position";

const VIEWS: &str = "
SELECT n.nspname::text AS namespace, c.relname::text AS name, pg_get_viewdef(c.oid) AS definition
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'v' AND n.nspname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
ORDER BY n.nspname, c.relname";

/// Sequences that no column owns (`SERIAL` and identity sequences belong to their column) and
/// no extension created.
const SEQUENCES: &str = "
SELECT n.nspname::text AS namespace, c.relname::text AS name
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S' AND n.nspname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
ORDER BY n.nspname, c.relname";

/// Every extension of the database (they are database-wide), sorted by name.
const EXTENSIONS: &str = "
SELECT e.extname::text AS name, n.nspname::text AS schema, e.extversion::text AS version,
       e.extrelocatable AS relocatable
FROM pg_extension e
JOIN pg_namespace n ON n.oid = e.extnamespace
ORDER BY e.extname";

/// Which namespace ids objects of a database namespace get in the described schema.
struct Namespaces {
    /// Database namespace name → id (`None`: the default namespace, written unqualified).
    ids: BTreeMap<String, Option<NamespaceId>>,
}

impl Namespaces {
    fn id(&self, name: &str) -> Option<Option<NamespaceId>> {
        self.ids.get(name).copied()
    }
}

pub(crate) async fn describe(
    conn: &mut PgConnection,
    url: &DbUrl,
    namespaces: &[NamespaceName],
) -> Result<SqlSchema, DbError> {
    let err = |e| query_error(url, e);
    let default_namespace = url.postgres_schema().unwrap_or("public").to_owned();
    let requested: Vec<String> = if namespaces.is_empty() {
        vec![default_namespace.clone()]
    } else {
        namespaces.iter().map(|n| n.as_str().to_owned()).collect()
    };
    let mut schema = SqlSchema {
        default_namespace: Some(default_namespace.as_str().into()),
        partial_indexes: true,
        ..SqlSchema::default()
    };

    // Only namespaces that exist are described, in the order asked for: a missing one is
    // something a migration has to create.
    let existing: Vec<String> = sqlx::query(NAMESPACES)
        .bind(&requested)
        .fetch_all(&mut *conn)
        .await
        .map_err(err)?
        .iter()
        .map(|row| row.try_get("name"))
        .collect::<Result<_, _>>()
        .map_err(err)?;
    let mut ns = Namespaces { ids: BTreeMap::new() };
    for name in requested.iter().filter(|n| existing.contains(n)) {
        // Every described namespace is listed, as the calculator lists the schema's; objects of
        // the default one stay unqualified, as the calculator leaves them.
        let id = schema.push_namespace(name.as_str().into());
        ns.ids.insert(name.clone(), (*name != default_namespace).then_some(id));
    }
    let names: Vec<String> = ns.ids.keys().cloned().collect();

    for row in sqlx::query(ENUMS).bind(&names).fetch_all(&mut *conn).await.map_err(err)? {
        let namespace: String = row.try_get("namespace").map_err(err)?;
        let name: String = row.try_get("name").map_err(err)?;
        let value: String = row.try_get("value").map_err(err)?;
        let namespace = ns.id(&namespace).flatten();
        match schema.enums.last_mut() {
            Some(last) if last.name.as_str() == name && last.namespace == namespace => last.values.push(value),
            _ => {
                schema.push_enum(Enum { name: name.into(), namespace, values: vec![value] });
            }
        }
    }

    for row in sqlx::query(TABLES).bind(&names).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let namespace: String = row.try_get("namespace").map_err(err)?;
        let name: String = row.try_get("name").map_err(err)?;
        schema.push_table(Table::new(name.into(), ns.id(&namespace).flatten()));
    }

    for row in sqlx::query(COLUMNS).bind(&names).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let get = |name: &str| row.try_get::<Option<String>, _>(name).map_err(err);
        let namespace = get("namespace")?.unwrap_or_default();
        let table_name = get("table_name")?.unwrap_or_default();
        let type_text = get("type_text")?.unwrap_or_default();
        let is_array: bool = row.try_get("is_array").map_err(err)?;
        let not_null: bool = row.try_get("not_null").map_err(err)?;
        let namespace_name = ns.id(&namespace).flatten().map(|id| schema.namespace(id).name.clone());
        let Some(table_id) = schema.find_table(namespace_name.as_ref(), &table_name.as_str().into()) else {
            continue;
        };
        let tpe = if get("type_kind")?.as_deref() == Some("e") {
            let type_namespace = get("type_namespace")?.unwrap_or_default();
            let type_name = get("type_name")?.unwrap_or_default();
            let enum_id = ns.id(&type_namespace).and_then(|id| {
                let ns_name = id.map(|id| schema.namespace(id).name.clone());
                schema.find_enum(ns_name.as_ref(), &type_name.as_str().into())
            });
            match enum_id {
                Some(id) => ColumnType { family: ColumnTypeFamily::Enum(id), native: String::new() },
                // An enum of a namespace we do not describe.
                None => ColumnType { family: ColumnTypeFamily::Unsupported(type_text.clone()), native: type_text },
            }
        } else {
            column_type(&type_text)
        };
        let arity = if is_array {
            ColumnArity::List
        } else if not_null {
            ColumnArity::Required
        } else {
            ColumnArity::Nullable
        };
        let identity = get("identity")?.unwrap_or_default();
        let default_expr = get("default_expr")?;
        let mut column =
            Column { name: get("name")?.unwrap_or_default().into(), tpe, arity, default: None, autoincrement: false };
        if matches!(identity.as_str(), "a" | "d") {
            column.autoincrement = true;
        } else if let Some(expr) = default_expr {
            if let Some(sequence) = sequence_of(&expr) {
                column.autoincrement = true;
                column.default = Some(DefaultValue::Sequence(sequence.into()));
            } else {
                column.default = parse_default(&expr, &column.tpe.family, is_array);
            }
        }
        schema.tables[table_id.0 as usize].push_column(column);
    }

    describe_indexes(conn, url, &mut schema, &ns, &names).await?;
    describe_foreign_keys(conn, url, &mut schema, &ns, &names).await?;

    for row in sqlx::query(VIEWS).bind(&names).fetch_all(&mut *conn).await.map_err(err)? {
        let namespace: String = row.try_get("namespace").map_err(err)?;
        let name: String = row.try_get("name").map_err(err)?;
        let definition: Option<String> = row.try_get("definition").map_err(err)?;
        schema.push_view(View { name: name.into(), namespace: ns.id(&namespace).flatten(), definition });
    }
    for row in sqlx::query(SEQUENCES).bind(&names).fetch_all(&mut *conn).await.map_err(err)? {
        let namespace: String = row.try_get("namespace").map_err(err)?;
        let name: String = row.try_get("name").map_err(err)?;
        schema.sequences.push(Sequence { name: name.into(), namespace: ns.id(&namespace).flatten() });
    }
    let mut extensions = Vec::new();
    for row in sqlx::query(EXTENSIONS).fetch_all(&mut *conn).await.map_err(err)? {
        extensions.push(Extension {
            name: row.try_get("name").map_err(err)?,
            schema: row.try_get("schema").map_err(err)?,
            version: row.try_get("version").map_err(err)?,
            relocatable: row.try_get("relocatable").map_err(err)?,
        });
    }
    schema.extensions = sql_schema::Extensions::Installed(extensions);
    Ok(schema)
}

async fn describe_indexes(
    conn: &mut PgConnection,
    url: &DbUrl,
    schema: &mut SqlSchema,
    ns: &Namespaces,
    names: &[String],
) -> Result<(), DbError> {
    let err = |e| query_error(url, e);
    struct RawIndex {
        table: sql_schema::TableId,
        name: String,
        primary: bool,
        unique: bool,
        method: String,
        /// `None` once an expression column is seen.
        columns: Option<Vec<IndexColumn>>,
        predicate: Option<String>,
    }
    let mut indexes: Vec<RawIndex> = Vec::new();
    for row in sqlx::query(INDEXES).bind(names).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let namespace: String = row.try_get("namespace").map_err(err)?;
        let table_name: String = row.try_get("table_name").map_err(err)?;
        let name: String = row.try_get("name").map_err(err)?;
        let namespace_name = ns.id(&namespace).flatten().map(|id| schema.namespace(id).name.clone());
        let Some(table_id) = schema.find_table(namespace_name.as_ref(), &table_name.as_str().into()) else {
            continue;
        };
        let column_name: Option<String> = row.try_get("column_name").map_err(err)?;
        let method: String = row.try_get("method").map_err(err)?;
        let descending: Option<bool> = row.try_get("descending").map_err(err)?;
        let opclass: Option<String> = row.try_get("opclass").map_err(err)?;
        let opclass_default: bool = row.try_get("opclass_default").map_err(err)?;
        // Every column has its direction, and with the access methods whose classes a schema
        // names (GIN, GiST, SP-GiST, BRIN) its class, default or not: what Prisma's describer
        // reads, and so writes when it creates the index again. B-tree and hash classes, which
        // Prisma does not read, are named only when they are not the default.
        let keeps_every_class = matches!(method.as_str(), "gin" | "gist" | "spgist" | "brin");
        let column = column_name.and_then(|c| schema.table(table_id).find_column(&c)).map(|id| IndexColumn {
            column: id,
            sort_order: Some(if descending.unwrap_or(false) { SortOrder::Desc } else { SortOrder::Asc }),
            length: None,
            operator_class: opclass.clone().filter(|_| keeps_every_class || !opclass_default),
            operator_class_is_default: opclass.is_some() && opclass_default,
        });
        match indexes.last_mut() {
            Some(last) if last.table == table_id && last.name == name => match (&mut last.columns, column) {
                (Some(columns), Some(column)) => columns.push(column),
                (columns, _) => *columns = None,
            },
            _ => indexes.push(RawIndex {
                table: table_id,
                name,
                primary: row.try_get("is_primary").map_err(err)?,
                unique: row.try_get("is_unique").map_err(err)?,
                method,
                columns: column.map(|c| vec![c]),
                predicate: row.try_get("predicate").map_err(err)?,
            }),
        }
    }
    for RawIndex { table: table_id, name, primary, unique, method, columns, predicate } in indexes {
        // Expression indexes have no place in the model; they are left out.
        let Some(columns) = columns else { continue };
        let table = &mut schema.tables[table_id.0 as usize];
        if primary {
            // A primary key is written without directions; only a descending one is kept.
            let columns = columns
                .into_iter()
                .map(|c| IndexColumn { sort_order: c.sort_order.filter(|s| *s == SortOrder::Desc), ..c })
                .collect();
            table.primary_key = Some(PrimaryKey { name: Some(name.into()), columns });
            continue;
        }
        let algorithm = match method.as_str() {
            "btree" => None,
            "hash" => Some(IndexAlgorithm::Hash),
            "gist" => Some(IndexAlgorithm::Gist),
            "gin" => Some(IndexAlgorithm::Gin),
            "spgist" => Some(IndexAlgorithm::SpGist),
            "brin" => Some(IndexAlgorithm::Brin),
            _ => None,
        };
        let kind = if unique { IndexKind::Unique } else { IndexKind::Normal };
        table.indexes.push(Index { name: name.into(), kind, columns, algorithm, predicate });
    }
    Ok(())
}

async fn describe_foreign_keys(
    conn: &mut PgConnection,
    url: &DbUrl,
    schema: &mut SqlSchema,
    ns: &Namespaces,
    names: &[String],
) -> Result<(), DbError> {
    let err = |e| query_error(url, e);
    let mut last: Option<(sql_schema::TableId, String)> = None;
    for row in sqlx::query(FOREIGN_KEYS).bind(names).bind(MIGRATIONS_TABLE).fetch_all(&mut *conn).await.map_err(err)? {
        let get = |name: &str| row.try_get::<String, _>(name).map_err(err);
        let table_ns = ns.id(&get("namespace")?).flatten().map(|id| schema.namespace(id).name.clone());
        let Some(table_id) = schema.find_table(table_ns.as_ref(), &get("table_name")?.as_str().into()) else {
            continue;
        };
        // A table outside the described namespaces cannot be referenced by id.
        let Some(referenced_ns) = ns.id(&get("referenced_namespace")?) else { continue };
        let referenced_ns = referenced_ns.map(|id| schema.namespace(id).name.clone());
        let Some(referenced_table) =
            schema.find_table(referenced_ns.as_ref(), &get("referenced_table")?.as_str().into())
        else {
            continue;
        };
        let name = get("name")?;
        let (Some(column), Some(referenced_column)) = (
            schema.table(table_id).find_column(&get("column_name")?),
            schema.table(referenced_table).find_column(&get("referenced_column")?),
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
            on_delete: action(&get("on_delete")?),
            on_update: action(&get("on_update")?),
        });
        last = Some((table_id, name));
    }
    Ok(())
}

fn action(code: &str) -> ForeignKeyAction {
    match code {
        "r" => ForeignKeyAction::Restrict,
        "c" => ForeignKeyAction::Cascade,
        "n" => ForeignKeyAction::SetNull,
        "d" => ForeignKeyAction::SetDefault,
        _ => ForeignKeyAction::NoAction,
    }
}

/// The family and the renderer's spelling of a `format_type` text.
fn column_type(type_text: &str) -> ColumnType {
    use ColumnTypeFamily as F;
    let (base, args) = match type_text.find('(') {
        Some(open) => {
            let close = type_text[open..].find(')').map_or(type_text.len(), |p| open + p);
            let rest = type_text[close + 1..].trim();
            let base = format!("{}{}{}", type_text[..open].trim(), if rest.is_empty() { "" } else { " " }, rest);
            (base, Some(type_text[open + 1..close].replace(' ', "")))
        }
        None => (type_text.to_owned(), None),
    };
    let with_args = |name: &str| match &args {
        Some(args) => format!("{name}({args})"),
        None => name.to_owned(),
    };
    let (family, native) = match base.as_str() {
        "integer" => (F::Int, "INTEGER".to_owned()),
        "smallint" => (F::Int, "SMALLINT".to_owned()),
        "oid" => (F::Int, "OID".to_owned()),
        "bigint" => (F::BigInt, "BIGINT".to_owned()),
        "text" => (F::String, "TEXT".to_owned()),
        "character varying" => (F::String, with_args("VARCHAR")),
        "character" => (F::String, with_args("CHAR")),
        "bit" => (F::String, with_args("BIT")),
        "bit varying" => (F::String, with_args("VARBIT")),
        "uuid" => (F::String, "UUID".to_owned()),
        "xml" => (F::String, "XML".to_owned()),
        "inet" => (F::String, "INET".to_owned()),
        "citext" => (F::String, "CITEXT".to_owned()),
        "boolean" => (F::Boolean, "BOOLEAN".to_owned()),
        "double precision" => (F::Float, "DOUBLE PRECISION".to_owned()),
        "real" => (F::Float, "REAL".to_owned()),
        "numeric" => (F::Decimal, with_args("DECIMAL")),
        "money" => (F::Decimal, "MONEY".to_owned()),
        "timestamp without time zone" => (F::DateTime, with_args("TIMESTAMP")),
        "timestamp with time zone" => (F::DateTime, with_args("TIMESTAMPTZ")),
        "time without time zone" => (F::DateTime, with_args("TIME")),
        "time with time zone" => (F::DateTime, with_args("TIMETZ")),
        "date" => (F::DateTime, "DATE".to_owned()),
        "json" => (F::Json, "JSON".to_owned()),
        "jsonb" => (F::Json, "JSONB".to_owned()),
        "bytea" => (F::Binary, "BYTEA".to_owned()),
        _ => (F::Unsupported(type_text.to_owned()), type_text.to_owned()),
    };
    ColumnType { family, native }
}

/// The sequence of a `nextval('"Seq"'::regclass)` default, unqualified and unquoted.
fn sequence_of(expr: &str) -> Option<String> {
    let inner = expr.strip_prefix("nextval('")?.strip_suffix("'::regclass)")?;
    let inner = inner.replace("''", "'");
    // The last dot outside double quotes separates the namespace.
    let mut in_quotes = false;
    let mut split_at = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '.' if !in_quotes => split_at = i + 1,
            _ => {}
        }
    }
    let name = &inner[split_at..];
    Some(match name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        // Unquoted identifiers are folded to lower case by PostgreSQL.
        None => name.to_owned(),
    })
}

/// Splits `'text'::type` into the unescaped text and whether a plain cast followed.
fn quoted_literal(expr: &str) -> Option<String> {
    let rest = expr.strip_prefix('\'')?;
    let mut out = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if chars.peek().map(|(_, c)| *c) == Some('\'') {
                chars.next();
                out.push('\'');
                continue;
            }
            // Only casts may follow; anything else is an expression.
            return only_casts(&rest[i + 1..]).then_some(out);
        }
        out.push(c);
    }
    None
}

/// Whether `tail` is nothing but casts to named types: `::text`, `::"Quoted ""Enum"""`,
/// `::"schema"."Enum"`, `::character varying[]`.
fn only_casts(tail: &str) -> bool {
    let mut rest = tail;
    while let Some(after) = rest.strip_prefix("::") {
        rest = after;
        let mut consumed = false;
        loop {
            if let Some(quoted) = rest.strip_prefix('"') {
                // A quoted name ends at a quote that is not doubled.
                let mut end = None;
                let mut chars = quoted.char_indices().peekable();
                while let Some((i, c)) = chars.next() {
                    if c == '"' {
                        if chars.peek().map(|(_, c)| *c) == Some('"') {
                            chars.next();
                            continue;
                        }
                        end = Some(i);
                        break;
                    }
                }
                let Some(end) = end else { return false };
                rest = &quoted[end + 1..];
                consumed = true;
                continue;
            }
            let word = rest.find(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | ' ' | '.' | '[' | ']')));
            let length = word.unwrap_or(rest.len());
            if length == 0 {
                break;
            }
            rest = &rest[length..];
            consumed = true;
        }
        if !consumed {
            return false;
        }
    }
    rest.is_empty()
}

/// A number, with an optional trailing cast (`42`, `1.5`, `42::bigint`).
fn number_literal(expr: &str) -> Option<&str> {
    let text = expr.split("::").next()?.trim();
    let text = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')).unwrap_or(text);
    let digits = text.strip_prefix('-').unwrap_or(text);
    let numeric = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && digits.starts_with(|c: char| c.is_ascii_digit());
    numeric.then_some(text)
}

fn scalar_literal(expr: &str, family: &ColumnTypeFamily) -> Option<Literal> {
    use ColumnTypeFamily as F;
    let quoted = quoted_literal(expr);
    let text = quoted.as_deref().or_else(|| number_literal(expr)).or(match expr {
        "true" | "false" => Some(expr),
        _ => None,
    })?;
    let literal = match family {
        F::Int | F::BigInt => Literal::Int(text.parse().ok()?),
        F::Float => Literal::Float(number_literal(text)?.to_owned()),
        F::Decimal => Literal::Decimal(number_literal(text)?.to_owned()),
        F::Boolean => match text {
            "true" => Literal::Boolean(true),
            "false" => Literal::Boolean(false),
            _ => return None,
        },
        F::Enum(_) => Literal::Enum(quoted?),
        F::Json => Literal::Json(quoted?),
        F::DateTime => Literal::DateTime(quoted?),
        F::Binary => Literal::Bytes(decode_hex(quoted?.strip_prefix("\\x")?)?),
        F::String | F::Uuid | F::Unsupported(_) => Literal::String(quoted?),
    };
    Some(literal)
}

/// The index of the `]` that closes the bracket opened just before `text`.
fn matching_bracket(text: &str) -> Option<usize> {
    let (mut depth, mut in_quote) = (0, false);
    for (i, c) in text.char_indices() {
        match c {
            '\'' => in_quote = !in_quote,
            '[' if !in_quote => depth += 1,
            ']' if !in_quote && depth == 0 => return Some(i),
            ']' if !in_quote => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Items of `ARRAY[a, b]` at the top level (outside quotes and brackets).
fn array_items(inner: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut in_quote, mut start) = (0, false, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '\'' => in_quote = !in_quote,
            '(' | '[' if !in_quote => depth += 1,
            ')' | ']' if !in_quote => depth -= 1,
            ',' if !in_quote && depth == 0 => {
                items.push(inner[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !inner[start..].trim().is_empty() {
        items.push(inner[start..].trim());
    }
    items
}

/// Turns a `pg_get_expr` default back into the model's default.
fn parse_default(expr: &str, family: &ColumnTypeFamily, is_array: bool) -> Option<DefaultValue> {
    let expr = expr.trim();
    if expr.starts_with("NULL") {
        return None;
    }
    if matches!(expr, "CURRENT_TIMESTAMP" | "now()") {
        return Some(DefaultValue::Now);
    }
    let generated = || Some(DefaultValue::DbGenerated(expr.to_owned()));
    if is_array {
        if let Some(rest) = expr.strip_prefix("ARRAY[") {
            let Some(close) = matching_bracket(rest) else { return generated() };
            let tail = &rest[close + 1..];
            if !(tail.is_empty() || tail.starts_with("::")) {
                return generated();
            }
            let items: Option<Vec<Literal>> =
                array_items(&rest[..close]).into_iter().map(|item| scalar_literal(item, family)).collect();
            return items.map(|items| DefaultValue::Value(Literal::List(items))).or_else(generated);
        }
        if quoted_literal(expr).as_deref() == Some("{}") {
            return Some(DefaultValue::Value(Literal::List(Vec::new())));
        }
        return generated();
    }
    scalar_literal(expr, family).map(DefaultValue::Value).or_else(generated)
}

/// Runs the script as one simple-protocol query: PostgreSQL executes the statements of such a
/// query in one implicit transaction, so a failure leaves nothing behind.
/// Runs a script as one transaction (a multi-statement query is one implicit transaction).
///
/// One exception, where Prisma's scripts fail: PostgreSQL refuses to use an enum value added in
/// the same transaction ("unsafe use of new value", 55P04), which a migration does when a new
/// value becomes a column default. Such `ALTER TYPE … ADD VALUE` statements run first, each
/// committed on its own, then the rest of the script as one transaction. A value added before
/// the rest fails is harmless: nothing uses it.
pub(crate) async fn execute_script(conn: &mut PgConnection, url: &DbUrl, sql: &str) -> Result<(), DbError> {
    let (early, rest) = enum_values_used_later(sql);
    for statement in early {
        run_in_one_transaction(conn, url, statement).await?;
    }
    run_in_one_transaction(conn, url, &rest).await
}

/// The `ALTER TYPE … ADD VALUE 'v'` statements whose value a later statement of the script
/// uses, and the script with those statements blanked out (spaces, line breaks kept), so that
/// error positions still point into the original text.
fn enum_values_used_later(sql: &str) -> (Vec<&str>, String) {
    let statements = split(sql, SplitRules::Sqlite);
    let mut early = Vec::new();
    let mut rest = sql.as_bytes().to_vec();
    for (index, statement) in statements.iter().enumerate() {
        let line = statement.first_line().to_ascii_uppercase();
        let Some(after) = line.strip_prefix("ALTER TYPE ").and_then(|l| l.split_once(" ADD VALUE ")).map(|(_, v)| v)
        else {
            continue;
        };
        // The value as written (`'GUEST'`), in the statement's own case.
        let at = statement.first_line().len() - after.len();
        let value = statement.first_line()[at..].trim_start_matches("IF NOT EXISTS ").split_whitespace().next();
        let Some(value) = value.filter(|v| v.len() > 2 && v.starts_with('\'')) else { continue };
        if statements[index + 1..].iter().any(|later| later.text.contains(value)) {
            early.push(statement.text);
            // `text` is a slice of `sql`: its offset is exact.
            let offset = statement.text.as_ptr() as usize - sql.as_ptr() as usize;
            for byte in &mut rest[offset..offset + statement.text.len()] {
                if *byte != b'\n' {
                    *byte = b' ';
                }
            }
        }
    }
    // Only whole statements were replaced by ASCII, so the text is still UTF-8.
    (early, String::from_utf8(rest).expect("only whole statements were replaced by ASCII"))
}

async fn run_in_one_transaction(conn: &mut PgConnection, url: &DbUrl, sql: &str) -> Result<(), DbError> {
    let error = match conn.execute(sqlx::raw_sql(sql)).await {
        Ok(_) => return Ok(()),
        Err(error) => error,
    };
    let sqlx::Error::Database(db) = &error else { return Err(query_error(url, error)) };
    let mut script_error = ScriptError {
        statement_index: None,
        statement_first_line: None,
        message: url.scrub(db.message()),
        code: db.code().map(|c| c.into_owned()),
        position: None,
    };
    if let Some(PgErrorPosition::Original(offset)) = db.try_downcast_ref::<PgDatabaseError>().and_then(|e| e.position())
    {
        script_error.position = Some(line_and_column(sql, offset));
        // The statement that holds the position, for a message that names it.
        let byte = sql.char_indices().nth(offset.saturating_sub(1)).map_or(sql.len(), |(b, _)| b);
        let statements = split(sql, SplitRules::Sqlite);
        if let Some((index, statement)) = statements.iter().enumerate().rev().find(|(_, s)| s.start <= byte) {
            script_error.statement_index = Some(index + 1);
            script_error.statement_first_line = Some(statement.first_line().to_owned());
        }
    }
    Err(DbError::Script(script_error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_used_in_the_same_script_run_first() {
        let script = "-- AlterEnum\nALTER TYPE \"Role\" ADD VALUE 'GUEST';\n\n-- AlterEnum\nALTER TYPE \"Role\" ADD VALUE 'OWNER';\n\n-- AlterTable\nALTER TABLE \"User\" ALTER COLUMN \"role\" SET DEFAULT 'GUEST';\n";
        let (early, rest) = enum_values_used_later(script);
        assert_eq!(early, ["-- AlterEnum\nALTER TYPE \"Role\" ADD VALUE 'GUEST'"]);
        assert_eq!(rest.len(), script.len());
        assert!(
            !rest.contains("ADD VALUE 'GUEST'")
                && rest.contains("ADD VALUE 'OWNER'")
                && rest.contains("DEFAULT 'GUEST'")
        );
        assert_eq!(rest.lines().count(), script.lines().count());
        let (early, rest) = enum_values_used_later("ALTER TYPE \"Role\" ADD VALUE 'X';\n");
        assert!(early.is_empty());
        assert_eq!(rest, "ALTER TYPE \"Role\" ADD VALUE 'X';\n");
    }

    #[test]
    fn types_are_spelled_as_the_renderer_writes_them() {
        let cases = [
            ("integer", "INTEGER"),
            ("character varying(255)", "VARCHAR(255)"),
            ("character varying", "VARCHAR"),
            ("timestamp(3) without time zone", "TIMESTAMP(3)"),
            ("timestamp(6) with time zone", "TIMESTAMPTZ(6)"),
            ("numeric(65,30)", "DECIMAL(65,30)"),
            ("double precision", "DOUBLE PRECISION"),
            ("jsonb", "JSONB"),
            ("character(2)", "CHAR(2)"),
        ];
        for (text, native) in cases {
            assert_eq!(column_type(text).native, native, "{text}");
        }
        assert_eq!(column_type("tsvector").family, ColumnTypeFamily::Unsupported("tsvector".into()));
    }

    #[test]
    fn defaults_are_normalised() {
        use ColumnTypeFamily as F;
        let value = |l| Some(DefaultValue::Value(l));
        assert_eq!(parse_default("'it''s'::text", &F::String, false), value(Literal::String("it's".into())));
        assert_eq!(parse_default("'-3'::integer", &F::Int, false), value(Literal::Int(-3)));
        assert_eq!(parse_default("42", &F::BigInt, false), value(Literal::Int(42)));
        assert_eq!(parse_default("1.5", &F::Float, false), value(Literal::Float("1.5".into())));
        assert_eq!(parse_default("true", &F::Boolean, false), value(Literal::Boolean(true)));
        assert_eq!(parse_default("CURRENT_TIMESTAMP", &F::DateTime, false), Some(DefaultValue::Now));
        assert_eq!(
            parse_default("'USER'::\"Role\"", &F::Enum(sql_schema::EnumId(0)), false),
            value(Literal::Enum("USER".into()))
        );
        assert_eq!(parse_default("'\\x0aff'::bytea", &F::Binary, false), value(Literal::Bytes(vec![10, 255])));
        assert_eq!(parse_default("ARRAY[]::text[]", &F::String, true), value(Literal::List(vec![])));
        assert_eq!(
            parse_default("ARRAY['a'::text, 'b'::text]", &F::String, true),
            value(Literal::List(vec![Literal::String("a".into()), Literal::String("b".into())]))
        );
        assert_eq!(
            parse_default("gen_random_uuid()", &F::String, false),
            Some(DefaultValue::DbGenerated("gen_random_uuid()".into()))
        );
        assert_eq!(
            parse_default("'it''s'::\"'\"", &F::Enum(sql_schema::EnumId(0)), false),
            value(Literal::Enum("it's".into()))
        );
        assert_eq!(
            parse_default("'a'::\"my\"\"schema\".\"E\"", &F::Enum(sql_schema::EnumId(0)), false),
            value(Literal::Enum("a".into()))
        );
        assert_eq!(
            parse_default("'a'::text || 'b'::text", &F::String, false),
            Some(DefaultValue::DbGenerated("'a'::text || 'b'::text".into()))
        );
        assert_eq!(
            parse_default("('a'::text || 'b'::text)", &F::String, false),
            Some(DefaultValue::DbGenerated("('a'::text || 'b'::text)".into()))
        );
    }

    #[test]
    fn sequences_of_serial_defaults() {
        assert_eq!(sequence_of("nextval('\"User_id_seq\"'::regclass)").as_deref(), Some("User_id_seq"));
        assert_eq!(sequence_of("nextval('first.\"Todo_id_seq\"'::regclass)").as_deref(), Some("Todo_id_seq"));
        assert_eq!(sequence_of("nextval('t_id_seq'::regclass)").as_deref(), Some("t_id_seq"));
        assert_eq!(sequence_of("42"), None);
    }
}
