//! Error messages word for word as Prisma 7.10.1 printed them (`fixtures/prisma_messages.txt`).

use migrate::{FailedMigration, MigrateError, Timestamp};
use time::macros::datetime;

fn prisma_messages() -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/prisma_messages.txt")).unwrap();
    let body: String = text.lines().filter(|line| !line.starts_with('#')).map(|line| format!("{line}\n")).collect();
    body.split("== ")
        .filter(|block| !block.is_empty())
        .map(|block| {
            let (code, message) = block.split_once('\n').unwrap();
            // Each block ends with the newline before the next `==`; P3009's own newline stays.
            (code.to_owned(), message.strip_suffix('\n').unwrap_or(message).to_owned())
        })
        .collect()
}

/// The error Prisma reported, rebuilt with the same names.
fn ours(code: &str) -> MigrateError {
    let init = "20261125194649_init_users_and_posts_ete".to_owned();
    match code {
        "P3005" => MigrateError::DatabaseNotEmpty,
        "P3008" => MigrateError::AlreadyApplied { name: init },
        "P3009" => MigrateError::FailedMigrations {
            migrations: vec![FailedMigration {
                name: "20261125200000_broken".into(),
                started_at: Timestamp::from(datetime!(2026-11-25 19:47:04.586 UTC)),
                logs: Some("table \"User\" already exists".into()),
            }],
        },
        "P3011" => MigrateError::RollbackUnapplied { name: "nonexistent".into() },
        "P3012" => MigrateError::RollbackSucceeded { name: init },
        "P3017" => MigrateError::MigrationNotFound { name: "nonexistent".into() },
        "P3019" => MigrateError::ProviderSwitched { provider: "sqlite".into(), expected: "mysql".into() },
        other => panic!("no case for {other}"),
    }
}

#[test]
fn messages_are_prismas() {
    let messages = prisma_messages();
    assert_eq!(messages.len(), 7);
    for (code, message) in messages {
        let error = ours(&code);
        assert_eq!(error.prisma_code(), Some(code.as_str()));
        assert_eq!(error.to_string(), message, "{code}");
    }
}
