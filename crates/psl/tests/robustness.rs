//! Property tests: no input makes the parser, the validator or the formatter panic or loop,
//! every diagnostic points inside the text, and whatever the formatter prints, it prints again
//! unchanged.

use proptest::prelude::*;
use psl::{format, SourceSet};
use schema_gen::{generate, Options, Provider};

/// Pieces of schema syntax, valid and not, to shuffle into token soups.
const PIECES: &[&str] = &[
    "model",
    "enum",
    "view",
    "type",
    "datasource",
    "generator",
    "A",
    "id",
    "Int",
    "String",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "[]",
    "?",
    "!",
    "@",
    "@@",
    "@id",
    "@default",
    "@@index",
    "@db.VarChar",
    "=",
    ":",
    ",",
    ".",
    "\"str\"",
    "\"unterminated",
    "\"esc\\\"\"",
    "\"\\q\"",
    "1",
    "-2.5",
    "now()",
    "// c",
    "/// d",
    "/* b */",
    "/*",
    "\n",
    "\n",
    "\n",
    "\r\n",
    " ",
    " ",
    "  ",
    "\t",
    "é",
    "$",
    "Unsupported(",
];

fn check(text: &str) -> Result<(), TestCaseError> {
    let sources = SourceSet::single("prop.prisma", text);
    let validated = psl::parse_schema(&sources);
    for d in validated.diagnostics.iter() {
        prop_assert!(d.span.start <= d.span.end && d.span.end as usize <= text.len(), "span out of the text: {:?}", d);
    }
    let _ = psl::diagnostics::render(&sources, &validated.diagnostics);
    if let Ok(formatted) = format(text) {
        let again = format(&formatted);
        prop_assert_eq!(again.as_ref().ok(), Some(&formatted), "formatting the formatted text changed it");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings(chars in proptest::collection::vec(any::<char>(), 0..200)) {
        let text: String = chars.into_iter().collect();
        check(&text)?;
    }

    #[test]
    fn token_soups(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..80)) {
        let text: String = pieces.concat();
        check(&text)?;
    }

    /// A valid generated schema with a slice cut out, or repeated: reaches deep into
    /// validation (dangling relations, half attributes, duplicate names).
    #[test]
    fn damaged_valid_schemas(seed in 0u64..10_000, provider in 0usize..3, at in 0.0f64..1.0, len in 0usize..200, repeat in any::<bool>()) {
        let provider = [Provider::PostgreSql, Provider::MySql, Provider::Sqlite][provider];
        let text = generate(&Options { models: 6, enums: 2, provider, seed });
        let mut start = ((text.len() as f64) * at) as usize;
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let damaged = if repeat {
            format!("{}{}{}", &text[..end], &text[start..end], &text[end..])
        } else {
            format!("{}{}", &text[..start], &text[end..])
        };
        check(&damaged)?;
    }

    #[test]
    fn token_soups_inside_a_model(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)) {
        let text = format!("model A {{\n  id Int @id\n  {}\n}}\n", pieces.join(" "));
        check(&text)?;
    }
}
