//! The corpus of real schemas: for each schema Prisma 7.10.1 has an expected from-empty script
//! for (`expected` column of `INDEX.tsv`), psl → calc → diff → render must give the same bytes.
//!
//! The corpus lives outside the repository (`$EBB_CORPUS`, by default `../shared/corpus`
//! beside the checkout). When it is missing the test says it was skipped, and fails under
//! `CI=true`. Cases known to differ are listed in `tests/corpus_known_differences.txt`; the
//! test fails when an unlisted case differs and when a listed case starts to match, so the
//! list always says exactly what is left.

mod common;

use calc::Provider;
use sql_schema::SqlSchema;
use std::path::Path;

struct Case {
    schema: testkit::CorpusSchema,
    provider: Provider,
}

/// The corpus schemas that have an expected from-empty script.
fn cases(root: &Path) -> Vec<Case> {
    testkit::corpus_schemas(root)
        .into_iter()
        .filter(|schema| schema.expected_sql.is_some())
        .map(|schema| {
            let provider = match schema.provider.as_str() {
                "postgresql" => Provider::PostgreSql,
                "sqlite" => Provider::Sqlite,
                other => panic!("expected SQL for provider {other}"),
            };
            Case { schema, provider }
        })
        .collect()
}

fn check(case: &Case) -> Result<(), String> {
    let files = testkit::schema_files(&case.schema.path);
    let expected_path = case.schema.expected_sql.as_ref().expect("cases have expected SQL");
    let expected = std::fs::read_to_string(expected_path).expect("expected SQL");
    let schema = common::sql_schema(&files, case.provider)?;
    let dialect = calc::dialect(case.provider).map_err(|e| e.to_string())?;
    let actual = common::script(&SqlSchema::default(), &schema, dialect);
    if actual == expected {
        Ok(())
    } else {
        if std::env::var_os("CORPUS_DUMP").is_some() {
            let _ = std::fs::write(std::env::temp_dir().join(format!("{}.actual.sql", case.schema.name)), &actual);
        }
        Err(testkit::first_difference(&expected, &actual))
    }
}

#[test]
fn corpus_from_empty_matches_prisma() {
    let Some(root) = testkit::corpus_root() else {
        return;
    };
    let known: Vec<String> = include_str!("corpus_known_differences.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    let cases = cases(&root);
    assert_eq!(cases.len(), 21, "the corpus has 21 schemas with expected SQL");
    let mut problems = Vec::new();
    let mut matching = 0;
    for case in &cases {
        let listed = known.contains(&case.schema.name);
        match (check(case), listed) {
            (Ok(()), false) => matching += 1,
            (Ok(()), true) => {
                problems.push(format!("{}: matches now; remove it from the known differences", case.schema.name))
            }
            (Err(difference), false) => {
                problems.push(format!("{} ({:?}): {difference}", case.schema.name, case.provider))
            }
            (Err(_), true) => {}
        }
    }
    eprintln!("corpus: {matching} of {} schemas match Prisma byte for byte", cases.len());
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
