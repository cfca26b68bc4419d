//! Replay protection: the nonces seen in the last 15 minutes, bounded in count and bytes.

use crate::gateway_error::GatewayErrorReply;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// How long a nonce is remembered (the gateway's window).
pub(crate) const NONCE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Default hard cap on remembered nonces.
pub(crate) const DEFAULT_NONCE_CAPACITY: usize = 1_000_000;

/// Default cap on the memory the remembered nonces take, bookkeeping included.
pub(crate) const DEFAULT_NONCE_BYTES: usize = 64 * 1024 * 1024;

/// The longest nonce accepted, in bytes. The official SDKs send 32 hex digits or a UUID
/// (36); 128 leaves room for any sane generator and keeps a 64 KiB nonce out of memory.
pub(crate) const MAX_NONCE_LEN: usize = 128;

/// What one remembered nonce costs besides its bytes: the map slot, the queue slot and the
/// shared string's header, rounded up.
const ENTRY_OVERHEAD: usize = 96;

#[derive(Debug, Default)]
struct Inner {
    /// Each key is stored once, shared by the map and the queue.
    seen: HashMap<Arc<str>, SystemTime>,
    order: VecDeque<(SystemTime, Arc<str>)>,
    bytes: usize,
}

impl Inner {
    fn pop_oldest(&mut self) {
        if let Some((t, k)) = self.order.pop_front() {
            self.bytes = self.bytes.saturating_sub(cost(&k));
            if self.seen.get(&k) == Some(&t) {
                self.seen.remove(&k);
            }
        }
    }
}

fn cost(key: &str) -> usize {
    key.len() + ENTRY_OVERHEAD
}

/// The nonces seen recently, keyed by access key id and nonce. Entries older than
/// [`NONCE_WINDOW`] are pruned on every insert; beyond the count or the byte cap the oldest
/// are dropped. The lock is held only for the map update.
#[derive(Debug)]
pub(crate) struct NonceCache {
    inner: Mutex<Inner>,
    capacity: usize,
    max_bytes: usize,
}

impl NonceCache {
    pub(crate) fn new(capacity: usize) -> Self {
        NonceCache::with_limits(capacity, DEFAULT_NONCE_BYTES)
    }

    pub(crate) fn with_limits(capacity: usize, max_bytes: usize) -> Self {
        NonceCache {
            inner: Mutex::new(Inner::default()),
            capacity: capacity.max(1),
            max_bytes: max_bytes.max(ENTRY_OVERHEAD + MAX_NONCE_LEN),
        }
    }

    /// Records the nonce, or refuses it: `SignatureNonceUsed` if it was already seen within
    /// the window, `InvalidSignatureNonce.Length` if it is longer than [`MAX_NONCE_LEN`].
    pub(crate) fn check_and_insert(
        &self,
        access_key_id: &str,
        nonce: &str,
        now: SystemTime,
    ) -> Result<(), GatewayErrorReply> {
        if nonce.len() > MAX_NONCE_LEN {
            return Err(GatewayErrorReply::bad_request(
                "InvalidSignatureNonce.Length",
                format!(
                    "Specified signature nonce is {} bytes long; at most {MAX_NONCE_LEN} are allowed.",
                    nonce.len()
                ),
            ));
        }
        let mut key = String::with_capacity(access_key_id.len() + nonce.len() + 1);
        key.push_str(access_key_id);
        key.push('\n');
        key.push_str(nonce);
        // A panic elsewhere cannot leave this map half-updated, so a poisoned lock is still usable.
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let cutoff = now
            .checked_sub(NONCE_WINDOW)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        while inner.order.front().is_some_and(|(t, _)| *t < cutoff) {
            inner.pop_oldest();
        }
        if inner.seen.get(key.as_str()).is_some_and(|t| *t >= cutoff) {
            return Err(GatewayErrorReply::bad_request(
                "SignatureNonceUsed",
                "Specified signature nonce was used already.",
            ));
        }
        let added = cost(&key);
        while !inner.order.is_empty()
            && (inner.order.len() >= self.capacity || inner.bytes + added > self.max_bytes)
        {
            inner.pop_oldest();
        }
        let key: Arc<str> = Arc::from(key);
        inner.seen.insert(Arc::clone(&key), now);
        inner.order.push_back((now, key));
        inner.bytes += added;
        Ok(())
    }

    #[cfg(test)]
    fn len_and_bytes(&self) -> (usize, usize) {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (inner.seen.len(), inner.bytes)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t0() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000)
    }

    #[test]
    fn replay_is_refused_within_the_window_and_accepted_after() {
        let c = NonceCache::new(10);
        assert!(c.check_and_insert("ak", "n1", t0()).is_ok());
        let replay = c.check_and_insert("ak", "n1", t0() + Duration::from_secs(60));
        assert_eq!(replay.unwrap_err().code, "SignatureNonceUsed");
        assert!(
            c.check_and_insert("other", "n1", t0()).is_ok(),
            "keyed by access key id"
        );
        let later = t0() + NONCE_WINDOW + Duration::from_secs(1);
        assert!(c.check_and_insert("ak", "n1", later).is_ok());
    }

    #[test]
    fn count_is_bounded() {
        let c = NonceCache::new(100);
        for i in 0..1000 {
            assert!(c.check_and_insert("ak", &i.to_string(), t0()).is_ok());
        }
        assert_eq!(c.len_and_bytes().0, 100, "full, not emptier");
        for kept in ["900", "999"] {
            assert!(
                c.check_and_insert("ak", kept, t0()).is_err(),
                "the newest 100 are kept: {kept}"
            );
        }
        assert!(
            c.check_and_insert("ak", "899", t0()).is_ok(),
            "the oldest went first"
        );
    }

    #[test]
    fn a_nonce_over_the_length_cap_is_refused_and_not_stored() {
        let c = NonceCache::new(10);
        let long = "n".repeat(64 * 1024);
        let err = c.check_and_insert("ak", &long, t0()).unwrap_err();
        assert_eq!(err.status, 400);
        assert_eq!(err.code, "InvalidSignatureNonce.Length");
        assert_eq!(c.len_and_bytes(), (0, 0));
        assert!(
            c.check_and_insert("ak", &"n".repeat(MAX_NONCE_LEN), t0())
                .is_ok()
        );
    }

    #[test]
    fn memory_is_bounded_by_bytes_as_well_as_count() {
        let max_bytes = 64 * 1024;
        let c = NonceCache::with_limits(1_000_000, max_bytes);
        for i in 0..10_000 {
            let nonce = format!("{i:0>128}");
            assert!(c.check_and_insert("ak", &nonce, t0()).is_ok());
        }
        // Each entry costs its key ("ak\n" + 128 bytes) plus the overhead: as many fit as the
        // byte cap holds, no fewer.
        let entry = 3 + 128 + ENTRY_OVERHEAD;
        let fit = max_bytes / entry;
        assert_eq!(c.len_and_bytes(), (fit, fit * entry));
        for kept in [10_000 - fit, 9_999] {
            let nonce = format!("{kept:0>128}");
            assert!(
                c.check_and_insert("ak", &nonce, t0()).is_err(),
                "{kept} kept"
            );
        }
        let dropped = format!("{:0>128}", 10_000 - fit - 1);
        assert!(
            c.check_and_insert("ak", &dropped, t0()).is_ok(),
            "oldest dropped"
        );
    }
}
