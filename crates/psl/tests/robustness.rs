//! Property tests: no input makes the parser or the formatter panic or loop, and whatever
//! the formatter prints, it prints again unchanged.

use proptest::prelude::*;
use psl::{format, parse, Diagnostics, FileId};

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
    let mut diagnostics = Diagnostics::new();
    let _ = parse(FileId(0), text, &mut diagnostics);
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

    #[test]
    fn token_soups_inside_a_model(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..40)) {
        let text = format!("model A {{\n  id Int @id\n  {}\n}}\n", pieces.join(" "));
        check(&text)?;
    }
}
