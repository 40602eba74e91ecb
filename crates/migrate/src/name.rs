//! Migration names as Prisma writes them from `--name`.
//!
//! Prisma passes the name through a slugify step and keeps the first 200 characters:
//! `&`, `♥` and `🦄` become words; letters are transliterated to ASCII (German umlauts and
//! `ß` spelled out, other Latin letters stripped of their diacritics, Cyrillic romanised);
//! camelCase is split into words; everything is lowercased; `'t` and `'s` contractions lose their
//! apostrophe; every run of other characters becomes one `_`; and leading and trailing `_` are
//! dropped. `"Init: Users & Posts!! Été"` becomes `init_users_and_posts_ete`.
//!
//! Prisma transliterates many more scripts (Greek, Arabic, Armenian and others); ebb knows Latin
//! and Cyrillic and drops the letters of other scripts, as Prisma does for scripts it has no
//! table for (`日本語` gives the empty name in both).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The longest migration name Prisma keeps, in characters (all ASCII by then).
pub const MAX_MIGRATION_NAME_LEN: usize = 200;

/// Letters whose ASCII spelling is not what stripping their diacritics gives.
const TRANSLITERATIONS: &[(char, &str)] = &[
    ('Ä', "Ae"),
    ('Æ', "AE"),
    ('Ð', "D"),
    ('Ö', "Oe"),
    ('Ø', "O"),
    ('Ü', "Ue"),
    ('Þ', "TH"),
    ('ß', "ss"),
    ('ä', "ae"),
    ('æ', "ae"),
    ('ð', "d"),
    ('ö', "oe"),
    ('ø', "o"),
    ('ü', "ue"),
    ('þ', "th"),
    ('Đ', "D"),
    ('đ', "d"),
    ('Ħ', "H"),
    ('ħ', "h"),
    ('ı', "i"),
    ('Ĳ', "IJ"),
    ('ĳ', "ij"),
    ('Ł', "L"),
    ('ł', "l"),
    ('Ё', "Yo"),
    ('Є', "Ye"),
    ('І', "I"),
    ('Ї', "Yi"),
    ('Љ', "Lj"),
    ('Њ', "Nj"),
    ('Ќ', "Kj"),
    ('А', "A"),
    ('Б', "B"),
    ('В', "V"),
    ('Г', "G"),
    ('Д', "D"),
    ('Е', "E"),
    ('Ж', "Zh"),
    ('З', "Z"),
    ('И', "I"),
    ('Й', "Y"),
    ('К', "K"),
    ('Л', "L"),
    ('М', "M"),
    ('Н', "N"),
    ('О', "O"),
    ('П', "P"),
    ('Р', "R"),
    ('С', "S"),
    ('Т', "T"),
    ('У', "U"),
    ('Ф', "F"),
    ('Х', "Kh"),
    ('Ц', "Ts"),
    ('Ч', "Ch"),
    ('Ш', "Sh"),
    ('Щ', "Sch"),
    ('Ъ', ""),
    ('Ы', "Y"),
    ('Ь', ""),
    ('Э', "E"),
    ('Ю', "Yu"),
    ('Я', "Ya"),
    ('а', "a"),
    ('б', "b"),
    ('в', "v"),
    ('г', "g"),
    ('д', "d"),
    ('е', "e"),
    ('ж', "zh"),
    ('з', "z"),
    ('и', "i"),
    ('й', "y"),
    ('к', "k"),
    ('л', "l"),
    ('м', "m"),
    ('н', "n"),
    ('о', "o"),
    ('п', "p"),
    ('р', "r"),
    ('с', "s"),
    ('т', "t"),
    ('у', "u"),
    ('ф', "f"),
    ('х', "kh"),
    ('ц', "ts"),
    ('ч', "ch"),
    ('ш', "sh"),
    ('щ', "sch"),
    ('ъ', ""),
    ('ы', "y"),
    ('ь', ""),
    ('э', "e"),
    ('ю', "yu"),
    ('я', "ya"),
    ('ё', "yo"),
    ('є', "ye"),
    ('і', "i"),
    ('ї', "yi"),
    ('љ', "lj"),
    ('њ', "nj"),
    ('ќ', "kj"),
];

/// Words Prisma puts in place of a few symbols before anything else.
const SYMBOL_WORDS: &[(char, &str)] = &[('&', " and "), ('\u{1F984}', " unicorn "), ('\u{2665}', " love ")];

/// The migration name Prisma derives from what the user typed after `--name`. May be empty.
pub fn sanitize_migration_name(input: &str) -> String {
    let mut text = String::with_capacity(input.len());
    for c in input.nfc() {
        match SYMBOL_WORDS.iter().chain(TRANSLITERATIONS).find(|(from, _)| *from == c) {
            Some((_, to)) => text.push_str(to),
            None => text.push(c),
        }
    }
    let text: String = text.nfd().filter(|c| !is_combining_mark(*c)).nfc().collect();
    let text = decamelize(&text).to_lowercase();
    let text = drop_contraction_apostrophes(&text);
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let slug = slug.trim_matches('_');
    slug.chars().take(MAX_MIGRATION_NAME_LEN).collect()
}

/// Splits camelCase into words with spaces, by the four rules of Prisma's slugify, each applied
/// to the whole text in turn: `ABC123` → `ABC 123`, `abcDEF` → `abc DEF`, `aB` → `a B`, and
/// `XMLHttp` → `XML Http` (but `URLs` stays whole).
fn decamelize(text: &str) -> String {
    let upper = |c: char| c.is_ascii_uppercase();
    let lower_or_digit = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    // Rule 1: an uppercase run of two or more, then a digit.
    let text = insert_spaces(text, |chars, i| chars[i].is_ascii_digit() && run_before(chars, i, upper) >= 2);
    // Rule 2: a lowercase letter or digit, then an uppercase run of two or more.
    let text = insert_spaces(&text, |chars, i| i > 0 && lower_or_digit(chars[i - 1]) && run_from(chars, i, upper) >= 2);
    // Rule 3: a lowercase letter or digit, then an uppercase letter.
    let text = insert_spaces(&text, |chars, i| i > 0 && lower_or_digit(chars[i - 1]) && upper(chars[i]));
    // Rule 4: the last capital of an uppercase run of two or more starts a word when a lowercase
    // letter other than `s`, or a digit, follows it.
    insert_spaces(&text, |chars, i| {
        let next_fits = chars.get(i + 1).is_some_and(|&c| (c.is_ascii_lowercase() && c != 's') || c.is_ascii_digit());
        upper(chars[i]) && next_fits && run_before(chars, i, upper) >= 1
    })
}

/// Rebuilds `text` with a space before every index for which `space_before` holds.
fn insert_spaces(text: &str, space_before: impl Fn(&[char], usize) -> bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if space_before(&chars, i) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// How many characters right before `i` satisfy `pred`, without a break.
fn run_before(chars: &[char], i: usize, pred: impl Fn(char) -> bool) -> usize {
    chars[..i].iter().rev().take_while(|&&c| pred(c)).count()
}

/// How many characters from `i` on satisfy `pred`, without a break.
fn run_from(chars: &[char], i: usize, pred: impl Fn(char) -> bool) -> usize {
    chars[i..].iter().take_while(|&&c| pred(c)).count()
}

/// `it's done` → `its done`, `don't` → `dont`: an apostrophe between a letter or digit and a
/// final `t` or `s` goes away.
fn drop_contraction_apostrophes(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let is_contraction = c == '\''
            && i > 0
            && chars[i - 1].is_ascii_alphanumeric()
            && matches!(chars.get(i + 1), Some('t' | 's'))
            && !matches!(chars.get(i + 2), Some(c) if !c.is_whitespace());
        if !is_contraction {
            out.push(c);
        }
    }
    out
}
