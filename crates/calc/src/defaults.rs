//! Column defaults: `@default(…)` of a field → [`DefaultValue`].
//!
//! Functions that the client evaluates (`uuid()`, `cuid()`, `nanoid()`, `ulid()`) leave the
//! column without a database default, and so does `autoincrement()`, which is a property of
//! the column instead. Constants keep the spelling of the schema (`1.50` stays `1.50`), except
//! where Prisma itself normalises them: date-times are re-printed in the provider's form and
//! `Bytes` are decoded from base64.

use crate::flavour::{DateTimeStyle, Flavour};
use psl::datamodel::{self as dm, ScalarType};
use sql_schema::{DefaultValue, Literal};

/// The database default of a scalar field, if it has one.
pub(crate) fn column_default(field: &dm::ScalarField, flavour: &dyn Flavour) -> Option<DefaultValue> {
    let default = field.default.as_ref()?;
    match &default.value {
        dm::DefaultValue::Now => Some(DefaultValue::Now),
        dm::DefaultValue::DbGenerated(expression) => {
            Some(DefaultValue::DbGenerated(expression.clone().unwrap_or_default()))
        }
        dm::DefaultValue::Literal(literal) => Some(DefaultValue::Value(convert(literal, &field.r#type, flavour))),
        dm::DefaultValue::Autoincrement
        | dm::DefaultValue::Uuid(_)
        | dm::DefaultValue::Cuid(_)
        | dm::DefaultValue::Nanoid(_)
        | dm::DefaultValue::Ulid
        | dm::DefaultValue::Sequence(_)
        | dm::DefaultValue::Auto => None,
    }
}

fn convert(literal: &dm::Literal, scalar: &ScalarType, flavour: &dyn Flavour) -> Literal {
    match literal {
        dm::Literal::List(items) => Literal::List(items.iter().map(|item| convert(item, scalar, flavour)).collect()),
        dm::Literal::Boolean(b) => Literal::Boolean(*b),
        dm::Literal::EnumValue { db_name, .. } if flavour.has_enum_columns() => Literal::Enum(db_name.0.clone()),
        dm::Literal::EnumValue { db_name, .. } => Literal::String(db_name.0.clone()),
        dm::Literal::Int(i) => match scalar {
            ScalarType::Float => Literal::Float(i.to_string()),
            ScalarType::Decimal => Literal::Decimal(i.to_string()),
            _ => Literal::Int(*i),
        },
        dm::Literal::Number(n) => match scalar {
            ScalarType::Decimal => Literal::Decimal(n.clone()),
            ScalarType::Int | ScalarType::BigInt => n.parse().map(Literal::Int).unwrap_or_else(|_| Literal::Float(n.clone())),
            _ => Literal::Float(n.clone()),
        },
        dm::Literal::String(s) => match scalar {
            ScalarType::DateTime => Literal::DateTime(
                parse_datetime(s).map(|dt| dt.render(flavour.datetime_style())).unwrap_or_else(|| s.clone()),
            ),
            ScalarType::Json => Literal::Json(s.clone()),
            ScalarType::Bytes => decode_base64(s).map(Literal::Bytes).unwrap_or_else(|| Literal::String(s.clone())),
            ScalarType::Decimal => Literal::Decimal(s.clone()),
            _ => Literal::String(s.clone()),
        },
    }
}

/// An RFC 3339 date-time taken apart, to be printed again the way Prisma prints it.
#[derive(Debug, PartialEq)]
struct DateTime<'a> {
    date: &'a str,
    time: &'a str,
    nanos: u32,
    /// `+hh:mm` or `-hh:mm`; `Z` becomes `+00:00`.
    offset: String,
}

fn parse_datetime(text: &str) -> Option<DateTime<'_>> {
    let date = text.get(0..10)?;
    if !matches!(text.as_bytes().get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let time = text.get(11..19)?;
    let mut rest = text.get(19..)?;
    let mut nanos = 0u32;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        // Nanosecond resolution, like Prisma's date-time type: further digits are dropped.
        let padded: String = fraction[..digits].chars().chain(std::iter::repeat('0')).take(9).collect();
        nanos = padded.parse().ok()?;
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" | "-00:00" => "+00:00".to_owned(),
        other if other.len() == 6 && (other.starts_with('+') || other.starts_with('-')) => other.to_owned(),
        _ => return None,
    };
    Some(DateTime { date, time, nanos, offset })
}

impl DateTime<'_> {
    /// Fractional seconds as Prisma prints them: none, or 3, 6 or 9 digits, whichever is the
    /// shortest exact form.
    fn fraction(&self) -> String {
        match self.nanos {
            0 => String::new(),
            n if n % 1_000_000 == 0 => format!(".{:03}", n / 1_000_000),
            n if n % 1_000 == 0 => format!(".{:06}", n / 1_000),
            n => format!(".{n:09}"),
        }
    }

    fn render(&self, style: DateTimeStyle) -> String {
        let fraction = self.fraction();
        match style {
            DateTimeStyle::SpaceSeparated => format!("{} {}{fraction} {}", self.date, self.time, self.offset),
            DateTimeStyle::Rfc3339 => format!("{}T{}{fraction}{}", self.date, self.time, self.offset),
        }
    }
}

/// Standard base64 with padding; `None` when the text is not base64 (validation reports it).
#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` is newer than the supported Rust.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn value(byte: u8) -> Option<u32> {
        Some(match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let body = text.trim_end_matches('=');
    if text.len() % 4 != 0 || text.len() - body.len() > 2 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in body.bytes() {
        buffer = (buffer << 6) | value(byte)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(text: &str, style: DateTimeStyle) -> String {
        parse_datetime(text).expect("valid date-time").render(style)
    }

    #[test]
    fn datetimes_print_like_prisma() {
        use DateTimeStyle::*;
        assert_eq!(render("2020-01-01T00:00:00Z", SpaceSeparated), "2020-01-01 00:00:00 +00:00");
        assert_eq!(render("2020-01-01T10:00:00.123+02:00", SpaceSeparated), "2020-01-01 10:00:00.123 +02:00");
        assert_eq!(render("2020-01-01T10:00:00.1200-05:30", SpaceSeparated), "2020-01-01 10:00:00.120 -05:30");
        assert_eq!(render("2020-01-01T10:00:00.0001Z", SpaceSeparated), "2020-01-01 10:00:00.000100 +00:00");
        assert_eq!(render("2020-01-01T10:00:00.000000001Z", Rfc3339), "2020-01-01T10:00:00.000000001+00:00");
        assert_eq!(render("2020-01-01T00:00:00Z", Rfc3339), "2020-01-01T00:00:00+00:00");
        assert_eq!(parse_datetime("2020-01-01"), None);
    }

    #[test]
    fn base64_decodes() {
        assert_eq!(decode_base64("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode_base64("").as_deref(), Some(&b""[..]));
        assert_eq!(decode_base64("YQ==").as_deref(), Some(&b"a"[..]));
        assert_eq!(decode_base64("YWI=").as_deref(), Some(&b"ab"[..]));
        assert_eq!(decode_base64("a!=="), None);
        assert_eq!(decode_base64("abc"), None);
    }
}
