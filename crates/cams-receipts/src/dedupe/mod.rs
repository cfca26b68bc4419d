//! Deduplication: CAMS may push a receipt more than once (a lost answer, a retry), so each
//! receipt is claimed by its identity ([`Receipt::dedupe_key`](cams_model::receipts::Receipt::dedupe_key))
//! before it is handed over.
//!
//! The protocol, for each key:
//! 1. [`claim`](DedupeStore::claim) with a lease: [`Claim::New`] means this delivery now owns
//!    the receipt; [`Claim::Done`] means it was taken before (acknowledge, do not hand over);
//!    [`Claim::Busy`] means another delivery is handling it right now (do not hand over, and
//!    do not acknowledge either: it is not taken yet).
//! 2. After the handler succeeded, [`commit`](DedupeStore::commit) keeps the key as done
//!    for the TTL (at least 15 minutes, past CAMS's retries at 1 and 5 minutes).
//! 3. After it failed, [`release`](DedupeStore::release) forgets the claim, so the next push
//!    hands the receipt over again. A claim whose owner vanished (a crash) expires with its
//!    lease.

mod memory;
#[cfg(feature = "redis")]
mod redis;

#[cfg(feature = "redis")]
pub use self::redis::RedisStore;
pub use memory::MemoryStore;

use std::time::Duration;

use crate::error::StoreError;

/// The shortest TTL a store keeps a taken receipt: longer than CAMS's retry window.
pub const MIN_TTL: Duration = Duration::from_secs(15 * 60);

/// The state of a key when it was claimed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// Not seen (or released, or its lease expired): the caller owns it now.
    New,
    /// Taken by an earlier delivery: acknowledge, do not hand over.
    Done,
    /// Being handled by another delivery now: neither hand over nor acknowledge.
    Busy,
}

/// Where receipt identities are kept. Implement it to share deduplication through your own
/// database; the built-in stores are [`MemoryStore`] (one process) and `RedisStore` (several
/// replicas, feature `redis`). Keys are whole identities (`status:["id","to","Read"]`); a
/// store may prefix or hash them.
///
/// Every method takes a batch of keys so a networked store can answer in one round trip.
#[async_trait::async_trait]
pub trait DedupeStore: Send + Sync + 'static {
    /// Claims each key for `lease` (the time a delivery may take before another may claim
    /// it). Returns one [`Claim`] per key, in order. A key that appears twice in `keys` is
    /// `New` at most once.
    async fn claim(&self, keys: &[String], lease: Duration) -> Result<Vec<Claim>, StoreError>;

    /// Marks claimed keys as taken for `ttl`.
    async fn commit(&self, keys: &[String], ttl: Duration) -> Result<(), StoreError>;

    /// Forgets this delivery's claims on keys whose handler failed.
    async fn release(&self, keys: &[String]) -> Result<(), StoreError>;
}
