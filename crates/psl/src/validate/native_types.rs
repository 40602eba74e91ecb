//! Native type attributes (`@db.VarChar(255)`): which names each provider has, how many
//! arguments they take, and which scalar types they can store. The datamodel keeps the name
//! and the arguments as written; `calc` decides what they mean in SQL.

use super::args::{attr_context, describe};
use super::{codes, Ctx};
use crate::ast::{Attribute, Expression};
use crate::datamodel::{NativeType, Provider, ScalarType};

/// The arguments a native type takes.
#[derive(Clone, Copy)]
enum Params {
    NoArgs,
    /// One optional non-negative integer (`VarChar(n)` on PostgreSQL, `Timestamp(p)`).
    OptionalInt,
    /// One required non-negative integer (`VarChar(n)` on MySQL).
    Int,
    /// Precision and scale, both or neither (`Decimal(p, s)`).
    OptionalTwoInts,
    /// One optional integer or `max` (SQL Server `VarChar(max)`).
    OptionalIntOrMax,
}

use Params::*;
use ScalarType as T;

type Entry = (&'static str, Params, &'static [ScalarType]);

const POSTGRES: &[Entry] = &[
    ("SmallInt", NoArgs, &[T::Int]),
    ("Integer", NoArgs, &[T::Int]),
    ("BigInt", NoArgs, &[T::BigInt]),
    ("Decimal", OptionalTwoInts, &[T::Decimal]),
    ("Money", NoArgs, &[T::Decimal]),
    ("Inet", NoArgs, &[T::String]),
    ("Oid", NoArgs, &[T::Int]),
    ("Citext", NoArgs, &[T::String]),
    ("Real", NoArgs, &[T::Float]),
    ("DoublePrecision", NoArgs, &[T::Float]),
    ("VarChar", OptionalInt, &[T::String]),
    ("Char", OptionalInt, &[T::String]),
    ("Text", NoArgs, &[T::String]),
    ("ByteA", NoArgs, &[T::Bytes]),
    ("Timestamp", OptionalInt, &[T::DateTime]),
    ("Timestamptz", OptionalInt, &[T::DateTime]),
    ("Date", NoArgs, &[T::DateTime]),
    ("Time", OptionalInt, &[T::DateTime]),
    ("Timetz", OptionalInt, &[T::DateTime]),
    ("Boolean", NoArgs, &[T::Boolean]),
    ("Bit", OptionalInt, &[T::String]),
    ("VarBit", OptionalInt, &[T::String]),
    ("Uuid", NoArgs, &[T::String]),
    ("Xml", NoArgs, &[T::String]),
    ("Json", NoArgs, &[T::Json]),
    ("JsonB", NoArgs, &[T::Json]),
];

const COCKROACH: &[Entry] = &[
    ("Bit", OptionalInt, &[T::String]),
    ("Bool", NoArgs, &[T::Boolean]),
    ("Bytes", NoArgs, &[T::Bytes]),
    ("Char", OptionalInt, &[T::String]),
    ("Date", NoArgs, &[T::DateTime]),
    ("Decimal", OptionalTwoInts, &[T::Decimal]),
    ("Float4", NoArgs, &[T::Float]),
    ("Float8", NoArgs, &[T::Float]),
    ("Inet", NoArgs, &[T::String]),
    ("Int2", NoArgs, &[T::Int]),
    ("Int4", NoArgs, &[T::Int]),
    ("Int8", NoArgs, &[T::BigInt]),
    ("JsonB", NoArgs, &[T::Json]),
    ("Oid", NoArgs, &[T::Int]),
    ("CatalogSingleChar", NoArgs, &[T::String]),
    ("String", OptionalInt, &[T::String]),
    ("Time", OptionalInt, &[T::DateTime]),
    ("Timestamp", OptionalInt, &[T::DateTime]),
    ("Timestamptz", OptionalInt, &[T::DateTime]),
    ("Timetz", OptionalInt, &[T::DateTime]),
    ("Uuid", NoArgs, &[T::String]),
    ("VarBit", OptionalInt, &[T::String]),
];

const MYSQL: &[Entry] = &[
    ("Int", NoArgs, &[T::Int]),
    ("UnsignedInt", NoArgs, &[T::Int]),
    ("SmallInt", NoArgs, &[T::Int]),
    ("UnsignedSmallInt", NoArgs, &[T::Int]),
    ("TinyInt", NoArgs, &[T::Int, T::Boolean]),
    ("UnsignedTinyInt", NoArgs, &[T::Int, T::Boolean]),
    ("MediumInt", NoArgs, &[T::Int]),
    ("UnsignedMediumInt", NoArgs, &[T::Int]),
    ("BigInt", NoArgs, &[T::BigInt]),
    ("UnsignedBigInt", NoArgs, &[T::BigInt]),
    ("Decimal", OptionalTwoInts, &[T::Decimal]),
    ("Float", NoArgs, &[T::Float]),
    ("Double", NoArgs, &[T::Float]),
    ("Bit", Int, &[T::Boolean, T::Bytes]),
    ("Char", Int, &[T::String]),
    ("VarChar", Int, &[T::String]),
    ("Binary", Int, &[T::Bytes]),
    ("VarBinary", Int, &[T::Bytes]),
    ("TinyBlob", NoArgs, &[T::Bytes]),
    ("Blob", NoArgs, &[T::Bytes]),
    ("MediumBlob", NoArgs, &[T::Bytes]),
    ("LongBlob", NoArgs, &[T::Bytes]),
    ("TinyText", NoArgs, &[T::String]),
    ("Text", NoArgs, &[T::String]),
    ("MediumText", NoArgs, &[T::String]),
    ("LongText", NoArgs, &[T::String]),
    ("Date", NoArgs, &[T::DateTime]),
    ("Time", OptionalInt, &[T::DateTime]),
    ("DateTime", OptionalInt, &[T::DateTime]),
    ("Timestamp", OptionalInt, &[T::DateTime]),
    ("Year", NoArgs, &[T::Int]),
    ("Json", NoArgs, &[T::Json]),
];

const SQLSERVER: &[Entry] = &[
    ("TinyInt", NoArgs, &[T::Int, T::Boolean]),
    ("SmallInt", NoArgs, &[T::Int]),
    ("Int", NoArgs, &[T::Int]),
    ("BigInt", NoArgs, &[T::BigInt]),
    ("Decimal", OptionalTwoInts, &[T::Decimal]),
    ("Money", NoArgs, &[T::Float, T::Decimal]),
    ("SmallMoney", NoArgs, &[T::Float, T::Decimal]),
    ("Bit", NoArgs, &[T::Boolean, T::Int]),
    ("Float", OptionalInt, &[T::Float]),
    ("Real", NoArgs, &[T::Float]),
    ("Date", NoArgs, &[T::DateTime]),
    ("Time", NoArgs, &[T::DateTime]),
    ("DateTime", NoArgs, &[T::DateTime]),
    ("DateTime2", NoArgs, &[T::DateTime]),
    ("DateTimeOffset", NoArgs, &[T::DateTime]),
    ("SmallDateTime", NoArgs, &[T::DateTime]),
    ("Char", OptionalInt, &[T::String]),
    ("NChar", OptionalInt, &[T::String]),
    ("VarChar", OptionalIntOrMax, &[T::String]),
    ("Text", NoArgs, &[T::String]),
    ("NVarChar", OptionalIntOrMax, &[T::String]),
    ("NText", NoArgs, &[T::String]),
    ("Binary", OptionalInt, &[T::Bytes]),
    ("VarBinary", OptionalIntOrMax, &[T::Bytes]),
    ("Image", NoArgs, &[T::Bytes]),
    ("Xml", NoArgs, &[T::String]),
    ("UniqueIdentifier", NoArgs, &[T::String]),
];

const MONGODB: &[Entry] = &[
    ("String", NoArgs, &[T::String]),
    ("Double", NoArgs, &[T::Float]),
    ("Long", NoArgs, &[T::Int, T::BigInt]),
    ("Int", NoArgs, &[T::Int]),
    ("BinData", NoArgs, &[T::Bytes]),
    ("ObjectId", NoArgs, &[T::String, T::Bytes]),
    ("Bool", NoArgs, &[T::Boolean]),
    ("Date", NoArgs, &[T::DateTime]),
    ("Timestamp", NoArgs, &[T::DateTime]),
    ("Json", NoArgs, &[T::Json]),
];

fn table(provider: Provider) -> &'static [Entry] {
    match provider {
        Provider::PostgreSql => POSTGRES,
        Provider::CockroachDb => COCKROACH,
        Provider::MySql => MYSQL,
        Provider::SqlServer => SQLSERVER,
        Provider::Sqlite => &[],
        Provider::MongoDb => MONGODB,
    }
}

/// Reads `@db.<name>(args)` on a field of type `t`, a built-in type (enum and `Unsupported`
/// fields have no native type; the caller refuses the attribute there).
pub(crate) fn read(attr: &Attribute, name: &str, t: &ScalarType, ctx: &mut Ctx<'_>) -> Option<NativeType> {
    if ctx.without_datasource {
        ctx.diags.error(
            codes::UNKNOWN_NATIVE_TYPE,
            format!("Native type {name} is not supported for Default connector (the schema has no datasource)."),
            attr.name.span,
        );
        return None;
    }
    let Some(provider) = ctx.provider else {
        return Some(NativeType { name: name.to_string(), args: raw_args(attr), span: attr.span });
    };
    let Some((_, params, compatible)) = table(provider).iter().find(|(n, _, _)| *n == name) else {
        ctx.diags.error(
            codes::UNKNOWN_NATIVE_TYPE,
            format!("Native type {name} is not supported for {} connector.", provider.name()),
            attr.name.span,
        );
        return None;
    };
    let mut ok = check_args(attr, name, *params, ctx) && check_ranges(attr, name, provider, t, ctx);
    if !compatible.contains(t) {
        let expected: Vec<&str> = compatible.iter().filter_map(|c| c.builtin_name()).collect();
        let declared = t.builtin_name().unwrap_or("enum");
        ctx.diags.error(
            codes::NATIVE_TYPE_INCOMPATIBLE,
            format!(
                "Native type {name} is not compatible with declared field type {declared}, expected field type {}.",
                expected.join(" or ")
            ),
            attr.span,
        );
        ok = false;
    }
    ok.then(|| NativeType { name: name.to_string(), args: raw_args(attr), span: attr.span })
}

fn raw_args(attr: &Attribute) -> Vec<String> {
    attr.args()
        .iter()
        .map(|a| match &a.value {
            Expression::String(s, _) | Expression::Numeric(s, _) | Expression::Constant(s, _) => s.clone(),
            other => super::config::expression_text(other),
        })
        .collect()
}

fn check_args(attr: &Attribute, name: &str, params: Params, ctx: &mut Ctx<'_>) -> bool {
    let args = attr.args();
    let (min, max) = match params {
        NoArgs => (0, 0),
        OptionalInt | OptionalIntOrMax => (0, 1),
        Int => (1, 1),
        OptionalTwoInts => (0, 2),
    };
    if args.len() < min || args.len() > max {
        let message = if min == max {
            format!("Native type {name} takes {max} arguments, but received {}.", args.len())
        } else {
            format!("Native type {name} takes {max} optional arguments, but received {}.", args.len())
        };
        ctx.diags.error(codes::NATIVE_TYPE_ARGUMENTS, message, attr.span);
        return false;
    }
    if let OptionalTwoInts = params {
        if args.len() == 1 {
            ctx.diags.error(
                codes::NATIVE_TYPE_ARGUMENTS,
                format!(
                    "Expected two nonnegative integers, but found ({}).",
                    super::config::expression_text(&args[0].value)
                ),
                attr.span,
            );
            return false;
        }
    }
    let mut ok = true;
    for arg in args {
        let valid = match &arg.value {
            Expression::Numeric(n, _) => n.parse::<u32>().is_ok(),
            Expression::Constant(c, _) => matches!(params, OptionalIntOrMax) && c.eq_ignore_ascii_case("max"),
            _ => false,
        };
        if !valid || arg.name.is_some() {
            ctx.diags.error(
                codes::NATIVE_TYPE_ARGUMENTS,
                format!(
                    "{}: Expected a nonnegative integer, but found {}.",
                    attr_context(attr, false),
                    describe(&arg.value)
                ),
                arg.span,
            );
            ok = false;
        }
    }
    ok
}

/// The database's name in Prisma's messages.
fn database_name(provider: Provider) -> &'static str {
    match provider {
        Provider::PostgreSql => "Postgres",
        Provider::MySql => "MySQL",
        Provider::SqlServer => "SQL Server",
        Provider::CockroachDb => "CockroachDB",
        Provider::Sqlite => "SQLite",
        Provider::MongoDb => "MongoDB",
    }
}

/// Checks argument values against what the database allows (lengths, precisions).
fn check_ranges(attr: &Attribute, name: &str, provider: Provider, t: &ScalarType, ctx: &mut Ctx<'_>) -> bool {
    let numbers: Vec<u32> = attr
        .args()
        .iter()
        .filter_map(|a| match &a.value {
            Expression::Numeric(n, _) => n.parse().ok(),
            _ => None,
        })
        .collect();
    let written = format!("{name}({})", numbers.iter().map(u32::to_string).collect::<Vec<_>>().join(","));
    let db = database_name(provider);
    let mut fail = |message: String| {
        ctx.diags.error(codes::NATIVE_TYPE_ARGUMENTS, message, attr.span);
        false
    };
    let out_of_range =
        |detail: &str| format!("Argument M is out of range for native type `{written}` of {db}: {detail}");
    match (provider, name, numbers.as_slice()) {
        (_, "Decimal", [p, s]) if s > p => {
            fail(format!("The scale must not be larger than the precision for the {written} native type in {db}."))
        }
        (Provider::MySql, "Decimal", [p, _]) if *p > 65 || *p == 0 => {
            fail(out_of_range("Precision can range from 1 to 65."))
        }
        (Provider::MySql, "Bit", [n]) if *t == ScalarType::Boolean && *n != 1 => {
            fail(out_of_range("only Bit(1) can be used as Boolean."))
        }
        (Provider::MySql, "Bit", [n]) if *n > 64 => fail(out_of_range("M can range from 1 to 64.")),
        (Provider::MySql, "VarChar" | "VarBinary", [n]) if *n > 65_535 => {
            fail(out_of_range("M can range from 0 to 65,535."))
        }
        (Provider::MySql, "Char" | "Binary", [n]) if *n > 255 => fail(out_of_range("M can range from 0 to 255.")),
        (
            Provider::MySql | Provider::PostgreSql | Provider::CockroachDb,
            "Time" | "Timetz" | "Timestamp" | "Timestamptz" | "DateTime",
            [n],
        ) if *n > 6 => fail(out_of_range("M can range from 0 to 6.")),
        (Provider::PostgreSql | Provider::CockroachDb, "Decimal", [p, _]) if *p > 1000 || *p == 0 => {
            fail(out_of_range("Precision can range from 1 to 1000."))
        }
        (Provider::SqlServer, "VarChar" | "Char" | "Binary" | "VarBinary", [n]) if *n > 8000 || *n == 0 => {
            fail(out_of_range("Length can range from 1 to 8000. For larger sizes, use the `Max` variant."))
        }
        (Provider::SqlServer, "NVarChar" | "NChar", [n]) if *n > 4000 || *n == 0 => {
            fail(out_of_range("Length can range from 1 to 4000. For larger sizes, use the `Max` variant."))
        }
        (Provider::SqlServer, "Decimal", [p, _]) if *p > 38 || *p == 0 => {
            fail(out_of_range("Precision can range from 1 to 38."))
        }
        _ => true,
    }
}
