//! When and how long to wait before trying a call again.

use crate::Error;
use rand::{Rng, SeedableRng, rngs::SmallRng};
use std::time::Duration;

/// The retry policy of a client.
///
/// [`RetryPolicy::standard`] (the default) makes at most 3 attempts with capped exponential
/// backoff and full jitter, honours the gateway's `x-acs-retry-after`, and retries only
/// throttling, 5xx, timeouts and connection errors. An operation that is not idempotent is
/// retried only when the transport knows the request never left.
///
/// A gateway that asks for a wait longer than [`max_retry_after`](Self::max_retry_after)
/// (20 s by default), or one that would end past the operation deadline, ends the call at
/// once with its throttling error; [`Error::retry_after`] tells how long it asked for, so the
/// caller can schedule the next try itself instead of holding the call open for minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::standard()
    }
}

impl RetryPolicy {
    /// At most 3 attempts; backoff `rand(0, min(20 s, 100 ms × 2^(n-1)))`; `x-acs-retry-after`
    /// honoured up to 20 s (a longer one ends the call).
    pub fn standard() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(20),
        }
    }

    /// One attempt, never a retry (the official SDKs' default).
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::standard()
        }
    }

    /// Sets the total number of attempts (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the first backoff step.
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Caps any computed backoff.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest `x-acs-retry-after` the client waits for; a longer one ends the call with
    /// the throttling error.
    pub fn with_max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// The longest `x-acs-retry-after` honoured (see [`with_max_retry_after`](Self::with_max_retry_after)).
    pub fn max_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    /// The total number of attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether any retry can happen.
    pub fn is_enabled(&self) -> bool {
        self.max_attempts > 1
    }

    /// The delay before attempt `attempt + 1` after `error`, or `None` to give up.
    /// `remaining` is what is left of the operation deadline, when there is one.
    pub(crate) fn next_delay(
        &self,
        attempt: u32,
        idempotent: bool,
        error: &Error,
        remaining: Option<Duration>,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts || !may_retry(idempotent, error) {
            return None;
        }
        if let Some(after) = error.retry_after() {
            let past_deadline = remaining.is_some_and(|left| after >= left);
            return (after <= self.max_retry_after && !past_deadline).then_some(after);
        }
        Some(self.backoff(attempt))
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exp = attempt.saturating_sub(1).min(30);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        let millis = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        if millis == 0 {
            return Duration::ZERO;
        }
        // Seeded per retry: a retry already waits, and the jitter needs no strength.
        let jitter =
            SmallRng::try_from_os_rng().map_or(millis / 2, |mut r| r.random_range(0..=millis));
        Duration::from_millis(jitter)
    }
}

/// Whether `error` may be retried for an operation of this idempotency.
fn may_retry(idempotent: bool, error: &Error) -> bool {
    if idempotent {
        return error.is_retryable();
    }
    // Sending a non-idempotent call twice could act twice: only a request that never
    // left is safe to send again.
    matches!(error, Error::Transport(e) if !e.maybe_sent())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cams_transport::TransportError;

    /// `SAMPLES` backoffs for `attempt`, in milliseconds.
    fn samples(p: &RetryPolicy, attempt: u32) -> Vec<u128> {
        (0..SAMPLES)
            .map(|_| p.backoff(attempt).as_millis())
            .collect()
    }

    // Full jitter draws uniformly from 0..=ceiling: with this many draws, every bound below
    // fails by chance with a probability under 1e-30.
    const SAMPLES: usize = 400;

    #[test]
    fn backoff_is_capped_and_jittered() {
        // Ceilings: 100 ms for the first retry, then 200 ms capped to 150 ms.
        let p = RetryPolicy::standard().with_max_delay(Duration::from_millis(150));
        for (attempt, ceiling) in [(1, 100), (2, 150), (3, 150), (9, 150), (40, 150)] {
            let got = samples(&p, attempt);
            let (min, max) = (got.iter().min(), got.iter().max());
            let (Some(min), Some(max)) = (min, max) else {
                panic!("no sample")
            };
            assert!(
                *max <= ceiling,
                "attempt {attempt}: {max} ms over {ceiling}"
            );
            // Not always zero, nor below the ceiling's upper part (so it grows with attempts).
            assert!(
                *max > ceiling * 3 / 4,
                "attempt {attempt}: at most {max} ms"
            );
            // Jittered: not always the ceiling, and spread over the range.
            assert!(*min < ceiling / 4, "attempt {attempt}: at least {min} ms");
            let distinct: std::collections::BTreeSet<_> = got.iter().collect();
            assert!(distinct.len() > 20, "attempt {attempt}: {distinct:?}");
        }
    }

    #[test]
    fn non_idempotent_retries_only_unsent() {
        let p = RetryPolicy::standard();
        let unsent = Error::Transport(TransportError::connect("refused"));
        let timeout = Error::Transport(TransportError::timeout());
        assert!(p.next_delay(1, false, &unsent, None).is_some());
        assert!(p.next_delay(1, false, &timeout, None).is_none());
        assert!(p.next_delay(1, true, &timeout, None).is_some());
        assert!(p.next_delay(3, true, &timeout, None).is_none());
        assert!(
            RetryPolicy::disabled()
                .next_delay(1, true, &timeout, None)
                .is_none()
        );
    }
}
