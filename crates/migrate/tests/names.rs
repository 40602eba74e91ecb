//! Migration names: what Prisma 7.10.1 makes of `--name`, captured in
//! `fixtures/migration_names.tsv`.

use migrate::sanitize_migration_name;

#[test]
fn names_are_sanitised_as_prisma_does() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/migration_names.tsv");
    let text = std::fs::read_to_string(path).expect("the fixture exists");
    let mut failures = Vec::new();
    let mut cases = 0;
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let (input, expected) = line.split_once('\t').expect("input<TAB>name");
        let input = input.replace("\\t", "\t");
        cases += 1;
        let actual = sanitize_migration_name(&input);
        if actual != expected {
            failures.push(format!("{input:?}: expected {expected:?}, got {actual:?}"));
        }
    }
    assert!(cases > 30, "the fixture lost its cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
