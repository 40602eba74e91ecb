//! What differs between providers when a datamodel becomes a SQL schema. The calculation in
//! `tables.rs` and `relations.rs` exists once and asks these questions; each provider answers
//! them in its own module (`postgres.rs`, `sqlite.rs`, `mysql.rs`).

use psl::datamodel::{Model, NativeType, ScalarFieldId, ScalarType};

/// How a provider prints a date-time default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateTimeStyle {
    /// `2020-01-01 10:00:00.123 +02:00` (PostgreSQL, SQLite).
    SpaceSeparated,
    /// `2020-01-01T10:00:00.123+02:00` (MySQL).
    Rfc3339,
}

/// Where enums live in the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnumStorage {
    /// One named type per Prisma enum (PostgreSQL).
    NamedTypes,
    /// An inline `ENUM(…)` type per column, named `{table}_{column}` (MySQL).
    PerColumn,
    /// Plain text columns (SQLite).
    Text,
}

pub(crate) trait Flavour {
    /// The longest identifier the database accepts, in bytes.
    fn max_identifier_length(&self) -> usize;
    /// Primary keys carry a constraint name.
    fn named_primary_keys(&self) -> bool;
    /// Tables and enums may live in namespaces (`@@schema`), and the default one is created.
    fn uses_namespaces(&self) -> bool;
    fn enum_storage(&self) -> EnumStorage;
    /// Implicit many-to-many join tables get a primary key on `(A, B)` rather than a unique
    /// index.
    fn join_table_primary_key(&self) -> bool;
    /// Index access methods (`type: Gin`) and operator classes are kept.
    fn index_algorithms(&self) -> bool;
    fn datetime_style(&self) -> DateTimeStyle;
    /// The native type of a built-in scalar without `@db.…`.
    fn default_native_type(&self, scalar: &ScalarType) -> String;
    /// The native type written as `@db.Name(args)`, as the dialect spells it.
    fn native_type(&self, scalar: &ScalarType, native: &NativeType) -> String;
    /// A column the database numbers by itself although the schema does not say
    /// `autoincrement()` (SQLite's integer primary keys).
    fn implicit_autoincrement(&self, _model: &Model, _field: ScalarFieldId) -> bool {
        false
    }

    /// Whether enum values are written as enum literals (rather than strings) in defaults.
    fn has_enum_columns(&self) -> bool {
        self.enum_storage() != EnumStorage::Text
    }
}

/// `NAME` or `NAME(a{separator}b)`.
pub(crate) fn with_arguments(name: &str, args: &[String], separator: &str) -> String {
    if args.is_empty() {
        name.to_owned()
    } else {
        let args: Vec<&str> = args.iter().map(|a| a.trim()).collect();
        format!("{name}({})", args.join(separator))
    }
}
