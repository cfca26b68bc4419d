//! Receipts: the seam between the API handlers that cause them and the destinations that get
//! them.
//!
//! A handler (`SendChatappMessage`, `CreateChatappTemplate`, `POST /sandbox/inbound`) builds the
//! whole schedule of its receipts at once, as [`ReceiptEvent`]s, each with the `delay` after
//! the API answer at which it happens, and hands them to [`ReceiptRouter::emit`]. The router
//!
//! 1. appends them to the in-process log ([`crate::Engine::drain_receipts`]), bounded to
//!    [`LOG_CAPACITY`] events (the oldest are dropped);
//! 2. resolves each event's [`Destination`] from the webhook table (`src/webhooks.rs`);
//! 3. when a Tokio runtime is running and some destination wants them, spawns **one delivery
//!    task per emit** that walks the steps in order: at each step's time it pushes that step's
//!    receipts, one JSON array per callback URL (so several receipts share a push), waits for
//!    the first push of each URL (at most the push deadline), and hands the events whose
//!    destination has `queue` on to every [`ReceiptSink`]. Failed pushes are retried in their
//!    own tasks, so a message's next status is never held up by a retry.
//!
//! The API answer never waits for any of this: `emit` only records and spawns.
//!
//! To add another destination (the MNS queues of `QueueFlag=Y`), implement [`ReceiptSink`] and
//! register it with [`ReceiptRouter::add_sink`]: it then gets, at the same moments as the HTTP
//! pushes, the events whose effective `QueueFlag` is `Y`.

mod build;
pub(crate) mod config;
pub(crate) mod push;

pub(crate) use build::{
    AuditSchedule, SentMessage, audit_events, fresh_id, inbound_event, status_events,
};
pub use build::{
    REJECTED_TEMPLATE_PREFIX, REJECTED_TEMPLATE_REASON, UNDELIVERABLE_ERROR_CODE,
    UNDELIVERABLE_ERROR_DESCRIPTION, UNDELIVERABLE_NUMBER,
};

use crate::webhooks::{Destination, ReceiptKind, Webhooks};
use bytes::Bytes;
use config::PushConfig;
use push::HttpPusher;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

/// The most events the in-process log holds; older ones are dropped first.
pub const LOG_CAPACITY: usize = 10_000;

/// The receipt as the emulator pushes it: a JSON object under the documented wire names.
pub(crate) type Receipt = serde_json::Value;

/// One receipt the emulator pushes (or would push), and what it is about.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReceiptEvent {
    /// The space (`CustSpaceId`) whose webhooks decide where it goes.
    pub cust_space_id: String,
    /// The business number it is about (`None` for account-level receipts: audits).
    pub phone: Option<String>,
    /// Status, inbound or audit: which URL (and queue) it goes to.
    pub kind: ReceiptKind,
    /// The receipt itself, with the documented wire names.
    pub receipt: Receipt,
    /// When it is pushed, counted from the API answer that caused it (its step times the
    /// receipt delay). Its `Timestamp` is the engine's clock at the request plus this.
    pub delay: Duration,
}

/// A destination besides HTTP, fed the events whose `QueueFlag` is on, at their step's time.
pub(crate) trait ReceiptSink: Send + Sync + std::fmt::Debug {
    /// Takes one step's events (never empty). Must not block: queue them and return.
    fn deliver(&self, events: &[ReceiptEvent]);
}

/// Records, routes and schedules receipts (see the module docs).
#[derive(Debug)]
pub(crate) struct ReceiptRouter {
    webhooks: Webhooks,
    log: Mutex<VecDeque<ReceiptEvent>>,
    pusher: Arc<HttpPusher>,
    sinks: RwLock<Vec<Arc<dyn ReceiptSink>>>,
    templates: Mutex<HashMap<String, TemplateInfo>>,
}

/// What the sandbox remembers of a template it created, to fill the status receipts of
/// messages that name it by `TemplateCode` only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TemplateInfo {
    pub(crate) name: String,
    pub(crate) language: String,
    pub(crate) category: String,
}

/// The most templates remembered (the oldest are not evicted: further ones are not remembered).
const MAX_TEMPLATES: usize = 10_000;

/// One step of a delivery: the HTTP batches by URL and the events for the sinks.
#[derive(Debug, Default)]
struct Step {
    http: BTreeMap<String, Vec<Receipt>>,
    queued: Vec<ReceiptEvent>,
}

impl ReceiptRouter {
    pub(crate) fn new(
        config: PushConfig,
        transport: Option<Arc<dyn cams_transport::Transport>>,
    ) -> Self {
        ReceiptRouter {
            webhooks: Webhooks::default(),
            log: Mutex::new(VecDeque::new()),
            pusher: Arc::new(HttpPusher::new(config, transport)),
            sinks: RwLock::new(Vec::new()),
            templates: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn remember_template(&self, code: &str, info: TemplateInfo) {
        let mut t = self
            .templates
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if t.len() < MAX_TEMPLATES {
            t.insert(code.to_owned(), info);
        }
    }

    pub(crate) fn template(&self, code: &str) -> Option<TemplateInfo> {
        let t = self
            .templates
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        t.get(code).cloned()
    }

    pub(crate) fn webhooks(&self) -> &Webhooks {
        &self.webhooks
    }

    pub(crate) fn config(&self) -> &PushConfig {
        self.pusher.config()
    }

    /// Registers another destination (see [`ReceiptSink`]).
    pub(crate) fn add_sink(&self, sink: Arc<dyn ReceiptSink>) {
        self.sinks
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .push(sink);
    }

    /// Takes every logged event, oldest first.
    pub(crate) fn drain(&self) -> Vec<ReceiptEvent> {
        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
        log.drain(..).collect()
    }

    /// Records `events` and schedules their delivery; returns at once.
    pub(crate) fn emit(&self, mut events: Vec<ReceiptEvent>) {
        if events.is_empty() {
            return;
        }
        events.sort_by_key(|e| e.delay);
        {
            let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
            for e in &events {
                if log.len() >= LOG_CAPACITY {
                    log.pop_front();
                }
                log.push_back(e.clone());
            }
        }
        let has_sinks = !self
            .sinks
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .is_empty();
        let mut steps: BTreeMap<Duration, Step> = BTreeMap::new();
        for e in events {
            let Destination { http_url, queue } =
                self.webhooks
                    .destination(e.kind, &e.cust_space_id, e.phone.as_deref());
            let http_url = http_url.filter(|u| push::pushable(u));
            if http_url.is_none() && !(queue && has_sinks) {
                continue;
            }
            let step = steps.entry(e.delay).or_default();
            if let Some(url) = http_url {
                step.http.entry(url).or_default().push(e.receipt.clone());
            }
            if queue && has_sinks {
                step.queued.push(e);
            }
        }
        if steps.is_empty() {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            // In process without a runtime: the log is the only destination.
            return;
        };
        let pushes: usize = steps.values().map(|s| s.http.len()).sum();
        if !self.pusher.reserve(pushes) {
            eprintln!(
                "cams-sandbox: {pushes} receipt pushes dropped: {} already pending",
                self.config().max_pending
            );
            return;
        }
        let sinks = self
            .sinks
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let pusher = Arc::clone(&self.pusher);
        runtime.spawn(deliver(pusher, sinks, steps));
    }
}

/// Walks the steps in order; see the module docs.
async fn deliver(
    pusher: Arc<HttpPusher>,
    sinks: Vec<Arc<dyn ReceiptSink>>,
    steps: BTreeMap<Duration, Step>,
) {
    let start = tokio::time::Instant::now();
    for (delay, step) in steps {
        tokio::time::sleep_until(start + delay).await;
        if !step.queued.is_empty() {
            for sink in &sinks {
                sink.deliver(&step.queued);
            }
        }
        let mut firsts = tokio::task::JoinSet::new();
        for (url, batch) in step.http {
            let body = match serde_json::to_vec(&batch) {
                Ok(b) => Bytes::from(b),
                Err(_) => continue,
            };
            let pusher = Arc::clone(&pusher);
            firsts.spawn(async move { pusher.deliver(url, body).await });
        }
        while firsts.join_next().await.is_some() {}
    }
}
