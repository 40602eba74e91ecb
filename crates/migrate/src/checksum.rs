//! Checksums of migration scripts, as Prisma computes and compares them.
//!
//! The checksum is the SHA-256 of the script's UTF-8 bytes, written as 64 lowercase hex digits.
//! Comparison forgives line endings: a script matches a stored checksum when the script itself,
//! the script with every CRLF turned into LF, or the script with every LF turned into CRLF
//! hashes to it. So a checkout that only converted line endings (git's `autocrlf`) is not an
//! edited migration. Old Prisma versions stored checksums without zero padding (each byte as
//! `{:x}`); a stored checksum that is not 64 characters long is compared in that form.

use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// Length of a checksum as written today.
const CHECKSUM_LEN: usize = 64;

/// The checksum Prisma stores for `script`.
pub fn checksum(script: &str) -> String {
    render(&digest(script), true)
}

/// Whether `script` matches the `stored` checksum, forgiving line endings and the unpadded
/// form of old Prisma versions.
pub fn script_matches_checksum(script: &str, stored: &str) -> bool {
    let padded = stored.is_empty() || stored.len() == CHECKSUM_LEN;
    let candidates = [script.to_owned(), script.replace("\r\n", "\n"), script.replace('\n', "\r\n")];
    candidates.iter().any(|candidate| render(&digest(candidate), padded) == stored)
}

fn digest(script: &str) -> [u8; 32] {
    Sha256::digest(script.as_bytes()).into()
}

fn render(bytes: &[u8; 32], padded: bool) -> String {
    let mut out = String::with_capacity(CHECKSUM_LEN);
    for byte in bytes {
        // Writing into a String cannot fail.
        let _ = if padded { write!(out, "{byte:02x}") } else { write!(out, "{byte:x}") };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_is_lowercase_padded_sha256() {
        assert_eq!(checksum("hello"), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assert_eq!(checksum(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn line_endings_do_not_count_as_edits() {
        let variants = ["ab\ncd\nef\ngh\rab", "ab\r\ncd\r\nef\r\ngh\rab", "x\n", "x\r\n"];
        for (a, b) in [(0, 1), (1, 0), (2, 3), (3, 2)] {
            assert!(script_matches_checksum(variants[a], &checksum(variants[b])), "{a} vs {b}");
        }
    }

    #[test]
    fn real_edits_are_detected() {
        assert!(!script_matches_checksum("abc", &checksum("abcd")));
        assert!(!script_matches_checksum("abc\n", &checksum("abc")));
        assert!(!script_matches_checksum("abc", ""));
    }

    #[test]
    fn unpadded_legacy_checksums_match() {
        // "hello" hashes to bytes that include 0x0e and 0x04, which the old form wrote as `e`, `4`.
        let legacy = render(&digest("hello"), false);
        assert!(legacy.len() < CHECKSUM_LEN);
        assert!(script_matches_checksum("hello", &legacy));
        assert!(!script_matches_checksum("hallo", &legacy));
    }
}
