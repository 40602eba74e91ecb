//! Helpers shared by the data-driven tests: `testkit`'s comparison with ebb's snapshots and
//! fixture listing, and the corpus's schema files.

#![allow(dead_code, unused_imports)]

pub use testkit::check_snapshot as check;
pub use testkit::files_ending_with as files_with_extension;

use std::path::PathBuf;

/// Every `.prisma` file of the corpus schemas (folders of multi-file schemas included), or
/// `None` when the corpus is absent outside CI. Under `CI=true` an absent corpus fails.
pub fn corpus_schema_files() -> Option<Vec<PathBuf>> {
    let root = testkit::corpus_root()?;
    let mut files = Vec::new();
    testkit::collect_prisma_files(&root.join("schemas"), &mut files);
    files.sort();
    Some(files)
}
