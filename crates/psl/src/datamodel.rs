//! The validated datamodel: what the schema means, with names resolved and relations paired.
//! Database-agnostic: native types are kept as written, for `calc` to interpret.

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Datamodel {}
