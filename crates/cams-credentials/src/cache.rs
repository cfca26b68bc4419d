//! One refreshing cache for every expiring credential.

use crate::error::{Error, Result};
use cams_auth::{Credentials, SystemTimeSource, TimeSource};
use std::fmt;
use std::future::Future;
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

/// Refresh when this much or less remains before `Expiration` (the official Go rule).
pub const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(180);
/// After a failed refresh while the old credentials still work, wait this long before trying again.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// Holds the last credentials a provider fetched and decides when to fetch again.
///
/// * Credentials without an expiration are kept forever.
/// * Credentials are refreshed when [`REFRESH_BEFORE_EXPIRY`] or less remains.
/// * Single flight: while one caller fetches, the others wait for its result (one fetch for
///   any number of concurrent callers).
/// * A refresh that fails while the old credentials have not yet expired keeps serving them
///   (logged at `warn`, without secrets) and is retried after [`RETRY_AFTER_FAILURE`].
/// * Expired and the refresh failed: [`Error::Expired`] with the reason.
///
/// The clock is injected ([`with_clock`](Self::with_clock)), so tests drive expiry without sleeping.
#[derive(Clone)]
pub struct RefreshCache {
    inner: Arc<Inner>,
}

struct Inner {
    clock: Arc<dyn TimeSource>,
    current: RwLock<Option<Credentials>>,
    /// Held by the one caller that fetches; holds when the next retry after a failure is due.
    flight: tokio::sync::Mutex<Option<SystemTime>>,
}

impl fmt::Debug for RefreshCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let current = self.peek();
        f.debug_struct("RefreshCache")
            .field("cached", &current.as_ref().map(Credentials::access_key_id))
            .field(
                "expiration",
                &current.as_ref().and_then(Credentials::expiration),
            )
            .finish()
    }
}

impl Default for RefreshCache {
    fn default() -> Self {
        RefreshCache::new()
    }
}

impl RefreshCache {
    /// An empty cache on the system clock.
    pub fn new() -> RefreshCache {
        RefreshCache::with_clock(SystemTimeSource)
    }

    /// An empty cache on `clock`.
    pub fn with_clock(clock: impl TimeSource + 'static) -> RefreshCache {
        RefreshCache::with_shared_clock(Arc::new(clock))
    }

    pub(crate) fn with_shared_clock(clock: Arc<dyn TimeSource>) -> RefreshCache {
        RefreshCache {
            inner: Arc::new(Inner {
                clock,
                current: RwLock::new(None),
                flight: tokio::sync::Mutex::new(None),
            }),
        }
    }

    /// The clock the cache reads.
    pub fn clock(&self) -> Arc<dyn TimeSource> {
        self.inner.clock.clone()
    }

    fn peek(&self) -> Option<Credentials> {
        match self.inner.current.read() {
            Ok(g) => g.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn store(&self, c: Credentials) {
        match self.inner.current.write() {
            Ok(mut g) => *g = Some(c),
            Err(poisoned) => *poisoned.into_inner() = Some(c),
        }
    }

    fn is_fresh(&self, c: &Credentials, now: SystemTime) -> bool {
        match c.expiration() {
            None => true,
            Some(exp) => exp
                .duration_since(now)
                .is_ok_and(|left| left > REFRESH_BEFORE_EXPIRY),
        }
    }

    fn is_usable(c: &Credentials, now: SystemTime) -> bool {
        c.expiration().is_none_or(|exp| exp > now)
    }

    /// The cached credentials when they need no refresh (no waiting, no fetch).
    pub fn fresh(&self) -> Option<Credentials> {
        let now = self.inner.clock.now();
        self.peek().filter(|c| self.is_fresh(c, now))
    }

    /// The cached credentials when fresh, else the result of `fetch` (called by one caller at a
    /// time; the others wait and reuse its result).
    pub async fn get_or_refresh<F, Fut>(&self, fetch: F) -> Result<Credentials>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Credentials>>,
    {
        if let Some(c) = self.fresh() {
            return Ok(c);
        }
        let mut retry_at = self.inner.flight.lock().await;
        let now = self.inner.clock.now();
        let old = self.peek();
        if let Some(c) = old.as_ref().filter(|c| self.is_fresh(c, now)) {
            return Ok(c.clone());
        }
        if let (Some(c), Some(at)) = (&old, *retry_at) {
            if now < at && Self::is_usable(c, now) {
                return Ok(c.clone());
            }
        }
        match fetch().await {
            Ok(c) => {
                *retry_at = None;
                self.store(c.clone());
                Ok(c)
            }
            Err(e) => match old.filter(|c| Self::is_usable(c, now)) {
                Some(c) => {
                    *retry_at = Some(now + RETRY_AFTER_FAILURE);
                    tracing::warn!(
                        access_key_id = c.access_key_id(),
                        error = %e,
                        "credentials refresh failed; using the current credentials until they expire"
                    );
                    Ok(c)
                }
                None if old_expired(&self.peek(), now) => Err(Error::Expired(Box::new(e))),
                None => Err(e),
            },
        }
    }
}

fn old_expired(c: &Option<Credentials>, now: SystemTime) -> bool {
    c.as_ref()
        .and_then(Credentials::expiration)
        .is_some_and(|exp| exp <= now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    #[derive(Debug, Default)]
    struct Clock(AtomicU64);
    impl TimeSource for Clock {
        fn now(&self) -> SystemTime {
            SystemTime::UNIX_EPOCH + Duration::from_secs(self.0.load(Ordering::SeqCst))
        }
    }
    #[derive(Debug, Clone)]
    struct Shared(Arc<Clock>);
    impl TimeSource for Shared {
        fn now(&self) -> SystemTime {
            self.0.now()
        }
    }

    fn creds(id: &str, exp_secs: u64) -> Credentials {
        Credentials::new(id, "secret")
            .with_expiration(SystemTime::UNIX_EPOCH + Duration::from_secs(exp_secs))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sixty_four_callers_across_an_expiry_cause_one_refresh() {
        let clock = Arc::new(Clock::default());
        let cache = RefreshCache::with_clock(Shared(clock.clone()));
        let fetches = Arc::new(AtomicUsize::new(0));
        cache
            .get_or_refresh(|| async { Ok(creds("first", 1_000)) })
            .await
            .unwrap();
        clock.0.store(900, Ordering::SeqCst); // 100 s left: refresh due
        let mut tasks = Vec::new();
        for _ in 0..64 {
            let cache = cache.clone();
            let fetches = fetches.clone();
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_refresh(|| async move {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        tokio::task::yield_now().await;
                        Ok(creds("second", 5_000))
                    })
                    .await
                    .unwrap()
                    .access_key_id()
                    .to_owned()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap(), "second");
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn refresh_starts_exactly_when_180_seconds_remain() {
        let clock = Arc::new(Clock::default());
        let cache = RefreshCache::with_clock(Shared(clock.clone()));
        let fetches = AtomicUsize::new(0);
        let get = |id: &'static str| {
            let (cache, fetches) = (&cache, &fetches);
            async move {
                cache
                    .get_or_refresh(|| async {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        Ok(creds(id, 1_000))
                    })
                    .await
                    .unwrap()
                    .access_key_id()
                    .to_owned()
            }
        };
        assert_eq!(get("first").await, "first");
        // 181 s left: still fresh, served from the cache without a fetch.
        clock.0.store(1_000 - 181, Ordering::SeqCst);
        assert_eq!(get("unused").await, "first");
        assert!(cache.fresh().is_some());
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        // 180 s left: due, one fetch.
        clock.0.store(1_000 - 180, Ordering::SeqCst);
        assert!(cache.fresh().is_none());
        assert_eq!(get("second").await, "second");
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn ten_thousand_calls_with_six_hour_credentials_fetch_once() {
        let clock = Arc::new(Clock::default());
        let cache = RefreshCache::with_clock(Shared(clock.clone()));
        let fetches = AtomicUsize::new(0);
        for i in 0..10_000u64 {
            clock.0.store(i, Ordering::SeqCst);
            cache
                .get_or_refresh(|| async {
                    fetches.fetch_add(1, Ordering::SeqCst);
                    Ok(creds("six-hours", 6 * 3600))
                })
                .await
                .unwrap();
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn failing_refresh_keeps_valid_credentials_then_expired_is_typed() {
        let clock = Arc::new(Clock::default());
        let cache = RefreshCache::with_clock(Shared(clock.clone()));
        let fetches = AtomicUsize::new(0);
        cache
            .get_or_refresh(|| async { Ok(creds("old", 1_000)) })
            .await
            .unwrap();
        let fail = || async {
            fetches.fetch_add(1, Ordering::SeqCst);
            Err(Error::NotConfigured("metadata down".into()))
        };
        clock.0.store(900, Ordering::SeqCst);
        for _ in 0..100 {
            let c = cache.get_or_refresh(fail).await.unwrap();
            assert_eq!(c.access_key_id(), "old");
        }
        // One try, then none until the retry delay has passed.
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        clock
            .0
            .store(900 + RETRY_AFTER_FAILURE.as_secs(), Ordering::SeqCst);
        assert_eq!(
            cache.get_or_refresh(fail).await.unwrap().access_key_id(),
            "old"
        );
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        clock.0.store(1_000, Ordering::SeqCst);
        let err = cache.get_or_refresh(fail).await.unwrap_err();
        assert!(matches!(err, Error::Expired(_)), "{err:?}");
        assert!(err.to_string().contains("metadata down"), "{err}");
        // Recovers once the source answers again.
        let c = cache
            .get_or_refresh(|| async { Ok(creds("new", 9_000)) })
            .await
            .unwrap();
        assert_eq!(c.access_key_id(), "new");
    }

    #[tokio::test]
    async fn credentials_without_expiration_are_kept() {
        let cache = RefreshCache::new();
        cache
            .get_or_refresh(|| async { Ok(Credentials::new("ak", "s")) })
            .await
            .unwrap();
        assert_eq!(
            cache
                .fresh()
                .map(|c| c.access_key_id().to_owned())
                .as_deref(),
            Some("ak")
        );
        let d = format!("{cache:?}");
        assert!(!d.contains("\"s\""), "{d}");
    }
}
