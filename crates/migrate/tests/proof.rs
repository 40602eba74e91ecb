//! `check_downs` and `history_states` on SQLite's in-memory shadow database: every verdict, and
//! the check goes on from the right state after a down that fails or forgets a step.

use db::DbUrl;
use migrate::{
    check_downs, history_states, write_migration, MigrationsFolder, NewMigration, ReplayOptions, ShadowDatabase,
    Timestamp, Verdict,
};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use time::macros::datetime;

struct History {
    dir: PathBuf,
}

impl History {
    /// A migrations folder of `(name, up, down)`, in that order.
    fn new(migrations: &[(&str, &str, Option<&str>)]) -> History {
        let dir = std::env::temp_dir().join(testkit::unique_name("ebb-proof-history"));
        for (i, (name, script, down)) in migrations.iter().enumerate() {
            let created_at = Timestamp::from(datetime!(2024-01-01 00:00:00 UTC) + time::Duration::minutes(i as i64));
            write_migration(&dir, &NewMigration { created_at, name, script, down: *down }).unwrap();
        }
        History { dir }
    }

    fn folder(&self) -> MigrationsFolder {
        MigrationsFolder::read(&self.dir).unwrap()
    }
}

impl Drop for History {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn sqlite() -> DbUrl {
    // Never opened: SQLite shadow databases are in memory.
    DbUrl::parse("file:./never-opened.db", Path::new("/")).unwrap()
}

fn verdicts(folder: &MigrationsFolder, last: Option<usize>) -> Vec<(String, String)> {
    let report = check_downs(folder, &sqlite(), &ShadowDatabase::Temporary, &ReplayOptions::default(), last).unwrap();
    report
        .migrations
        .iter()
        .map(|proof| {
            let name = proof.name.split_once('_').map_or(proof.name.as_str(), |(_, name)| name).to_owned();
            let verdict = match &proof.verdict {
                Verdict::Restored => "restored".to_owned(),
                Verdict::MissingDown => "missing".to_owned(),
                Verdict::NotRestored { difference } => format!("not restored: {}", difference.trim()),
                Verdict::DownFailed { .. } => "down failed".to_owned(),
                Verdict::UpFailedAgain { .. } => "up failed again".to_owned(),
            };
            (name, verdict)
        })
        .collect()
}

const A: &str = "CREATE TABLE \"A\" (\"id\" INTEGER PRIMARY KEY, \"x\" INTEGER);\n";
const A_DOWN: &str = "DROP TABLE \"A\";\n";
const INDEX: &str = "CREATE INDEX \"A_x_idx\" ON \"A\"(\"x\");\n";
const INDEX_DOWN: &str = "DROP INDEX \"A_x_idx\";\n";
const C: &str = "CREATE TABLE \"C\" (\"id\" INTEGER PRIMARY KEY);\n";
const C_DOWN: &str = "DROP TABLE \"C\";\n";

#[test]
fn every_verdict_and_the_check_goes_on_from_the_history_state() {
    let history = History::new(&[
        ("a", A, Some(A_DOWN)),
        // Drops too much: the table instead of its index.
        ("index", INDEX, Some(A_DOWN)),
        // Needs `A`: checked from the state the history gives (rebuilt after the bad down).
        (
            "c",
            "CREATE TABLE \"C\" (\"id\" INTEGER PRIMARY KEY);\nCREATE INDEX \"A_id_idx\" ON \"A\"(\"id\");\n",
            Some("DROP TABLE \"C\";\nDROP INDEX \"A_id_idx\";\n"),
        ),
        ("broken", "CREATE TABLE \"D\" (\"id\" INTEGER);\n", Some("DROP TABLE \"nope\";\n")),
        ("no_down", "CREATE TABLE \"E\" (\"id\" INTEGER);\n", None),
        // Restores the tables but leaves the trigger (which describe does not see) behind: its up
        // cannot run again.
        (
            "trigger",
            "CREATE TABLE \"F\" (\"id\" INTEGER);\nCREATE TRIGGER \"t\" AFTER INSERT ON \"C\" BEGIN SELECT 1; END;\n",
            Some("DROP TABLE \"F\";\n"),
        ),
    ]);
    let found = verdicts(&history.folder(), None);
    let expected: Vec<(String, String)> = [
        ("a", "restored"),
        ("index", "not restored: [-] Removed tables\n  - A"),
        ("c", "restored"),
        ("broken", "down failed"),
        ("no_down", "missing"),
        ("trigger", "up failed again"),
    ]
    .iter()
    .map(|(name, verdict)| ((*name).to_owned(), (*verdict).to_owned()))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn steps_check_the_last_migrations_only() {
    let history =
        History::new(&[("a", A, Some("-- forgets\n")), ("index", INDEX, Some(INDEX_DOWN)), ("c", C, Some(C_DOWN))]);
    let found = verdicts(&history.folder(), Some(2));
    assert_eq!(found, [("index".to_owned(), "restored".to_owned()), ("c".to_owned(), "restored".to_owned())]);
    assert_eq!(verdicts(&history.folder(), Some(0)), []);
    assert_eq!(verdicts(&history.folder(), Some(9)).len(), 3);
}

#[test]
fn history_states_describe_the_history_after_each_count() {
    let history = History::new(&[("a", A, None), ("index", INDEX, None), ("c", C, None)]);
    let at: BTreeSet<usize> = [0, 1, 3].into();
    let states =
        history_states(&history.folder(), &sqlite(), &ShadowDatabase::Temporary, &ReplayOptions::default(), &at)
            .unwrap();
    let tables = |k: usize| -> Vec<String> { states[&k].tables.iter().map(|t| t.name.as_str().to_owned()).collect() };
    assert_eq!(states.keys().copied().collect::<Vec<_>>(), [0, 1, 3]);
    assert_eq!(tables(0), Vec::<String>::new());
    assert_eq!(tables(1), ["A"]);
    assert_eq!(tables(3), ["A", "C"]);
}
