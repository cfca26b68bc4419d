//! A dedupe store in the process's memory, bounded by entry count and bytes.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

use super::{Claim, DedupeStore};
use crate::error::StoreError;

/// Bookkeeping per entry beyond its key (map slot, queue slot, instant).
const ENTRY_OVERHEAD: usize = 64;

/// Receipt identities in memory: right for one process. The oldest entries are evicted
/// first when the store would exceed `max_entries` or `max_bytes` (keys plus a fixed
/// overhead per entry), so size the bounds for the receipts of at least the TTL.
///
/// ```
/// use cams_receipts::MemoryStore;
/// let store = MemoryStore::new().with_limits(100_000, 32 << 20);
/// # let _ = store;
/// ```
#[derive(Debug)]
pub struct MemoryStore {
    inner: Mutex<Inner>,
    max_entries: usize,
    max_bytes: usize,
}

#[derive(Debug, Default)]
struct Inner {
    map: HashMap<String, Entry>,
    /// Keys in insertion order with the generation they were inserted with.
    order: VecDeque<(String, u64)>,
    bytes: usize,
    next_gen: u64,
}

#[derive(Debug)]
struct Entry {
    done: bool,
    expires: Instant,
    generation: u64,
}

impl Default for MemoryStore {
    fn default() -> Self {
        MemoryStore::new()
    }
}

impl MemoryStore {
    /// A store of at most 100 000 entries and 16 MiB.
    pub fn new() -> Self {
        MemoryStore {
            inner: Mutex::new(Inner::default()),
            max_entries: 100_000,
            max_bytes: 16 << 20,
        }
    }

    /// Sets the bounds (each at least 1).
    pub fn with_limits(mut self, max_entries: usize, max_bytes: usize) -> Self {
        self.max_entries = max_entries.max(1);
        self.max_bytes = max_bytes.max(1);
        self
    }

    /// Entries held now (taken, in flight and not yet evicted expired ones).
    pub fn len(&self) -> usize {
        self.lock().map.len()
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes accounted now.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves consistent data (each step is complete).
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn claim_now(&self, keys: &[String], lease: Duration) -> Vec<Claim> {
        let now = Instant::now();
        let mut inner = self.lock();
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            let claim = match inner.map.get_mut(key.as_str()) {
                Some(e) if e.expires > now => {
                    if e.done {
                        Claim::Done
                    } else {
                        Claim::Busy
                    }
                }
                Some(e) => {
                    e.done = false;
                    e.expires = now + lease;
                    Claim::New
                }
                None => {
                    inner.insert(key.clone(), now + lease);
                    Claim::New
                }
            };
            out.push(claim);
        }
        inner.evict(now, self.max_entries, self.max_bytes);
        out
    }
}

impl Inner {
    fn insert(&mut self, key: String, expires: Instant) {
        let generation = self.next_gen;
        self.next_gen += 1;
        self.bytes += key.len() * 2 + ENTRY_OVERHEAD;
        self.order.push_back((key.clone(), generation));
        self.map.insert(
            key,
            Entry {
                done: false,
                expires,
                generation,
            },
        );
    }

    fn remove(&mut self, key: &str) {
        if self.map.remove(key).is_some() {
            self.bytes = self.bytes.saturating_sub(key.len() * 2 + ENTRY_OVERHEAD);
        }
    }

    /// Drops expired entries from the front, then the oldest while over a bound.
    fn evict(&mut self, now: Instant, max_entries: usize, max_bytes: usize) {
        while let Some((key, generation)) = self.order.front() {
            let live = self
                .map
                .get(key.as_str())
                .filter(|e| e.generation == *generation);
            let stale = live.is_none();
            let expired = live.is_some_and(|e| e.expires <= now);
            let over = self.map.len() > max_entries || self.bytes > max_bytes;
            if !(stale || expired || over) {
                break;
            }
            let Some((key, _)) = self.order.pop_front() else {
                break;
            };
            if !stale {
                self.remove(&key);
            }
        }
    }
}

#[async_trait::async_trait]
impl DedupeStore for MemoryStore {
    async fn claim(&self, keys: &[String], lease: Duration) -> Result<Vec<Claim>, StoreError> {
        Ok(self.claim_now(keys, lease))
    }

    async fn commit(&self, keys: &[String], ttl: Duration) -> Result<(), StoreError> {
        let now = Instant::now();
        let mut inner = self.lock();
        for key in keys {
            match inner.map.get_mut(key.as_str()) {
                Some(e) => {
                    e.done = true;
                    e.expires = now + ttl;
                }
                None => {
                    inner.insert(key.clone(), now + ttl);
                    if let Some(e) = inner.map.get_mut(key.as_str()) {
                        e.done = true;
                    }
                }
            }
        }
        inner.evict(now, self.max_entries, self.max_bytes);
        Ok(())
    }

    async fn release(&self, keys: &[String]) -> Result<(), StoreError> {
        let mut inner = self.lock();
        for key in keys {
            if inner.map.get(key.as_str()).is_some_and(|e| !e.done) {
                inner.remove(key);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[&str]) -> Vec<String> {
        k.iter().map(|s| (*s).to_owned()).collect()
    }

    #[tokio::test(start_paused = true)]
    async fn claim_commit_release_and_expiry() -> Result<(), StoreError> {
        let s = MemoryStore::new();
        let lease = Duration::from_secs(10);
        assert_eq!(
            s.claim(&keys(&["a", "b", "a"]), lease).await?,
            [Claim::New, Claim::New, Claim::Busy]
        );
        assert_eq!(s.claim(&keys(&["a"]), lease).await?, [Claim::Busy]);
        s.commit(&keys(&["a"]), super::super::MIN_TTL).await?;
        s.release(&keys(&["b"])).await?;
        assert_eq!(
            s.claim(&keys(&["a", "b"]), lease).await?,
            [Claim::Done, Claim::New]
        );
        // A claim whose owner vanished expires with its lease.
        tokio::time::advance(Duration::from_secs(11)).await;
        assert_eq!(
            s.claim(&keys(&["a", "b"]), lease).await?,
            [Claim::Done, Claim::New]
        );
        // A taken key is forgotten after its TTL.
        tokio::time::advance(super::super::MIN_TTL).await;
        assert_eq!(s.claim(&keys(&["a"]), lease).await?, [Claim::New]);
        // Releasing a taken key does nothing.
        s.commit(&keys(&["a"]), super::super::MIN_TTL).await?;
        s.release(&keys(&["a"])).await?;
        assert_eq!(s.claim(&keys(&["a"]), lease).await?, [Claim::Done]);
        Ok(())
    }

    #[tokio::test]
    async fn bounded_by_count_and_bytes() -> Result<(), StoreError> {
        let s = MemoryStore::new().with_limits(3, usize::MAX);
        for k in ["k1", "k2", "k3", "k4"] {
            s.claim(&keys(&[k]), Duration::from_secs(60)).await?;
            s.commit(&keys(&[k]), super::super::MIN_TTL).await?;
        }
        assert_eq!(s.len(), 3);
        assert_eq!(
            s.claim(&keys(&["k1"]), Duration::from_secs(60)).await?,
            [Claim::New],
            "oldest evicted"
        );
        let per = "k00".len() * 2 + ENTRY_OVERHEAD;
        let s = MemoryStore::new().with_limits(usize::MAX, 10 * per);
        for i in 0..100 {
            s.claim(&[format!("k{i:02}")], Duration::from_secs(60))
                .await?;
        }
        assert!(s.bytes() <= 10 * per, "{} > {}", s.bytes(), 10 * per);
        assert_eq!(s.len(), 10);
        Ok(())
    }
}
