//! Helpers of the end-to-end tests: schema text → psl → calc → diff → render.

#![allow(dead_code)] // Each test file uses a part.

use render::Dialect;
use sql_schema::SqlSchema;

pub use testkit::sql_schema;

/// The migration script from `from` to `to`.
pub fn script(from: &SqlSchema, to: &SqlSchema, dialect: Dialect) -> String {
    render::migration_script(from, to, dialect)
}
