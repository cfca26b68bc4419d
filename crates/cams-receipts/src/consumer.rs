//! [`QueueConsumer`]: takes the receipts of one queue (queue mode, `QueueFlag=Y`) and hands
//! each to a handler, deleting a message only after its handler succeeded.
//!
//! # Delivery guarantee: at least once
//!
//! A message is deleted from the queue only after the handler returned `Ok` for its receipt.
//! If the handler fails, runs past [`handler_timeout`](QueueConsumerBuilder::handler_timeout),
//! or the process stops before the delete, the message stays and MNS delivers it again once its
//! visibility timeout has passed (the queue's, 30 s by default). So every receipt is handled at
//! least once, and may be handled more than once. With a [`DedupeStore`] the consumer claims
//! each receipt's identity before handling it and commits it after success, so a redelivery of
//! a receipt that was already handled is deleted without reaching the handler again (exactly
//! once, as long as the store keeps the identity: its TTL).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use cams_auth::Credentials;
use cams_model::receipts::{Receipt, ReceiptType, UnknownReceipt};
use serde_json::{Map, Value};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::TokenCache;
use crate::dedupe::{Claim, DedupeStore, MIN_TTL};
use crate::mns::{MAX_BATCH, MAX_WAIT_SECONDS, MnsClient, MnsErrorCode, MnsMessage, QueueError};

/// What a queue handler returns when it could not take a receipt.
pub type QueueHandlerError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Takes one receipt. Return `Ok` only once it is safe (stored, or acted on): the message is
/// deleted right after. Any `Fn(Receipt) -> impl Future<Output = Result<(), E>>` is one.
#[async_trait::async_trait]
pub trait QueueHandler: Send + Sync + 'static {
    /// Handles one receipt.
    async fn handle(&self, receipt: Receipt) -> Result<(), QueueHandlerError>;
}

#[async_trait::async_trait]
impl<F, Fut, E> QueueHandler for F
where
    F: Fn(Receipt) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send + 'static,
    E: Into<QueueHandlerError> + 'static,
{
    async fn handle(&self, receipt: Receipt) -> Result<(), QueueHandlerError> {
        (self)(receipt).await.map_err(Into::into)
    }
}

/// Consumes one receipt queue. Build it with [`QueueConsumer::builder`], then
/// [`run`](Self::run) it until a shutdown signal.
///
/// ```no_run
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// use cams_api::{Client, Product};
/// use cams_model::receipts::{Receipt, ReceiptType};
/// use cams_receipts::{QueueConsumer, TokenCache};
/// use cams_receipts::mns::MnsClient;
///
/// let queue = "Alicom-Queue-1234567890123456-ChatAppStatus";
/// let dybaseapi = Client::builder().product(Product::DYBASEAPI).region("ap-southeast-1").build()?;
/// let consumer = QueueConsumer::builder(ReceiptType::Status, queue)
///     .tokens(TokenCache::dybaseapi(dybaseapi, "ChatAppStatus", queue))
///     .mns(MnsClient::with_default_transport(cams_receipts::mns::ALICOM_ENDPOINT_AP_SOUTHEAST_1)?)
///     .concurrency(8)
///     .build()?;
/// consumer
///     .run(
///         |receipt: Receipt| async move {
///             println!("{:?}", receipt.message_id());
///             Ok::<(), std::io::Error>(())
///         },
///         async { let _ = tokio::signal::ctrl_c().await; },
///     )
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct QueueConsumer {
    inner: Arc<Inner>,
}

struct Inner {
    receipt_type: ReceiptType,
    queue: String,
    tokens: TokenCache,
    mns: MnsClient,
    dedupe: Option<Arc<dyn DedupeStore>>,
    concurrency: usize,
    batch_size: u8,
    wait: Duration,
    handler_timeout: Duration,
    dedupe_ttl: Duration,
    shutdown_grace: Duration,
    backoff_base: Duration,
    backoff_max: Duration,
}

impl std::fmt::Debug for QueueConsumer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueueConsumer")
            .field("receipt_type", &self.inner.receipt_type)
            .field("queue", &self.inner.queue)
            .field("concurrency", &self.inner.concurrency)
            .field("dedupe", &self.inner.dedupe.is_some())
            .finish_non_exhaustive()
    }
}

/// Builds a [`QueueConsumer`].
pub struct QueueConsumerBuilder {
    receipt_type: ReceiptType,
    queue: String,
    tokens: Option<TokenCache>,
    mns: Option<MnsClient>,
    dedupe: Option<Arc<dyn DedupeStore>>,
    concurrency: usize,
    batch_size: u8,
    wait: Duration,
    handler_timeout: Duration,
    dedupe_ttl: Duration,
    shutdown_grace: Duration,
    backoff_base: Duration,
    backoff_max: Duration,
}

impl std::fmt::Debug for QueueConsumerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QueueConsumerBuilder")
            .field("queue", &self.queue)
            .finish_non_exhaustive()
    }
}

impl QueueConsumer {
    /// A builder for the queue `queue` of receipts of `receipt_type`. Defaults: 4 handlers at
    /// once, batches of 16, 30 s long polls, a 20 s handler timeout (below MNS's default 30 s
    /// visibility timeout), no dedupe, a 10 s shutdown grace, backoff from 200 ms to 30 s.
    pub fn builder(receipt_type: ReceiptType, queue: impl Into<String>) -> QueueConsumerBuilder {
        QueueConsumerBuilder {
            receipt_type,
            queue: queue.into(),
            tokens: None,
            mns: None,
            dedupe: None,
            concurrency: 4,
            batch_size: MAX_BATCH,
            wait: Duration::from_secs(u64::from(MAX_WAIT_SECONDS)),
            handler_timeout: Duration::from_secs(20),
            dedupe_ttl: MIN_TTL,
            shutdown_grace: Duration::from_secs(10),
            backoff_base: Duration::from_millis(200),
            backoff_max: Duration::from_secs(30),
        }
    }
}

impl QueueConsumerBuilder {
    /// The token cache (required): `TokenCache::dybaseapi(client, MessageType, queue)`.
    pub fn tokens(mut self, tokens: TokenCache) -> Self {
        self.tokens = Some(tokens);
        self
    }
    /// The MNS client of the queue's endpoint (required).
    pub fn mns(mut self, mns: MnsClient) -> Self {
        self.mns = Some(mns);
        self
    }
    /// Suppresses redeliveries of receipts already handled (see the module docs).
    pub fn dedupe(mut self, store: impl DedupeStore) -> Self {
        self.dedupe = Some(Arc::new(store));
        self
    }
    /// The same, with a shared store.
    pub fn dedupe_shared(mut self, store: Arc<dyn DedupeStore>) -> Self {
        self.dedupe = Some(store);
        self
    }
    /// How long a handled receipt's identity is kept (at least 15 minutes).
    pub fn dedupe_ttl(mut self, ttl: Duration) -> Self {
        self.dedupe_ttl = ttl;
        self
    }
    /// How many receipts are handled at once (1 or more).
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n;
        self
    }
    /// The most messages per receive (1 to 16).
    pub fn batch_size(mut self, n: u8) -> Self {
        self.batch_size = n;
        self
    }
    /// How long a receive waits on an empty queue (whole seconds, 1 to 30).
    pub fn wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }
    /// How long a handler may take; past it the receipt counts as failed. Keep it below the
    /// queue's visibility timeout, or a slow receipt may be handed to a second handler.
    pub fn handler_timeout(mut self, timeout: Duration) -> Self {
        self.handler_timeout = timeout;
        self
    }
    /// How long [`QueueConsumer::run`] lets handlers in progress finish after the shutdown
    /// signal; those still running then are stopped and their messages released.
    pub fn shutdown_grace(mut self, grace: Duration) -> Self {
        self.shutdown_grace = grace;
        self
    }
    /// Backoff after an error: full jitter over `base * 2^n`, capped at `max`.
    pub fn backoff(mut self, base: Duration, max: Duration) -> Self {
        self.backoff_base = base;
        self.backoff_max = max;
        self
    }

    /// The consumer, or the setting that breaks a rule.
    pub fn build(self) -> Result<QueueConsumer, QueueError> {
        let bad = |s: &str| Err(QueueError::InvalidRequest(s.to_owned()));
        if self.concurrency == 0 {
            return bad("concurrency must be at least 1");
        }
        if !(1..=MAX_BATCH).contains(&self.batch_size) {
            return bad("batch_size must be 1 to 16");
        }
        if self.wait.as_secs() > u64::from(MAX_WAIT_SECONDS) || self.wait.as_secs() == 0 {
            return bad("wait must be 1 to 30 seconds");
        }
        if self.dedupe_ttl < MIN_TTL {
            return bad("dedupe_ttl must be at least 15 minutes");
        }
        if self.handler_timeout.is_zero()
            || self.backoff_base.is_zero()
            || self.backoff_max < self.backoff_base
        {
            return bad("handler_timeout and backoff must be positive, backoff max >= base");
        }
        let tokens = match self.tokens {
            Some(t) => t,
            None => return bad("tokens (a TokenCache) is required"),
        };
        let mns = match self.mns {
            Some(m) => m,
            None => return bad("mns (an MnsClient) is required"),
        };
        Ok(QueueConsumer {
            inner: Arc::new(Inner {
                receipt_type: self.receipt_type,
                queue: self.queue,
                tokens,
                mns,
                dedupe: self.dedupe,
                concurrency: self.concurrency,
                batch_size: self.batch_size,
                wait: self.wait,
                handler_timeout: self.handler_timeout,
                dedupe_ttl: self.dedupe_ttl,
                shutdown_grace: self.shutdown_grace,
                backoff_base: self.backoff_base,
                backoff_max: self.backoff_max,
            }),
        })
    }
}

/// What became of one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Handled,
    Duplicate,
    Busy,
    Failed,
}

impl QueueConsumer {
    /// Receives and handles until `shutdown` completes, then stops receiving, lets the
    /// handlers in progress finish (up to the shutdown grace; the messages of those stopped are
    /// released for redelivery) and returns `Ok`.
    ///
    /// Errors end the run only when retrying cannot help: the queue does not exist, or MNS
    /// still refuses the token after one refresh. Other errors (network, 5xx, token service
    /// outages) are retried with capped, jittered backoff.
    pub async fn run<H: QueueHandler>(
        &self,
        handler: H,
        shutdown: impl Future<Output = ()> + Send,
    ) -> Result<(), QueueError> {
        let handler = Arc::new(handler);
        let permits = Arc::new(Semaphore::new(self.inner.concurrency));
        let mut tasks: JoinSet<()> = JoinSet::new();
        // What each running task holds: its message's receipt handle and its dedupe key.
        let mut in_hand: std::collections::HashMap<
            tokio::task::Id,
            (String, String, Arc<AtomicBool>),
        > = std::collections::HashMap::new();
        tokio::pin!(shutdown);
        let mut failures: u32 = 0;
        let result = loop {
            while let Some(done) = tasks.try_join_next_with_id() {
                let id = match done {
                    Ok((id, ())) => id,
                    Err(e) => e.id(),
                };
                in_hand.remove(&id);
            }
            // Never receive more than can be handled now: a message waits in the queue, not here.
            let first = tokio::select! {
                biased;
                () = &mut shutdown => break Ok(()),
                p = Arc::clone(&permits).acquire_owned() => match p { Ok(p) => p, Err(_) => break Ok(()) },
            };
            let mut held = vec![first];
            while held.len() < usize::from(self.inner.batch_size) {
                match Arc::clone(&permits).try_acquire_owned() {
                    Ok(p) => held.push(p),
                    Err(_) => break,
                }
            }
            let want = u8::try_from(held.len()).unwrap_or(MAX_BATCH);
            let received = tokio::select! {
                biased;
                () = &mut shutdown => break Ok(()),
                r = self.receive(want) => r,
            };
            let messages = match received {
                Ok(m) => {
                    failures = 0;
                    m
                }
                Err(e) if is_fatal(&e) => break Err(e),
                Err(e) => {
                    failures = failures.saturating_add(1);
                    let delay = self.backoff(failures);
                    tracing::warn!(error = %e, attempt = failures, delay_ms = delay.as_millis() as u64, "receive failed; backing off");
                    tokio::select! {
                        () = &mut shutdown => break Ok(()),
                        () = tokio::time::sleep(delay) => continue,
                    }
                }
            };
            tracing::debug!(queue = %self.inner.queue, count = messages.len(), "received");
            for message in messages {
                let Some(permit) = held.pop() else { break };
                let this = self.clone();
                let handler = Arc::clone(&handler);
                let receipt = self.receipt_of(&message);
                let key = receipt.dedupe_key();
                let committed = Arc::new(AtomicBool::new(false));
                let held_by = (
                    message.receipt_handle.clone(),
                    key.clone(),
                    Arc::clone(&committed),
                );
                let abort = tasks.spawn(async move {
                    let _permit = permit;
                    this.process(handler.as_ref(), message, receipt, key, &committed)
                        .await;
                });
                in_hand.insert(abort.id(), held_by);
            }
        };
        // Stop receiving (done: the loop is left); finish or release what is in hand.
        let grace = tokio::time::sleep(self.inner.shutdown_grace);
        tokio::pin!(grace);
        loop {
            tokio::select! {
                next = tasks.join_next_with_id() => match next {
                    None => break,
                    Some(Ok((id, _))) => { in_hand.remove(&id); }
                    Some(Err(e)) => { in_hand.remove(&e.id()); }
                },
                () = &mut grace => {
                    tasks.abort_all();
                    while let Some(r) = tasks.join_next_with_id().await {
                        let id = match r { Ok((id, _)) => id, Err(e) => e.id() };
                        if let Some((handle, key, committed)) = in_hand.remove(&id) {
                            // A receipt already handled is not released: its redelivery is
                            // then a duplicate (deleted without handling) when dedupe is on.
                            if !committed.load(Ordering::SeqCst) {
                                self.release(&handle, &key).await;
                            }
                        }
                    }
                    break;
                }
            }
        }
        result
    }

    /// Makes a message visible again now (after its handler was stopped) and forgets its
    /// dedupe claim, best effort: failing that, it returns after its visibility timeout.
    async fn release(&self, receipt_handle: &str, key: &str) {
        if let Some(store) = &self.inner.dedupe {
            let _ = store.release(&[key.to_owned()]).await;
        }
        if let Ok(creds) = self.inner.tokens.credentials().await {
            let r = self
                .inner
                .mns
                .change_visibility(&creds, &self.inner.queue, receipt_handle, Duration::ZERO)
                .await;
            if let Err(e) = r {
                tracing::debug!(error = %e, "release failed; the message returns after its visibility timeout");
            }
        }
    }

    fn backoff(&self, failures: u32) -> Duration {
        use rand::{Rng, SeedableRng, rngs::SmallRng};
        let exp = self
            .inner
            .backoff_base
            .saturating_mul(1u32 << failures.min(16).saturating_sub(1));
        let cap = exp.min(self.inner.backoff_max);
        let ms = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX);
        let jitter = SmallRng::try_from_os_rng()
            .map_or(ms.max(1), |mut r| r.random_range(ms / 2..=ms.max(1)));
        Duration::from_millis(jitter)
    }

    /// One batch receive with the current token; a refused token is refreshed once.
    async fn receive(&self, want: u8) -> Result<Vec<MnsMessage>, QueueError> {
        let started = tokio::time::Instant::now();
        let out = self
            .with_token(|creds| async move {
                self.inner
                    .mns
                    .batch_receive(&creds, &self.inner.queue, want, self.inner.wait)
                    .await
            })
            .await?;
        if out.is_empty() && started.elapsed() < self.inner.wait / 2 {
            // The server did not hold the poll: do not spin on it.
            tokio::time::sleep(self.inner.wait / 2).await;
        }
        Ok(out)
    }

    async fn with_token<T, F, Fut>(&self, call: F) -> Result<T, QueueError>
    where
        F: Fn(Credentials) -> Fut,
        Fut: Future<Output = Result<T, QueueError>>,
    {
        let creds = self.inner.tokens.credentials().await?;
        match call(creds.clone()).await {
            Err(QueueError::Service(e)) if e.code.is_token_problem() => {
                tracing::info!(code = %e.code, "MNS refused the queue token; refreshing it once");
                let fresh = self.inner.tokens.refresh_after_refusal(&creds).await?;
                call(fresh).await
            }
            other => other,
        }
    }

    async fn process(
        &self,
        handler: &dyn QueueHandler,
        message: MnsMessage,
        receipt: Receipt,
        key: String,
        committed: &AtomicBool,
    ) {
        let outcome = self.handle_one(handler, receipt, &key, committed).await;
        tracing::debug!(message_id = %message.message_id, dequeue_count = message.dequeue_count, ?outcome, "message");
        if matches!(outcome, Outcome::Handled | Outcome::Duplicate) {
            let queue = &self.inner.queue;
            let handle = message.receipt_handle.as_str();
            let deleted = self
                .with_token(
                    |creds| async move { self.inner.mns.delete(&creds, queue, handle).await },
                )
                .await;
            if let Err(e) = deleted {
                // Handled but not deleted: it comes back, and dedupe (if on) suppresses it.
                tracing::warn!(error = %e, message_id = %message.message_id, "delete failed; the message will be delivered again");
            }
        }
    }

    async fn handle_one(
        &self,
        handler: &dyn QueueHandler,
        receipt: Receipt,
        key: &str,
        committed: &AtomicBool,
    ) -> Outcome {
        let keys = [key.to_owned()];
        if let Some(store) = &self.inner.dedupe {
            let lease = self.inner.handler_timeout + Duration::from_secs(5);
            match store.claim(&keys, lease).await.map(|c| c.first().copied()) {
                Ok(Some(Claim::New)) => {}
                Ok(Some(Claim::Done)) => return Outcome::Duplicate,
                Ok(Some(Claim::Busy)) => return Outcome::Busy,
                Ok(None) | Err(_) => return Outcome::Failed,
            }
        }
        let result =
            tokio::time::timeout(self.inner.handler_timeout, handler.handle(receipt)).await;
        let ok = match result {
            Ok(Ok(())) => true,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "handler failed; the message will be delivered again");
                false
            }
            Err(_) => {
                tracing::warn!(
                    timeout_ms = self.inner.handler_timeout.as_millis() as u64,
                    "handler timed out; the message will be delivered again"
                );
                false
            }
        };
        if ok {
            committed.store(true, Ordering::SeqCst);
        }
        if let Some(store) = &self.inner.dedupe {
            let r = if ok {
                store.commit(&keys, self.inner.dedupe_ttl).await
            } else {
                store.release(&keys).await
            };
            if let Err(e) = r {
                tracing::warn!(error = %e, "dedupe store failed");
            }
        }
        if ok {
            Outcome::Handled
        } else {
            Outcome::Failed
        }
    }

    /// The typed receipt of a message. A body that is not Base64 JSON, or not a receipt of the
    /// queue's type, is handed over as [`Receipt::Unknown`] (never dropped): its `raw` holds
    /// the object, or `{"MessageBody": <the body as received>}`.
    fn receipt_of(&self, message: &MnsMessage) -> Receipt {
        let route = Some(self.inner.receipt_type);
        let object = message
            .decoded_body()
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok());
        match object {
            Some(Value::Object(map)) => match Receipt::from_object(map.clone(), route) {
                Ok(r) => r,
                Err(error) => Receipt::Unknown(UnknownReceipt {
                    raw: map,
                    error: Some(error),
                }),
            },
            _ => {
                let mut raw = Map::new();
                raw.insert("MessageBody".into(), Value::String(message.body.clone()));
                Receipt::Unknown(UnknownReceipt { raw, error: None })
            }
        }
    }
}

fn is_fatal(e: &QueueError) -> bool {
    match e.mns_code() {
        Some(MnsErrorCode::QueueNotExist) => true,
        Some(code) => code.is_token_problem(),
        None => matches!(e, QueueError::InvalidRequest(_)),
    }
}
