//! Replay protection: the nonces seen in the last 15 minutes, bounded in memory.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

/// How long a nonce is remembered (the gateway's window).
pub(crate) const NONCE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Default hard cap on remembered nonces.
pub(crate) const DEFAULT_NONCE_CAPACITY: usize = 1_000_000;

#[derive(Debug, Default)]
struct Inner {
    seen: HashMap<String, SystemTime>,
    order: VecDeque<(SystemTime, String)>,
}

/// The nonces seen recently, keyed by access key id and nonce. Entries older than
/// [`NONCE_WINDOW`] are pruned on every insert; beyond `capacity` the oldest are dropped.
/// The lock is held only for the map update.
#[derive(Debug)]
pub(crate) struct NonceCache {
    inner: Mutex<Inner>,
    capacity: usize,
}

impl NonceCache {
    pub(crate) fn new(capacity: usize) -> Self {
        NonceCache {
            inner: Mutex::new(Inner::default()),
            capacity: capacity.max(1),
        }
    }

    /// Records the nonce; `false` if it was already seen within the window.
    pub(crate) fn check_and_insert(
        &self,
        access_key_id: &str,
        nonce: &str,
        now: SystemTime,
    ) -> bool {
        let mut key = String::with_capacity(access_key_id.len() + nonce.len() + 1);
        key.push_str(access_key_id);
        key.push('\n');
        key.push_str(nonce);
        // A panic elsewhere cannot leave this map half-updated, so a poisoned lock is still usable.
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let cutoff = now
            .checked_sub(NONCE_WINDOW)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        while let Some((t, _)) = inner.order.front() {
            if *t >= cutoff && inner.order.len() < self.capacity {
                break;
            }
            if let Some((t, k)) = inner.order.pop_front() {
                if inner.seen.get(&k) == Some(&t) {
                    inner.seen.remove(&k);
                }
            }
        }
        if let Some(t) = inner.seen.get(&key) {
            if *t >= cutoff {
                return false;
            }
        }
        inner.seen.insert(key.clone(), now);
        inner.order.push_back((now, key));
        true
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .seen
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replay_is_refused_within_the_window_and_accepted_after() {
        let c = NonceCache::new(10);
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert!(c.check_and_insert("ak", "n1", t0));
        assert!(!c.check_and_insert("ak", "n1", t0 + Duration::from_secs(60)));
        assert!(
            c.check_and_insert("other", "n1", t0),
            "keyed by access key id"
        );
        assert!(c.check_and_insert("ak", "n1", t0 + NONCE_WINDOW + Duration::from_secs(1)));
    }

    #[test]
    fn memory_is_bounded() {
        let c = NonceCache::new(100);
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        for i in 0..1000 {
            assert!(c.check_and_insert("ak", &i.to_string(), t0));
        }
        assert!(c.len() <= 100);
        assert!(!c.check_and_insert("ak", "999", t0), "recent ones are kept");
    }
}
