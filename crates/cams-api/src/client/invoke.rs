//! The one path every operation takes: validate → parameters → sign → send → map, with retries.

use super::{Client, SignatureVersion};
use crate::options::RequestOptions;
use crate::response::map_response;
use crate::retry::RetryPolicy;
use crate::{ConfigError, Error};
use bytes::Bytes;
use cams_auth::{
    Credentials, ProvideCredentials, SignerV1, SignerV3, SigningParams, X_ACS_ACTION, X_ACS_VERSION,
};
use cams_model::ServiceResponse;
use cams_model::{Operation, Params};
use cams_transport::HttpRequest;
use cams_transport::HttpResponse;
use http::{HeaderName, HeaderValue, Method};
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tracing::Instrument;
use tracing::field::Empty;

static X_ACS_RETRY_ATTEMPTS: HeaderName = HeaderName::from_static("x-acs-retry-attempts");
static X_ACS_RETRY_DELAY: HeaderName = HeaderName::from_static("x-acs-retry-delay");
static X_ACS_CREDENTIALS_PROVIDER: HeaderName =
    HeaderName::from_static("x-acs-credentials-provider");

/// What the generic path needs to know of a call besides its parameters. Typed operations
/// implement it with a zero-sized marker (their facts are constants), so their futures hold
/// nothing more for it.
pub(crate) trait Call: Sync {
    /// The mapped answer.
    type Output: ServiceResponse;
    /// The checked parameters.
    fn params(&self) -> Result<Params<'_>, cams_model::ValidationError>;
    /// The action name (for V1 signing and tracing).
    fn action(&self) -> &str;
    /// The action as the `x-acs-action` header value.
    fn action_header(&self) -> Result<HeaderValue, Error>;
    /// The API version (`None`: the client's product's).
    fn version(&self) -> Option<&'static str>;
    /// Whether it may be retried freely.
    fn idempotent(&self) -> bool;
    /// Maps one HTTP answer.
    fn map(response: HttpResponse) -> Result<Self::Output, Error>;
}

/// The [`Call`] of a typed operation.
struct Typed<'a, O>(&'a O);

impl<O: Operation> Call for Typed<'_, O> {
    type Output = O::Output;
    fn params(&self) -> Result<Params<'_>, cams_model::ValidationError> {
        self.0.validate()?;
        Ok(self.0.to_params())
    }
    fn action(&self) -> &str {
        O::ACTION
    }
    fn action_header(&self) -> Result<HeaderValue, Error> {
        Ok(HeaderValue::from_static(O::ACTION))
    }
    fn version(&self) -> Option<&'static str> {
        Some(O::VERSION)
    }
    fn idempotent(&self) -> bool {
        O::IDEMPOTENT
    }
    fn map(response: HttpResponse) -> Result<O::Output, Error> {
        map_response::<O>(response)
    }
}

impl Client {
    /// Sends any operation: validates it, signs it, sends it (retrying as the policy allows
    /// within the operation deadline) and maps the answer.
    ///
    /// Every typed method of the client is this call; use it for an [`Operation`] of your own.
    // Not an `async fn`: the future is `invoke`'s own, with no wrapper around it.
    pub fn execute<'a, O: Operation>(
        &'a self,
        operation: &'a O,
    ) -> impl Future<Output = Result<O::Output, Error>> + Send + 'a {
        self.invoke(Typed(operation), None)
    }

    /// [`execute`](Client::execute) with `options` overriding the client's timeout, retry
    /// policy and headers for this call.
    pub fn execute_with<'a, O: Operation>(
        &'a self,
        operation: &'a O,
        options: &'a RequestOptions,
    ) -> impl Future<Output = Result<O::Output, Error>> + Send + 'a {
        self.invoke(Typed(operation), Some(options))
    }

    /// Sends `params` as `call` describes, with retries and the deadline: the one path of
    /// typed operations and raw calls.
    pub(crate) async fn invoke<C: Call>(
        &self,
        call: C,
        options: Option<&RequestOptions>,
    ) -> Result<C::Output, Error> {
        let params = call.params()?;
        let settings = Settings {
            timeout: options
                .and_then(|o| o.operation_timeout)
                .or(self.inner.operation_timeout),
            retry: options
                .and_then(|o| o.retry.as_ref())
                .unwrap_or(&self.inner.retry),
            headers: options.map(|o| &o.headers).filter(|h| !h.is_empty()),
        };
        if self.inner.sleep.is_none() && (settings.retry.is_enabled() || settings.timeout.is_some())
        {
            return Err(ConfigError::NoSleep.into());
        }
        let span = tracing::info_span!(
            "cams.operation",
            action = call.action(),
            region = self.inner.region.as_deref().unwrap_or(""),
            attempt = Empty,
            status = Empty,
            request_id = Empty,
        );
        let attempts = AtomicU32::new(0);
        // Pinned here, once: moving it into `pin!` inside the block below would give the
        // block's future a second copy of it, doubling this future's size.
        let mut run = pin!(self.run_attempts(&call, &params, &settings, &attempts));
        async {
            let result = match (settings.timeout, &self.inner.sleep) {
                (Some(limit), Some(sleep)) => {
                    let deadline = sleep.sleep(limit);
                    match futures_util::future::select(run.as_mut(), deadline).await {
                        futures_util::future::Either::Left((result, _)) => result,
                        futures_util::future::Either::Right(((), _)) => {
                            Err(Error::OperationTimeout {
                                after: limit,
                                attempts: attempts.load(Ordering::Relaxed),
                            })
                        }
                    }
                }
                _ => run.as_mut().await,
            };
            if let Err(e) = &result {
                // Codes and ids only: a gateway message can echo its string to sign, which
                // holds a V1 `SecurityToken`.
                tracing::debug!(
                    kind = e.kind_name(),
                    code = e.code(),
                    request_id = e.request_id(),
                    "operation failed"
                );
            }
            result
        }
        // The span moves in (no second copy kept outside): the failure is logged inside it.
        .instrument(span)
        .await
    }

    async fn run_attempts<C: Call>(
        &self,
        call: &C,
        params: &Params<'_>,
        settings: &Settings<'_>,
        attempts: &AtomicU32,
    ) -> Result<C::Output, Error> {
        let mut attempt = 1;
        let mut last_delay = None;
        let started = std::time::Instant::now();
        loop {
            attempts.store(attempt, Ordering::Relaxed);
            tracing::Span::current().record("attempt", attempt);
            let error = match self
                .attempt(call, params, settings.headers, attempt, last_delay)
                .await
            {
                Ok(output) => return Ok(output),
                Err(e) => e,
            };
            let remaining = settings
                .timeout
                .map(|limit| limit.saturating_sub(started.elapsed()));
            let Some(delay) =
                settings
                    .retry
                    .next_delay(attempt, call.idempotent(), &error, remaining)
            else {
                return Err(error);
            };
            let Some(sleep) = &self.inner.sleep else {
                return Err(error);
            };
            tracing::debug!(
                attempt,
                delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                kind = error.kind_name(),
                code = error.code(),
                "retrying"
            );
            sleep.sleep(delay).await;
            attempt += 1;
            last_delay = Some(delay);
        }
    }

    async fn attempt<C: Call>(
        &self,
        call: &C,
        params: &Params<'_>,
        extra: Option<&http::HeaderMap>,
        attempt: u32,
        last_delay: Option<Duration>,
    ) -> Result<C::Output, Error> {
        let credentials = match self.inner.credentials.credentials_now() {
            Some(c) => c,
            None => self.inner.credentials.provide_credentials().await?,
        };
        let request =
            self.signed_request(call, params, extra, &credentials, attempt, last_delay)?;
        let response = self
            .inner
            .transport
            .send(request)
            .await
            .map_err(|e| Error::Transport(e.with_host(self.inner.endpoint.host())))?;
        let span = tracing::Span::current();
        span.record("status", response.status().as_u16());
        let result = C::map(response).map_err(|e| e.without_secrets(&credentials));
        if let Some(id) = match &result {
            Ok(out) => out.request_id(),
            Err(e) => e.request_id(),
        } {
            span.record("request_id", id);
        }
        result
    }

    /// Builds and signs one attempt's request: a fresh date and nonce every time.
    pub(crate) fn signed_request<C: Call>(
        &self,
        call: &C,
        params: &Params<'_>,
        extra: Option<&http::HeaderMap>,
        credentials: &Credentials,
        attempt: u32,
        last_delay: Option<Duration>,
    ) -> Result<HttpRequest, Error> {
        let inner = &self.inner;
        // The query is written straight into the buffer that becomes the URI's path-and-query,
        // allocated once at its exact length (a `String` of exact capacity turns into `Bytes`
        // without a copy or a header); scheme and host were parsed once, at build time.
        let path_and_query = cams_auth::canonical_path_and_query(
            params.query().map(|(k, v)| -> (&str, &str) { (k, v) }),
        );
        let invalid_uri = |e: http::Error| cams_auth::SigningError::InvalidUri(e.to_string());
        let path_and_query =
            http::uri::PathAndQuery::from_maybe_shared(Bytes::from(path_and_query))
                .map_err(|e| invalid_uri(e.into()))?;
        let mut uri = http::uri::Parts::default();
        uri.scheme = Some(inner.scheme.clone());
        uri.authority = Some(inner.authority.clone());
        uri.path_and_query = Some(path_and_query);
        let uri = http::Uri::from_parts(uri).map_err(|e| invalid_uri(e.into()))?;
        // Body parameters (one operation has them) travel as a form with sorted keys, written
        // as the official SDK's `urlencode` writes it: RFC 3986 escapes, but a space is `+`
        // (a literal `%20` in a value is `%2520` by then, so the swap is exact).
        let form = params.has_body().then(|| {
            let mut form = String::new();
            cams_auth::canonical_query_into(
                &mut form,
                params.body().map(|(k, v)| -> (&str, &str) { (k, v) }),
            );
            Bytes::from(form.replace("%20", "+"))
        });
        let (mut parts, body) = http::Request::new(form.clone().unwrap_or_default()).into_parts();
        parts.method = Method::POST;
        parts.uri = uri;
        // Room for every header of a signed attempt (6 set here, 4 by the signer, 2 more with
        // STS, 2 more on a retry), so the map never grows while the signer adds its headers,
        // and no bigger: each slot the map allocates is about 100 bytes.
        let sts = credentials.security_token().is_some();
        let provider = credentials
            .provider_name()
            .and_then(|n| HeaderValue::from_str(n).ok());
        let extra_len = extra.map_or(0, http::HeaderMap::len);
        parts.headers = http::HeaderMap::with_capacity(
            10 + extra_len
                + 2 * usize::from(sts)
                + 2 * usize::from(attempt > 1)
                + usize::from(provider.is_some())
                + usize::from(form.is_some()),
        );
        let h = &mut parts.headers;
        // The call's own headers first: each header the client sets below replaces one of them.
        if let Some(extra) = extra {
            for (name, value) in extra {
                h.append(name.clone(), value.clone());
            }
        }
        h.insert(http::header::HOST, inner.host_header.clone());
        h.insert(X_ACS_ACTION, call.action_header()?);
        let version = call.version().unwrap_or(inner.product.version());
        h.insert(X_ACS_VERSION, HeaderValue::from_static(version));
        h.insert(http::header::USER_AGENT, inner.user_agent.clone());
        h.insert(
            http::header::ACCEPT,
            HeaderValue::from_static("application/json"),
        );
        // Say the body's length, as the official SDKs do, even when empty (reqwest sends no
        // length for an empty POST body, and a gateway may answer 411 without one). Not signed.
        match &form {
            None => {
                h.insert(http::header::CONTENT_LENGTH, HeaderValue::from_static("0"));
            }
            Some(form) => {
                h.insert(http::header::CONTENT_LENGTH, HeaderValue::from(form.len()));
                h.insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
            }
        }
        // As the official SDKs do: which provider produced the credentials (`default/env`...),
        // an `x-acs-*` header, so V3 signs it. Credentials without a recorded name send none.
        if let Some(p) = provider {
            h.insert(X_ACS_CREDENTIALS_PROVIDER.clone(), p);
        }
        if attempt > 1 {
            h.insert(X_ACS_RETRY_ATTEMPTS.clone(), HeaderValue::from(attempt - 1));
            let delay = last_delay.map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
            h.insert(X_ACS_RETRY_DELAY.clone(), HeaderValue::from(delay));
        }
        let now = inner.time.now();
        let nonce = inner.nonce.nonce();
        let signing = SigningParams::new(credentials, now, nonce.as_str());
        let signing = match form.as_deref() {
            Some(form) => signing.with_form_body(form),
            None => signing,
        };
        match inner.signature {
            SignatureVersion::V3 => SignerV3::new().sign(&mut parts, &signing)?,
            SignatureVersion::V1 => SignerV1::new().sign(&mut parts, &signing)?,
        }
        Ok(http::Request::from_parts(parts, body))
    }
}

/// What one call runs with: the client's settings, or its options' where they set one.
struct Settings<'a> {
    timeout: Option<Duration>,
    retry: &'a RetryPolicy,
    headers: Option<&'a http::HeaderMap>,
}
