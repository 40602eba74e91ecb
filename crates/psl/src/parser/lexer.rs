//! The lexer: text → tokens. It never fails: a character that starts no token becomes an
//! [`TokenKind::Unknown`] token for the parser to report, and an unterminated string ends at
//! the end of its line. Whitespace other than line breaks is not a token; line breaks are,
//! because the schema language is line-oriented (one field, value or property per line).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A letter (any alphabet), then letters, ASCII digits, `_` and `-`, as Prisma's
    /// grammar reads names: `Über`, `größe` and `用户` are names, `a١` (an Arabic-Indic digit)
    /// and emoji are not.
    Ident,
    /// `-?[0-9]+(\.[0-9]+)?`
    Number,
    /// A string literal, quotes included. `terminated` is false when the line ended first.
    Str {
        terminated: bool,
    },
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    At,
    AtAt,
    Equals,
    Colon,
    Comma,
    Dot,
    Question,
    Bang,
    /// `\n` or `\r\n`.
    Newline,
    /// `// …` up to the end of the line, line ending excluded, or `/* … */` (which may span
    /// lines).
    Comment,
    /// `/// …` up to the end of the line, line ending excluded.
    DocComment,
    /// One character that starts no token.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
}

pub(crate) fn lex(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut pos = 0;
    // A byte order mark is not part of the schema.
    if text.starts_with('\u{feff}') {
        pos = '\u{feff}'.len_utf8();
    }
    while pos < bytes.len() {
        let start = pos;
        let b = bytes[pos];
        let kind = match b {
            b'\n' => {
                pos += 1;
                TokenKind::Newline
            }
            b'\r' if bytes.get(pos + 1) == Some(&b'\n') => {
                pos += 2;
                TokenKind::Newline
            }
            b' ' | b'\t' | b'\r' => {
                pos += 1;
                continue;
            }
            b'/' if bytes.get(pos + 1) == Some(&b'/') => {
                let doc = bytes.get(pos + 2) == Some(&b'/');
                pos = line_end(bytes, pos);
                if doc {
                    TokenKind::DocComment
                } else {
                    TokenKind::Comment
                }
            }
            b'/' if bytes.get(pos + 1) == Some(&b'*') => match text[pos + 2..].find("*/") {
                // A block comment is a comment like a `//` one; the parser tells them apart by
                // their text.
                Some(close) => {
                    pos += 2 + close + 2;
                    TokenKind::Comment
                }
                None => {
                    pos += 1;
                    TokenKind::Unknown
                }
            },
            b'"' => {
                let (end, terminated) = string_end(bytes, pos);
                pos = end;
                TokenKind::Str { terminated }
            }
            b'-' if bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) => {
                pos = number_end(bytes, pos + 1);
                TokenKind::Number
            }
            b'0'..=b'9' => {
                pos = number_end(bytes, pos);
                TokenKind::Number
            }
            _ if starts_ident(text, pos) => {
                pos = ident_end(text, pos);
                TokenKind::Ident
            }
            b'@' if bytes.get(pos + 1) == Some(&b'@') => {
                pos += 2;
                TokenKind::AtAt
            }
            _ => {
                let single = match b {
                    b'{' => Some(TokenKind::LBrace),
                    b'}' => Some(TokenKind::RBrace),
                    b'(' => Some(TokenKind::LParen),
                    b')' => Some(TokenKind::RParen),
                    b'[' => Some(TokenKind::LBracket),
                    b']' => Some(TokenKind::RBracket),
                    b'@' => Some(TokenKind::At),
                    b'=' => Some(TokenKind::Equals),
                    b':' => Some(TokenKind::Colon),
                    b',' => Some(TokenKind::Comma),
                    b'.' => Some(TokenKind::Dot),
                    b'?' => Some(TokenKind::Question),
                    b'!' => Some(TokenKind::Bang),
                    _ => None,
                };
                match single {
                    Some(kind) => {
                        pos += 1;
                        kind
                    }
                    None => {
                        // `pos` is always on a character boundary: every branch above advances
                        // over ASCII bytes or whole characters only.
                        let c = text[pos..].chars().next().unwrap_or(' ');
                        pos += c.len_utf8();
                        if c.is_whitespace() {
                            continue;
                        }
                        TokenKind::Unknown
                    }
                }
            }
        };
        tokens.push(Token { kind, start, end: pos });
    }
    tokens
}

/// The offset of the line ending (`\n` or `\r\n`) at or after `pos`, or the end of the text.
fn line_end(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && bytes[pos] != b'\n' {
        if bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n') {
            break;
        }
        pos += 1;
    }
    pos
}

/// The end of the string literal starting at the quote at `pos`: after the closing quote, or
/// at the line ending when there is none.
fn string_end(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut pos = start + 1;
    while pos < bytes.len() {
        match bytes[pos] {
            b'"' => return (pos + 1, true),
            b'\\' if pos + 1 < bytes.len() && bytes[pos + 1] != b'\n' && bytes[pos + 1] != b'\r' => {
                // Skip the escaped character whole, so that `pos` stays on a char boundary.
                pos += 1;
                pos += utf8_len(bytes[pos]);
            }
            b'\n' => return (pos, false),
            b'\r' if bytes.get(pos + 1) == Some(&b'\n') => return (pos, false),
            _ => pos += 1,
        }
    }
    (bytes.len(), false)
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

fn number_end(bytes: &[u8], mut pos: usize) -> usize {
    while pos < bytes.len() && bytes[pos].is_ascii_digit() {
        pos += 1;
    }
    if bytes.get(pos) == Some(&b'.') && bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) {
        pos += 1;
        while pos < bytes.len() && bytes[pos].is_ascii_digit() {
            pos += 1;
        }
    }
    pos
}

/// The value of a string literal (`raw` includes the quotes), and the escapes it could not
/// read, as byte ranges relative to `raw` with the offending text.
pub(crate) fn unescape(raw: &str) -> (String, Vec<(usize, usize)>) {
    let inner_end = if raw.len() >= 2 && raw.ends_with('"') { raw.len() - 1 } else { raw.len() };
    let inner = raw.get(1..inner_end).unwrap_or("");
    let mut value = String::with_capacity(inner.len());
    let mut bad = Vec::new();
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        let Some((j, e)) = chars.next() else {
            bad.push((i + 1, i + 2));
            break;
        };
        let escaped = match e {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let hex: String = inner[j + 1..].chars().take(4).collect();
                match (hex.len() == 4 && hex.chars().all(|h| h.is_ascii_hexdigit()))
                    .then(|| u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32))
                    .flatten()
                {
                    Some(decoded) => {
                        for _ in 0..4 {
                            chars.next();
                        }
                        decoded
                    }
                    None => {
                        bad.push((i + 1, j + 2));
                        continue;
                    }
                }
            }
            _ => {
                bad.push((i + 1, j + 1 + e.len_utf8()));
                continue;
            }
        };
        value.push(escaped);
    }
    (value, bad)
}

/// Whether the character at `pos` starts a name: a letter of any alphabet (`_Hidden` is no
/// name for Prisma).
fn starts_ident(text: &str, pos: usize) -> bool {
    text[pos..].chars().next().is_some_and(char::is_alphabetic)
}

/// The end of the name starting at `pos`.
fn ident_end(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    rest.char_indices()
        .find(|(_, c)| !(c.is_alphabetic() || c.is_ascii_digit() || *c == '_' || *c == '-'))
        .map_or(text.len(), |(i, _)| pos + i)
}
