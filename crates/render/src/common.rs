//! Pieces shared by the dialect renderers.

use sql_schema::Literal;

/// The indentation of column and constraint lines inside `CREATE TABLE`.
pub(crate) const INDENT: &str = "    ";

/// `"ident"`, with embedded double quotes doubled (PostgreSQL and SQLite).
pub fn quote_double(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// `` `ident` ``, with embedded backticks doubled (MySQL).
pub fn quote_backtick(ident: &str) -> String {
    format!("`{}`", ident.replace('`', "``"))
}

/// `'text'`, with embedded single quotes doubled.
pub fn quote_string(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Lowercase hexadecimal digits of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How a literal prints when the dialect has no special form for it.
pub(crate) fn plain_literal(literal: &Literal) -> String {
    match literal {
        Literal::String(s) | Literal::Enum(s) | Literal::Json(s) | Literal::DateTime(s) => quote_string(s),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) | Literal::Decimal(f) => f.clone(),
        Literal::Boolean(b) => b.to_string(),
        Literal::Bytes(b) => quote_string(&hex(b)),
        Literal::List(items) => {
            let inner: Vec<String> = items.iter().map(plain_literal).collect();
            format!("[{}]", inner.join(","))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_quotes_are_doubled() {
        assert_eq!(quote_double("User"), "\"User\"");
        assert_eq!(quote_double("first \"name\""), "\"first \"\"name\"\"\"");
        assert_eq!(quote_double("with space"), "\"with space\"");
        assert_eq!(quote_double("select"), "\"select\"");
        assert_eq!(quote_double("café"), "\"café\"");
    }

    #[test]
    fn backticks_are_doubled() {
        assert_eq!(quote_backtick("User"), "`User`");
        assert_eq!(quote_backtick("a`b"), "`a``b`");
        assert_eq!(quote_backtick("order"), "`order`");
        assert_eq!(quote_backtick("naïve name"), "`naïve name`");
    }

    #[test]
    fn string_literals_double_single_quotes() {
        assert_eq!(quote_string("it's"), "'it''s'");
        assert_eq!(quote_string(""), "''");
    }
}
