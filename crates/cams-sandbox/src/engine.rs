//! The engine both faces share: gateway checks (route, signature, nonce, action) then one
//! handler per action.

use crate::DEMO_HOST;
use crate::actions::{self, Call, Params};
use crate::fixture::Fixture;
use crate::gateway_error::{GatewayErrorReply, new_request_id};
use crate::imds::{self, ImdsTokens};
use crate::nonce_cache::{DEFAULT_NONCE_CAPACITY, NonceCache};
use crate::receipts::config::PushConfig;
use crate::receipts::{ReceiptEvent, ReceiptRouter};
use crate::state::State;
use crate::sts::{self, AllKeys, IssuedKeys, StsCall};
use crate::verify::{Authenticator, KeyStore};
use bytes::Bytes;
use cams_auth::{Scheme, SystemTimeSource, TimeSource};
// The only API version the sandbox serves: the model's.
use cams_model::API_VERSION;
use http::{HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// The CAMS emulator: a fixture's credentials and groups, a signature verifier and a nonce cache.
///
/// Cheap to clone (an `Arc` inside) and safe to share across threads: the groups start as the
/// fixture's and change with the write actions, behind an `RwLock` (shared by the `List*`
/// actions, held by the others for one update); the nonce cache sits behind a mutex held only
/// for one map update. Clones share that state; build another engine for a fresh one.
///
/// ```
/// use cams_sandbox::Engine;
///
/// let engine = Engine::demo();
/// let resp = engine.handle(http::Request::put("/").body(bytes::Bytes::new()).unwrap());
/// assert_eq!(resp.status(), 405); // only `GET /` and `POST /` are the API
/// ```
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    fixture: Fixture,
    state: State,
    keys: KeyStore,
    auth: Authenticator,
    nonces: NonceCache,
    time: Arc<dyn TimeSource>,
    panic_action: Option<String>,
    issued: IssuedKeys,
    imds_tokens: ImdsTokens,
    receipts: ReceiptRouter,
}

/// Builds an [`Engine`] with a custom clock or nonce-cache size.
#[derive(Debug)]
pub struct EngineBuilder {
    fixture: Fixture,
    time: Arc<dyn TimeSource>,
    nonce_capacity: usize,
    panic_action: Option<String>,
    push: PushConfig,
    push_transport: Option<Arc<dyn cams_transport::Transport>>,
}

impl EngineBuilder {
    /// The clock used to check `x-acs-date` / `Timestamp` and to age nonces (default: system clock).
    pub fn time_source(mut self, time: impl TimeSource + 'static) -> Self {
        self.time = Arc::new(time);
        self
    }

    /// The most nonces remembered at once (default one million); the oldest are dropped first.
    pub fn nonce_capacity(mut self, capacity: usize) -> Self {
        self.nonce_capacity = capacity;
        self
    }

    /// How receipts are pushed: delay between steps, retries, deadline, caps (default:
    /// [`PushConfig::default`], CAMS's contract).
    pub fn push_config(mut self, config: PushConfig) -> Self {
        self.push = config;
        self
    }

    /// The HTTP client receipts are pushed with (default: `cams_transport::HyperTransport`,
    /// no proxy, the push deadline as connect and read timeout).
    pub fn push_transport(mut self, transport: impl cams_transport::Transport + 'static) -> Self {
        self.push_transport = Some(Arc::new(transport));
        self
    }

    /// Makes every verified call of `action` panic (tests of panic isolation only).
    #[doc(hidden)]
    pub fn panic_on_action(mut self, action: impl Into<String>) -> Self {
        self.panic_action = Some(action.into());
        self
    }

    /// The engine.
    pub fn build(self) -> Engine {
        let mut keys = KeyStore::default();
        for c in &self.fixture.credentials {
            keys.insert(
                &c.access_key_id,
                &c.access_key_secret,
                c.security_token.as_deref(),
            );
        }
        Engine {
            inner: Arc::new(Inner {
                state: State::new(&self.fixture),
                fixture: self.fixture,
                keys,
                auth: Authenticator::new(),
                nonces: NonceCache::new(self.nonce_capacity),
                time: self.time,
                panic_action: self.panic_action,
                issued: IssuedKeys::default(),
                imds_tokens: ImdsTokens::default(),
                receipts: ReceiptRouter::new(self.push, self.push_transport),
            }),
        }
    }
}

impl Engine {
    /// An engine over `fixture`, on the system clock.
    pub fn new(fixture: Fixture) -> Engine {
        Engine::builder(fixture).build()
    }

    /// An engine over the built-in demo fixture ([`Fixture::demo`]).
    pub fn demo() -> Engine {
        Engine::new(Fixture::demo())
    }

    /// A builder, to set the clock or the nonce-cache size.
    pub fn builder(fixture: Fixture) -> EngineBuilder {
        EngineBuilder {
            fixture,
            time: Arc::new(SystemTimeSource),
            nonce_capacity: DEFAULT_NONCE_CAPACITY,
            panic_action: None,
            push: PushConfig::default(),
            push_transport: None,
        }
    }

    /// The fixture the engine serves.
    pub fn fixture(&self) -> &Fixture {
        &self.inner.fixture
    }

    /// Takes the receipts caused so far (oldest first; at most [`LOG_CAPACITY`] are kept),
    /// whether or not they are pushed over HTTP: each with the delay at which it is (or would
    /// be) pushed, counted from the API answer. A whole schedule is here as soon as the call
    /// that caused it has been answered, with no waiting, so a unit test of a receipt handler
    /// needs neither sockets nor sleeps.
    ///
    /// ```
    /// use cams_model::receipts::{InboundContent, Receipt, ReceiptType};
    /// use cams_sandbox::Engine;
    ///
    /// let engine = Engine::demo();
    /// let user_message = r#"{"CustSpaceId":"cams-sandbox-1","From":"8613811112222",
    ///     "To":"8613800001234","Type":"TEXT","Message":"hi"}"#;
    /// let req = http::Request::post("/sandbox/inbound").body(bytes::Bytes::from(user_message)).unwrap();
    /// assert_eq!(engine.handle(req).status(), 200);
    /// let receipts = engine.drain_receipts();
    /// assert_eq!(receipts.len(), 1);
    /// assert_eq!(receipts[0].kind, ReceiptType::Inbound);
    /// let Receipt::Inbound(inbound) = &receipts[0].receipt else { panic!() };
    /// assert_eq!(inbound.content, InboundContent::Text("hi".to_owned()));
    /// assert_eq!(receipts[0].to_json()["Message"], "hi");
    /// assert!(engine.drain_receipts().is_empty());
    /// ```
    ///
    /// [`LOG_CAPACITY`]: crate::RECEIPT_LOG_CAPACITY
    pub fn drain_receipts(&self) -> Vec<ReceiptEvent> {
        self.inner.receipts.drain()
    }

    /// The receipt router, for destinations inside this crate (the queues) to register with
    /// [`ReceiptRouter::add_sink`](crate::receipts::ReceiptRouter).
    #[allow(dead_code)]
    pub(crate) fn receipt_router(&self) -> &ReceiptRouter {
        &self.inner.receipts
    }

    /// The push settings the engine was built with.
    pub fn push_config(&self) -> &PushConfig {
        self.inner.receipts.config()
    }

    /// Answers one request like the gateway would. Never fails: refusals are gateway error
    /// bodies (4xx), business errors are HTTP 200 with `Success: false`, and a panic inside a
    /// handler becomes a 500 `InternalError`.
    pub fn handle(&self, request: Request<Bytes>) -> Response<Bytes> {
        let request_id = new_request_id();
        let host_id = host_of(&request);
        let outcome = catch_unwind(AssertUnwindSafe(|| self.inner.handle(request, &request_id)));
        match outcome {
            Ok(Ok(resp)) => resp,
            Ok(Err(err)) => err.into_response(&request_id, &host_id),
            Err(_) => GatewayErrorReply::internal().into_response(&request_id, &host_id),
        }
    }
}

impl Inner {
    fn handle(
        &self,
        request: Request<Bytes>,
        request_id: &str,
    ) -> Result<Response<Bytes>, GatewayErrorReply> {
        // The identity faces (see `sts.rs`, `imds.rs`): metadata paths, then STS actions.
        if imds::is_imds(&request) {
            let now = self.time.now();
            let f = &self.fixture.identity;
            return Ok(imds::handle(
                f,
                &self.imds_tokens,
                &self.issued,
                &request,
                now,
                request_id,
            ));
        }
        let now = self.time.now();
        if crate::inbound::is_control(&request) {
            return Ok(crate::inbound::handle(
                &self.receipts,
                &request,
                millis(now),
            ));
        }
        let keys = AllKeys {
            fixed: &self.keys,
            issued: &self.issued,
            now,
        };
        if sts::is_sts(&request) {
            let call = StsCall {
                fixture: &self.fixture.identity,
                keys,
                auth: &self.auth,
                request_id,
            };
            return call.handle(request);
        }
        let (parts, body) = request.into_parts();
        if parts.uri.path() != "/" {
            return Err(api_not_found());
        }
        check_method(&parts.method, &body)?;
        let mut caller = self.auth.verify(&parts, &body, &keys, now)?;
        actions::merge_form_body(&mut caller.params, &parts.headers, &body);
        self.nonces
            .check_and_insert(&caller.access_key_id, &caller.nonce, now)?;
        let action = caller.action.as_deref().unwrap_or_default();
        if caller.version.as_deref() != Some(API_VERSION) {
            return Err(api_not_found());
        }
        let handler = actions::handler(action).ok_or_else(api_not_found)?;
        if self.panic_action.as_deref() == Some(action) {
            panic!("cams-sandbox: injected panic in {action}");
        }
        let mut response = handler(&Call {
            action,
            state: &self.state,
            receipts: &self.receipts,
            params: Params(&caller.params),
            request_id,
            now,
        })
        .or_else(|refusal| refusal.into_reply(request_id))?;
        response
            .headers_mut()
            .insert(SIGNATURE_SCHEME, scheme_name(caller.scheme));
        Ok(response)
    }
}

/// Names the scheme a request's signature was verified with (`v3` or `v1`) on every answer to a
/// verified request, so that a test can prove which one a client used. Not a gateway header.
pub const SIGNATURE_SCHEME: HeaderName = HeaderName::from_static("x-sandbox-signature-scheme");

fn scheme_name(scheme: Scheme) -> HeaderValue {
    HeaderValue::from_static(match scheme {
        Scheme::V3 => "v3",
        Scheme::V1 => "v1",
    })
}

/// The gateway serves RPC operations with POST and with GET (the official `aliyun` CLI's
/// default); a GET carries everything in its query, so a GET with a body is refused rather than
/// read one way here and another way by a proxy.
fn check_method(method: &Method, body: &[u8]) -> Result<(), GatewayErrorReply> {
    if *method == Method::POST {
        return Ok(());
    }
    if *method != Method::GET {
        return Err(GatewayErrorReply::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "UnsupportedHTTPMethod",
            format!("The HTTP method {method} is not supported; use GET or POST."),
        ));
    }
    if !body.is_empty() {
        return Err(GatewayErrorReply::bad_request(
            "UnsupportedHTTPMethod",
            "A GET request must not have a body; send the parameters in the query, or use POST.",
        ));
    }
    Ok(())
}

fn api_not_found() -> GatewayErrorReply {
    GatewayErrorReply::new(
        StatusCode::NOT_FOUND,
        "InvalidAction.NotFound",
        "Specified api is not found, please check your url and method.",
    )
}

fn millis(t: std::time::SystemTime) -> i64 {
    t.duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn host_of(request: &Request<Bytes>) -> String {
    request
        .headers()
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()))
        .unwrap_or(DEMO_HOST)
        .to_owned()
}
