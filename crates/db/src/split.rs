//! Splits a SQL script into statements at top-level semicolons, for the dialects whose scripts
//! run statement by statement. Knows string literals, quoted identifiers, comments, and SQLite
//! trigger bodies (`BEGIN … END`), where semicolons do not end the statement.

/// Which lexical rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SplitRules {
    /// Backslash escapes in strings, `#` comments, `-- ` comments need a space.
    Mysql,
    /// Standard strings, `[identifiers]`, trigger bodies.
    Sqlite,
}

/// One statement of a script, without its terminating semicolon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statement<'a> {
    pub text: &'a str,
    /// 1-based line of the statement's first non-blank character in the script.
    pub line: usize,
    /// Byte offset of that character.
    pub start: usize,
}

impl Statement<'_> {
    /// The first line that is not a comment, for messages.
    pub fn first_line(&self) -> &str {
        self.first_code_line().map_or_else(|| self.text.trim(), |(_, line)| line)
    }

    /// The 1-based script line of [`Statement::first_line`].
    pub fn first_line_number(&self) -> usize {
        self.first_code_line().map_or(self.line, |(offset, _)| self.line + offset)
    }

    fn first_code_line(&self) -> Option<(usize, &str)> {
        self.text
            .lines()
            .map(str::trim)
            .enumerate()
            .find(|(_, l)| !l.is_empty() && !l.starts_with("--") && !l.starts_with('#'))
    }
}

/// The statements of `script`; empty ones (only whitespace and comments) are left out.
pub(crate) fn split(script: &str, rules: SplitRules) -> Vec<Statement<'_>> {
    let bytes = script.as_bytes();
    let mut statements = Vec::new();
    let mut start = 0;
    let mut i = 0;
    // Statement-level state for SQLite triggers: inside `BEGIN … END` semicolons do not split.
    let mut words: Vec<String> = Vec::new();
    let mut in_trigger_body = false;
    let mut has_code = false;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'\'' | b'"' | b'`' => {
                has_code = true;
                i = skip_quoted(bytes, i, c, rules == SplitRules::Mysql && c != b'`');
                continue;
            }
            b'[' if rules == SplitRules::Sqlite => {
                has_code = true;
                i = bytes[i..].iter().position(|&b| b == b']').map_or(bytes.len(), |p| i + p + 1);
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-')
                && (rules != SplitRules::Mysql || !matches!(bytes.get(i + 2), Some(b) if !b.is_ascii_whitespace())) =>
            {
                i = bytes[i..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| i + p + 1);
                continue;
            }
            b'#' if rules == SplitRules::Mysql => {
                i = bytes[i..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| i + p + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = script[i + 2..].find("*/").map_or(bytes.len(), |p| i + 2 + p + 2);
                continue;
            }
            b';' if !in_trigger_body => {
                if has_code {
                    statements.push(make_statement(script, start, i));
                }
                start = i + 1;
                has_code = false;
                words.clear();
                i += 1;
                continue;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                has_code = true;
                let end = bytes[i..]
                    .iter()
                    .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
                    .map_or(bytes.len(), |p| i + p);
                let word = script[i..end].to_ascii_uppercase();
                if rules == SplitRules::Sqlite {
                    if !in_trigger_body && word == "BEGIN" && words.iter().any(|w| w == "TRIGGER") {
                        in_trigger_body = true;
                    } else if in_trigger_body && word == "END" {
                        in_trigger_body = false;
                    }
                }
                if words.len() < 8 {
                    words.push(word);
                }
                i = end;
                continue;
            }
            c if !c.is_ascii_whitespace() => has_code = true,
            _ => {}
        }
        i += 1;
    }
    if has_code {
        statements.push(make_statement(script, start, script.len()));
    }
    statements
}

fn make_statement(script: &str, start: usize, end: usize) -> Statement<'_> {
    let raw = &script[start..end];
    let leading = raw.len() - raw.trim_start().len();
    let text = raw.trim();
    let line = script[..start + leading].matches('\n').count() + 1;
    Statement { text, line, start: start + leading }
}

/// The index just past the quoted run that starts at `start` with `quote`. A doubled quote is
/// an escaped quote; with `backslash`, so is `\` followed by any character.
fn skip_quoted(bytes: &[u8], start: usize, quote: u8, backslash: bool) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        if backslash && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str, rules: SplitRules) -> Vec<&str> {
        split(script, rules).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn splits_at_top_level_semicolons() {
        let script = "-- CreateTable\nCREATE TABLE `a;b` (\n  `x` VARCHAR(191) DEFAULT 'it''s;' \n);\n\n-- Note; here\nINSERT INTO t VALUES ('a\\';b', \"c;d\") ; /* x; */ # y;\n";
        assert_eq!(
            texts(script, SplitRules::Mysql),
            vec![
                "-- CreateTable\nCREATE TABLE `a;b` (\n  `x` VARCHAR(191) DEFAULT 'it''s;' \n)",
                "-- Note; here\nINSERT INTO t VALUES ('a\\';b', \"c;d\")",
            ]
        );
        let statements = split(script, SplitRules::Mysql);
        assert_eq!(statements[0].line, 1);
        assert_eq!(statements[0].first_line(), "CREATE TABLE `a;b` (");
        assert_eq!(statements[1].line, 6);
        assert_eq!(statements[1].first_line_number(), 7);
    }

    #[test]
    fn mysql_double_dash_needs_a_space() {
        assert_eq!(texts("SELECT 1--1;SELECT 2", SplitRules::Mysql), vec!["SELECT 1--1", "SELECT 2"]);
    }

    #[test]
    fn sqlite_trigger_bodies_stay_whole() {
        let script =
            "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; DELETE FROM c; END;\nCREATE TABLE [d;e] (x);";
        assert_eq!(
            texts(script, SplitRules::Sqlite),
            vec![
                "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; DELETE FROM c; END",
                "CREATE TABLE [d;e] (x)"
            ]
        );
        assert_eq!(texts("BEGIN; SELECT 1; COMMIT;", SplitRules::Sqlite), vec!["BEGIN", "SELECT 1", "COMMIT"]);
    }

    #[test]
    fn comment_only_scripts_have_no_statements() {
        assert!(split("-- This is an empty migration.\n", SplitRules::Sqlite).is_empty());
        assert!(split("  ;\n; /* c */", SplitRules::Mysql).is_empty());
    }
}
