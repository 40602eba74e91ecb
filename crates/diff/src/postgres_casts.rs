//! How PostgreSQL converts a column's values from one type to another: safely, at the risk of
//! failing or truncating, or not at all (the column is then dropped and recreated). The
//! table follows what `ALTER COLUMN … SET DATA TYPE` can do with an implicit `USING` cast,
//! with the same judgements Prisma Migrate makes, so that the same steps come out.

use crate::TypeChange::{self, NotCastable, RiskyCast, SafeCast};
use sql_schema::{Column, ColumnTypeFamily};

/// A PostgreSQL type, parsed from its SQL spelling (`VARCHAR(255)`, `DECIMAL(10,2)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PgType {
    SmallInt,
    Integer,
    BigInt,
    Decimal(Option<(u32, u32)>),
    Money,
    Real,
    DoublePrecision,
    VarChar(Option<u32>),
    Char(Option<u32>),
    Text,
    Citext,
    Inet,
    Oid,
    ByteA,
    Timestamp(Option<u32>),
    Timestamptz(Option<u32>),
    Date,
    Time(Option<u32>),
    Timetz(Option<u32>),
    Boolean,
    Bit(Option<u32>),
    VarBit(Option<u32>),
    Uuid,
    Xml,
    Json,
    JsonB,
}

fn parse(native: &str) -> Option<PgType> {
    let (name, args) = match native.find('(') {
        Some(open) => (&native[..open], native[open + 1..].strip_suffix(')')?),
        None => (native, ""),
    };
    let numbers: Vec<u32> =
        args.split(',').map(str::trim).filter(|a| !a.is_empty()).map(|a| a.parse().ok()).collect::<Option<_>>()?;
    let one = numbers.first().copied();
    Some(match name {
        "SMALLINT" => PgType::SmallInt,
        "INTEGER" => PgType::Integer,
        "BIGINT" => PgType::BigInt,
        "DECIMAL" => PgType::Decimal(match numbers.as_slice() {
            [p, s] => Some((*p, *s)),
            [p] => Some((*p, 0)),
            _ => None,
        }),
        "MONEY" => PgType::Money,
        "REAL" => PgType::Real,
        "DOUBLE PRECISION" => PgType::DoublePrecision,
        "VARCHAR" => PgType::VarChar(one),
        "CHAR" => PgType::Char(one),
        "TEXT" => PgType::Text,
        "CITEXT" => PgType::Citext,
        "INET" => PgType::Inet,
        "OID" => PgType::Oid,
        "BYTEA" => PgType::ByteA,
        "TIMESTAMP" => PgType::Timestamp(one),
        "TIMESTAMPTZ" => PgType::Timestamptz(one),
        "DATE" => PgType::Date,
        "TIME" => PgType::Time(one),
        "TIMETZ" => PgType::Timetz(one),
        "BOOLEAN" => PgType::Boolean,
        "BIT" => PgType::Bit(one),
        "VARBIT" => PgType::VarBit(one),
        "UUID" => PgType::Uuid,
        "XML" => PgType::Xml,
        "JSON" => PgType::Json,
        "JSONB" => PgType::JsonB,
        _ => return None,
    })
}

/// The conversion from `previous`'s type to `next`'s, or `None` when the values need none.
pub(crate) fn type_change(previous: &Column, next: &Column) -> Option<TypeChange> {
    let enums = (
        matches!(previous.tpe.family, ColumnTypeFamily::Enum(_)),
        matches!(next.tpe.family, ColumnTypeFamily::Enum(_)),
    );
    // The differ only asks when the types differ: two enums are different enums, or the same
    // enum as a scalar and as a list. No cast exists either way (Prisma writes `SET DATA TYPE
    // "E"[]` for the latter, which PostgreSQL rejects).
    if enums.0 || enums.1 {
        return Some(NotCastable);
    }
    let from_list_to_scalar = previous.arity.is_list() && !next.arity.is_list();
    let from_scalar_to_list = !previous.arity.is_list() && next.arity.is_list();
    let types = (parse(&previous.tpe.native), parse(&next.tpe.native));
    if from_list_to_scalar {
        match types.1 {
            Some(PgType::Text | PgType::VarChar(None)) => return Some(SafeCast),
            Some(PgType::VarChar(_) | PgType::Char(_)) => return Some(RiskyCast),
            _ => {}
        }
    }
    if from_scalar_to_list || from_list_to_scalar {
        return Some(NotCastable);
    }
    match types {
        (Some(previous), Some(next)) if previous == next => None,
        (Some(previous), Some(next)) => known_type_change(previous, next),
        (None, None) if previous.tpe.native == next.tpe.native => None,
        _ => Some(RiskyCast),
    }
}

fn known_type_change(previous: PgType, next: PgType) -> Option<TypeChange> {
    use PgType::*;
    let next_is_char = matches!(next, Char(_));
    // Whether a text type of `length` holds every value written with at most `needed` characters.
    let text_fits = |length: Option<u32>, needed: u32| match length {
        Some(len) if len < needed => RiskyCast,
        None if next_is_char => RiskyCast,
        _ => SafeCast,
    };
    let change = match previous {
        Inet => match next {
            Citext | Text | VarChar(_) => SafeCast,
            _ => NotCastable,
        },
        Money => match next {
            Citext | Text | VarChar(_) => SafeCast,
            _ => RiskyCast,
        },
        Citext => match next {
            Text | VarChar(_) => SafeCast,
            _ => RiskyCast,
        },
        Oid => match next {
            Text | VarChar(_) | BigInt | Integer => SafeCast,
            _ => NotCastable,
        },
        SmallInt => match next {
            Integer | BigInt | Real | DoublePrecision | Text => SafeCast,
            Decimal(Some((p, s))) if p.saturating_sub(s) < 3 => RiskyCast,
            Decimal(_) => SafeCast,
            VarChar(len) | Char(len) => text_fits(len, 4),
            _ => NotCastable,
        },
        Integer => match next {
            SmallInt => RiskyCast,
            BigInt | Real | DoublePrecision | Text => SafeCast,
            Decimal(Some((p, s))) if p.saturating_sub(s) < 10 => RiskyCast,
            Decimal(_) => SafeCast,
            VarChar(len) | Char(len) => text_fits(len, 11),
            _ => NotCastable,
        },
        BigInt => match next {
            SmallInt | Integer => RiskyCast,
            Real | DoublePrecision | Text => SafeCast,
            Decimal(Some((p, s))) if p.saturating_sub(s) < 19 => RiskyCast,
            Decimal(_) => SafeCast,
            VarChar(len) | Char(len) => text_fits(len, 20),
            _ => NotCastable,
        },
        Decimal(old) => match next {
            SmallInt => integer_from_decimal(old, 2),
            Integer => integer_from_decimal(old, 9),
            BigInt => integer_from_decimal(old, 18),
            Decimal(new) => match (old, new) {
                (Some(_), None) => SafeCast,
                (None, Some(_)) => RiskyCast,
                (Some((p_old, s_old)), Some((p_new, s_new)))
                    if p_old.saturating_sub(s_old) > p_new.saturating_sub(s_new) || s_old > s_new =>
                {
                    RiskyCast
                }
                _ => SafeCast,
            },
            Real | DoublePrecision => RiskyCast,
            VarChar(len) | Char(len) => match (len, old) {
                (Some(len), Some((p, 0))) if p + 1 > len => RiskyCast,
                (Some(len), Some((p, s))) if s > 0 && p + 2 > len => RiskyCast,
                (Some(len), None) if len < 131_073 => RiskyCast,
                (None, _) if next_is_char => RiskyCast,
                _ => SafeCast,
            },
            Text => SafeCast,
            _ => NotCastable,
        },
        Real => match next {
            SmallInt | Integer | BigInt | Decimal(_) => RiskyCast,
            Real | DoublePrecision | Text => SafeCast,
            VarChar(len) | Char(len) => text_fits(len, 47),
            _ => NotCastable,
        },
        DoublePrecision => match next {
            SmallInt | Integer | BigInt | Decimal(_) | Real => RiskyCast,
            DoublePrecision | Text => SafeCast,
            VarChar(len) | Char(len) => text_fits(len, 317),
            _ => NotCastable,
        },
        VarChar(old) => match next {
            Text => SafeCast,
            VarChar(new) | Char(new) => match (old, new) {
                (None, None) if next_is_char => RiskyCast,
                (None, Some(_)) => RiskyCast,
                (Some(1), None) => SafeCast,
                (Some(_), None) if next_is_char => RiskyCast,
                (Some(old), Some(new)) if old > new => RiskyCast,
                _ => SafeCast,
            },
            _ => NotCastable,
        },
        Char(old) => match next {
            Text => SafeCast,
            VarChar(new) | Char(new) => match (old, new) {
                (None, _) | (Some(1), None) => SafeCast,
                (Some(_), None) if next_is_char => RiskyCast,
                (Some(old), Some(new)) if old > new => RiskyCast,
                _ => SafeCast,
            },
            _ => NotCastable,
        },
        Text => match next {
            Text | VarChar(None) | Citext => SafeCast,
            VarChar(_) | Char(_) => RiskyCast,
            _ => NotCastable,
        },
        ByteA => match next {
            Text | VarChar(None) => SafeCast,
            VarChar(Some(len)) | Char(Some(len)) if len > 2 => RiskyCast,
            _ => NotCastable,
        },
        Timestamp(a) => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 22 => SafeCast,
            Timestamp(None) => return None,
            Timestamp(Some(b)) if a.is_none() || a == Some(b) => return None,
            Timestamp(_) | Timestamptz(_) | Date | Time(_) | Timetz(_) => SafeCast,
            _ => NotCastable,
        },
        Timestamptz(a) => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 27 => SafeCast,
            Timestamptz(None) => return None,
            Timestamptz(Some(b)) if a.is_none() || a == Some(b) => return None,
            Timestamp(_) | Timestamptz(_) | Date | Time(_) | Timetz(_) => SafeCast,
            _ => NotCastable,
        },
        Date => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 27 => SafeCast,
            Timestamp(_) | Timestamptz(_) => SafeCast,
            _ => NotCastable,
        },
        Time(a) => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 13 => SafeCast,
            Time(None) => return None,
            Time(Some(b)) if a.is_none() || a == Some(b) => return None,
            Timetz(_) => SafeCast,
            _ => NotCastable,
        },
        Timetz(a) => match next {
            Text | VarChar(None) => SafeCast,
            Char(Some(len)) | VarChar(Some(len)) if len > 18 => SafeCast,
            Timetz(None) => return None,
            Timetz(Some(b)) if a.is_none() || a == Some(b) => return None,
            Timetz(_) | Time(_) => SafeCast,
            _ => NotCastable,
        },
        Boolean => match next {
            Text | VarChar(_) => SafeCast,
            Char(Some(len)) if len > 4 => SafeCast,
            Char(Some(len)) if len > 3 => RiskyCast,
            _ => NotCastable,
        },
        Bit(None) => match next {
            Text | VarChar(_) | Char(_) | VarBit(_) => SafeCast,
            _ => NotCastable,
        },
        Bit(Some(len)) => match next {
            Text | VarChar(None) | VarBit(None) => SafeCast,
            VarChar(Some(new)) | VarBit(Some(new)) | Char(Some(new)) if new >= len => SafeCast,
            _ => NotCastable,
        },
        VarBit(None) => match next {
            Text | VarChar(None) => SafeCast,
            VarChar(_) | Char(_) | Bit(_) => RiskyCast,
            _ => NotCastable,
        },
        VarBit(Some(len)) => match next {
            Text | VarChar(None) | VarBit(None) => SafeCast,
            VarBit(Some(new)) if new > len => SafeCast,
            VarChar(Some(new)) | Char(Some(new)) if new >= len => SafeCast,
            Bit(Some(new)) if new <= len => RiskyCast,
            Bit(None) | Char(_) | VarChar(_) => RiskyCast,
            _ => NotCastable,
        },
        Uuid => match next {
            Text | VarChar(None) => SafeCast,
            VarChar(Some(len)) | Char(Some(len)) if len > 31 => SafeCast,
            _ => NotCastable,
        },
        Xml => match next {
            Text | VarChar(None) => SafeCast,
            VarChar(_) | Char(_) => RiskyCast,
            _ => NotCastable,
        },
        Json => match next {
            Text | JsonB | VarChar(None) => SafeCast,
            VarChar(_) | Char(_) => RiskyCast,
            _ => NotCastable,
        },
        JsonB => match next {
            Text | Json | VarChar(None) => SafeCast,
            VarChar(_) | Char(_) => RiskyCast,
            _ => NotCastable,
        },
    };
    Some(change)
}

/// A decimal fits an integer type of `digits` digits when it has no fraction and at most
/// that many digits.
fn integer_from_decimal(params: Option<(u32, u32)>, digits: u32) -> TypeChange {
    match params {
        Some((p, 0)) if p <= digits => SafeCast,
        _ => RiskyCast,
    }
}
