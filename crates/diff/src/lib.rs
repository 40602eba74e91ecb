//! The differ: compares two [`SqlSchema`]s and returns the ordered [`Step`]s that turn the
//! first into the second.
//!
//! Invariants:
//! - Pure and deterministic: the same pair of schemas always yields the same steps in the same
//!   order (see [`step`] for the order).
//! - The algorithm exists once; everything a dialect decides differently goes through the
//!   narrow [`DialectRules`] trait.
//! - Objects are matched by name (namespace + name for tables and enums, name within a table
//!   for columns); a renamed table is a drop and a create.
//! - Each step can say whether it loses data ([`Step::loses_data`]).

mod differ;
mod pair;
mod postgres_casts;
mod postgres_operator_classes;
mod rules;
pub mod step;
mod warnings;

pub use differ::{diff, diff_down};
pub use pair::Pair;
pub use rules::{DialectRules, Mysql, Postgres, Sqlite, TableChangeFacts};
pub use step::{
    AlterColumn, AlterEnum, AlterExtension, AlterTable, ColumnChanges, ObjectName, RedefineTable, Step, TableChange,
    TypeChange,
};
pub use warnings::{DataLossKind, DataLossWarning, LiveCounts};

#[cfg(test)]
mod tests;
