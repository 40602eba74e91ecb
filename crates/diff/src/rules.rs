//! The per-dialect decisions the differ asks about. The algorithm in `differ.rs` exists
//! once; a dialect only answers these questions.

use crate::{ColumnChanges, TypeChange};
use sql_schema::{Column, ColumnTypeFamily, IndexAlgorithm};

/// What a dialect can and must do. Implemented by [`Postgres`], [`Sqlite`] and [`Mysql`].
pub trait DialectRules {
    /// Namespaces are created with their own statement.
    fn creates_namespaces(&self) -> bool;
    /// Enums are standalone types with their own statements (rather than inline column types).
    fn has_enum_types(&self) -> bool;
    /// Foreign keys of a new table are written inside `CREATE TABLE`.
    fn foreign_keys_inline(&self) -> bool;
    /// Indexes of a new table are written inside `CREATE TABLE`.
    fn indexes_inline(&self) -> bool;
    /// Foreign keys are dropped before their table is dropped.
    fn drops_foreign_keys_of_dropped_tables(&self) -> bool;
    /// An index whose name alone changed can be renamed in place.
    fn can_rename_index(&self) -> bool;
    /// A foreign key whose name alone changed can be renamed in place.
    fn can_rename_foreign_key(&self) -> bool;
    /// How existing values convert from one column type to the other. Only asked when the
    /// types differ, or when one column is a list and the other is not.
    fn type_change(&self, previous: &Column, next: &Column) -> Option<TypeChange>;
    /// Whether the changes to a table can only be made by recreating it.
    fn needs_redefine(&self, facts: &TableChangeFacts) -> bool;
    /// Whether a column's autoincrement property changed, as far as the database can store it.
    fn autoincrement_changed(&self, previous: &Column, next: &Column) -> bool {
        previous.autoincrement != next.autoincrement
    }
    /// Foreign keys need an index starting with their columns, and the database creates one
    /// (named after the constraint) when there is none (MySQL).
    fn foreign_keys_need_indexes(&self) -> bool {
        false
    }
    /// Whether a foreign key stays while its nullable column becomes required (MySQL cannot
    /// alter a column a foreign key constrains that way; Prisma then drops and adds the key).
    fn keeps_foreign_keys_of_columns_made_required(&self) -> bool {
        true
    }
    /// Whether a migration that redefines tables first drops the indexes of the tables it drops
    /// (Prisma does so on SQLite; dropping the table would drop them anyway).
    fn drops_indexes_of_dropped_tables_with_redefines(&self) -> bool {
        false
    }
    /// Whether the database can store the column's default; one it cannot is left out of
    /// migrations and is no difference.
    fn stores_default(&self, _column: &Column) -> bool {
        true
    }
    /// Whether two native type spellings name the same type.
    fn same_native_type(&self, previous: &str, next: &str) -> bool {
        previous == next
    }
    /// The operator class the database uses for `column` in an index of `algorithm` when none
    /// is written (PostgreSQL).
    fn default_operator_class(&self, _column: &Column, _algorithm: IndexAlgorithm) -> Option<&'static str> {
        None
    }
}

/// A summary of a table's changes, for [`DialectRules::needs_redefine`].
#[derive(Debug, Default)]
pub struct TableChangeFacts {
    pub primary_key_changed: bool,
    pub dropped_columns: bool,
    pub added_required_columns: bool,
    pub changed_columns: Vec<ColumnChanges>,
    pub foreign_keys_changed: bool,
}

/// PostgreSQL.
#[derive(Debug, Clone, Copy, Default)]
pub struct Postgres;

impl DialectRules for Postgres {
    fn creates_namespaces(&self) -> bool {
        true
    }
    fn has_enum_types(&self) -> bool {
        true
    }
    fn foreign_keys_inline(&self) -> bool {
        false
    }
    fn indexes_inline(&self) -> bool {
        false
    }
    fn drops_foreign_keys_of_dropped_tables(&self) -> bool {
        true
    }
    fn can_rename_index(&self) -> bool {
        true
    }
    fn can_rename_foreign_key(&self) -> bool {
        true
    }

    fn type_change(&self, previous: &Column, next: &Column) -> Option<TypeChange> {
        crate::postgres_casts::type_change(previous, next)
    }

    fn needs_redefine(&self, _facts: &TableChangeFacts) -> bool {
        false
    }

    fn default_operator_class(&self, column: &Column, algorithm: IndexAlgorithm) -> Option<&'static str> {
        crate::postgres_operator_classes::default_operator_class(column, algorithm)
    }

    fn same_native_type(&self, previous: &str, next: &str) -> bool {
        // A type of an extension installed in `public` (PostGIS's `geography`) is written
        // qualified in schemas (`"public".geography`) and read back unqualified.
        let unqualified = |native: &str| {
            let unquoted = native.replace('"', "");
            unquoted.strip_prefix("public.").map(str::to_owned).unwrap_or(unquoted)
        };
        previous == next || unqualified(previous) == unqualified(next)
    }
}

/// SQLite: most table changes recreate the table.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sqlite;

impl DialectRules for Sqlite {
    fn creates_namespaces(&self) -> bool {
        false
    }
    fn has_enum_types(&self) -> bool {
        false
    }
    fn foreign_keys_inline(&self) -> bool {
        true
    }
    fn indexes_inline(&self) -> bool {
        false
    }
    fn drops_foreign_keys_of_dropped_tables(&self) -> bool {
        false
    }
    fn can_rename_index(&self) -> bool {
        false
    }
    fn can_rename_foreign_key(&self) -> bool {
        false
    }

    fn type_change(&self, _previous: &Column, next: &Column) -> Option<TypeChange> {
        // Rows are copied into the new table; SQLite converts by type affinity, and every
        // value has a text form.
        Some(if next.tpe.family == ColumnTypeFamily::String { TypeChange::SafeCast } else { TypeChange::RiskyCast })
    }

    fn needs_redefine(&self, facts: &TableChangeFacts) -> bool {
        facts.primary_key_changed
            || facts.dropped_columns
            || facts.added_required_columns
            || facts.foreign_keys_changed
            || facts.changed_columns.iter().any(ColumnChanges::any)
    }

    fn drops_indexes_of_dropped_tables_with_redefines(&self) -> bool {
        true
    }

    fn autoincrement_changed(&self, previous: &Column, next: &Column) -> bool {
        // Only an `INTEGER PRIMARY KEY` can be AUTOINCREMENT; on any other column (a `BIGINT`
        // key with `autoincrement()`) the database keeps no trace of it.
        let stored = |column: &Column| column.autoincrement && column.tpe.native.eq_ignore_ascii_case("INTEGER");
        stored(previous) != stored(next)
    }
}

/// MySQL.
#[derive(Debug, Clone, Copy, Default)]
pub struct Mysql;

impl DialectRules for Mysql {
    fn creates_namespaces(&self) -> bool {
        false
    }
    fn has_enum_types(&self) -> bool {
        false
    }
    fn foreign_keys_inline(&self) -> bool {
        false
    }
    fn indexes_inline(&self) -> bool {
        true
    }
    fn drops_foreign_keys_of_dropped_tables(&self) -> bool {
        true
    }
    fn can_rename_index(&self) -> bool {
        true
    }
    fn can_rename_foreign_key(&self) -> bool {
        false
    }

    fn type_change(&self, _previous: &Column, _next: &Column) -> Option<TypeChange> {
        // MODIFY converts values where MySQL can and fails or truncates otherwise.
        Some(TypeChange::RiskyCast)
    }

    fn needs_redefine(&self, _facts: &TableChangeFacts) -> bool {
        false
    }

    fn foreign_keys_need_indexes(&self) -> bool {
        true
    }

    fn keeps_foreign_keys_of_columns_made_required(&self) -> bool {
        false
    }

    fn same_native_type(&self, previous: &str, next: &str) -> bool {
        // A fractional-seconds precision of 0 is the default, and MySQL describes it unwritten.
        let spelled = |native: &str| {
            let upper = native.to_ascii_uppercase();
            match upper.strip_suffix("(0)") {
                Some(base @ ("TIMESTAMP" | "DATETIME" | "TIME")) => base.to_owned(),
                _ => upper,
            }
        };
        spelled(previous) == spelled(next)
    }

    fn stores_default(&self, column: &Column) -> bool {
        // MySQL rejects literal defaults on JSON and binary columns; the renderer leaves them out.
        let literal = matches!(column.default, Some(sql_schema::DefaultValue::Value(_)));
        !(literal && matches!(column.tpe.family, ColumnTypeFamily::Json | ColumnTypeFamily::Binary))
    }
}
