//! No phantom differences, as a user would check it, on real servers: a database built from a
//! schema's from-empty script (`ebb db execute`) diffs empty against that schema
//! (`ebb migrate diff --from-url DB --to-schema S --exit-code` exits 0), for generated schemas
//! and for every corpus schema of the dialect; and for two databases built from different
//! generated schemas, `--from-url A --to-url B --script` applied to A leaves nothing to diff.
//!
//! Each PostgreSQL case lives in a namespace of its own (`?schema=`) in one database, each
//! MySQL case in a database of its own, each SQLite case in a file of its own.
//! `EBB_LIVE_SEEDS` (default 200) and `EBB_LIVE_PAIRS` (default 20) set the counts.

use db::Dialect;
use schema_gen::{generate, Options, Provider};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use testkit::servers::{Server, TestDb};

fn count(var: &str, default: u64) -> u64 {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Where the cases of one dialect live: fresh databases (PostgreSQL: namespaces of one
/// database), kept until the end, and a folder for the schemas.
struct Place {
    server: Server,
    databases: Vec<TestDb>,
    dir: PathBuf,
}

impl Place {
    fn new(dialect: Dialect) -> Option<Place> {
        let server = Server::with_namespaces(dialect)?;
        let dir = std::env::temp_dir().join(testkit::unique_name("ebb_live_generated"));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        Some(Place { server, databases: Vec::new(), dir })
    }

    /// The URL of a fresh, empty database, and SQL to run before anything else. A corpus
    /// schema gets a PostgreSQL database of its own, with the extensions real projects use
    /// without declaring them (extensions cannot be installed per namespace).
    fn fresh(&mut self, corpus: bool) -> (String, String) {
        let (db, setup) = match self.server.dialect() {
            Dialect::Postgres if corpus => (
                TestDb::new(Dialect::Postgres).expect("the server answered before"),
                "CREATE EXTENSION IF NOT EXISTS citext;\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\n",
            ),
            _ => (self.server.fresh_database(), ""),
        };
        let url = db.url_text.clone();
        self.databases.push(db);
        (url, setup.to_owned())
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        self.databases.clear();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `ebb args` in `dir`; returns the exit code and standard output, or the whole story.
fn ebb(dir: &Path, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ebb"));
    command.args(args).current_dir(dir).stdout(Stdio::piped()).stderr(Stdio::piped());
    command.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    let mut child = command.spawn().expect("ebb runs");
    if let (Some(text), Some(mut input)) = (stdin, child.stdin.take()) {
        use std::io::Write;
        input.write_all(text.as_bytes()).expect("stdin");
    }
    let output = child.wait_with_output().expect("ebb finishes");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Builds a database from `schema` (a file in `dir`) and checks that it diffs empty against it.
fn build_and_check(place: &mut Place, case: &str, schema: &Path) -> Result<String, String> {
    let (url, setup) = place.fresh(case.starts_with("corpus"));
    let schema = schema.to_str().expect("UTF-8 path");
    let (code, script, err) =
        ebb(&place.dir, &["migrate", "diff", "--from-empty", "--to-schema", schema, "--script"], None);
    if code != 0 {
        return Err(format!("{case}: from-empty script failed:\n{err}"));
    }
    let (code, _, err) =
        ebb(&place.dir, &["db", "execute", "--url", &url, "--stdin"], Some(&format!("{setup}{script}")));
    if code != 0 {
        return Err(format!("{case}: the from-empty script did not run:\n{err}"));
    }
    let (code, out, err) =
        ebb(&place.dir, &["migrate", "diff", "--from-url", &url, "--to-schema", schema, "--exit-code"], None);
    if code != 0 {
        return Err(format!("{case}: phantom difference (exit {code}):\n{out}{err}"));
    }
    Ok(url)
}

fn provider(dialect: Dialect) -> Provider {
    schema_gen::Provider::named(migrate::provider_name(dialect)).expect("schema-gen knows every dialect")
}

fn write_generated(place: &Place, seed: u64) -> PathBuf {
    let path = place.dir.join(format!("s{seed}.prisma"));
    let text = generate(&Options { models: 6, enums: 2, provider: provider(place.server.dialect()), seed });
    std::fs::write(&path, text).expect("schema written");
    path
}

fn generated_schemas_have_no_phantom_differences(dialect: Dialect) {
    let Some(mut place) = Place::new(dialect) else { return };
    let seeds = count("EBB_LIVE_SEEDS", 200);
    let failures: Vec<String> = (1..=seeds)
        .filter_map(|seed| {
            let schema = write_generated(&place, seed);
            build_and_check(&mut place, &format!("s{seed}"), &schema).err()
        })
        .collect();
    assert!(failures.is_empty(), "{} of {seeds} schemas failed:\n{}", failures.len(), failures.join("\n"));
}

/// Every corpus schema of the dialect, except those that need PostGIS, which the test server
/// does not have.
fn corpus_schemas_have_no_phantom_differences(dialect: Dialect) {
    let Some(mut place) = Place::new(dialect) else { return };
    let Some(corpus) = testkit::corpus_root() else { return };
    let schemas: Vec<testkit::CorpusSchema> = testkit::corpus_schemas(&corpus)
        .into_iter()
        .filter(|s| s.provider == migrate::provider_name(dialect))
        .filter(|s| {
            !testkit::schema_files(&s.path).iter().any(|(_, t)| t.contains("geometry") || t.contains("geography"))
        })
        .collect();
    assert!(!schemas.is_empty(), "no corpus schema for {}", dialect.name());
    let failures: Vec<String> = schemas
        .iter()
        .enumerate()
        .filter_map(|(i, schema)| {
            build_and_check(&mut place, &format!("corpus{i}"), &schema.path)
                .err()
                .map(|p| format!("{}: {p}", schema.name))
        })
        .collect();
    eprintln!("{} corpus schemas checked on {}", schemas.len(), dialect.name());
    assert!(
        failures.is_empty(),
        "{} of {} corpus schemas failed:\n{}",
        failures.len(),
        schemas.len(),
        failures.join("\n")
    );
}

fn generated_pairs_converge(dialect: Dialect) {
    let Some(mut place) = Place::new(dialect) else { return };
    let mut failures = Vec::new();
    for seed in 1..=count("EBB_LIVE_PAIRS", 20) {
        let (a_schema, b_schema) = (write_generated(&place, seed), write_generated(&place, seed + 10_000));
        let (a, b) = match (
            build_and_check(&mut place, &format!("a{seed}"), &a_schema),
            build_and_check(&mut place, &format!("b{seed}"), &b_schema),
        ) {
            (Ok(a), Ok(b)) => (a, b),
            (Err(problem), _) | (_, Err(problem)) => {
                failures.push(problem);
                continue;
            }
        };
        let diff = ["migrate", "diff", "--from-url", &a, "--to-url", &b];
        let (code, script, err) = ebb(&place.dir, &[&diff[..], &["--script"]].concat(), None);
        let (applied, _, apply_err) = ebb(&place.dir, &["db", "execute", "--url", &a, "--stdin"], Some(&script));
        let (after, out, _) = ebb(&place.dir, &[&diff[..], &["--exit-code"]].concat(), None);
        if code != 0 || applied != 0 || after != 0 {
            failures.push(format!("pair {seed}: diff {code}, apply {applied}, then {after}:\n{err}{apply_err}{out}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

testkit::on_dialects!(sqlite postgres mysql =>
    generated_schemas_have_no_phantom_differences,
    corpus_schemas_have_no_phantom_differences,
    generated_pairs_converge,
);
