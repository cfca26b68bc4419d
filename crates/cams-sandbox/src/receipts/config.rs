//! How the emulator pushes receipts: the delay between a message's status steps, the retry
//! schedule, the deadline of one push and the caps that keep a bad receiver from hurting the
//! rest. Durations are written like `200ms`, `1s`, `5m` (see [`parse_duration`]).

use std::time::Duration;

/// Why a duration (or a list of them) could not be read; names the text and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DurationError {
    /// Nothing was given.
    #[error("empty duration: write a whole number and a unit, e.g. 200ms, 1s, 5m")]
    Empty,
    /// The number part is missing or not a whole number.
    #[error("{text:?}: the number must be a whole number, e.g. 200ms, 1s, 5m")]
    BadNumber {
        /// The text given.
        text: String,
    },
    /// The unit is missing or unknown.
    #[error("{text:?}: the unit must be one of ms, s, m, h (e.g. 200ms, 1s, 5m)")]
    BadUnit {
        /// The text given.
        text: String,
    },
    /// The value is larger than a day.
    #[error("{text:?}: at most 24h")]
    TooLong {
        /// The text given.
        text: String,
    },
    /// A retry list has more entries than allowed.
    #[error("{count} retries: at most {max}")]
    TooManyRetries {
        /// How many were given.
        count: usize,
        /// The most allowed.
        max: usize,
    },
}

/// The longest duration accepted.
const MAX_DURATION: Duration = Duration::from_secs(24 * 3600);
/// The most retries of one push.
pub const MAX_RETRIES: usize = 10;

/// Parses `200ms`, `1s`, `5m`, `1h` (a whole number and a unit; `0s` is allowed).
///
/// ```
/// use cams_sandbox::parse_duration;
/// use std::time::Duration;
/// assert_eq!(parse_duration("200ms"), Ok(Duration::from_millis(200)));
/// assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
/// assert!(parse_duration("5").is_err());
/// ```
pub fn parse_duration(text: &str) -> Result<Duration, DurationError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(DurationError::Empty);
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let n: u64 = number.parse().map_err(|_| DurationError::BadNumber {
        text: text.to_owned(),
    })?;
    let millis_per = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        _ => {
            return Err(DurationError::BadUnit {
                text: text.to_owned(),
            });
        }
    };
    let d = n
        .checked_mul(millis_per)
        .map(Duration::from_millis)
        .filter(|d| *d <= MAX_DURATION)
        .ok_or_else(|| DurationError::TooLong {
            text: text.to_owned(),
        })?;
    Ok(d)
}

/// Parses a comma-separated list of durations (`1m,5m`); `none` (or an empty text) is no retry.
///
/// ```
/// use cams_sandbox::parse_duration_list;
/// use std::time::Duration;
/// assert_eq!(parse_duration_list("500ms,1s"), Ok(vec![Duration::from_millis(500), Duration::from_secs(1)]));
/// assert_eq!(parse_duration_list("none"), Ok(vec![]));
/// ```
pub fn parse_duration_list(text: &str) -> Result<Vec<Duration>, DurationError> {
    let t = text.trim();
    if t.is_empty() || t.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let list = t
        .split(',')
        .map(parse_duration)
        .collect::<Result<Vec<_>, _>>()?;
    if list.len() > MAX_RETRIES {
        return Err(DurationError::TooManyRetries {
            count: list.len(),
            max: MAX_RETRIES,
        });
    }
    Ok(list)
}

/// How receipts are pushed over HTTP. The defaults are CAMS's documented contract.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PushConfig {
    /// Time between a message's status steps (`Sent` → `Delivered` → `Read`), and between a
    /// template's audit steps. Default 1 s (`--receipt-delay`).
    pub receipt_delay: Duration,
    /// After a failed push, wait this long and push again, once per entry; then give up.
    /// Default `[1m, 5m]` (`--push-retry`): three pushes in all, as CAMS documents.
    pub retries: Vec<Duration>,
    /// Deadline of one push, from connecting to the end of the answer. Default 3 s.
    pub timeout: Duration,
    /// Pushes (waiting, in flight or waiting for a retry) held at once; further receipts are
    /// not pushed (a line on stderr says so) but are still in the in-process log. Default 10 000.
    pub max_pending: usize,
    /// Pushes in flight at once to one callback URL; a URL that hangs holds only these.
    /// Default 8.
    pub per_url_concurrency: usize,
}

impl Default for PushConfig {
    fn default() -> Self {
        PushConfig {
            receipt_delay: Duration::from_secs(1),
            retries: vec![Duration::from_secs(60), Duration::from_secs(300)],
            timeout: Duration::from_secs(3),
            max_pending: 10_000,
            per_url_concurrency: 8,
        }
    }
}

impl PushConfig {
    /// Sets [`PushConfig::receipt_delay`].
    pub fn with_receipt_delay(mut self, d: Duration) -> Self {
        self.receipt_delay = d;
        self
    }

    /// Sets [`PushConfig::retries`].
    pub fn with_retries(mut self, retries: Vec<Duration>) -> Self {
        self.retries = retries;
        self
    }

    /// Sets [`PushConfig::timeout`].
    pub fn with_timeout(mut self, d: Duration) -> Self {
        self.timeout = d;
        self
    }

    /// Sets [`PushConfig::max_pending`] (at least 1).
    pub fn with_max_pending(mut self, n: usize) -> Self {
        self.max_pending = n.max(1);
        self
    }

    /// Sets [`PushConfig::per_url_concurrency`] (at least 1).
    pub fn with_per_url_concurrency(mut self, n: usize) -> Self {
        self.per_url_concurrency = n.max(1);
        self
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_their_unit() {
        assert_eq!(parse_duration("0s").unwrap(), Duration::ZERO);
        assert_eq!(parse_duration(" 1s ").unwrap(), Duration::from_secs(1));
        assert_eq!(parse_duration("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_duration(""), Err(DurationError::Empty));
        for bad in ["s", "1.5s", "-1s", "1 s"] {
            assert!(
                matches!(
                    parse_duration(bad),
                    Err(DurationError::BadNumber { .. }) | Err(DurationError::BadUnit { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            parse_duration("10"),
            Err(DurationError::BadUnit { .. })
        ));
        assert!(matches!(
            parse_duration("1d"),
            Err(DurationError::BadUnit { .. })
        ));
        assert!(matches!(
            parse_duration("25h"),
            Err(DurationError::TooLong { .. })
        ));
        assert!(matches!(
            parse_duration("99999999999999999999ms"),
            Err(DurationError::BadNumber { .. })
        ));
        assert!(
            parse_duration("1x")
                .unwrap_err()
                .to_string()
                .contains("\"1x\"")
        );
    }

    #[test]
    fn lists_parse_and_are_capped() {
        assert_eq!(
            parse_duration_list("1m,5m").unwrap(),
            PushConfig::default().retries
        );
        assert!(parse_duration_list("1m,,5m").is_err());
        assert!(matches!(
            parse_duration_list(&["1s"; 11].join(",")),
            Err(DurationError::TooManyRetries { count: 11, .. })
        ));
    }
}
