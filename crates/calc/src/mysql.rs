//! MySQL: enums are inline column types, one per column; no namespaces; unnamed primary keys.

use crate::flavour::{with_arguments, DateTimeStyle, EnumStorage, Flavour};
use psl::datamodel::{NativeType, ScalarType};

pub(crate) struct Mysql;

impl Flavour for Mysql {
    fn max_identifier_length(&self) -> usize {
        64
    }
    fn named_primary_keys(&self) -> bool {
        false
    }
    fn uses_namespaces(&self) -> bool {
        false
    }
    fn enum_storage(&self) -> EnumStorage {
        EnumStorage::PerColumn
    }
    fn join_table_primary_key(&self) -> bool {
        false
    }
    fn index_algorithms(&self) -> bool {
        false
    }
    fn datetime_style(&self) -> DateTimeStyle {
        DateTimeStyle::Rfc3339
    }

    fn default_native_type(&self, scalar: &ScalarType) -> String {
        match scalar {
            ScalarType::String => "VARCHAR(191)",
            ScalarType::Boolean => "BOOLEAN",
            ScalarType::Int => "INTEGER",
            ScalarType::BigInt => "BIGINT",
            ScalarType::Float => "DOUBLE",
            ScalarType::Decimal => "DECIMAL(65, 30)",
            ScalarType::DateTime => "DATETIME(3)",
            ScalarType::Json => "JSON",
            ScalarType::Bytes => "LONGBLOB",
            ScalarType::Enum(_) => "",
            ScalarType::Unsupported(text) => return text.clone(),
        }
        .to_owned()
    }

    fn native_type(&self, scalar: &ScalarType, native: &NativeType) -> String {
        let name = match native.name.as_str() {
            "Int" => "INTEGER",
            "UnsignedInt" => "INTEGER UNSIGNED",
            "UnsignedSmallInt" => "SMALLINT UNSIGNED",
            "UnsignedTinyInt" => "TINYINT UNSIGNED",
            "UnsignedMediumInt" => "MEDIUMINT UNSIGNED",
            "UnsignedBigInt" => "BIGINT UNSIGNED",
            // MySQL's booleans are TINYINT(1); Prisma writes them as BOOLEAN.
            "TinyInt" if *scalar == ScalarType::Boolean => "BOOLEAN",
            other => return with_arguments(&other.to_ascii_uppercase(), &native.args, ", "),
        };
        name.to_owned()
    }
}
