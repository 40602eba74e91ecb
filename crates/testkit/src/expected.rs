//! Comparing output with expected files. There are two kinds, and each has its own switch:
//! - ebb's own snapshots ([`check_snapshot`]): reviewed by hand, rewritten with
//!   `UPDATE_EXPECT=1`;
//! - files recorded from Prisma 7.10.1 ([`check_prisma`]): never rewritten with ebb's output;
//!   `EBB_RECORD_PRISMA=1` records them again from Prisma's oracle.
//!
//! Both switches are refused under `CI=true` (see [`crate::update_expect`]).

use std::path::Path;

/// Compares `actual` with ebb's snapshot at `path`; with `UPDATE_EXPECT=1` writes `actual`
/// there instead. A missing snapshot is a difference.
pub fn check_snapshot(path: &Path, actual: &str) -> Result<(), String> {
    if crate::update_expect() {
        return write(path, actual);
    }
    compare(path, actual, "UPDATE_EXPECT=1 accepts ebb's output after review")
}

/// Asks Prisma's oracle for the text of a recorded file.
pub type Recorder<'a> = Box<dyn FnOnce() -> Result<String, String> + 'a>;

/// Compares `actual` with Prisma's output recorded at `path`. With `EBB_RECORD_PRISMA=1`,
/// `record` asks Prisma again (through [`crate::oracle`]) and its answer replaces the file
/// before the comparison, which then shows whether ebb still agrees. Files recorded by a
/// procedure the oracle cannot repeat on its own (`None`: their folder's README gives it) are
/// compared as they are.
pub fn check_prisma(path: &Path, actual: &str, record: Option<Recorder<'_>>) -> Result<(), String> {
    let hint = match record {
        Some(_) => "the file is Prisma's output: fix ebb, or re-record it with EBB_RECORD_PRISMA=1",
        None => "the file is Prisma's output: fix ebb",
    };
    rerecord(path, record)?;
    compare(path, actual, hint)
}

/// [`check_prisma`], except where ebb deliberately differs from Prisma (the database rejects
/// Prisma's text): then Prisma's output sits beside `path` as `NAME.prisma.EXT` (only ever
/// re-recorded) and `path` holds ebb's own snapshot.
pub fn check_prisma_unless_deliberate(path: &Path, actual: &str, record: Option<Recorder<'_>>) -> Result<(), String> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let prisma_name = match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.prisma.{extension}"),
        None => format!("{name}.prisma"),
    };
    let prisma_path = path.with_file_name(prisma_name);
    if !prisma_path.is_file() {
        return check_prisma(path, actual, record);
    }
    rerecord(&prisma_path, record)?;
    check_snapshot(path, actual)
}

/// With `EBB_RECORD_PRISMA=1`, writes what `record` gets from Prisma to `path`.
fn rerecord(path: &Path, record: Option<Recorder<'_>>) -> Result<(), String> {
    if let (true, Some(record)) = (crate::record_prisma(), record) {
        let recorded = record().map_err(|e| format!("{}: recording from Prisma failed: {e}", path.display()))?;
        write(path, &recorded)?;
    }
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn compare(path: &Path, actual: &str, hint: &str) -> Result<(), String> {
    let expected = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return Err(format!("{}: {e} ({hint})", path.display())),
    };
    if expected == actual {
        return Ok(());
    }
    Err(format!(
        "{} differs ({hint}): {}\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display(),
        first_difference(&expected, actual)
    ))
}

/// The first line where two texts differ, for readable failures.
pub fn first_difference(expected: &str, actual: &str) -> String {
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for line in 1.. {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => return "the texts differ only in line endings or a final newline".into(),
            (x, y) => return format!("line {line}: expected {x:?}, found {y:?}"),
        }
    }
    unreachable!("the loop returns")
}
