//! Prisma's default names for constraints and indexes, and their truncation to the
//! provider's identifier limit.
//!
//! Names are built from database names (`@@map`/`@map` applied), never from model or field
//! names. Truncation cuts bytes at a character boundary so that a name stays valid UTF-8, the
//! way Prisma does it; the names of implicit many-to-many join tables are cut by characters.

/// The longest prefix of `text` that is at most `limit` bytes and ends on a character boundary.
pub(crate) fn truncate_bytes(text: &str, limit: usize) -> &str {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The first `count` characters of `text`.
pub(crate) fn take_chars(text: &str, count: usize) -> &str {
    match text.char_indices().nth(count) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// `{table}_pkey`.
pub(crate) fn primary_key(table: &str, limit: usize) -> String {
    with_suffix(table, "_pkey", limit)
}

/// `{table}_{columns}_key`.
pub(crate) fn unique_index(table: &str, columns: &[&str], limit: usize) -> String {
    with_suffix(&format!("{table}_{}", columns.join("_")), "_key", limit)
}

/// `{table}_{columns}_idx`, for normal and fulltext indexes.
pub(crate) fn normal_index(table: &str, columns: &[&str], limit: usize) -> String {
    with_suffix(&format!("{table}_{}", columns.join("_")), "_idx", limit)
}

/// `{table}_{columns}_fkey`, named after the referencing table and columns.
pub(crate) fn foreign_key(table: &str, columns: &[&str], limit: usize) -> String {
    with_suffix(&format!("{table}_{}", columns.join("_")), "_fkey", limit)
}

fn with_suffix(base: &str, suffix: &str, limit: usize) -> String {
    format!("{}{suffix}", truncate_bytes(base, limit.saturating_sub(suffix.len())))
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
    fn short_names_are_untouched() {
        assert_eq!(primary_key("User", 63), "User_pkey");
        assert_eq!(unique_index("User", &["email"], 63), "User_email_key");
        assert_eq!(normal_index("Post", &["a", "b"], 63), "Post_a_b_idx");
        assert_eq!(foreign_key("Post", &["authorId"], 63), "Post_authorId_fkey");
    }

    #[test]
    fn long_names_are_cut_to_the_limit() {
        let table = "ThisIsAVeryLongModelNameThatWillNeedTruncationWhenNamingThingsX";
        assert_eq!(primary_key(table, 63), "ThisIsAVeryLongModelNameThatWillNeedTruncationWhenNamingTh_pkey");
        assert_eq!(
            unique_index(table, &["anotherVeryLongFieldNameForTheIndexesOfThis"], 63),
            "ThisIsAVeryLongModelNameThatWillNeedTruncationWhenNamingThi_key"
        );
        assert_eq!(foreign_key(table, &["third"], 63), "ThisIsAVeryLongModelNameThatWillNeedTruncationWhenNamingTh_fkey");
        assert_eq!(primary_key(table, 64).len(), 64);
    }

    #[test]
    fn truncation_keeps_characters_whole() {
        assert_eq!(truncate_bytes("aé", 2), "a");
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
