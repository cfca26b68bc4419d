//! The token cache on an injected clock: one refresh for many concurrent callers across expiry,
//! a failing refresh keeps a valid token, and bad `ExpireTime`s are typed errors.
#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cams_auth::{ExposeSecret, TimeSource};
use cams_model::dybaseapi::MessageTokenDto;
use cams_receipts::mns::QueueError;
use cams_receipts::{TokenCache, TokenSource};

#[derive(Debug, Clone)]
struct Clock(Arc<Mutex<SystemTime>>);

impl TimeSource for Clock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

impl Clock {
    fn advance(&self, d: Duration) {
        *self.0.lock().unwrap() += d;
    }
}

/// `yyyy-MM-dd HH:mm:ss` in UTC+8, computed independently of the code under test (civil
/// calendar by hand from a known instant: 1_700_000_000 is 2023-11-14 22:13:20 UTC).
fn cst_of_offset(secs_after_base: u64) -> String {
    let t = 1_700_000_000 + 8 * 3600 + secs_after_base; // 2023-11-15 06:13:20 CST at 0
    let day_secs = t % 86_400;
    let days_after = (t / 86_400) - (1_700_028_800 / 86_400);
    assert!(days_after == 0, "tests stay within the day");
    format!(
        "2023-11-15 {:02}:{:02}:{:02}",
        day_secs / 3600,
        day_secs % 3600 / 60,
        day_secs % 60
    )
}

#[derive(Debug)]
struct Source {
    clock: Clock,
    fetches: AtomicU32,
    fail: AtomicBool,
    expire: Mutex<Option<String>>,
    ttl: u64,
}

#[derive(Debug)]
struct Shared(Arc<Source>);

#[async_trait::async_trait]
impl TokenSource for Shared {
    async fn fetch(&self) -> Result<MessageTokenDto, QueueError> {
        let this = &self.0;
        this.fetch_one().await
    }
}

impl Source {
    async fn fetch_one(&self) -> Result<MessageTokenDto, QueueError> {
        let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
        tokio::time::sleep(Duration::from_millis(50)).await; // let the other callers pile up
        if self.fail.load(Ordering::SeqCst) {
            return Err(QueueError::Damaged("token service down".into()));
        }
        let now = self
            .clock
            .now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            - 1_700_000_000;
        let expire = self
            .expire
            .lock()
            .unwrap()
            .clone()
            .unwrap_or_else(|| cst_of_offset(now + self.ttl));
        Ok(serde_json::from_value(serde_json::json!({
            "AccessKeyId": format!("STS.{n}"), "AccessKeySecret": "s", "SecurityToken": format!("tok{n}"),
            "CreateTime": cst_of_offset(now), "ExpireTime": expire
        }))
        .unwrap())
    }
}

fn setup(ttl: u64) -> (Clock, Arc<Source>, TokenCache) {
    let clock = Clock(Arc::new(Mutex::new(
        UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    )));
    let source = Arc::new(Source {
        clock: clock.clone(),
        fetches: AtomicU32::new(0),
        fail: AtomicBool::new(false),
        expire: Mutex::new(None),
        ttl,
    });
    let cache = TokenCache::new(Shared(source.clone())).with_time_source(clock.clone());
    (clock, source, cache)
}

async fn ids_of_concurrent_callers(cache: &TokenCache, n: usize) -> Vec<String> {
    let calls = (0..n).map(|_| {
        let c = cache.clone();
        tokio::spawn(async move { c.credentials().await.unwrap().access_key_id().to_owned() })
    });
    let mut out = Vec::new();
    for c in calls {
        out.push(c.await.unwrap());
    }
    out
}

#[tokio::test(start_paused = true)]
async fn concurrent_callers_across_expiry_cause_one_refresh_each_time() {
    let (clock, source, cache) = setup(600);
    let ids = ids_of_concurrent_callers(&cache, 32).await;
    assert!(ids.iter().all(|i| i == "STS.1"));
    assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
    // 7 min in: more than 2 min left, still cached.
    clock.advance(Duration::from_secs(420));
    assert!(
        ids_of_concurrent_callers(&cache, 32)
            .await
            .iter()
            .all(|i| i == "STS.1")
    );
    assert_eq!(source.fetches.load(Ordering::SeqCst), 1);
    // 8 min 1 s in: within 2 min of ExpireTime, so one caller refreshes for all.
    clock.advance(Duration::from_secs(61));
    assert!(
        ids_of_concurrent_callers(&cache, 32)
            .await
            .iter()
            .all(|i| i == "STS.2")
    );
    assert_eq!(source.fetches.load(Ordering::SeqCst), 2);
    // Past expiry of the second token.
    clock.advance(Duration::from_secs(601));
    assert!(
        ids_of_concurrent_callers(&cache, 32)
            .await
            .iter()
            .all(|i| i == "STS.3")
    );
    assert_eq!(source.fetches.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn a_failing_refresh_keeps_serving_a_valid_token_then_errors_once_it_expired() {
    let (clock, source, cache) = setup(600);
    cache.credentials().await.unwrap();
    source.fail.store(true, Ordering::SeqCst);
    clock.advance(Duration::from_secs(540)); // 1 min left: refresh due, and it fails
    let c = cache.credentials().await.unwrap();
    assert_eq!(c.access_key_id(), "STS.1");
    assert_eq!(c.security_token().unwrap().expose_secret(), "tok1");
    clock.advance(Duration::from_secs(61)); // expired now
    let e = cache.credentials().await.unwrap_err();
    assert!(matches!(e, QueueError::Damaged(_)), "{e}");
    source.fail.store(false, Ordering::SeqCst);
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "STS.4");
}

#[tokio::test(start_paused = true)]
async fn an_expire_time_in_the_past_or_unparseable_is_a_typed_error() {
    let (_clock, source, cache) = setup(600);
    *source.expire.lock().unwrap() = Some("2023-11-15 06:13:19".into()); // 1 s before now (CST)
    let e = cache.credentials().await.unwrap_err();
    assert!(
        matches!(e, QueueError::TokenExpired { ref expire_time } if expire_time == "2023-11-15 06:13:19"),
        "{e}"
    );
    // Read as UTC this would be 8 hours ahead: proves the zone is UTC+8, never local or UTC.
    for bad in [
        "2023-11-15T06:30:00",
        "15/11/2023 06:30:00",
        "",
        "2023-11-15 06:30",
    ] {
        *source.expire.lock().unwrap() = Some(bad.into());
        let e = cache.credentials().await.unwrap_err();
        assert!(
            matches!(e, QueueError::TokenUnparseable { .. }),
            "{bad}: {e}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_refusal_seen_by_many_callers_refreshes_once() {
    let (_clock, source, cache) = setup(600);
    let refused = cache.credentials().await.unwrap();
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let c = cache.clone();
            let r = refused.clone();
            tokio::spawn(async move {
                c.refresh_after_refusal(&r)
                    .await
                    .unwrap()
                    .access_key_id()
                    .to_owned()
            })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.unwrap(), "STS.2");
    }
    assert_eq!(source.fetches.load(Ordering::SeqCst), 2);
}
