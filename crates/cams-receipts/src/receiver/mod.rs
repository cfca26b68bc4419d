//! The HTTP receiver: a tower `Service` that keeps CAMS's push contract.

mod route;
mod serve;

pub use serve::serve;

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use cams_model::receipts::{Receipt, parse_batch};
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};

use crate::dedupe::DedupeStore;
use crate::dispatch::{DispatchError, Dispatcher};
use crate::error::ConfigError;
use crate::handler::ReceiptHandler;

/// The answer CAMS expects for a batch that was taken (`code` must be a JSON number).
pub const ACK_BODY: &str = r#"{"code":0,"msg":"成功"}"#;

/// The default cap on a push body.
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// The time a client has to send the whole body.
const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Receives CAMS's HTTP receipt pushes and hands each new receipt to a handler once.
///
/// The contract, per request:
/// - a path outside the token (see [`with_token`](Self::with_token)) → `404`;
/// - a method other than `POST` → `405`;
/// - a body over the cap (default 1 MiB) → `413`; a body that is not a JSON array of
///   objects → `400`; nothing is handed over in either case;
/// - otherwise the receipts are parsed (objects no rule recognises are
///   [`Receipt::Unknown`]), duplicates are dropped, the new ones are handed to the handler,
///   awaited under the deadline (default 2.5 s);
/// - the handler returned `Ok` → `200` with `{"code":0,"msg":"成功"}`; it failed → `500`,
///   ran out of time → `503`, the dedupe store failed → `503`: CAMS pushes again and the
///   receipts are handed over again;
/// - a receipt that another push is handling right now is not handed over, and the push is
///   answered `503` (after the others were handled) so CAMS comes back for it.
///
/// It is a `tower::Service<http::Request<B>>` for any body `B`, so it mounts in axum
/// (`Router::route_service`) or any hyper server, and [`serve`](Self::serve) runs it alone.
///
/// ```no_run
/// use cams_receipts::{Batch, HandlerError, ReceiptReceiver};
///
/// # async fn demo() -> std::io::Result<()> {
/// let receiver = ReceiptReceiver::new(|batch: Batch| async move {
///     for receipt in &batch.receipts {
///         println!("{:?} {:?}", receipt.receipt_type(), receipt.message_id());
///     }
///     Ok::<(), HandlerError>(())
/// })
/// .with_token("a-long-random-secret");
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
/// receiver.serve(listener).await
/// # }
/// ```
pub struct ReceiptReceiver<H> {
    dispatcher: Dispatcher<H>,
    token: Option<Arc<str>>,
    max_body: usize,
}

impl<H> Clone for ReceiptReceiver<H> {
    fn clone(&self) -> Self {
        ReceiptReceiver {
            dispatcher: self.dispatcher.clone(),
            token: self.token.clone(),
            max_body: self.max_body,
        }
    }
}

impl<H> std::fmt::Debug for ReceiptReceiver<H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReceiptReceiver")
            .field("dispatcher", &self.dispatcher)
            .field("token", &self.token.as_ref().map(|_| "<set>"))
            .field("max_body", &self.max_body)
            .finish()
    }
}

impl<H: ReceiptHandler> ReceiptReceiver<H> {
    /// A receiver for `handler`: any path, in-memory dedupe, 1 MiB cap, 2.5 s deadline.
    pub fn new(handler: H) -> Self {
        ReceiptReceiver::from_dispatcher(Dispatcher::new(handler))
    }

    /// A receiver around a configured [`Dispatcher`] (store, deadline, TTL, cross-check).
    pub fn from_dispatcher(dispatcher: Dispatcher<H>) -> Self {
        ReceiptReceiver {
            dispatcher,
            token: None,
            max_body: DEFAULT_MAX_BODY,
        }
    }

    /// Answers only paths that hold `token` as a segment, followed by nothing or by a type
    /// segment (`status`, `inbound`, `audit`) that sets the receipts' type:
    /// `https://example.com/receipts/<token>/status`. Anything else is `404`. Use a long
    /// random token: CAMS signs nothing, so the URL is the only secret.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        let token: String = token.into();
        self.token = (!token.is_empty()).then(|| Arc::from(token));
        self
    }

    /// The body cap in bytes (default 1 MiB).
    pub fn with_max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Deduplicates through `store` (e.g. a shared `RedisStore`).
    pub fn with_store(mut self, store: Arc<dyn DedupeStore>) -> Self {
        self.dispatcher = self.dispatcher.with_store(store);
        self
    }

    /// The handler's deadline (default 2.5 s; keep it below CAMS's 3 s).
    pub fn with_deadline(mut self, deadline: Duration) -> Result<Self, ConfigError> {
        self.dispatcher = self.dispatcher.with_deadline(deadline)?;
        Ok(self)
    }

    /// A handler-side cross-check: receipts for which it returns `false` are acknowledged
    /// and never handed over.
    pub fn with_verify(
        mut self,
        verify: impl Fn(&Receipt) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.dispatcher = self.dispatcher.with_verify(verify);
        self
    }

    /// Serves on `listener` (HTTP/1.1) until the process ends. See [`serve`].
    pub async fn serve(self, listener: tokio::net::TcpListener) -> std::io::Result<()> {
        serve::serve_receiver(listener, self).await
    }

    /// Answers one request (what `call` does).
    pub async fn respond<B>(&self, request: Request<B>) -> Response<Full<Bytes>>
    where
        B: hyper::body::Body + Send + 'static,
        B::Data: Send,
        B::Error: std::error::Error + Send + Sync + 'static,
    {
        let route = match route::route(request.uri().path(), self.token.as_deref()) {
            route::Route::NotFound => return reply(StatusCode::NOT_FOUND, 404, "not found"),
            route::Route::Accept(t) => t,
        };
        if request.method() != Method::POST {
            let mut r = reply(StatusCode::METHOD_NOT_ALLOWED, 405, "POST only");
            r.headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return r;
        }
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.max_body as u64) {
            return too_large();
        }
        let limited = Limited::new(request.into_body(), self.max_body);
        let body = match tokio::time::timeout(BODY_TIMEOUT, limited.collect()).await {
            Err(_) => {
                return reply(
                    StatusCode::REQUEST_TIMEOUT,
                    408,
                    "body not received in time",
                );
            }
            Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => return too_large(),
            Ok(Err(_)) => return reply(StatusCode::BAD_REQUEST, 400, "body could not be read"),
            Ok(Ok(collected)) => collected.to_bytes(),
        };
        let receipts = match parse_batch(&body, route) {
            Ok(r) => r,
            Err(e) => {
                tracing::info!(error = %e, "receipt push refused");
                return reply(StatusCode::BAD_REQUEST, 400, &e.to_string());
            }
        };
        match self.dispatcher.dispatch(receipts, route, body).await {
            Ok(report) if report.all_taken() => ack(),
            Ok(_) => reply(
                StatusCode::SERVICE_UNAVAILABLE,
                503,
                "receipts in flight; push again",
            ),
            Err(DispatchError::Handler(_)) => {
                reply(StatusCode::INTERNAL_SERVER_ERROR, 500, "handler failed")
            }
            Err(DispatchError::Deadline(_)) => {
                reply(StatusCode::SERVICE_UNAVAILABLE, 503, "handler deadline")
            }
            Err(DispatchError::Store(_)) => reply(
                StatusCode::SERVICE_UNAVAILABLE,
                503,
                "dedupe store unavailable",
            ),
        }
    }
}

fn ack() -> Response<Full<Bytes>> {
    json_response(StatusCode::OK, Bytes::from_static(ACK_BODY.as_bytes()))
}

fn too_large() -> Response<Full<Bytes>> {
    reply(StatusCode::PAYLOAD_TOO_LARGE, 413, "body over the cap")
}

fn reply(status: StatusCode, code: u16, msg: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({ "code": code, "msg": msg }).to_string();
    json_response(status, Bytes::from(body))
}

fn json_response(status: StatusCode, body: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(body));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

impl<H, B> tower_service::Service<Request<B>> for ReceiptReceiver<H>
where
    H: ReceiptHandler,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let this = self.clone();
        Box::pin(async move { Ok(this.respond(request).await) })
    }
}
