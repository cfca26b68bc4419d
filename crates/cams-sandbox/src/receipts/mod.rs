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

use crate::webhooks::{Destination, Webhooks};
use bytes::Bytes;
use cams_model::receipts::ReceiptType;
use config::PushConfig;
use push::HttpPusher;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

/// The most events the in-process log holds; older ones are dropped first.
pub const LOG_CAPACITY: usize = 10_000;

/// The receipt as the emulator pushes it: `cams-model`'s typed receipt, serialized under the
/// documented wire names by the same `Serialize` a receiver's types parse with.
pub(crate) type Receipt = cams_model::receipts::Receipt;

/// One receipt the emulator pushes (or would push), and what it is about.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ReceiptEvent {
    /// The space (`CustSpaceId`) whose webhooks decide where it goes.
    pub cust_space_id: String,
    /// The business number it is about (`None` for account-level receipts: audits).
    pub phone: Option<String>,
    /// Status, inbound or audit: which URL (and queue) it goes to.
    pub kind: ReceiptType,
    /// The receipt itself (serializes to the documented wire names; see [`ReceiptEvent::to_json`]).
    pub receipt: Receipt,
    /// When it is pushed, counted from the API answer that caused it (its step times the
    /// receipt delay). Its `Timestamp` is the engine's clock at the request plus this.
    pub delay: Duration,
}

impl ReceiptEvent {
    /// The receipt as it is pushed: one JSON object under the documented wire names.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.receipt).unwrap_or_default()
    }
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
    #[cfg_attr(not(test), allow(dead_code))] // the seam for the queue destination
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
                Err(_) => {
                    pusher.release();
                    continue;
                }
            };
            let pusher = Arc::clone(&pusher);
            firsts.spawn(async move { pusher.deliver(url, body).await });
        }
        while firsts.join_next().await.is_some() {}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::webhooks::Hook;

    #[derive(Debug, Default)]
    struct Recorder(Mutex<Vec<ReceiptEvent>>);

    impl ReceiptSink for Recorder {
        fn deliver(&self, events: &[ReceiptEvent]) {
            self.0.lock().unwrap().extend(events.iter().cloned());
        }
    }

    fn message(space: &str) -> Vec<ReceiptEvent> {
        let m = SentMessage {
            space,
            from: "8613800001234",
            to: "8613811112222",
            message_id: "m1",
            task_id: None,
            template: false,
            message_type: None,
            template_code: None,
            template_name: None,
            language: None,
            category: None,
            now_ms: 0,
        };
        status_events(&m, Duration::from_millis(5))
    }

    #[tokio::test]
    async fn a_sink_gets_the_steps_of_queue_enabled_numbers_only() {
        let router = ReceiptRouter::new(PushConfig::default(), None);
        let sink = Arc::new(Recorder::default());
        router.add_sink(sink.clone());
        let queued = Hook {
            queue_flag: Some(true),
            ..Hook::default()
        };
        router
            .webhooks()
            .update_phone("q", "+8613800001234", &queued);
        router.emit(message("plain"));
        router.emit(message("q"));
        assert_eq!(router.drain().len(), 6, "both are logged");
        for _ in 0..200 {
            if sink.0.lock().unwrap().len() == 3 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        let got = sink.0.lock().unwrap().clone();
        let statuses: Vec<String> = got
            .iter()
            .map(|e| e.to_json()["Status"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(statuses, ["Sent", "Delivered", "Read"]);
        assert!(got.iter().all(|e| e.cust_space_id == "q"));
    }

    #[test]
    fn without_a_runtime_receipts_are_only_logged() {
        let router = ReceiptRouter::new(PushConfig::default(), None);
        let hook = Hook {
            status_url: Some("http://127.0.0.1:9/status".to_owned()),
            ..Hook::default()
        };
        router.webhooks().update_account("s", &hook);
        router.emit(message("s"));
        assert_eq!(router.drain().len(), 3);
    }

    #[test]
    fn the_log_keeps_the_newest() {
        let router = ReceiptRouter::new(PushConfig::default(), None);
        for _ in 0..(LOG_CAPACITY / 3 + 1) {
            router.emit(message("s"));
        }
        assert_eq!(router.drain().len(), LOG_CAPACITY);
    }
}
