//! PostgreSQL's default operator classes: an index column written with its type's default
//! class (`jsonb_ops` on a `JSONB` column of a GIN index) is the same index as one written
//! without, and the database describes both without a class.

use sql_schema::{Column, IndexAlgorithm};

/// The class PostgreSQL uses for `column` in an index of `algorithm` when none is written,
/// for the access methods and types Prisma can index (`pg_opclass` where `opcdefault`).
pub(crate) fn default_operator_class(column: &Column, algorithm: IndexAlgorithm) -> Option<&'static str> {
    let native = column.tpe.native.to_ascii_uppercase();
    let base = native.split('(').next().unwrap_or_default().trim();
    match algorithm {
        IndexAlgorithm::Gin if column.arity.is_list() => Some("array_ops"),
        IndexAlgorithm::Gin => match base {
            "JSONB" => Some("jsonb_ops"),
            "TSVECTOR" => Some("tsvector_ops"),
            _ => None,
        },
        IndexAlgorithm::SpGist => match base {
            "INET" => Some("inet_ops"),
            // `VARCHAR` is binary-coercible to `TEXT` and takes its class.
            "TEXT" | "VARCHAR" => Some("text_ops"),
            _ => None,
        },
        IndexAlgorithm::Brin if !column.arity.is_list() => Some(match base {
            "SMALLINT" => "int2_minmax_ops",
            "INTEGER" => "int4_minmax_ops",
            "BIGINT" => "int8_minmax_ops",
            "REAL" => "float4_minmax_ops",
            "DOUBLE PRECISION" => "float8_minmax_ops",
            "DECIMAL" => "numeric_minmax_ops",
            "TEXT" | "VARCHAR" => "text_minmax_ops",
            "CHAR" => "bpchar_minmax_ops",
            "BYTEA" => "bytea_minmax_ops",
            "DATE" => "date_minmax_ops",
            "TIME" => "time_minmax_ops",
            "TIMETZ" => "timetz_minmax_ops",
            "TIMESTAMP" => "timestamp_minmax_ops",
            "TIMESTAMPTZ" => "timestamptz_minmax_ops",
            "UUID" => "uuid_minmax_ops",
            "INET" => "inet_inclusion_ops",
            "BIT" => "bit_minmax_ops",
            "VARBIT" => "varbit_minmax_ops",
            "OID" => "oid_minmax_ops",
            _ => return None,
        }),
        _ => None,
    }
}
