//! Schemas checked against what Prisma 7.10.1 says about them. For each `tests/invalid/X.prisma`
//! and `tests/valid/X.prisma`:
//!
//! 1. ebb's rendered diagnostics are compared with `X.expected` (`UPDATE_EXPECT=1` rewrites it);
//! 2. every `error:` of Prisma's recorded output (`X.prisma.prisma-says.txt`) is matched to a
//!    rule of `invalid/prisma_rules.tsv`, which gives ebb's code(s) for the same rule;
//! 3. ebb's first error (errors only, in ebb's output order) must have the code of the rule of
//!    Prisma's first error, and when Prisma accepts the schema ebb must report no error;
//! 4. when Prisma names a line, ebb's first error must be on a line where Prisma reports an
//!    error of that same rule.
//!
//! The fixtures where ebb differs on purpose are listed, with their reasons, in each folder's
//! `deliberate_differences.tsv`: a rule row sets aside Prisma's errors of one rule and ebb's
//! diagnostics of the code it reports instead (only those: any other Prisma error must still
//! be matched), a line row accepts another line. A row that no longer describes a difference
//! fails the test, and so do a rule no fixture uses and a code ebb does not have.

mod common;

use psl::{Severity, SourceSet};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Tab-separated rows of a data file, without blank and `#` comment lines, with line numbers.
fn rows(path: &Path) -> Vec<(usize, Vec<String>)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').map(str::to_string).collect()))
        .collect()
}

/// One row of `prisma_rules.tsv`.
struct Rule {
    name: String,
    /// ebb's codes for the rule; empty when ebb has no such rule (`-`).
    codes: Vec<String>,
    /// The literal pieces of the pattern, between its `…`.
    pieces: Vec<String>,
}

impl Rule {
    fn matches(&self, message: &str) -> bool {
        let mut rest = message;
        for (i, piece) in self.pieces.iter().enumerate() {
            match rest.find(piece.as_str()) {
                Some(at) if i > 0 || at == 0 => rest = &rest[at + piece.len()..],
                _ => return false,
            }
        }
        true
    }

    fn literal_len(&self) -> usize {
        self.pieces.iter().map(String::len).sum()
    }
}

fn load_rules() -> Vec<Rule> {
    let path = tests_dir().join("invalid/prisma_rules.tsv");
    let rules: Vec<Rule> = rows(&path)
        .into_iter()
        .map(|(line, cells)| {
            let [name, codes, pattern] = <[String; 3]>::try_from(cells)
                .unwrap_or_else(|c| panic!("{}:{line}: expected 3 columns, found {}", path.display(), c.len()));
            let codes = if codes == "-" { Vec::new() } else { codes.split(' ').map(str::to_string).collect() };
            let pieces = pattern.split('…').filter(|p| !p.is_empty()).map(str::to_string).collect();
            Rule { name, codes, pieces }
        })
        .collect();
    let mut names = BTreeSet::new();
    for rule in &rules {
        assert!(names.insert(&rule.name), "{}: the rule {} is defined twice", path.display(), rule.name);
    }
    rules
}

/// The rule of one Prisma message: the matching pattern with the most literal text.
fn rule_for<'r>(rules: &'r [Rule], message: &str) -> Result<&'r Rule, String> {
    let mut matching: Vec<&Rule> = rules.iter().filter(|r| r.matches(message)).collect();
    matching.sort_by_key(|r| std::cmp::Reverse(r.literal_len()));
    match matching.as_slice() {
        [] => Err(format!("no rule of prisma_rules.tsv matches Prisma's error: {message}")),
        [a, b, ..] if a.literal_len() == b.literal_len() => {
            Err(format!("the rules {} and {} both match Prisma's error: {message}", a.name, b.name))
        }
        [best, ..] => Ok(best),
    }
}

/// One `error:` of Prisma's output: its message (continuation lines included) and line.
struct PrismaError {
    message: String,
    line: Option<usize>,
}

fn prisma_errors(says: &str) -> Vec<PrismaError> {
    let mut errors: Vec<PrismaError> = Vec::new();
    let mut in_message = false;
    for line in says.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            errors.push(PrismaError { message: message.to_string(), line: None });
            in_message = true;
        } else if let Some(location) = line.trim_start().strip_prefix("-->") {
            if let Some(last) = errors.last_mut().filter(|_| in_message) {
                last.line = location.rsplit(':').next().and_then(|n| n.trim().parse().ok());
            }
            in_message = false;
        } else if in_message && !line.trim().is_empty() && !line.starts_with("Validation Error Count") {
            if let Some(last) = errors.last_mut() {
                last.message.push('\n');
                last.message.push_str(line);
            }
        } else {
            in_message = false;
        }
    }
    errors
}

/// A row of `deliberate_differences.tsv`.
enum Difference {
    /// Where Prisma reports `prisma_rule` (`None`: Prisma accepts the schema), ebb reports `ebb`.
    Rule { prisma_rule: Option<String>, ebb: String },
    /// Prisma points at line `prisma`, ebb's first error at line `ebb`.
    Line { prisma: usize, ebb: usize },
}

struct Listed {
    fixture: String,
    difference: Difference,
    /// The row's columns for Prisma and ebb, for messages.
    text: String,
}

fn load_differences(dir: &Path, rules: &[Rule]) -> Vec<Listed> {
    let path = dir.join("deliberate_differences.tsv");
    let parse_line = |s: &str| s.strip_prefix("line ").and_then(|n| n.parse::<usize>().ok());
    rows(&path)
        .into_iter()
        .map(|(line, cells)| {
            let [fixture, prisma, ebb, reason] = <[String; 4]>::try_from(cells)
                .unwrap_or_else(|c| panic!("{}:{line}: expected 4 columns, found {}", path.display(), c.len()));
            assert!(!reason.trim().is_empty(), "{}:{line}: the reason is missing", path.display());
            assert!(dir.join(format!("{fixture}.prisma")).exists(), "{}:{line}: no fixture {fixture}", path.display());
            let text = format!("{prisma} → {ebb}");
            let difference = match (parse_line(&prisma), parse_line(&ebb)) {
                (Some(prisma), Some(ebb)) => Difference::Line { prisma, ebb },
                _ => {
                    let prisma_rule = (prisma != "-").then_some(prisma);
                    if let Some(rule) = &prisma_rule {
                        assert!(rules.iter().any(|r| &r.name == rule), "{}:{line}: no rule {rule}", path.display());
                    }
                    Difference::Rule { prisma_rule, ebb }
                }
            };
            Listed { fixture, difference, text }
        })
        .collect()
}

/// An error or warning of ebb, with the line it points at.
struct EbbDiagnostic {
    severity: Severity,
    code: &'static str,
    line: usize,
    message: String,
}

fn ebb_diagnostics(sources: &SourceSet, diagnostics: &psl::Diagnostics) -> Vec<EbbDiagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let line = if (d.span.file.0 as usize) < sources.len() {
                sources.get(d.span.file).line_col(d.span.start).0
            } else {
                0
            };
            EbbDiagnostic { severity: d.severity, code: d.code, line, message: d.message.clone() }
        })
        .collect()
}

/// Checks ebb's diagnostics against Prisma's errors for one fixture (see the module comment).
fn compare(rules: &[Rule], listed: &[&Listed], says: &str, ebb: &[EbbDiagnostic]) -> Result<(), String> {
    let mut prisma = Vec::new();
    for error in prisma_errors(says) {
        prisma.push((rule_for(rules, &error.message)?, error));
    }
    let mut errors: Vec<&EbbDiagnostic> = ebb.iter().filter(|d| d.severity == Severity::Error).collect();
    let mut line_row = None;
    for row in listed {
        match &row.difference {
            Difference::Rule { prisma_rule, ebb: code } => {
                if !ebb.iter().any(|d| d.code == code) {
                    return Err(format!("listed as reporting {code}, but ebb does not (any more)"));
                }
                match prisma_rule {
                    Some(rule) => {
                        if !prisma.iter().any(|(r, _)| &r.name == rule) {
                            return Err(format!("listed for Prisma's rule {rule}, but Prisma does not report it"));
                        }
                        prisma.retain(|(r, _)| &r.name != rule);
                    }
                    None if !prisma.is_empty() => {
                        return Err("listed as accepted by Prisma, but Prisma reports errors".to_string());
                    }
                    None => {}
                }
                errors.retain(|d| d.code != code);
            }
            Difference::Line { prisma, ebb } => line_row = Some((*prisma, *ebb)),
        }
    }
    let Some((rule, first)) = prisma.first() else {
        return match errors.first() {
            None => Ok(()),
            Some(d) => Err(format!("Prisma accepts this schema; ebb reports [{}] {}", d.code, d.message)),
        };
    };
    let Some(ebb_first) = errors.first() else {
        return Err(format!("Prisma reports [{}] {}; ebb reports no error", rule.name, first.message));
    };
    if !rule.codes.iter().any(|c| c == ebb_first.code) {
        let expected =
            if rule.codes.is_empty() { "no code: ebb has no such rule".to_string() } else { rule.codes.join(" or ") };
        return Err(format!(
            "Prisma's first error is [{}] ({expected}): {}\nebb's first error is [{}] {}",
            rule.name, first.message, ebb_first.code, ebb_first.message
        ));
    }
    let Some(prisma_line) = first.line else {
        return match line_row {
            Some(_) => Err("listed with a line, but Prisma names none".to_string()),
            None => Ok(()),
        };
    };
    let lines: BTreeSet<usize> =
        prisma.iter().filter(|(r, _)| r.name == rule.name).filter_map(|(_, e)| e.line).collect();
    let on_prisma_line = lines.contains(&ebb_first.line);
    match line_row {
        None if on_prisma_line => Ok(()),
        None => Err(format!(
            "Prisma reports [{}] on line {prisma_line}; ebb's first error is on line {}: {}",
            rule.name, ebb_first.line, ebb_first.message
        )),
        Some(_) if on_prisma_line => Err(format!("ebb's first error is on line {}, as Prisma's", ebb_first.line)),
        Some((p, e)) if p == prisma_line && e == ebb_first.line => Ok(()),
        Some((p, e)) => Err(format!(
            "listed with Prisma on line {p} and ebb on line {e}, but Prisma is on line {prisma_line} and ebb on line {}",
            ebb_first.line
        )),
    }
}

fn run(dir_name: &str) {
    let dir = tests_dir().join(dir_name);
    let rules = load_rules();
    let differences = load_differences(&dir, &rules);
    let inputs = common::files_with_extension(&dir, ".prisma");
    assert!(!inputs.is_empty(), "no fixtures in {}", dir.display());
    let mut failures = Vec::new();
    let (mut agreeing, mut listed_line, mut listed_rule) = (0, 0, 0);
    for input in &inputs {
        let name = input.file_name().unwrap().to_string_lossy().to_string();
        let stem = name.trim_end_matches(".prisma");
        let text = std::fs::read_to_string(input).unwrap();
        let sources = SourceSet::single(name.clone(), text);
        let validated = psl::parse_schema(&sources);
        let rendered = psl::diagnostics::render(&sources, &validated.diagnostics);
        if let Err(message) = common::check(&dir.join(format!("{stem}.expected")), &rendered) {
            failures.push(message);
        }
        let says_path = dir.join(format!("{name}.prisma-says.txt"));
        let Ok(says) = std::fs::read_to_string(&says_path) else {
            failures.push(format!("{}: missing", says_path.display()));
            continue;
        };
        let listed: Vec<&Listed> = differences.iter().filter(|l| l.fixture == stem).collect();
        let ebb = ebb_diagnostics(&sources, &validated.diagnostics);
        if let Err(message) = compare(&rules, &listed, &says, &ebb) {
            failures.push(format!("{dir_name}/{name}: {message}"));
            continue;
        }
        // A row is stale when the fixture agrees with Prisma without it.
        for (i, row) in listed.iter().enumerate() {
            let others: Vec<&Listed> = listed.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, r)| *r).collect();
            if compare(&rules, &others, &says, &ebb).is_ok() {
                failures.push(format!(
                    "{dir_name}/{name}: agrees with Prisma without its row `{}` in deliberate_differences.tsv: remove it",
                    row.text
                ));
            }
        }
        if listed.iter().any(|l| matches!(l.difference, Difference::Rule { .. })) {
            listed_rule += 1;
        } else {
            agreeing += 1;
            listed_line += usize::from(!listed.is_empty());
        }
    }
    eprintln!(
        "{dir_name}: of {} fixtures, {agreeing} agree with Prisma's first error ({listed_line} of them on another line, as listed) and {listed_rule} differ as listed",
        inputs.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} fixtures fail (fix ebb; or, for a deliberate difference, add a row with its reason to {}):\n{}",
        failures.len(),
        inputs.len(),
        dir.join("deliberate_differences.tsv").display(),
        failures.join("\n")
    );
}

#[test]
fn invalid_fixtures_agree_with_prisma() {
    run("invalid");
}

#[test]
fn valid_fixtures_agree_with_prisma() {
    run("valid");
}

/// Every `E`/`W` code written as a string literal in the crate's sources.
fn ebb_codes() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split('"').skip(1).step_by(2) {
                    let is_code = piece.len() == 5
                        && piece.starts_with(['E', 'W'])
                        && piece[1..].chars().all(|c| c.is_ascii_digit());
                    if is_code {
                        out.insert(piece.to_string());
                    }
                }
            }
        }
    }
    let mut codes = BTreeSet::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut codes);
    codes
}

/// The table itself: every code is one of ebb's, and every rule is used by some fixture.
#[test]
fn prisma_rules_are_used_and_known() {
    let rules = load_rules();
    let known = ebb_codes();
    let mut problems = Vec::new();
    for rule in &rules {
        for code in rule.codes.iter().filter(|c| !known.contains(*c)) {
            problems.push(format!("rule {}: {code} is no code of ebb", rule.name));
        }
    }
    let mut used = BTreeSet::new();
    for dir in ["invalid", "valid"] {
        for path in common::files_with_extension(&tests_dir().join(dir), ".prisma-says.txt") {
            for error in prisma_errors(&std::fs::read_to_string(&path).unwrap()) {
                if let Ok(rule) = rule_for(&rules, &error.message) {
                    used.insert(rule.name.clone());
                }
            }
        }
    }
    for rule in rules.iter().filter(|r| !used.contains(&r.name)) {
        problems.push(format!("rule {} matches no error of any fixture", rule.name));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
