//! Connecting as cloud databases require: the binary against servers that accept only TLS
//! connections with passwords (`EBB_TEST_POSTGRES_TLS_URL`, `EBB_TEST_MYSQL_TLS_URL`, started by
//! `scripts/db.sh` with a CA it made, `EBB_TEST_TLS_CA`, and one whose certificate has expired,
//! `EBB_TEST_POSTGRES_EXPIRED_URL`), through Unix sockets, with the other
//! URL parameters Prisma users write, and with passwords masked in every message.
//!
//! A check that fails must leave the database as it was: every refused connection is followed
//! by a look at the database.

mod support;

use db::Dialect;
use proptest::prelude::*;
use support::{Project, Run, TestDb, CONFIG, URL_VAR};

/// The variable of `dialect`'s TLS server.
fn tls_var(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "EBB_TEST_POSTGRES_TLS_URL",
        _ => "EBB_TEST_MYSQL_TLS_URL",
    }
}

/// A fresh database on the server of the variable `var`.
fn fresh(var: &str) -> Option<TestDb> {
    testkit::servers::Server::at(var).map(|mut server| server.fresh_database().into())
}

/// `url` with `parameters` added to its query.
fn with(url: &str, parameters: &str) -> String {
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}{parameters}")
}

/// The parameters that check the server's certificate against the CA in `ca`: libpq's
/// `sslmode=verify-full` on PostgreSQL, Prisma's `sslaccept=strict` on MySQL.
fn verified(dialect: Dialect, ca: &str) -> String {
    match dialect {
        Dialect::Postgres => format!("sslmode=verify-full&sslcert={ca}"),
        _ => format!("sslaccept=strict&sslcert={ca}"),
    }
}

fn schema(dialect: Dialect, second_model: bool) -> String {
    let provider = migrate::provider_name(dialect);
    let tag = if second_model { "\nmodel Tag {\n  id   Int    @id\n  name String\n}\n" } else { "" };
    format!(
        "datasource db {{\n  provider = \"{provider}\"\n}}\n\nmodel Item {{\n  id   Int    @id @default(autoincrement())\n  name String\n}}\n{tag}"
    )
}

/// A project on the database at `url` (with the password), with one migration that creates
/// the schema's table, written as `migrate diff --from-empty` writes it.
fn project_with_migration(dialect: Dialect, url: &str) -> Project {
    let project = Project::new(&[("prisma.config.ts", CONFIG), ("prisma/schema.prisma", &schema(dialect, false))]);
    let run = project
        .ebb(&["migrate", "diff", "--from-empty", "--to-schema", "prisma/schema.prisma", "--script"], None, &[])
        .expect(0);
    project.write_lock_file(dialect);
    project.write_migration("20240101000000_init", &run.stdout, None);
    project.with_var(URL_VAR, url)
}

/// Runs `ebb args` with `url` as the project's database URL.
fn run_on(project: &Project, url: &str, args: &[&str]) -> Run {
    project.ebb(args, None, &[(URL_VAR, url)])
}

// ---------------------------------------------------------------------------------------------
// TLS

/// `migrate deploy`, `status`, `diff --from-url`, `dev`, `down`, `db execute` and `db push`
/// with `sslmode=require` on a server that accepts nothing else.
fn commands_work_with_sslmode_require(dialect: Dialect) {
    let Some(db) = fresh(tls_var(dialect)) else { return };
    let url = with(&db.url, "sslmode=require");
    let project = project_with_migration(dialect, &url);
    let deploy = project.run(&["migrate", "deploy"]).expect(0);
    assert!(deploy.stdout.contains("20240101000000_init"), "{}", deploy.stdout);
    let status = project.run(&["migrate", "status"]).expect(0);
    assert!(status.stdout.contains("Database schema is up to date!"), "{}", status.stdout);
    project
        .run(&["migrate", "diff", "--from-url", &url, "--to-schema", "prisma/schema.prisma", "--exit-code"])
        .expect(0);
    project.write("insert.sql", &format!("INSERT INTO {} (name) VALUES ('over TLS');\n", quoted(dialect, "Item")));
    project.run(&["db", "execute", "--url", &url, "--file", "insert.sql"]).expect(0);
    // `migrate dev` makes its temporary shadow database on the same server, over TLS too.
    project.write_schema(&schema(dialect, true));
    project.run(&["migrate", "dev", "--name", "tags"]).expect(0);
    assert_eq!(db.table_names(), ["Item", "Tag"]);
    project.run(&["migrate", "down"]).expect(0);
    assert_eq!(db.table_names(), ["Item"]);
    project.run(&["db", "push"]).expect(0);
    assert_eq!(db.table_names(), ["Item", "Tag"]);
    let mut conn = db.connect();
    let rows =
        conn.query_text(&format!("SELECT name FROM {}", quoted(dialect, "Item"))).unwrap_or_else(|e| panic!("{e}"));
    conn.close();
    assert_eq!(rows, [[Some("over TLS".to_owned())]]);
}

fn quoted(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::Mysql => format!("`{name}`"),
        _ => format!("\"{name}\""),
    }
}

/// `verify-full` (`sslaccept=strict`) with the CA that signed the server's certificate, named
/// by a path relative to the schema's folder (`prisma/`), where Prisma's schema engine runs and
/// resolves it, even for a URL from `prisma.config.ts`.
fn verified_certificate_with_the_right_ca(dialect: Dialect) {
    let Some(db) = fresh(tls_var(dialect)) else { return };
    let Some(ca) = testkit::server_url("EBB_TEST_TLS_CA") else { return };
    let project = project_with_migration(dialect, "");
    project.write("prisma/certs/ca.pem", &std::fs::read_to_string(&ca).unwrap_or_else(|e| panic!("{ca}: {e}")));
    let url = with(&db.url, &verified(dialect, "certs/ca.pem"));
    run_on(&project, &url, &["migrate", "deploy"]).expect(0);
    assert_eq!(db.history().len(), 1);
}

/// A refused connection: exit code 1, a message naming `cause`, the database untouched.
fn refused(db: &TestDb, url: &str, cause: &str) {
    let project = project_with_migration(db_dialect(db), url);
    let run = project.run(&["migrate", "deploy"]).expect(1);
    assert!(run.stderr.contains(cause), "expected `{cause}` in:\n{}", run.stderr);
    let has_password = url::Url::parse(url).is_ok_and(|url| url.password().is_some());
    assert!(!has_password || run.stderr.contains(":****@"), "the URL is not shown masked:\n{}", run.stderr);
    assert_eq!(db.table_names(), Vec::<String>::new(), "a refused connection changed the database");
}

fn db_dialect(db: &TestDb) -> Dialect {
    support::parse(&db.url).dialect()
}

fn a_certificate_from_another_ca_is_refused(dialect: Dialect) {
    let Some(db) = fresh(tls_var(dialect)) else { return };
    let Some(other) = testkit::server_url("EBB_TEST_TLS_OTHER_CA") else { return };
    let url = with(&db.url, &verified(dialect, &other));
    refused(&db, &url, "the server's certificate is not signed by a trusted certificate authority");
}

fn a_certificate_for_another_host_name_is_refused(dialect: Dialect) {
    let Some(db) = fresh(tls_var(dialect)) else { return };
    let Some(ca) = testkit::server_url("EBB_TEST_TLS_CA") else { return };
    // The certificate is for `localhost`; the same server under its address is another name.
    let url = with(&db.url.replace("@localhost:", "@127.0.0.1:"), &verified(dialect, &ca));
    refused(&db, &url, "the server's certificate is not valid for the host name `127.0.0.1`");
}

fn a_server_that_requires_tls_refuses_sslmode_disable(dialect: Dialect) {
    let Some(db) = fresh(tls_var(dialect)) else { return };
    let cause = match dialect {
        Dialect::Postgres => "the server accepts only TLS connections and the URL turns TLS off (`sslmode=disable`)",
        _ => "the URL turns TLS off (`sslmode=disable`), and a user that requires TLS is refused",
    };
    refused(&db, &with(&db.url, "sslmode=disable"), cause);
}

/// A server whose certificate has expired (signed by the right CA, for the right name).
#[test]
fn postgres_an_expired_certificate_is_refused() {
    let Some(db) = fresh("EBB_TEST_POSTGRES_EXPIRED_URL") else { return };
    let Some(ca) = testkit::server_url("EBB_TEST_TLS_CA") else { return };
    refused(&db, &with(&db.url, &verified(Dialect::Postgres, &ca)), "the server's certificate has expired");
}

/// On a server without TLS: PostgreSQL's default `sslmode=prefer` with `sslaccept=strict` checks
/// a certificate only when the server offers TLS, so it connects in plain text; on MySQL any
/// `ssl*` parameter requires TLS, as in Prisma.
fn a_server_without_tls(dialect: Dialect) {
    let Some(db) = TestDb::new(dialect) else { return };
    let project = project_with_migration(dialect, &with(&db.url, "sslaccept=strict"));
    match dialect {
        Dialect::Postgres => {
            project.run(&["migrate", "deploy"]).expect(0);
            assert_eq!(db.history().len(), 1);
        }
        _ => {
            let run = project.run(&["migrate", "deploy"]).expect(1);
            assert!(run.stderr.contains("the server does not offer TLS, and the URL requires it"), "{}", run.stderr);
            assert!(db.table_names().is_empty());
        }
    }
}

testkit::on_dialects!(tls: postgres mysql =>
    a_server_without_tls,
    commands_work_with_sslmode_require,
    verified_certificate_with_the_right_ca,
    a_certificate_from_another_ca_is_refused,
    a_certificate_for_another_host_name_is_refused,
    a_server_that_requires_tls_refuses_sslmode_disable,
);

// ---------------------------------------------------------------------------------------------
// password methods

/// The first column of the first row of `sql` on `db`.
fn scalar(db: &TestDb, sql: &str) -> Option<String> {
    let mut conn = db.connect();
    let rows = conn.query_text(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    conn.close();
    rows.into_iter().next().and_then(|row| row.into_iter().next().flatten())
}

/// Deploys over TLS as the user of `var` and returns the server's name for how that user's
/// password is checked.
fn deploy_as(var: &str, method_sql: &str) -> Option<String> {
    let db = fresh(var)?;
    let dialect = db_dialect(&db);
    let project = project_with_migration(dialect, &with(&db.url, "sslmode=require"));
    project.run(&["migrate", "deploy"]).expect(0);
    assert_eq!(db.history().len(), 1);
    scalar(&db, method_sql)
}

#[test]
fn postgres_scram_sha_256_and_md5_passwords() {
    let method = "SELECT split_part(rolpassword, '$', 1) FROM pg_authid WHERE rolname = current_user";
    let Some(scram) = deploy_as("EBB_TEST_POSTGRES_TLS_URL", method) else { return };
    assert_eq!(scram, "SCRAM-SHA-256");
    let method = "SELECT left(rolpassword, 3) FROM pg_authid WHERE rolname = current_user";
    let Some(md5) = deploy_as("EBB_TEST_POSTGRES_TLS_MD5_URL", method) else { return };
    assert_eq!(md5, "md5");
}

/// MariaDB 10.11 has no `caching_sha2_password` (MySQL 8's default), so only
/// `mysql_native_password` is checked here.
#[test]
fn mysql_native_password() {
    let method = "SELECT CAST(plugin AS CHAR) FROM mysql.user WHERE CONCAT(user, '@', host) = CURRENT_USER()";
    let Some(plugin) = deploy_as("EBB_TEST_MYSQL_TLS_URL", method) else { return };
    assert_eq!(plugin, "mysql_native_password");
}

// ---------------------------------------------------------------------------------------------
// Unix sockets

fn unix_socket(dialect: Dialect) {
    let var = match dialect {
        Dialect::Postgres => "EBB_TEST_POSTGRES_SOCKET_URL",
        _ => "EBB_TEST_MYSQL_SOCKET_URL",
    };
    let Some(socket_url) = testkit::server_url(var) else { return };
    // The database is made over TCP; the commands reach it through the socket only.
    let Some(db) = TestDb::new(dialect) else { return };
    let name = db.url.rsplit_once('/').map(|(_, name)| name.split('?').next().unwrap_or(name)).unwrap_or_default();
    let url = testkit::servers::with_database(&socket_url, name);
    let project = project_with_migration(dialect, &url);
    let deploy = project.run(&["migrate", "deploy"]).expect(0);
    assert!(deploy.stderr.contains("unix:") || deploy.stdout.contains("unix:"), "{}{}", deploy.stdout, deploy.stderr);
    project.run(&["migrate", "status"]).expect(0);
    assert_eq!(db.table_names(), ["Item"]);
    assert_eq!(db.history().len(), 1);
}

testkit::on_dialects!(socket: postgres mysql => unix_socket);

// ---------------------------------------------------------------------------------------------
// other parameters

/// `application_name` and `options` reach the session; `pgbouncer=true` deploys (without the
/// advisory lock); `socket_timeout` ends a query that takes longer; an unknown parameter is a
/// warning.
#[test]
fn postgres_parameters_are_honoured() {
    let Some(db) = TestDb::new(Dialect::Postgres) else { return };
    let project = project_with_migration(Dialect::Postgres, &db.url);
    project.write(
        "check.sql",
        "DO $$ BEGIN\n  IF current_setting('application_name') <> 'nightly deploy' THEN RAISE EXCEPTION 'application_name %', current_setting('application_name'); END IF;\n  IF current_setting('statement_timeout') <> '4321ms' THEN RAISE EXCEPTION 'statement_timeout %', current_setting('statement_timeout'); END IF;\nEND $$;\n",
    );
    let url = with(&db.url, "application_name=nightly%20deploy&options=-c%20statement_timeout%3D4321");
    project.run(&["db", "execute", "--url", &url, "--file", "check.sql"]).expect(0);

    let run = run_on(
        &project,
        &with(&db.url, "pgbouncer=true&connection_limit=1&pool_timeout=0&colour=blue"),
        &["migrate", "deploy"],
    )
    .expect(0);
    assert!(
        run.stderr.contains("warning: unknown parameter `colour` in the PostgreSQL URL: ignored"),
        "{}",
        run.stderr
    );
    assert_eq!(db.history().len(), 1);

    project.write("sleep.sql", "SELECT pg_sleep(3);\n");
    let run =
        project.run(&["db", "execute", "--url", &with(&db.url, "socket_timeout=1"), "--file", "sleep.sql"]).expect(1);
    assert!(run.stderr.contains("the server did not answer within 1 s (socket_timeout)"), "{}", run.stderr);
}

#[test]
fn mysql_socket_timeout() {
    let Some(db) = TestDb::new(Dialect::Mysql) else { return };
    let project = Project::new(&[("sleep.sql", "SELECT SLEEP(3);\n")]);
    let run =
        project.run(&["db", "execute", "--url", &with(&db.url, "socket_timeout=1"), "--file", "sleep.sql"]).expect(1);
    assert!(run.stderr.contains("the server did not answer within 1 s (socket_timeout)"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------------------------
// password masking

/// Passwords people write: one character, characters a URL must escape, parts of words that
/// occur in ebb's messages.
fn password() -> impl Strategy<Value = String> {
    const WORDS: &str = "failed to lookup address information can't reach the database server authentication";
    prop_oneof![
        proptest::char::range('!', '~').prop_map(String::from),
        proptest::collection::vec(
            proptest::sample::select(vec!['@', '/', ':', '?', '#', '%', ' ', '&', '`', 'é']),
            1..5
        )
        .prop_map(|chars| chars.into_iter().collect()),
        (0..WORDS.len() - 1, 1..6usize)
            .prop_map(|(start, len)| WORDS[start..(start + len).min(WORDS.len())].to_owned()),
    ]
}

/// `base` with `password` as its password, escaped as a URL needs, and that escaped form.
fn with_password(base: &str, password: &str) -> (String, String) {
    let mut url = url::Url::parse(base).unwrap_or_else(|e| panic!("{base}: {e}"));
    // `%` is the one character the URL writer leaves as it is; a user writes `%25`.
    url.set_password(Some(&password.replace('%', "%25"))).unwrap_or_else(|()| panic!("{base} takes no password"));
    let escaped = url.password().unwrap_or_default().to_owned();
    (url.to_string(), escaped)
}

/// Failing commands print the same text whatever the password: only the password span of the
/// URL differs between runs, and it is masked. A password that is also a word of the message
/// (`p` in `lookup`) leaves the word alone.
#[test]
fn failing_commands_show_no_password_and_change_nothing_else() {
    let mut bases = vec![
        // Nothing listens there.
        "postgresql://ebb:x@127.0.0.1:1/app?connect_timeout=3".to_owned(),
        "mysql://ebb:x@127.0.0.1:1/app?connect_timeout=3".to_owned(),
    ];
    // A server that refuses the password.
    bases.extend(testkit::server_url("EBB_TEST_POSTGRES_TLS_URL").map(|url| with(&url, "sslmode=require")));
    let project = Project::new(&[("script.sql", "SELECT 1;\n")]);
    let output = |url: &str| {
        let run = project.run(&["db", "execute", "--url", url, "--file", "script.sql"]).expect(1);
        format!("{}{}", run.stdout, run.stderr)
    };
    let references: Vec<String> =
        bases.iter().map(|base| output(&with_password(base, "reference-password").0)).collect();
    for reference in &references {
        assert!(reference.contains(":****@"), "the URL is not shown masked: {reference}");
    }
    // Seeded: every run checks the same passwords.
    let config = ProptestConfig {
        cases: 12,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(11),
        ..ProptestConfig::default()
    };
    proptest!(config, |(password in password(), which in 0..bases.len())| {
        let (url, escaped) = with_password(&bases[which], &password);
        let shown = output(&url);
        prop_assert_eq!(&shown, &references[which]);
        let (in_url, decoded) = (format!(":{escaped}@"), format!(":{password}@"));
        prop_assert!(!shown.contains(&in_url) && !shown.contains(&decoded), "{}", shown);
    });
}
