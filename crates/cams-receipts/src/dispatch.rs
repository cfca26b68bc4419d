//! Hands a batch's new receipts to the handler exactly once across pushes: claim, handle
//! under a deadline, then commit on success or release on failure. Shared by the HTTP
//! receiver and the queue consumer.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use cams_model::receipts::{Receipt, ReceiptType};

use crate::dedupe::{Claim, DedupeStore, MIN_TTL, MemoryStore};
use crate::error::{ConfigError, HandlerError, StoreError};
use crate::handler::{Batch, ReceiptHandler};

/// A handler-side cross-check: `false` skips the receipt (acknowledged, never handed over,
/// logged with its type and message id). E.g. check that a status's `MessageId` is one you sent.
pub type Verify = Arc<dyn Fn(&Receipt) -> bool + Send + Sync>;

/// What a dispatch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Report {
    /// Receipts in the batch.
    pub received: usize,
    /// Handed to the handler (and taken).
    pub new: usize,
    /// Taken before (or repeated within the batch): acknowledged, not handed over.
    pub duplicates: usize,
    /// Being handled by another delivery right now: not handed over and not taken yet, so
    /// the push must not be acknowledged.
    pub busy: usize,
    /// Skipped by the cross-check.
    pub rejected: usize,
}

impl Report {
    /// Whether every receipt of the batch is taken (new ones handled, the rest duplicates or
    /// rejected): the push may be acknowledged.
    pub fn all_taken(&self) -> bool {
        self.busy == 0
    }
}

/// Why a batch was not taken. Nothing was committed; the new receipts were released.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DispatchError {
    /// The dedupe store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The handler returned an error.
    #[error("receipt handler failed: {0}")]
    Handler(#[source] HandlerError),
    /// The handler did not finish within the deadline (it was cancelled).
    #[error("receipt handler did not finish within {0:?}")]
    Deadline(Duration),
}

/// Claims, hands over, commits. Cheap to clone.
pub struct Dispatcher<H> {
    handler: Arc<H>,
    store: Arc<dyn DedupeStore>,
    deadline: Duration,
    ttl: Duration,
    verify: Option<Verify>,
}

impl<H> Clone for Dispatcher<H> {
    fn clone(&self) -> Self {
        Dispatcher {
            handler: self.handler.clone(),
            store: self.store.clone(),
            deadline: self.deadline,
            ttl: self.ttl,
            verify: self.verify.clone(),
        }
    }
}

impl<H> std::fmt::Debug for Dispatcher<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("deadline", &self.deadline)
            .field("ttl", &self.ttl)
            .field("verify", &self.verify.is_some())
            .finish_non_exhaustive()
    }
}

/// The default handler deadline: below CAMS's 3 s.
pub const DEFAULT_DEADLINE: Duration = Duration::from_millis(2500);
/// The default TTL of a taken receipt.
pub const DEFAULT_TTL: Duration = Duration::from_secs(60 * 60);

impl<H: ReceiptHandler> Dispatcher<H> {
    /// A dispatcher with an in-memory store, a 2.5 s deadline and a 1 h TTL.
    pub fn new(handler: H) -> Self {
        Dispatcher {
            handler: Arc::new(handler),
            store: Arc::new(MemoryStore::new()),
            deadline: DEFAULT_DEADLINE,
            ttl: DEFAULT_TTL,
            verify: None,
        }
    }

    /// Uses `store` for deduplication (share one `Arc` between receivers to share it).
    pub fn with_store(mut self, store: Arc<dyn DedupeStore>) -> Self {
        self.store = store;
        self
    }

    /// The time the handler has (default 2.5 s). Must be positive.
    pub fn with_deadline(mut self, deadline: Duration) -> Result<Self, ConfigError> {
        if deadline.is_zero() {
            return Err(ConfigError {
                setting: "deadline",
                rule: "must be positive",
            });
        }
        self.deadline = deadline;
        Ok(self)
    }

    /// How long a taken receipt is remembered (default 1 h; at least 15 min).
    pub fn with_ttl(mut self, ttl: Duration) -> Result<Self, ConfigError> {
        if ttl < MIN_TTL {
            return Err(ConfigError {
                setting: "ttl",
                rule: "must be at least 15 minutes",
            });
        }
        self.ttl = ttl;
        Ok(self)
    }

    /// Sets the cross-check (see [`Verify`]).
    pub fn with_verify(
        mut self,
        verify: impl Fn(&Receipt) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.verify = Some(Arc::new(verify));
        self
    }

    /// The deadline.
    pub fn deadline(&self) -> Duration {
        self.deadline
    }

    /// Hands the new receipts of `receipts` to the handler, once. `body` is the raw push body
    /// (for [`Batch::raw_objects`]; may be empty).
    pub async fn dispatch(
        &self,
        receipts: Vec<Receipt>,
        route: Option<ReceiptType>,
        body: Bytes,
    ) -> Result<Report, DispatchError> {
        let mut report = Report {
            received: receipts.len(),
            ..Report::default()
        };
        let mut seen = HashSet::with_capacity(receipts.len());
        let mut candidates = Vec::with_capacity(receipts.len());
        let mut keys = Vec::with_capacity(receipts.len());
        for (position, receipt) in receipts.into_iter().enumerate() {
            if let Some(verify) = &self.verify {
                if !verify(&receipt) {
                    tracing::warn!(
                        receipt_type = receipt
                            .receipt_type()
                            .map_or("unknown", ReceiptType::message_type),
                        message_id = receipt.message_id().unwrap_or(""),
                        "receipt rejected by the cross-check"
                    );
                    report.rejected += 1;
                    continue;
                }
            }
            let key = receipt.dedupe_key();
            if !seen.insert(key.clone()) {
                report.duplicates += 1;
                continue;
            }
            keys.push(key);
            candidates.push((position, receipt));
        }
        // Leases outlive the deadline so that only a vanished delivery's claim expires.
        let lease = self.deadline + Duration::from_secs(30);
        let claims = self.store.claim(&keys, lease).await?;
        let mut new_keys = Vec::new();
        let mut new = Vec::new();
        let mut positions = Vec::new();
        for ((key, (position, receipt)), claim) in keys.into_iter().zip(candidates).zip(claims) {
            match claim {
                Claim::New => {
                    new_keys.push(key);
                    positions.push(position);
                    new.push(receipt);
                }
                Claim::Done => report.duplicates += 1,
                Claim::Busy => report.busy += 1,
            }
        }
        report.new = new.len();
        if !new.is_empty() {
            let ids: Vec<&str> = new.iter().filter_map(Receipt::message_id).collect();
            let types: Vec<&str> = new
                .iter()
                .map(|r| {
                    r.receipt_type()
                        .map_or("unknown", ReceiptType::message_type)
                })
                .collect();
            tracing::info!(new = report.new, ?types, message_ids = ?ids, "handing receipts over");
            let batch = Batch::from_push(new, route, positions, body);
            let outcome = tokio::time::timeout(self.deadline, self.handler.handle(batch)).await;
            let failure = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(DispatchError::Handler(e)),
                Err(_) => Some(DispatchError::Deadline(self.deadline)),
            };
            if let Some(failure) = failure {
                if let Err(e) = self.store.release(&new_keys).await {
                    tracing::warn!(error = %e, "releasing claims failed; they expire with their lease");
                }
                tracing::warn!(error = %failure, new = report.new, "receipts not taken");
                return Err(failure);
            }
            self.store.commit(&new_keys, self.ttl).await?;
        }
        tracing::info!(
            received = report.received,
            new = report.new,
            duplicates = report.duplicates,
            busy = report.busy,
            rejected = report.rejected,
            "receipt batch"
        );
        Ok(report)
    }
}
