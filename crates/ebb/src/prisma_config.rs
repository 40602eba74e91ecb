//! Reads `prisma.config.ts` without running Node: the object literal handed to
//! `defineConfig({...})` (or `export default {...}`) is parsed statically.
//!
//! Only what can be known without evaluating code is understood: string literals, nested
//! object literals, and `env("NAME")` / `process.env.NAME` / `process.env["NAME"]` for values
//! taken from the environment, optionally followed by `?? "fallback"` or `|| "fallback"` (the
//! shapes Prisma's documentation and `prisma init` write). Anything else is kept as [`Value::Other`] with its position, so that a caller
//! needing that property can say exactly which expression it could not read.

use std::fmt;
use std::path::{Path, PathBuf};

/// The name Prisma looks for in the current directory.
pub const DEFAULT_FILE: &str = "prisma.config.ts";

/// A property value of the config object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    Object(Vec<(String, Value)>),
    /// `env("NAME")` or `process.env.NAME`, with the literal after `??` or `||` if any.
    Env(EnvValue),
    /// An expression that cannot be read without evaluating it; 1-based line and column.
    Other {
        line: usize,
        col: usize,
        text: String,
    },
}

/// A value read from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvValue {
    pub name: String,
    pub fallback: Option<Fallback>,
}

/// `?? "text"` applies when the variable is unset; `|| "text"` also when it is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fallback {
    IfUnset(String),
    IfUnsetOrEmpty(String),
}

impl EnvValue {
    /// The value, given how to look a variable up; `None` when unset without a fallback.
    pub fn resolve(&self, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
        let value = lookup(&self.name);
        match (&self.fallback, value) {
            (Some(Fallback::IfUnsetOrEmpty(text)), Some(v)) if v.is_empty() => Some(text.clone()),
            (_, Some(v)) => Some(v),
            (Some(Fallback::IfUnset(text) | Fallback::IfUnsetOrEmpty(text)), None) => Some(text.clone()),
            (None, None) => None,
        }
    }
}

/// A property that is a string literal or comes from the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StringOrEnv<'a> {
    Literal(&'a str),
    Env(&'a EnvValue),
}

#[derive(Debug)]
pub struct PrismaConfig {
    /// The path as shown to the user (relative to the current directory when possible).
    pub shown: PathBuf,
    /// The directory relative paths in the config are resolved against.
    pub dir: PathBuf,
    pub root: Vec<(String, Value)>,
}

#[derive(Debug)]
pub enum ConfigError {
    Read {
        path: PathBuf,
        error: std::io::Error,
    },
    /// No `defineConfig({ ... })` or `export default { ... }` object was found.
    NoConfigObject {
        path: PathBuf,
    },
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// A property that must be a string literal is not one; the position is 1-based.
    NotLiteral {
        path: PathBuf,
        property: String,
        at: Option<(usize, usize)>,
        text: String,
        expected: Expected,
    },
}

/// What a property must be for ebb to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    String,
    StringOrEnv,
    Object,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Read { path, error } => {
                write!(f, "could not read the Prisma config file {}: {error}", path.display())
            }
            ConfigError::NoConfigObject { path } => write!(
                f,
                "{}: no `export default defineConfig({{ ... }})` found; ebb reads the config file without running it",
                path.display()
            ),
            ConfigError::Syntax { path, line, col, message } => {
                write!(f, "{}:{line}:{col}: {message}", path.display())
            }
            ConfigError::NotLiteral { path, property, at, text, expected } => {
                write!(f, "{}", path.display())?;
                if let Some((line, col)) = at {
                    write!(f, ":{line}:{col}")?;
                }
                match expected {
                    Expected::String => write!(
                        f,
                        ": `{property}` must be a string literal, found `{text}` (ebb reads the config file without running it)"
                    ),
                    Expected::StringOrEnv => write!(
                        f,
                        ": `{property}` must be a string literal, `env(\"NAME\")` or `process.env.NAME`, found `{text}` (ebb reads the config file without running it: write the URL into an environment variable or `.env`, and name it here)"
                    ),
                    Expected::Object => write!(
                        f,
                        ": `{property}` must be an object literal `{{ ... }}`, found `{text}` (ebb reads the config file without running it)"
                    ),
                }
            }
        }
    }
}

impl PrismaConfig {
    /// Reads and parses the config file at `path`; `shown` is how the path is displayed.
    pub fn load(path: &Path, shown: &Path) -> Result<PrismaConfig, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|error| ConfigError::Read { path: shown.to_path_buf(), error })?;
        let root = parse(&text).map_err(|e| match e {
            ParseError::NoObject => ConfigError::NoConfigObject { path: shown.to_path_buf() },
            ParseError::Syntax { line, col, message } => {
                ConfigError::Syntax { path: shown.to_path_buf(), line, col, message }
            }
        })?;
        let dir = shown.parent().map(Path::to_path_buf).unwrap_or_default();
        Ok(PrismaConfig { shown: shown.to_path_buf(), dir, root })
    }

    /// The value at a property path such as `["migrations", "path"]`, if present.
    pub fn get(&self, keys: &[&str]) -> Option<&Value> {
        let mut object = &self.root;
        let (last, parents) = keys.split_last()?;
        for key in parents {
            match lookup(object, key)? {
                Value::Object(inner) => object = inner,
                _ => return None,
            }
        }
        lookup(object, last)
    }

    /// A property that must be a string literal when present.
    pub fn string(&self, keys: &[&str]) -> Result<Option<&str>, ConfigError> {
        match self.get(keys) {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s)),
            Some(Value::Other { line, col, text }) => {
                Err(self.not_literal(keys, Some((*line, *col)), text, Expected::String))
            }
            Some(Value::Env(env)) => {
                Err(self.not_literal(keys, None, &format!("env(\"{}\")", env.name), Expected::String))
            }
            Some(Value::Object(_)) => Err(self.not_literal(keys, None, "{ ... }", Expected::String)),
        }
    }

    /// A property that may be a string literal or name an environment variable (URLs).
    pub fn string_or_env(&self, keys: &[&str]) -> Result<Option<StringOrEnv<'_>>, ConfigError> {
        // A computed parent (`datasource: makeDatasource()`) hides the property: say so.
        for depth in 1..keys.len() {
            if let Some(Value::Other { line, col, text }) = self.get(&keys[..depth]) {
                return Err(self.not_literal(&keys[..depth], Some((*line, *col)), text, Expected::Object));
            }
        }
        match self.get(keys) {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(StringOrEnv::Literal(s))),
            Some(Value::Env(env)) => Ok(Some(StringOrEnv::Env(env))),
            Some(Value::Other { line, col, text }) => {
                Err(self.not_literal(keys, Some((*line, *col)), text, Expected::StringOrEnv))
            }
            Some(Value::Object(_)) => Err(self.not_literal(keys, None, "{ ... }", Expected::StringOrEnv)),
        }
    }

    fn not_literal(&self, keys: &[&str], at: Option<(usize, usize)>, text: &str, expected: Expected) -> ConfigError {
        ConfigError::NotLiteral {
            path: self.shown.clone(),
            property: keys.join("."),
            at,
            text: text.to_string(),
            expected,
        }
    }
}

fn lookup<'a>(object: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    // The last occurrence wins, as in JavaScript.
    object.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
}

enum ParseError {
    NoObject,
    Syntax { line: usize, col: usize, message: String },
}

/// Parses the config object out of the file's text.
fn parse(text: &str) -> Result<Vec<(String, Value)>, ParseError> {
    let stripped = blank_comments(text);
    let start = ["defineConfig(", "export default"]
        .iter()
        .find_map(|marker| stripped.find(marker).map(|at| at + marker.len()))
        .ok_or(ParseError::NoObject)?;
    let mut reader = Reader { text: &stripped, pos: start };
    reader.skip_ws();
    if reader.peek() != Some('{') {
        return Err(ParseError::NoObject);
    }
    match reader.object()? {
        Value::Object(props) => Ok(props),
        _ => Err(ParseError::NoObject),
    }
}

/// Replaces comments with spaces (newlines kept), so positions stay true and the reader never
/// sees them. Strings are skipped so that `"//"` inside a literal survives.
fn blank_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        if let Some(q) = quote {
            out.push(c);
            if c == '\\' {
                if let Some(next) = chars.next() {
                    out.push(next);
                }
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match (c, chars.peek()) {
            ('/', Some('/')) => {
                while let Some(&n) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    out.push(' ');
                    chars.next();
                }
                out.push(' ');
            }
            ('/', Some('*')) => {
                out.push(' ');
                let mut prev = ' ';
                for n in chars.by_ref() {
                    out.push(if n == '\n' { '\n' } else { ' ' });
                    if prev == '*' && n == '/' {
                        break;
                    }
                    prev = n;
                }
            }
            ('"' | '\'' | '`', _) => {
                quote = Some(c);
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn line_col(&self, pos: usize) -> (usize, usize) {
        let before = &self.text[..pos];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    fn error(&self, message: impl Into<String>) -> ParseError {
        let (line, col) = self.line_col(self.pos);
        ParseError::Syntax { line, col, message: message.into() }
    }

    /// `{ key: value, ... }`; the reader stands on `{`.
    fn object(&mut self) -> Result<Value, ParseError> {
        self.bump();
        let mut props = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                Some('}') => {
                    self.bump();
                    return Ok(Value::Object(props));
                }
                Some(',') => {
                    self.bump();
                    continue;
                }
                None => return Err(self.error("unclosed `{` in the config object")),
                _ => {}
            }
            if self.text[self.pos..].starts_with("...") {
                // A spread cannot be read statically; skip it.
                self.expression_text();
                continue;
            }
            let key = self.key()?;
            self.skip_ws();
            match self.peek() {
                Some(':') => {
                    self.bump();
                    self.skip_ws();
                    let value = self.value()?;
                    props.push((key, value));
                }
                // Shorthand property (`{ schema }`) or method: not a literal.
                _ => {
                    let (line, col) = self.line_col(self.pos);
                    let text = self.expression_text();
                    props.push((key.clone(), Value::Other { line, col, text: format!("{key}{text}") }));
                }
            }
        }
    }

    fn key(&mut self) -> Result<String, ParseError> {
        match self.peek() {
            Some(q @ ('"' | '\'')) => self.string(q),
            Some(c) if c.is_alphanumeric() || c == '_' || c == '$' => {
                let start = self.pos;
                while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                    self.bump();
                }
                Ok(self.text[start..self.pos].to_string())
            }
            _ => Err(self.error("expected a property name in the config object")),
        }
    }

    /// A quoted string; the reader stands on the opening quote.
    fn string(&mut self, quote: char) -> Result<String, ParseError> {
        self.bump();
        let mut out = String::new();
        loop {
            match self.bump() {
                None => return Err(self.error("unterminated string")),
                Some(c) if c == quote => return Ok(out),
                Some('\\') => match self.bump() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(c) => out.push(c),
                    None => return Err(self.error("unterminated string")),
                },
                Some(c) => out.push(c),
            }
        }
    }

    fn value(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        let (line, col) = self.line_col(start);
        match self.peek() {
            Some('{') => return self.object(),
            Some(q @ ('"' | '\'')) => {
                let s = self.string(q)?;
                if self.at_value_end() {
                    return Ok(Value::Str(s));
                }
            }
            Some('`') => {
                let s = self.string('`')?;
                if !s.contains("${") && self.at_value_end() {
                    return Ok(Value::Str(s));
                }
            }
            _ => {}
        }
        self.pos = start;
        let text = self.expression_text();
        let bare = without_type_assertions(&text);
        if let Some(literal) = string_literal(bare) {
            return Ok(Value::Str(literal));
        }
        if let Some(env) = env_value(bare) {
            return Ok(Value::Env(env));
        }
        Ok(Value::Other { line, col, text })
    }

    fn at_value_end(&mut self) -> bool {
        self.skip_ws();
        matches!(self.peek(), Some(',' | '}') | None)
    }

    /// Skips one expression up to the next `,` or `}` at depth zero; returns its text trimmed.
    fn expression_text(&mut self) -> String {
        let start = self.pos;
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            match c {
                '"' | '\'' | '`' => {
                    if self.string(c).is_err() {
                        break;
                    }
                    continue;
                }
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth > 0 => depth -= 1,
                ',' | '}' if depth == 0 => break,
                _ => {}
            }
            self.bump();
        }
        self.text[start..self.pos].trim().to_string()
    }
}

/// `ENV`, `ENV ?? "text"` or `ENV || "text"`, where `ENV` is `env("NAME")`,
/// `process.env.NAME` or `process.env["NAME"]`.
fn env_value(text: &str) -> Option<EnvValue> {
    let literal = |rest: &str| string_literal(without_type_assertions(rest));
    let (variable, fallback) = match (text.split_once("??"), text.split_once("||")) {
        (Some((variable, rest)), None) => (variable, Some(Fallback::IfUnset(literal(rest)?))),
        (None, Some((variable, rest))) => (variable, Some(Fallback::IfUnsetOrEmpty(literal(rest)?))),
        (None, None) => (text, None),
        (Some(_), Some(_)) => return None,
    };
    let variable = without_type_assertions(variable);
    let compact: String = variable.chars().filter(|c| !c.is_whitespace()).collect();
    let name = env_call(&compact)?;
    Some(EnvValue { name, fallback })
}

/// `text` without what TypeScript only checks and JavaScript never sees: a non-null assertion
/// (`process.env.URL!`), a type assertion (`process.env.URL as string`) and enclosing
/// parentheses, however nested.
fn without_type_assertions(text: &str) -> &str {
    let mut text = text.trim();
    loop {
        let before = text;
        if let Some(inner) = text.strip_suffix('!') {
            text = inner.trim_end();
        }
        if let Some((expression, tpe)) = text.rsplit_once(" as ") {
            let is_type = !tpe.trim().is_empty()
                && tpe.trim().chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '<' | '>' | '[' | ']'));
            if is_type {
                text = expression.trim_end();
            }
        }
        if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
            if encloses(inner) {
                text = inner.trim();
            }
        }
        if text == before {
            return text;
        }
    }
}

/// Whether the parentheses in `inner` balance, so that `(inner)` is one parenthesised
/// expression (not `(a) ?? (b)`). Quoted text is not expected around them in a URL value.
fn encloses(inner: &str) -> bool {
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return false,
            ')' => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

/// The text of a whole quoted literal without `${...}`, as written (escapes other than `\\"`
/// are not expected in URLs).
fn string_literal(text: &str) -> Option<String> {
    let quote = text.chars().next().filter(|q| matches!(q, '"' | '\'' | '`'))?;
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    let special = inner.contains(quote) || inner.contains('\\') || (quote == '`' && inner.contains("${"));
    (!special).then(|| inner.to_string())
}

/// `env("NAME")`, `env('NAME')`, `process.env.NAME` or `process.env["NAME"]` (whitespace
/// removed).
fn env_call(compact: &str) -> Option<String> {
    let valid = |name: &str| !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if let Some(name) = compact.strip_prefix("process.env.") {
        return valid(name).then(|| name.to_string());
    }
    let inner = compact
        .strip_prefix("process.env[")
        .and_then(|s| s.strip_suffix(']'))
        .or_else(|| compact.strip_prefix("env(")?.strip_suffix(')'))?;
    let name = string_literal(inner)?;
    valid(&name).then_some(name)
}

/// Where a config file is, if any: `--config FILE`, else `prisma.config.ts` in `cwd`.
pub fn find(explicit: Option<&Path>, cwd: &Path) -> Option<PathBuf> {
    match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => cwd.join(DEFAULT_FILE).is_file().then(|| PathBuf::from(DEFAULT_FILE)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(text: &str) -> Vec<(String, Value)> {
        match parse(text) {
            Ok(props) => props,
            Err(ParseError::NoObject) => panic!("no object"),
            Err(ParseError::Syntax { line, col, message }) => panic!("{line}:{col}: {message}"),
        }
    }

    #[test]
    fn reads_literals_nested_objects_and_env() {
        let text = r#"import { defineConfig, env } from "prisma/config";
// schema: "commented out",
export default defineConfig({
  schema: 'prisma/schema.prisma', /* a comment */
  migrations: { path: `prisma/migrations`, seed: "tsx seed.ts" },
  datasource: { url: env("DATABASE_URL"), shadowDatabaseUrl: process.env.SHADOW },
  engine: someFunction(1, { a: 2 }),
});
"#;
        let expected = vec![
            ("schema".to_string(), Value::Str("prisma/schema.prisma".into())),
            (
                "migrations".to_string(),
                Value::Object(vec![
                    ("path".into(), Value::Str("prisma/migrations".into())),
                    ("seed".into(), Value::Str("tsx seed.ts".into())),
                ]),
            ),
            (
                "datasource".to_string(),
                Value::Object(vec![
                    ("url".into(), Value::Env(EnvValue { name: "DATABASE_URL".into(), fallback: None })),
                    ("shadowDatabaseUrl".into(), Value::Env(EnvValue { name: "SHADOW".into(), fallback: None })),
                ]),
            ),
            ("engine".to_string(), Value::Other { line: 7, col: 11, text: "someFunction(1, { a: 2 })".into() }),
        ];
        assert_eq!(props(text), expected);
    }

    #[test]
    fn a_computed_value_is_reported_with_its_position() {
        let text = "export default defineConfig({\n  schema: path.join(dir, \"schema.prisma\"),\n})\n";
        let config = PrismaConfig { shown: "prisma.config.ts".into(), dir: PathBuf::new(), root: props(text) };
        let message = match config.string(&["schema"]) {
            Err(e) => e.to_string(),
            Ok(v) => panic!("expected an error, got {v:?}"),
        };
        assert_eq!(
            message,
            "prisma.config.ts:2:11: `schema` must be a string literal, found `path.join(dir, \"schema.prisma\")` (ebb reads the config file without running it)"
        );
    }

    fn datasource_url(text: &str) -> Result<Option<String>, String> {
        let config = PrismaConfig { shown: "prisma.config.ts".into(), dir: PathBuf::new(), root: props(text) };
        let lookup = |name: &str| match name {
            "SET" => Some("postgresql://set".to_string()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        match config.string_or_env(&["datasource", "url"]) {
            Ok(None) => Ok(None),
            Ok(Some(StringOrEnv::Literal(text))) => Ok(Some(text.to_string())),
            Ok(Some(StringOrEnv::Env(env))) => Ok(env.resolve(lookup)),
            Err(e) => Err(e.to_string()),
        }
    }

    /// The shapes of `datasource.url` that Prisma's documentation and `prisma init` write.
    #[test]
    fn datasource_url_shapes() {
        let cases: &[(&str, Result<Option<&str>, &str>)] = &[
            (r#"url: "file:./dev.db""#, Ok(Some("file:./dev.db"))),
            (r#"url: env("SET")"#, Ok(Some("postgresql://set"))),
            (r#"url: env('UNSET')"#, Ok(None)),
            ("url: process.env.SET", Ok(Some("postgresql://set"))),
            (r#"url: process.env["SET"]"#, Ok(Some("postgresql://set"))),
            (r#"url: process.env.UNSET ?? "file:./fallback.db""#, Ok(Some("file:./fallback.db"))),
            (r#"url: process.env.EMPTY ?? "file:./fallback.db""#, Ok(Some(""))),
            (r#"url: process.env["EMPTY"] || "file:./fallback.db""#, Ok(Some("file:./fallback.db"))),
            (r#"url: process.env.SET || 'file:./fallback.db'"#, Ok(Some("postgresql://set"))),
            // TypeScript's assertions, which JavaScript never sees.
            ("url: process.env.SET!", Ok(Some("postgresql://set"))),
            ("url: process.env.SET as string", Ok(Some("postgresql://set"))),
            (r#"url: process.env["SET"]!"#, Ok(Some("postgresql://set"))),
            ("url: (process.env.SET as string)", Ok(Some("postgresql://set"))),
            (r#"url: env("SET") as string"#, Ok(Some("postgresql://set"))),
            (r#"url: (process.env.UNSET ?? "file:./fallback.db") as string"#, Ok(Some("file:./fallback.db"))),
            (r#"url: process.env.UNSET! || ("file:./fallback.db" as string)"#, Ok(Some("file:./fallback.db"))),
            (r#"url: "file:./dev.db" as string"#, Ok(Some("file:./dev.db"))),
            ("url: process.env.UNSET!", Ok(None)),
            (
                "url: getUrl()",
                Err("prisma.config.ts:3:22: `datasource.url` must be a string literal, `env(\"NAME\")` or `process.env.NAME`, found `getUrl()` (ebb reads the config file without running it: write the URL into an environment variable or `.env`, and name it here)"),
            ),
            (
                "...base, url: process.env.DIRECT ?? process.env.SET",
                Err("prisma.config.ts:3:31: `datasource.url` must be a string literal, `env(\"NAME\")` or `process.env.NAME`, found `process.env.DIRECT ?? process.env.SET` (ebb reads the config file without running it: write the URL into an environment variable or `.env`, and name it here)"),
            ),
        ];
        for (property, expected) in cases {
            let text = format!(
                "import {{ defineConfig, env }} from \"prisma/config\";\nexport default defineConfig({{\n  datasource: {{ {property} }},\n}});\n"
            );
            let expected = expected.map(|v| v.map(str::to_string)).map_err(str::to_string);
            assert_eq!(datasource_url(&text), expected, "{property}");
        }
    }

    #[test]
    fn a_computed_datasource_is_reported() {
        let text = "export default defineConfig({\n  datasource: url ? { url } : undefined,\n});\n";
        assert_eq!(
            datasource_url(text),
            Err("prisma.config.ts:2:15: `datasource` must be an object literal `{ ... }`, found `url ? { url } : undefined` (ebb reads the config file without running it)".to_string())
        );
    }

    #[test]
    fn satisfies_form_is_read() {
        let text = "import type { PrismaConfig } from \"prisma\";\nexport default {\n  schema: \"db/schema.prisma\",\n  datasource: { url: env(\"SET\") },\n} satisfies PrismaConfig;\n";
        assert_eq!(datasource_url(text), Ok(Some("postgresql://set".to_string())));
        let config = PrismaConfig { shown: "prisma.config.ts".into(), dir: PathBuf::new(), root: props(text) };
        assert_eq!(config.string(&["schema"]).ok().flatten(), Some("db/schema.prisma"));
    }

    #[test]
    fn template_with_substitution_is_not_a_literal() {
        let found = props("export default { schema: `${base}/schema.prisma` }");
        assert!(matches!(&found[0].1, Value::Other { line: 1, col: 26, .. }), "{found:?}");
    }
}
