//! No phantom differences, as a user would check it, on real servers: a database built from a
//! schema's from-empty script (`ebb db execute`) diffs empty against that schema
//! (`ebb migrate diff --from-url DB --to-schema S --exit-code` exits 0), for generated schemas
//! and for every corpus schema of the dialect; and for two databases built from different
//! generated schemas, `--from-url A --to-url B --script` applied to A leaves nothing to diff.
//!
//! Each PostgreSQL case lives in a namespace of its own (`?schema=`) in one database, each
//! MySQL case in a database of its own, each SQLite case in a file of its own.
//! `EBB_LIVE_SEEDS` (default 200) and `EBB_LIVE_PAIRS` (default 20) set the counts.

use db::{Connection, DbUrl, Dialect};
use schema_gen::{generate, Options, Provider};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn count(var: &str, default: u64) -> u64 {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Where the cases of one dialect live, and how to get a fresh, empty database for one case.
struct Place {
    dialect: Dialect,
    base: String,
    admin: Option<Connection>,
    /// PostgreSQL: the database holding one namespace per case.
    database: Option<String>,
    dir: PathBuf,
    created: Vec<String>,
}

impl Place {
    fn new(dialect: Dialect) -> Option<Place> {
        let dir = std::env::temp_dir().join(testkit::unique_name("ebb_live_generated"));
        std::fs::create_dir_all(&dir).expect("temporary folder");
        let var = match dialect {
            Dialect::Sqlite => {
                return Some(Place { dialect, base: String::new(), admin: None, database: None, dir, created: vec![] })
            }
            Dialect::Postgres => "EBB_TEST_POSTGRES_URL",
            Dialect::Mysql => "EBB_TEST_MYSQL_URL",
        };
        let base = testkit::server_url(var)?;
        let mut admin = Connection::connect(&DbUrl::parse(&base, Path::new("/")).expect("url")).expect("server");
        let mut database = None;
        if dialect == Dialect::Postgres {
            let name = testkit::unique_name("ebb_live_gen");
            admin.execute_raw(&format!("CREATE DATABASE {name}")).expect("create database");
            database = Some(name);
        }
        Some(Place { dialect, base, admin: Some(admin), database, dir, created: vec![] })
    }

    /// The URL of a fresh, empty database for case `name`, and SQL to run before anything else.
    /// A corpus schema gets a PostgreSQL database of its own, with the extensions real projects
    /// use without declaring them (extensions cannot be installed per namespace).
    fn fresh(&mut self, name: &str, corpus: bool) -> (String, String) {
        match self.dialect {
            Dialect::Sqlite => (format!("file:{}", self.dir.join(format!("{name}.db")).display()), String::new()),
            Dialect::Postgres if corpus => {
                let database = testkit::unique_name(name);
                let admin = self.admin.as_mut().expect("PostgreSQL has an admin connection");
                admin.execute_raw(&format!("CREATE DATABASE {database}")).expect("create database");
                self.created.push(database.clone());
                let setup = "CREATE EXTENSION IF NOT EXISTS citext;\nCREATE EXTENSION IF NOT EXISTS pg_trgm;\n";
                (with_database(&self.base, &database), setup.to_owned())
            }
            Dialect::Postgres => {
                let database = self.database.as_deref().expect("PostgreSQL has its database");
                (
                    format!("{}?schema={name}", with_database(&self.base, database)),
                    format!("CREATE SCHEMA \"{name}\";\n"),
                )
            }
            Dialect::Mysql => {
                let database = testkit::unique_name(name);
                let admin = self.admin.as_mut().expect("MySQL has an admin connection");
                admin.execute_raw(&format!("CREATE DATABASE `{database}`")).expect("create database");
                self.created.push(database.clone());
                (with_database(&self.base, &database), String::new())
            }
        }
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        if let Some(admin) = &mut self.admin {
            for database in &self.created {
                let _ = match self.dialect {
                    Dialect::Postgres => admin.execute_raw(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")),
                    _ => admin.execute_raw(&format!("DROP DATABASE IF EXISTS `{database}`")),
                };
            }
            if let Some(database) = &self.database {
                let _ = admin.execute_raw(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"));
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn with_database(base: &str, name: &str) -> String {
    let (before_query, _) = base.split_once('?').unwrap_or((base, ""));
    let authority_end = before_query.find("://").map_or(0, |i| i + 3);
    let path_start = before_query[authority_end..].find('/').map_or(before_query.len(), |i| authority_end + i);
    format!("{}/{name}", &before_query[..path_start])
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
    let (url, setup) = place.fresh(case, case.starts_with("corpus"));
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
    match dialect {
        Dialect::Postgres => Provider::PostgreSql,
        Dialect::Mysql => Provider::MySql,
        Dialect::Sqlite => Provider::Sqlite,
    }
}

fn write_generated(place: &Place, seed: u64) -> PathBuf {
    let path = place.dir.join(format!("s{seed}.prisma"));
    let text = generate(&Options { models: 6, enums: 2, provider: provider(place.dialect), seed });
    std::fs::write(&path, text).expect("schema written");
    path
}

fn generated_schemas_have_no_phantom_differences(dialect: Dialect) {
    let Some(mut place) = Place::new(dialect) else { return };
    let seeds = count("EBB_LIVE_SEEDS", 200);
    let mut failures = Vec::new();
    for seed in 1..=seeds {
        let schema = write_generated(&place, seed);
        if let Err(problem) = build_and_check(&mut place, &format!("s{seed}"), &schema) {
            failures.push(problem);
        }
    }
    let Some(corpus) = testkit::corpus_root() else { return };
    let name = match dialect {
        Dialect::Postgres => "postgresql",
        Dialect::Mysql => "mysql",
        Dialect::Sqlite => "sqlite",
    };
    let mut checked = 0;
    for (i, schema) in testkit::corpus_schemas(&corpus).iter().filter(|s| s.provider == name).enumerate() {
        // PostGIS types need an extension the test server does not have.
        if std::fs::read_to_string(&schema.path).is_ok_and(|t| t.contains("geometry") || t.contains("geography")) {
            continue;
        }
        checked += 1;
        if let Err(problem) = build_and_check(&mut place, &format!("corpus{i}"), &schema.path) {
            failures.push(format!("{}: {problem}", schema.name));
        }
    }
    assert!(checked > 0, "no corpus schema for {name}");
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        seeds as usize + checked,
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

#[test]
fn postgres_generated_schemas_have_no_phantom_differences() {
    generated_schemas_have_no_phantom_differences(Dialect::Postgres);
}

#[test]
fn mysql_generated_schemas_have_no_phantom_differences() {
    generated_schemas_have_no_phantom_differences(Dialect::Mysql);
}

#[test]
fn sqlite_generated_schemas_have_no_phantom_differences() {
    generated_schemas_have_no_phantom_differences(Dialect::Sqlite);
}

#[test]
fn postgres_generated_pairs_converge() {
    generated_pairs_converge(Dialect::Postgres);
}

#[test]
fn mysql_generated_pairs_converge() {
    generated_pairs_converge(Dialect::Mysql);
}

#[test]
fn sqlite_generated_pairs_converge() {
    generated_pairs_converge(Dialect::Sqlite);
}
