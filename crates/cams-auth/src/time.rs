//! Clock abstraction and the `YYYY-MM-DDTHH:MM:SSZ` timestamp format.
//!
//! The calendar conversion is hand-written (Howard Hinnant's `days_from_civil` / `civil_from_days`)
//! so that formatting the request timestamp needs no heap allocation and no date crate on the hot
//! path of every signature.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Source of the current time. Signers never read the clock themselves.
pub trait TimeSource: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemTimeSource;

impl TimeSource for SystemTimeSource {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock stopped at a fixed instant (tests, replays).
#[derive(Debug, Clone, Copy)]
pub struct FixedTimeSource(pub SystemTime);

impl TimeSource for FixedTimeSource {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// A formatted `YYYY-MM-DDTHH:MM:SSZ` timestamp kept on the stack.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimestampString([u8; 20]);

impl TimestampString {
    /// The timestamp text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and separators are ever written.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl fmt::Display for TimestampString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for TimestampString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl AsRef<str> for TimestampString {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

const MIN_SECS: i64 = -62_167_219_200; // 0000-01-01T00:00:00Z
const MAX_SECS: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z

/// Formats `t` as `YYYY-MM-DDTHH:MM:SSZ` (UTC, fraction truncated), without allocating.
///
/// Times outside years 0000..=9999 are clamped to that range.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// let t = UNIX_EPOCH + Duration::from_secs(1_741_944_413);
/// assert_eq!(cams_auth::format_timestamp(t).as_str(), "2025-03-14T09:26:53Z");
/// ```
pub fn format_timestamp(t: SystemTime) -> TimestampString {
    let secs = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => {
            let d = e.duration();
            // Round towards negative infinity so that a fraction before the epoch stays in its second.
            let s = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            if d.subsec_nanos() > 0 { -s - 1 } else { -s }
        }
    }
    .clamp(MIN_SECS, MAX_SECS);
    format_secs(secs)
}

fn format_secs(secs: i64) -> TimestampString {
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let mut b = *b"0000-00-00T00:00:00Z";
    put(&mut b[0..4], y as u32);
    put(&mut b[5..7], m);
    put(&mut b[8..10], d);
    put(&mut b[11..13], (sod / 3600) as u32);
    put(&mut b[14..16], (sod / 60 % 60) as u32);
    put(&mut b[17..19], (sod % 60) as u32);
    TimestampString(b)
}

fn put(dst: &mut [u8], mut v: u32) {
    for slot in dst.iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` (UTC). Returns `None` for anything else, including invalid dates.
///
/// ```
/// let t = cams_auth::parse_timestamp("2025-03-14T09:26:53Z").unwrap();
/// assert_eq!(cams_auth::format_timestamp(t).as_str(), "2025-03-14T09:26:53Z");
/// assert!(cams_auth::parse_timestamp("2025-02-29T00:00:00Z").is_none());
/// ```
pub fn parse_timestamp(s: &str) -> Option<SystemTime> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) || hh > 23 || mm > 59 || ss > 59
    {
        return None;
    }
    let secs = days_from_civil(i64::from(y), m, d) * 86_400 + i64::from(hh * 3600 + mm * 60 + ss);
    if secs >= 0 {
        Some(UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs()))
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs()))
    }
}

fn is_leap(y: u32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert_eq!(
            format_timestamp(UNIX_EPOCH).as_str(),
            "1970-01-01T00:00:00Z"
        );
        let t = UNIX_EPOCH + Duration::from_millis(1_741_944_413_999);
        assert_eq!(format_timestamp(t).as_str(), "2025-03-14T09:26:53Z");
        assert_eq!(
            format_timestamp(UNIX_EPOCH - Duration::from_millis(1)).as_str(),
            "1969-12-31T23:59:59Z"
        );
        assert_eq!(
            parse_timestamp("2023-10-26T09:01:01Z"),
            Some(UNIX_EPOCH + Duration::from_secs(1_698_310_861))
        );
    }

    #[test]
    fn leap_years_round_trip() {
        for s in [
            "2000-02-29T12:00:00Z",
            "2024-02-29T23:59:59Z",
            "1600-02-29T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2100-03-01T00:00:00Z",
        ] {
            let t = parse_timestamp(s).unwrap_or_else(|| panic!("{s}"));
            assert_eq!(format_timestamp(t).as_str(), s);
        }
        for bad in [
            "1900-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00.000Z",
            "+024-01-01T00:00:00Z",
        ] {
            assert!(parse_timestamp(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn every_day_for_a_few_centuries_round_trips() {
        let mut day = days_from_civil(1800, 1, 1);
        let end = days_from_civil(2400, 1, 1);
        while day < end {
            let (y, m, d) = civil_from_days(day);
            assert_eq!(days_from_civil(y, m, d), day);
            day += 1;
        }
        let t = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(format_timestamp(t).as_str(), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn clock_sources() {
        let t = UNIX_EPOCH + Duration::from_secs(5);
        assert_eq!(FixedTimeSource(t).now(), t);
        assert!(SystemTimeSource.now() > t);
    }
}
