//! Points in time, in UTC, to the microsecond: what the history table stores.
//!
//! A [`time::OffsetDateTime`] kept in UTC and cut to whole microseconds (the precision of
//! PostgreSQL's `TIMESTAMPTZ`), with the text forms Prisma uses. The clock is read only by
//! [`Timestamp::now`]; everything else is given its time.

use std::fmt;
use time::OffsetDateTime;

/// An instant in UTC, to the microsecond.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

impl Timestamp {
    /// The system clock, now.
    pub fn now() -> Timestamp {
        Timestamp::from(OffsetDateTime::now_utc())
    }

    /// The instant `micros` microseconds after 1970-01-01T00:00:00Z, if its year is within
    /// ±9999.
    pub fn from_unix_micros(micros: i64) -> Option<Timestamp> {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(micros) * 1000).ok().map(Timestamp)
    }

    /// Whole milliseconds since 1970-01-01T00:00:00Z, rounded down: how SQLite's history
    /// columns hold times.
    pub fn unix_millis(self) -> i64 {
        self.0.unix_timestamp() * 1000 + i64::from(self.0.millisecond())
    }

    /// The fraction of the second, in microseconds.
    pub(crate) fn microsecond(self) -> u32 {
        self.0.microsecond()
    }

    /// `YYYY-MM-DD HH:MM:SS`: the date and time of day, without the fraction.
    pub(crate) fn date_and_time(self) -> String {
        let t = self.0;
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }

    /// The instant a migration folder name's `YYYYMMDDHHMMSS` prefix names, if it has one.
    pub fn from_migration_prefix(name: &str) -> Option<Timestamp> {
        let digits = name.get(..14).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
        let number = |range: std::ops::Range<usize>| digits[range].parse::<u16>().ok();
        let month = time::Month::try_from(number(4..6)? as u8).ok()?;
        let date = time::Date::from_calendar_date(i32::from(number(0..4)?), month, number(6..8)? as u8).ok()?;
        let time = time::Time::from_hms(number(8..10)? as u8, number(10..12)? as u8, number(12..14)? as u8).ok()?;
        Some(Timestamp(time::PrimitiveDateTime::new(date, time).assume_utc()))
    }

    /// When a new migration is created at `now` after the migration `last`: `now`, or one
    /// second after `last` when `now` would not sort after it (two migrations created within
    /// one second, or a clock behind the folder), so that folder order stays history order.
    pub fn for_new_migration(now: Timestamp, last: Option<&str>) -> Timestamp {
        match last.and_then(Timestamp::from_migration_prefix) {
            Some(previous) if now.migration_prefix() <= previous.migration_prefix() => {
                Timestamp(previous.0 + time::Duration::seconds(1))
            }
            _ => now,
        }
    }

    /// `YYYYMMDDHHMMSS`, the prefix of a migration folder's name.
    pub fn migration_prefix(self) -> String {
        let t = self.0;
        format!(
            "{:04}{:02}{:02}{:02}{:02}{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

/// The same instant in UTC, cut to whole microseconds.
impl From<OffsetDateTime> for Timestamp {
    fn from(at: OffsetDateTime) -> Timestamp {
        let at = at.to_offset(time::UtcOffset::UTC);
        // The microsecond of a valid time is valid (< 10⁶): the fallback is never taken.
        Timestamp(at.replace_microsecond(at.microsecond()).unwrap_or(at))
    }
}

/// As Prisma prints a time in its messages: `2026-11-25 19:47:04.586 UTC`, with as many
/// fraction digits as needed in groups of three, none for whole seconds.
#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` is newer than the supported Rust.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.date_and_time())?;
        let microsecond = self.microsecond();
        if microsecond % 1000 == 0 && microsecond != 0 {
            write!(f, ".{:03}", microsecond / 1000)?;
        } else if microsecond != 0 {
            write!(f, ".{microsecond:06}")?;
        }
        f.write_str(" UTC")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn new_migrations_sort_after_the_last_one() {
        let now = Timestamp::from(datetime!(2026-11-25 19:47:04.586 UTC));
        assert_eq!(Timestamp::for_new_migration(now, None), now);
        assert_eq!(Timestamp::for_new_migration(now, Some("20261125194703_a")), now);
        let same = Timestamp::for_new_migration(now, Some("20261125194704_a"));
        assert_eq!(same.migration_prefix(), "20261125194705");
        let ahead = Timestamp::for_new_migration(now, Some("20301231235959_future"));
        assert_eq!(ahead.migration_prefix(), "20310101000000");
        assert_eq!(Timestamp::for_new_migration(now, Some("init")), now, "names without a timestamp");
    }

    #[test]
    fn text_forms() {
        // 2026-11-25 19:47:04.586 UTC, a time the oracle wrote.
        let t = Timestamp::from_unix_micros(1_795_636_024_586_000).unwrap();
        assert_eq!(t, Timestamp::from(datetime!(2026-11-25 19:47:04.586 UTC)));
        assert_eq!(t.to_string(), "2026-11-25 19:47:04.586 UTC");
        assert_eq!(t.migration_prefix(), "20261125194704");
        assert_eq!(t.unix_millis(), 1_795_636_024_586);
        assert_eq!(Timestamp::from_unix_micros(-1).unwrap().unix_millis(), -1);
        assert_eq!(Timestamp::from_unix_micros(i64::MAX), None);
    }

    #[test]
    fn sub_microseconds_are_cut_and_offsets_dropped() {
        let local = datetime!(2026-11-25 20:47:04.586_123_999 +01:00);
        assert_eq!(Timestamp::from(local), Timestamp::from_unix_micros(1_795_636_024_586_123).unwrap());
    }

    #[test]
    fn display_uses_fraction_groups_like_prisma() {
        let micros = |n| Timestamp::from_unix_micros(n).unwrap();
        assert_eq!(micros(0).to_string(), "1970-01-01 00:00:00 UTC");
        assert_eq!(micros(1).to_string(), "1970-01-01 00:00:00.000001 UTC");
        assert_eq!(micros(951_782_400_000_000).to_string(), "2000-02-29 00:00:00 UTC");
    }
}
