//! Typed database identifiers.
//!
//! Every kind of database object gets its own name type so that a table name can never be
//! passed where an index name is expected. The names are stored exactly as the database spells
//! them (no case folding, no quoting); quoting is the renderer's business.

use std::fmt;

macro_rules! name_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// Wraps the identifier as the database spells it.
            pub fn new(name: impl Into<String>) -> Self {
                Self(name.into())
            }

            /// The identifier, unquoted.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(name: &str) -> Self {
                Self(name.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(name: String) -> Self {
                Self(name)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

name_type!(
    /// The name of a namespace (a PostgreSQL schema).
    NamespaceName
);
name_type!(
    /// The name of a table.
    TableName
);
name_type!(
    /// The name of a column within its table.
    ColumnName
);
name_type!(
    /// The name of an index (unique or not).
    IndexName
);
name_type!(
    /// The name of a constraint: primary key or foreign key.
    ConstraintName
);
name_type!(
    /// The name of an enum type.
    EnumName
);
name_type!(
    /// The name of a view.
    ViewName
);
name_type!(
    /// The name of a sequence.
    SequenceName
);
