//! The names of implicit many-to-many join tables and their constraints. Constraint names of
//! models (`Table_pkey`, `Table_a_key`, …) are the datamodel's (`psl::datamodel::naming`), which
//! validation also uses to find clashes.

use psl::datamodel::naming::truncate_bytes;

/// The first `count` characters of `text`.
fn take_chars(text: &str, count: usize) -> &str {
    match text.char_indices().nth(count) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// The names Prisma gives an implicit many-to-many join table and its constraints. These do
/// not follow the general rules above: the table name is cut by characters, and the foreign
/// key names leave room for the `_A`/`_B` marker so that the two can never collide.
pub(crate) struct JoinTableNames {
    pub table: String,
    pub unique_or_primary_key: String,
    pub b_index: String,
    pub a_foreign_key: String,
    pub b_foreign_key: String,
}

impl JoinTableNames {
    pub(crate) fn new(relation_table: &str, limit: usize, uses_primary_key: bool) -> JoinTableNames {
        let table = take_chars(relation_table, limit).to_owned();
        let constraint_suffix = if uses_primary_key { "_AB_pkey" } else { "_AB_unique" };
        let unique_or_primary_key =
            format!("{}{constraint_suffix}", take_chars(&table, limit.saturating_sub(constraint_suffix.len())));
        let b_index = format!("{}_B_index", take_chars(&table, limit.saturating_sub("_B_index".len())));
        let max_table_len = limit.saturating_sub("_fkey".len() + 2);
        let short = truncate_bytes(&table, max_table_len);
        // Prisma compares with `>` for A and `>=` for B; both cut to the same prefix, so the
        // difference never shows in the result.
        let a_foreign_key = format!("{short}_A_fkey");
        let b_foreign_key = format!("{short}_B_fkey");
        JoinTableNames { table, unique_or_primary_key, b_index, a_foreign_key, b_foreign_key }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_characters_whole() {
        assert_eq!(take_chars("aéb", 2), "aé");
    }

    #[test]
    fn join_table_names() {
        let names = JoinTableNames::new("_selfm2mveryveryveryveryveryveryveryveryveryverylongname", 63, true);
        assert_eq!(names.unique_or_primary_key, "_selfm2mveryveryveryveryveryveryveryveryveryverylongnam_AB_pkey");
        assert_eq!(names.b_index, "_selfm2mveryveryveryveryveryveryveryveryveryverylongnam_B_index");
        assert_eq!(names.a_foreign_key, "_selfm2mveryveryveryveryveryveryveryveryveryverylongname_A_fkey");
        let sqlite = JoinTableNames::new("_AToB", 10_000, false);
        assert_eq!(sqlite.unique_or_primary_key, "_AToB_AB_unique");
        assert_eq!(sqlite.b_foreign_key, "_AToB_B_fkey");
    }
}
