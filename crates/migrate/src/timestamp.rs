//! Points in time, in UTC, to the microsecond: what the history table stores.
//!
//! The crate keeps its own small type rather than a date library: it needs only the civil date
//! of a Unix time (for folder names and messages) and the clock, which [`Timestamp::now`] reads
//! in the one place that may.

use std::fmt;

/// Microseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// A calendar date and time of day in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub microsecond: u32,
}

const MICROS_PER_SECOND: i64 = 1_000_000;
const SECONDS_PER_DAY: i64 = 86_400;

impl Timestamp {
    /// The system clock, now.
    pub fn now() -> Timestamp {
        let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        Timestamp(i64::try_from(since_epoch.as_micros()).unwrap_or(i64::MAX))
    }

    pub fn from_millis(millis: i64) -> Timestamp {
        Timestamp(millis.saturating_mul(1000))
    }

    /// The timestamp of a civil UTC date and time.
    pub fn from_civil(civil: Civil) -> Timestamp {
        let days = days_from_civil(civil.year, civil.month, civil.day);
        let seconds = days * SECONDS_PER_DAY
            + i64::from(civil.hour) * 3600
            + i64::from(civil.minute) * 60
            + i64::from(civil.second);
        Timestamp(seconds * MICROS_PER_SECOND + i64::from(civil.microsecond))
    }

    pub fn to_civil(self) -> Civil {
        let seconds = self.0.div_euclid(MICROS_PER_SECOND);
        let microsecond = self.0.rem_euclid(MICROS_PER_SECOND) as u32;
        let days = seconds.div_euclid(SECONDS_PER_DAY);
        let second_of_day = seconds.rem_euclid(SECONDS_PER_DAY) as u32;
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: second_of_day / 3600,
            minute: second_of_day / 60 % 60,
            second: second_of_day % 60,
            microsecond,
        }
    }

    /// `YYYYMMDDHHMMSS`, the prefix of a migration folder's name.
    pub fn migration_prefix(self) -> String {
        let c = self.to_civil();
        format!("{:04}{:02}{:02}{:02}{:02}{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second)
    }
}

/// As Prisma prints a time in its messages: `2026-11-25 19:47:04.586 UTC`, with as many
/// fraction digits as needed in groups of three, none for whole seconds.
#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` is newer than the supported Rust.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.to_civil();
        write!(f, "{:04}-{:02}-{:02} {:02}:{:02}:{:02}", c.year, c.month, c.day, c.hour, c.minute, c.second)?;
        if c.microsecond % 1000 == 0 && c.microsecond != 0 {
            write!(f, ".{:03}", c.microsecond / 1000)?;
        } else if c.microsecond != 0 {
            write!(f, ".{:06}", c.microsecond)?;
        }
        f.write_str(" UTC")
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        // 2026-11-25 19:47:04.586 UTC, a time the oracle wrote.
        let t = Timestamp::from_millis(1_795_636_024_586);
        let c = t.to_civil();
        assert_eq!((c.year, c.month, c.day, c.hour, c.minute, c.second), (2026, 11, 25, 19, 47, 4));
        assert_eq!(Timestamp::from_civil(c), t);
        assert_eq!(t.to_string(), "2026-11-25 19:47:04.586 UTC");
        assert_eq!(t.migration_prefix(), "20261125194704");
        for days in [-800_000, -1, 0, 59, 60, 365 * 30, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn display_uses_fraction_groups_like_prisma() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01 00:00:00 UTC");
        assert_eq!(Timestamp(1).to_string(), "1970-01-01 00:00:00.000001 UTC");
        assert_eq!(Timestamp(951_782_400 * MICROS_PER_SECOND).to_string(), "2000-02-29 00:00:00 UTC");
    }
}
