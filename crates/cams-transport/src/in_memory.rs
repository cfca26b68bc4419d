//! A [`Transport`] that never touches the network, for testing code that uses a transport.
//!
//! It answers from a queue of canned responses (in order) or from a closure, records every
//! request, and can inject timeouts, connection errors and delays. It is [`Clone`] and clones
//! share state, so a test keeps one handle while the client under test owns another.
//!
//! ```
//! use cams_transport::{HttpRequest, InMemoryTransport, SharedTransport, TransportErrorKind};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let fake = InMemoryTransport::new();
//! fake.push_response(200, &[("content-type", "application/json")], r#"{"Code":"OK"}"#)
//!     .push_timeout();
//! let client = SharedTransport::new(fake.clone());
//!
//! let request = |q: &str| -> HttpRequest {
//!     http::Request::get(format!("https://cams.example.com/?{q}"))
//!         .body(bytes::Bytes::new())
//!         .unwrap()
//! };
//! let ok = client.send(request("Action=SendMessage")).await.unwrap();
//! assert_eq!(ok.status(), 200);
//! let err = client.send(request("Action=SendMessage")).await.unwrap_err();
//! assert_eq!(err.kind(), TransportErrorKind::Timeout);
//!
//! fake.assert_request_count(2);
//! fake.assert_all(|r| r.query_param("Action").as_deref() == Some("SendMessage"));
//! # }
//! ```

mod recorded;

pub use recorded::RecordedRequest;

use crate::host_of;
use crate::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};
use bytes::Bytes;
use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The answer function of [`InMemoryTransport::from_fn`].
type Responder = dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync;

/// An in-process [`Transport`]: canned or computed responses, recorded requests, injected
/// faults. See the [module docs](self).
#[derive(Clone, Default)]
pub struct InMemoryTransport {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    queue: Mutex<VecDeque<Result<HttpResponse, TransportError>>>,
    responder: Option<Box<Responder>>,
    requests: Mutex<Vec<HttpRequest>>,
    delay: Mutex<Option<Duration>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl fmt::Debug for InMemoryTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InMemoryTransport")
            .field("queued", &lock(&self.inner.queue).len())
            .field("from_fn", &self.inner.responder.is_some())
            .field("requests", &lock(&self.inner.requests).len())
            .field("delay", &*lock(&self.inner.delay))
            .finish()
    }
}

impl InMemoryTransport {
    /// A transport that answers from a queue of canned outcomes, in order; add them with
    /// [`push`](Self::push), [`push_response`](Self::push_response) and friends. When the
    /// queue is empty, a call fails with a [`TransportErrorKind::Other`] error saying so.
    pub fn new() -> Self {
        Self::default()
    }

    /// A transport that answers every request with `f`. Outcomes pushed on the queue are
    /// still used first, which is how a fault is injected into a closure-driven transport.
    pub fn from_fn<F>(f: F) -> Self
    where
        F: Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static,
    {
        InMemoryTransport {
            inner: Arc::new(Inner {
                responder: Some(Box::new(f)),
                ..Inner::default()
            }),
        }
    }

    /// Waits `delay` (with `tokio::time::sleep`) before answering each request. Applies to
    /// every clone.
    pub fn with_delay(self, delay: Duration) -> Self {
        self.set_delay(Some(delay));
        self
    }

    /// Sets or clears the delay before each answer, for every clone.
    pub fn set_delay(&self, delay: Option<Duration>) {
        *lock(&self.inner.delay) = delay;
    }

    /// Queues one outcome: a response, or an error returned as is.
    pub fn push(&self, outcome: Result<HttpResponse, TransportError>) -> &Self {
        lock(&self.inner.queue).push_back(outcome);
        self
    }

    /// Queues a response with `status`, `headers` and `body`. An invalid status or header
    /// queues a [`TransportErrorKind::Other`] error describing it instead.
    pub fn push_response(
        &self,
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> &Self {
        let mut builder = http::Response::builder().status(status);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let outcome = builder.body(body.into()).map_err(|e| {
            TransportError::new(TransportErrorKind::Other, false)
                .with_source(format!("invalid canned response: {e}"))
        });
        self.push(outcome)
    }

    /// Queues a response with `status`, a JSON content type and `json` as the body.
    pub fn push_json(&self, status: u16, json: impl Into<Bytes>) -> &Self {
        self.push_response(status, &[("content-type", "application/json")], json)
    }

    /// Queues an error.
    pub fn push_error(&self, error: TransportError) -> &Self {
        self.push(Err(error))
    }

    /// Queues a timeout (the request may have reached the server).
    pub fn push_timeout(&self) -> &Self {
        self.push_error(TransportError::timeout().with_source("injected timeout"))
    }

    /// Queues a connection error (the request never left: `maybe_sent` is `false`).
    pub fn push_connect_error(&self) -> &Self {
        self.push_error(TransportError::connect("injected connection error"))
    }

    /// How many queued outcomes are left.
    pub fn pending(&self) -> usize {
        lock(&self.inner.queue).len()
    }

    /// Every request seen so far, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        lock(&self.inner.requests).clone()
    }

    /// Every request seen so far, in order, with helpers to inspect them.
    pub fn recorded(&self) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .map(RecordedRequest::new)
            .collect()
    }

    /// How many requests were seen.
    pub fn request_count(&self) -> usize {
        lock(&self.inner.requests).len()
    }

    /// The last request seen, if any.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        lock(&self.inner.requests)
            .last()
            .cloned()
            .map(RecordedRequest::new)
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        lock(&self.inner.requests).clear();
    }

    /// Panics unless exactly `expected` requests were seen.
    #[track_caller]
    pub fn assert_request_count(&self, expected: usize) {
        let seen = self.recorded();
        assert!(
            seen.len() == expected,
            "expected {expected} request(s), saw {}: {:?}",
            seen.len(),
            seen.iter()
                .map(RecordedRequest::summary)
                .collect::<Vec<_>>()
        );
    }

    /// Panics unless at least one request was seen and `check` holds for every one; the
    /// message names the first request that fails it.
    #[track_caller]
    pub fn assert_all(&self, check: impl Fn(&RecordedRequest) -> bool) {
        let seen = self.recorded();
        assert!(!seen.is_empty(), "expected requests, saw none");
        if let Some((i, r)) = seen.iter().enumerate().find(|(_, r)| !check(r)) {
            panic!("request #{i} ({}) fails the check", r.summary());
        }
    }

    /// Panics unless every queued outcome was used.
    #[track_caller]
    pub fn assert_no_pending(&self) {
        let left = self.pending();
        assert!(left == 0, "{left} canned outcome(s) were never used");
    }

    fn answer(&self, request: &HttpRequest, seq: usize) -> Result<HttpResponse, TransportError> {
        let queued = lock(&self.inner.queue).pop_front();
        match (queued, &self.inner.responder) {
            (Some(outcome), _) => outcome,
            (None, Some(f)) => f(request),
            (None, None) => Err(
                TransportError::new(TransportErrorKind::Other, false).with_source(format!(
                    "InMemoryTransport has no canned response left for request #{seq} ({} {})",
                    request.method(),
                    request.uri()
                )),
            ),
        }
    }
}

#[async_trait::async_trait]
impl Transport for InMemoryTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let seq = {
            let mut requests = lock(&self.inner.requests);
            requests.push(request.clone());
            requests.len() - 1
        };
        let delay = *lock(&self.inner.delay);
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        self.answer(&request, seq).map_err(|e| {
            if e.host().is_some() {
                e
            } else {
                e.with_host(host_of(request.uri()))
            }
        })
    }
}
