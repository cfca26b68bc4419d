//! The HTTP destination: POSTs a JSON array of receipts to a callback URL and keeps CAMS's
//! contract (`application/json`, a deadline per push, success only on HTTP 200 with a numeric
//! `code` in a JSON body, retries after the configured delays, then give up).
//!
//! Each push waits for a slot of its URL (at most [`PushConfig::per_url_concurrency`] in
//! flight), so a URL that hangs holds only its own slots, each for at most the deadline.
//! Retries run in their own task and never hold up the next step of a message.

use super::config::PushConfig;
use bytes::Bytes;
use cams_transport::{ProxyConfig, Transport, TransportBuilder, TransportSettings};
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use tokio::sync::Semaphore;

/// Largest answer body read from a receiver (the acknowledgement is a few bytes).
const MAX_ANSWER_BODY: usize = 64 * 1024;

/// Why one push did not count as delivered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PushFailure {
    /// No answer within the deadline.
    Timeout,
    /// The connection failed (refused, reset, DNS, TLS).
    Transport(String),
    /// An answer other than HTTP 200.
    Status(u16),
    /// HTTP 200 without a JSON body whose `code` is a number.
    NoAck,
}

impl fmt::Display for PushFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PushFailure::Timeout => f.write_str("no answer within the deadline"),
            PushFailure::Transport(e) => write!(f, "connection failed: {e}"),
            PushFailure::Status(s) => write!(f, "HTTP {s}"),
            PushFailure::NoAck => f.write_str("HTTP 200 without a numeric `code` in a JSON body"),
        }
    }
}

/// Pushes batches to URLs, with retries; shared by every message's delivery task.
pub(crate) struct HttpPusher {
    config: PushConfig,
    transport: OnceLock<Option<Arc<dyn Transport>>>,
    slots: Mutex<HashMap<String, Arc<Semaphore>>>,
    /// Deliveries accepted and not yet finished (delivered or given up).
    pending: AtomicUsize,
}

impl fmt::Debug for HttpPusher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpPusher")
            .field("config", &self.config)
            .field("pending", &self.pending.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl HttpPusher {
    pub(crate) fn new(config: PushConfig, transport: Option<Arc<dyn Transport>>) -> Self {
        let cell = OnceLock::new();
        if let Some(t) = transport {
            let _ = cell.set(Some(t));
        }
        HttpPusher {
            config,
            transport: cell,
            slots: Mutex::new(HashMap::new()),
            pending: AtomicUsize::new(0),
        }
    }

    pub(crate) fn config(&self) -> &PushConfig {
        &self.config
    }

    /// Reserves `n` deliveries under the cap; `false` (nothing reserved) when over it.
    pub(crate) fn reserve(&self, n: usize) -> bool {
        let max = self.config.max_pending;
        self.pending
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |p| {
                p.checked_add(n).filter(|total| *total <= max)
            })
            .is_ok()
    }

    /// Ends one reserved delivery.
    pub(crate) fn release(&self) {
        let _ = self
            .pending
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |p| p.checked_sub(1));
    }

    /// The hyper transport, built on first use (no proxy: callback URLs are reached directly).
    fn transport(&self) -> Option<Arc<dyn Transport>> {
        self.transport
            .get_or_init(|| {
                let settings = TransportSettings::default()
                    .with_connect_timeout(self.config.timeout)
                    .with_read_timeout(self.config.timeout)
                    .with_max_response_body(MAX_ANSWER_BODY);
                match TransportBuilder::new()
                    .settings(settings)
                    .proxy(ProxyConfig::none())
                    .build_hyper()
                {
                    Ok(t) => Some(Arc::new(t) as Arc<dyn Transport>),
                    Err(e) => {
                        eprintln!("cams-sandbox: receipts cannot be pushed: {e}");
                        None
                    }
                }
            })
            .clone()
    }

    fn slot(&self, url: &str) -> Arc<Semaphore> {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            slots
                .entry(url.to_owned())
                .or_insert_with(|| Arc::new(Semaphore::new(self.config.per_url_concurrency))),
        )
    }

    /// One push of `body` to `url`, within the deadline (the wait for a slot not counted).
    pub(crate) async fn attempt(&self, url: &str, body: Bytes) -> Result<(), PushFailure> {
        let transport = self
            .transport()
            .ok_or_else(|| PushFailure::Transport("no HTTP client".to_owned()))?;
        let slot = self.slot(url);
        let _permit = slot
            .acquire_owned()
            .await
            .map_err(|_| PushFailure::Timeout)?;
        let request = http::Request::post(url)
            .header(http::header::CONTENT_TYPE, "application/json")
            .body(body)
            .map_err(|e| PushFailure::Transport(e.to_string()))?;
        let answer = tokio::time::timeout(self.config.timeout, transport.send(request))
            .await
            .map_err(|_| PushFailure::Timeout)?
            .map_err(|e| PushFailure::Transport(e.to_string()))?;
        if answer.status() != http::StatusCode::OK {
            return Err(PushFailure::Status(answer.status().as_u16()));
        }
        if acknowledged(answer.body()) {
            Ok(())
        } else {
            Err(PushFailure::NoAck)
        }
    }

    /// The first push of a delivery reserved with [`HttpPusher::reserve`]; on failure the
    /// retries continue in their own task. Returns once the first push is over.
    pub(crate) async fn deliver(self: &Arc<Self>, url: String, body: Bytes) {
        match self.attempt(&url, body.clone()).await {
            Ok(()) => self.release(),
            Err(first) => {
                let me = Arc::clone(self);
                tokio::spawn(async move { me.retry(url, body, first).await });
            }
        }
    }

    async fn retry(&self, url: String, body: Bytes, mut last: PushFailure) {
        for delay in self.config.retries.clone() {
            tokio::time::sleep(delay).await;
            match self.attempt(&url, body.clone()).await {
                Ok(()) => {
                    self.release();
                    return;
                }
                Err(e) => last = e,
            }
        }
        eprintln!(
            "cams-sandbox: gave up pushing receipts to {} after {} pushes: {last}",
            redacted(&url),
            self.config.retries.len() + 1
        );
        self.release();
    }
}

/// HTTP 200 counts only with a JSON object body whose `code` is a number.
pub(crate) fn acknowledged(body: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("code").map(serde_json::Value::is_number))
        .unwrap_or(false)
}

/// Whether `url` can be pushed to: an absolute `http` or `https` URL with a host.
pub(crate) fn pushable(url: &str) -> bool {
    url.parse::<http::Uri>().is_ok_and(|u| {
        matches!(u.scheme_str(), Some("http" | "https"))
            && u.authority().is_some_and(|a| !a.host().is_empty())
    })
}

/// Scheme, host and port of a URL: a callback path may carry a secret token.
pub(crate) fn redacted(url: &str) -> String {
    match url.parse::<http::Uri>() {
        Ok(u) => format!(
            "{}://{}/…",
            u.scheme_str().unwrap_or("http"),
            u.authority().map(|a| a.as_str()).unwrap_or("?")
        ),
        Err(_) => "an invalid URL".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_numeric_code_acknowledges() {
        assert!(acknowledged(br#"{"code":0,"msg":"ok"}"#));
        assert!(acknowledged(br#"{"code":1}"#));
        assert!(!acknowledged(br#"{"code":"0"}"#));
        assert!(!acknowledged(b"ok"));
        assert!(!acknowledged(br#"[{"code":0}]"#));
        assert!(!acknowledged(b""));
    }

    #[test]
    fn logs_show_no_path() {
        assert_eq!(
            redacted("http://127.0.0.1:9/receipts/secret-token"),
            "http://127.0.0.1:9/…"
        );
    }
}
