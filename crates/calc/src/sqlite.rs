//! SQLite: no namespaces, enums stored as text, integer primary keys number themselves.

use crate::flavour::{with_arguments, DateTimeStyle, EnumStorage, Flavour};
use psl::datamodel::{Model, NativeType, ScalarFieldId, ScalarType};

pub(crate) struct Sqlite;

impl Flavour for Sqlite {
    fn max_identifier_length(&self) -> usize {
        // SQLite has no limit of its own; this is the one Prisma applies.
        10_000
    }
    fn named_primary_keys(&self) -> bool {
        false
    }
    fn uses_namespaces(&self) -> bool {
        false
    }
    fn enum_storage(&self) -> EnumStorage {
        EnumStorage::Text
    }
    fn join_table_primary_key(&self) -> bool {
        false
    }
    fn index_algorithms(&self) -> bool {
        false
    }
    fn datetime_style(&self) -> DateTimeStyle {
        DateTimeStyle::SpaceSeparated
    }

    fn default_native_type(&self, scalar: &ScalarType) -> String {
        match scalar {
            ScalarType::String | ScalarType::Enum(_) => "TEXT",
            ScalarType::Boolean => "BOOLEAN",
            ScalarType::Int => "INTEGER",
            ScalarType::BigInt => "BIGINT",
            ScalarType::Float => "REAL",
            ScalarType::Decimal => "DECIMAL",
            ScalarType::DateTime => "DATETIME",
            ScalarType::Json => "JSONB",
            ScalarType::Bytes => "BLOB",
            ScalarType::Unsupported(text) => return text.clone(),
        }
        .to_owned()
    }

    fn native_type(&self, _scalar: &ScalarType, native: &NativeType) -> String {
        // SQLite has no `@db.` types; validation rejects them. Keep what was written.
        with_arguments(&native.name.to_ascii_uppercase(), &native.args, ",")
    }

    fn implicit_autoincrement(&self, model: &Model, field: ScalarFieldId) -> bool {
        let single_key = model.primary_key.as_ref().is_some_and(|pk| pk.fields.len() == 1 && pk.fields[0].field == field);
        single_key && model.scalar_field(field).r#type == ScalarType::Int
    }
}
