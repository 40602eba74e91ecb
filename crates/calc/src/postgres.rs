//! PostgreSQL: named enum types, namespaces, named primary keys, index access methods.

use crate::flavour::{with_arguments, DateTimeStyle, EnumStorage, Flavour};
use psl::datamodel::{NativeType, ScalarType};

pub(crate) struct Postgres;

impl Flavour for Postgres {
    fn max_identifier_length(&self) -> usize {
        63
    }
    fn named_primary_keys(&self) -> bool {
        true
    }
    fn uses_namespaces(&self) -> bool {
        true
    }
    fn enum_storage(&self) -> EnumStorage {
        EnumStorage::NamedTypes
    }
    fn join_table_primary_key(&self) -> bool {
        true
    }
    fn index_algorithms(&self) -> bool {
        true
    }
    fn datetime_style(&self) -> DateTimeStyle {
        DateTimeStyle::SpaceSeparated
    }

    fn default_native_type(&self, scalar: &ScalarType) -> String {
        match scalar {
            ScalarType::String => "TEXT",
            ScalarType::Boolean => "BOOLEAN",
            ScalarType::Int => "INTEGER",
            ScalarType::BigInt => "BIGINT",
            ScalarType::Float => "DOUBLE PRECISION",
            ScalarType::Decimal => "DECIMAL(65,30)",
            ScalarType::DateTime => "TIMESTAMP(3)",
            ScalarType::Json => "JSONB",
            ScalarType::Bytes => "BYTEA",
            ScalarType::Enum(_) => "",
            ScalarType::Unsupported(text) => return text.clone(),
        }
        .to_owned()
    }

    fn native_type(&self, _scalar: &ScalarType, native: &NativeType) -> String {
        let name = match native.name.as_str() {
            "DoublePrecision" => "DOUBLE PRECISION".to_owned(),
            // Every other type is its attribute name in capitals: `Timestamptz` → `TIMESTAMPTZ`,
            // `JsonB` → `JSONB`, `ByteA` → `BYTEA`.
            other => other.to_ascii_uppercase(),
        };
        with_arguments(&name, &native.args, ",")
    }
}
