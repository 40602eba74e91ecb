//! Stable diagnostic codes of validation. `E1xxx` are errors, `W1xxx` warnings. A code names a
//! rule, not a message: tests and users may match on it, so codes are never reused or renumbered.
//! The parser's syntax codes are `E00xx` and `W00xx` (see [`crate::parser`]).
//!
//! [`stage`] tells in which pass Prisma checks each rule; diagnostics are reported in that order.

use crate::diagnostics::Stage;

// --- datasource and generators (E10xx, W10xx) ---
// E1001 (no `datasource` block) is retired: Prisma validates such schemas, and the commands
// that need a database report the missing datasource.
/// More than one `datasource` block.
pub const MULTIPLE_DATASOURCES: &str = "E1002";
/// The datasource has no `provider`.
pub const MISSING_PROVIDER: &str = "E1003";
/// The `provider` is not a known database.
pub const UNKNOWN_PROVIDER: &str = "E1004";
/// `provider = "mongodb"`: ebb manages SQL databases only.
pub const MONGODB_UNSUPPORTED: &str = "E1005";
/// A datasource or generator property that does not exist (or not for this provider).
pub const UNKNOWN_PROPERTY: &str = "E1006";
/// A property value of the wrong shape (`relationMode = 1`, `schemas = "a"`, …).
pub const INVALID_PROPERTY_VALUE: &str = "E1007";
/// The same property twice in one block.
pub const DUPLICATE_PROPERTY: &str = "E1008";
/// A generator without `provider`.
pub const GENERATOR_MISSING_PROVIDER: &str = "E1009";
/// Two generators with the same name.
pub const DUPLICATE_GENERATOR: &str = "E1010";
/// `url`, `directUrl` or `shadowDatabaseUrl` in the datasource: Prisma 6 form, Prisma 7
/// reads them from `prisma.config.ts`. Accepted.
pub const DATASOURCE_URL_IN_SCHEMA: &str = "W1001";
/// `referentialIntegrity`, the former name of `relationMode`: accepted as an alias.
pub const REFERENTIAL_INTEGRITY_PROPERTY: &str = "W1003";
/// A preview feature that Prisma 7 retired (`metrics`): Prisma 6 form, accepted.
pub const RETIRED_PREVIEW_FEATURE: &str = "W1002";
/// A preview feature nobody knows.
pub const UNKNOWN_PREVIEW_FEATURE: &str = "E1012";
/// A feature used without the preview feature that enables it (`views`, `extensions`).
pub const PREVIEW_FEATURE_REQUIRED: &str = "E1013";
/// `schemas = []`.
pub const EMPTY_SCHEMAS: &str = "E1014";
/// Two datasources with the same name.
pub const DUPLICATE_DATASOURCE: &str = "E1015";

/// An item of a block on the line of its `{` or `}`: Prisma reads blocks line by line and
/// does not see such items.
pub const BLOCK_LAYOUT: &str = "E1011";

// --- names (E11xx) ---
/// Two top-level items (model, view, enum, type) with the same name, in any files.
pub const DUPLICATE_TOP_NAME: &str = "E1101";
/// Two fields with the same name in one model.
pub const DUPLICATE_FIELD: &str = "E1102";
/// A name Prisma reserves (`PrismaClient`, …) or that is not a valid identifier.
pub const RESERVED_NAME: &str = "E1103";
/// Two values with the same name in one enum.
pub const DUPLICATE_ENUM_VALUE: &str = "E1104";
/// Two values of one enum mapped to the same database name: Prisma accepts it, databases don't.
pub const DUPLICATE_ENUM_VALUE_DB_NAME: &str = "W1101";
/// An enum without values.
pub const EMPTY_ENUM: &str = "E1105";
/// Two fields of one model mapped to the same column.
pub const DUPLICATE_COLUMN: &str = "E1106";
/// Two models or views mapped to the same table (in the same schema).
pub const DUPLICATE_TABLE: &str = "E1107";
/// Two index, unique or primary key constraints with the same database name.
pub const DUPLICATE_CONSTRAINT_NAME: &str = "E1108";
/// A constraint name longer than the database accepts.
pub const CONSTRAINT_NAME_TOO_LONG: &str = "E1112";
/// A constraint name where the database has none (primary keys on MySQL and SQLite).
pub const CONSTRAINT_NAME_UNSUPPORTED: &str = "E1113";
/// Two compound ids/uniques with the same client `name:` in one model.
pub const DUPLICATE_CLIENT_NAME: &str = "E1109";
/// A field name that clashes with a generated client name or is otherwise not allowed.
pub const INVALID_NAME: &str = "E1110";
/// Two enums mapped to the same database type.
pub const DUPLICATE_ENUM_DB_NAME: &str = "E1111";

// --- types (E12xx) ---
/// A field type that is no built-in type, model, enum or composite type.
pub const UNKNOWN_TYPE: &str = "E1201";
/// A composite `type` block on a relational provider.
pub const COMPOSITE_TYPE_UNSUPPORTED: &str = "E1202";
/// A list field where the provider has no scalar lists, or an optional list.
pub const SCALAR_LIST_UNSUPPORTED: &str = "E1203";
/// An enum where the provider has none (SQL Server).
pub const ENUM_UNSUPPORTED: &str = "E1204";
/// A field whose type is a view used where only models may be referenced, or similar.
pub const INVALID_FIELD_TYPE: &str = "E1205";

// --- attributes (E13xx) ---
/// An attribute that does not exist (or not in this position).
pub const UNKNOWN_ATTRIBUTE: &str = "E1301";
/// The same attribute twice where it may appear once.
pub const DUPLICATE_ATTRIBUTE: &str = "E1302";
/// A required argument is missing.
pub const MISSING_ARGUMENT: &str = "E1303";
/// An argument given twice.
pub const DUPLICATE_ARGUMENT: &str = "E1304";
/// An argument the attribute does not take.
pub const UNKNOWN_ARGUMENT: &str = "E1305";
/// An argument value of the wrong type (`@map(1)`).
pub const INVALID_ARGUMENT_VALUE: &str = "E1306";
/// A model without `@id`, `@@id`, `@unique` or `@@unique` on required fields.
pub const MISSING_ID: &str = "E1307";
/// More than one primary key in one model.
pub const MULTIPLE_IDS: &str = "E1308";
/// `@id`/`@@id` on an optional or list field.
pub const OPTIONAL_ID: &str = "E1309";
/// `@@id`/`@@unique`/`@@index` naming a field that does not exist.
pub const UNKNOWN_INDEX_FIELD: &str = "E1310";
/// `@@id`/`@@unique`/`@@index` naming a relation field.
pub const RELATION_FIELD_IN_INDEX: &str = "E1311";
/// `@updatedAt` on a field that is not `DateTime`.
pub const UPDATED_AT_TYPE: &str = "E1312";
/// An attribute on a field it cannot apply to (`@id` on a relation field, `@db.Text` on an
/// enum field, …).
pub const ATTRIBUTE_NOT_ALLOWED: &str = "E1313";
/// `@@fulltext` where the provider has no fulltext indexes.
pub const FULLTEXT_UNSUPPORTED: &str = "E1314";
/// `sort:`/`length:`/`ops:`/`type:`/`clustered:` not supported by the provider here.
pub const INDEX_ARGUMENT_UNSUPPORTED: &str = "E1315";
/// `@@schema` without `schemas` in the datasource, or naming an unlisted schema.
pub const UNKNOWN_SCHEMA: &str = "E1316";
/// `schemas` is set but a model or enum has no `@@schema`.
pub const MISSING_SCHEMA: &str = "E1317";
/// A `@map`/`@@map` name that is empty: Prisma accepts it; ebb keeps the unmapped name.
pub const EMPTY_MAP: &str = "W1302";
/// A shard key on an optional field, or more than one shard key in a model.
pub const INVALID_SHARD_KEY: &str = "E1320";
/// `@@index`/`@@fulltext` on a view.
pub const VIEW_INDEX: &str = "E1319";
/// An unknown argument on a field of an index list (`id(order: Desc)`): Prisma ignores it.
pub const IGNORED_INDEX_FIELD_ARGUMENT: &str = "W1303";
/// `@id`/`@@id` on a view: Prisma 7 refuses it, Prisma 6 accepted it. Accepted.
pub const ID_ON_VIEW: &str = "W1301";

// --- defaults (E14xx) ---
/// A default value of the wrong type for the field.
pub const DEFAULT_TYPE_MISMATCH: &str = "E1401";
/// A default function that does not exist or cannot apply to the field's type.
pub const DEFAULT_FUNCTION: &str = "E1402";
/// An enum default that is not a value of the enum.
pub const DEFAULT_ENUM_VALUE: &str = "E1403";
/// A default on a relation field, `Unsupported` field or in an invalid place.
pub const DEFAULT_NOT_ALLOWED: &str = "E1404";

// --- native types (E15xx) ---
/// `@db.X` that the provider does not have.
pub const UNKNOWN_NATIVE_TYPE: &str = "E1501";
/// `@db.X(args)` with the wrong number or kind of arguments.
pub const NATIVE_TYPE_ARGUMENTS: &str = "E1502";
/// `@db.X` on a field whose scalar type it cannot store.
pub const NATIVE_TYPE_INCOMPATIBLE: &str = "E1503";
/// `@db.…` with a prefix other than the datasource name.
pub const NATIVE_TYPE_PREFIX: &str = "E1504";

// --- relations (E16xx) ---
/// A relation field without an opposite relation field on the related model.
pub const MISSING_OPPOSITE_RELATION: &str = "E1601";
/// Several relations between the same models that are not told apart by name.
pub const AMBIGUOUS_RELATION: &str = "E1602";
/// `fields` and `references` of different lengths, or only one of them.
pub const RELATION_FIELDS_REFERENCES: &str = "E1603";
/// `references` that are not a unique criterion of the referenced model.
pub const RELATION_REFERENCES_NOT_UNIQUE: &str = "E1604";
/// A field in `fields` whose type differs from the referenced field's.
pub const RELATION_TYPE_MISMATCH: &str = "E1605";
/// Both sides of a relation define `fields`/`references`, or neither side of a 1:1 does.
pub const RELATION_SIDES: &str = "E1606";
/// A 1:1 relation whose `fields` are not unique.
pub const ONE_TO_ONE_NOT_UNIQUE: &str = "E1607";
/// `onDelete/onUpdate: SetNull` on required fields.
pub const SET_NULL_ON_REQUIRED: &str = "E1608";
/// A referential action the provider or relation mode does not support.
pub const REFERENTIAL_ACTION_UNSUPPORTED: &str = "E1609";
/// `fields`/`references` naming unknown or non-scalar fields.
pub const RELATION_UNKNOWN_FIELD: &str = "E1610";
/// Arities of both sides that make no relation (required list, both optional lists with fields…).
pub const RELATION_ARITY: &str = "E1611";
/// A referential action on the side without `fields`, or an unknown action.
pub const INVALID_REFERENTIAL_ACTION: &str = "E1612";
/// A relation to or from a view or an ignored model that Prisma refuses.
pub const RELATION_TO_INVALID_MODEL: &str = "E1613";
/// `SetNull` on required fields with foreign keys: the database refuses it when it happens.
/// Accepted (Prisma accepts it too).
pub const SET_NULL_ON_REQUIRED_WARNING: &str = "W1601";
/// `SetDefault` on MySQL, which InnoDB treats as `NO ACTION`. Accepted (Prisma warns too).
pub const SET_DEFAULT_ON_MYSQL: &str = "W1602";
/// `map:` on the side of a relation without `fields`: Prisma ignores it, and so does ebb.
pub const IGNORED_RELATION_MAP: &str = "W1603";
/// `relationMode = "prisma"`: relation fields that no index starts with, which the database
/// would have indexed for a foreign key. Accepted (Prisma warns too).
pub const RELATION_WITHOUT_INDEX: &str = "W1604";

/// The pass in which Prisma checks the rule of `code`, which orders the diagnostics (see
/// [`Stage`]). A case of a code that Prisma checks elsewhere says so with
/// [`crate::Diagnostic::in_stage`].
pub fn stage(code: &str) -> Stage {
    match code {
        BLOCK_LAYOUT => Stage::Syntax,
        _ if code.starts_with("E00") || code.starts_with("W00") => Stage::Syntax,
        DUPLICATE_PROPERTY | DUPLICATE_GENERATOR | DUPLICATE_DATASOURCE | DUPLICATE_TOP_NAME | DUPLICATE_FIELD
        | RESERVED_NAME | DUPLICATE_ENUM_VALUE | INVALID_NAME => Stage::Names,
        UNKNOWN_TYPE | EMPTY_ENUM => Stage::Types,
        DUPLICATE_COLUMN
        | UNKNOWN_ATTRIBUTE
        | DUPLICATE_ATTRIBUTE
        | MISSING_ARGUMENT
        | DUPLICATE_ARGUMENT
        | UNKNOWN_ARGUMENT
        | INVALID_ARGUMENT_VALUE
        | MULTIPLE_IDS
        | OPTIONAL_ID
        | UNKNOWN_INDEX_FIELD
        | RELATION_FIELD_IN_INDEX
        | UPDATED_AT_TYPE
        | ATTRIBUTE_NOT_ALLOWED
        | EMPTY_MAP
        | IGNORED_INDEX_FIELD_ARGUMENT
        | DEFAULT_TYPE_MISMATCH
        | DEFAULT_FUNCTION
        | DEFAULT_ENUM_VALUE
        | DEFAULT_NOT_ALLOWED
        | RELATION_UNKNOWN_FIELD
        | INVALID_REFERENTIAL_ACTION => Stage::Attributes,
        MULTIPLE_DATASOURCES
        | MISSING_PROVIDER
        | UNKNOWN_PROVIDER
        | MONGODB_UNSUPPORTED
        | UNKNOWN_PROPERTY
        | INVALID_PROPERTY_VALUE
        | GENERATOR_MISSING_PROVIDER
        | DATASOURCE_URL_IN_SCHEMA
        | REFERENTIAL_INTEGRITY_PROPERTY
        | RETIRED_PREVIEW_FEATURE
        | UNKNOWN_PREVIEW_FEATURE
        | PREVIEW_FEATURE_REQUIRED
        | EMPTY_SCHEMAS => Stage::Configuration,
        _ => Stage::Validation,
    }
}
