//! Settings of one call that override the client's: [`RequestOptions`].

use crate::retry::RetryPolicy;
use http::{HeaderMap, HeaderName, HeaderValue};
use std::fmt;
use std::time::Duration;

/// Settings of one call that override the client's: its operation timeout, its retry policy
/// and extra headers. Give them to any operation's fluent builder with `with_options`.
///
/// ```
/// # async fn run(client: cams_api::Client) -> Result<(), cams_api::Error> {
/// use cams_api::{RequestOptions, RetryPolicy};
/// use http::{HeaderName, HeaderValue};
/// use std::time::Duration;
///
/// let options = RequestOptions::new()
///     .operation_timeout(Duration::from_secs(2))
///     .retry_policy(RetryPolicy::disabled())
///     .header(
///         HeaderName::from_static("x-acs-trace-id"),
///         HeaderValue::from_static("order-1234"),
///     );
/// let answer = client
///     .send_chatapp_message()
///     .channel_type("whatsapp")
///     .with_options(options)
///     .send()
///     .await?;
/// # let _ = answer; Ok(()) }
/// ```
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) headers: HeaderMap,
}

impl RequestOptions {
    /// Options that change nothing: the call runs with the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The whole call (every attempt and the waits between them) must end within `timeout`,
    /// instead of the client's [`operation_timeout`](crate::ClientBuilder::operation_timeout).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// Retries this call as `policy` says instead of the client's policy;
    /// [`RetryPolicy::disabled`] sends it once.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Sends `name: value` with the call (a second value for the same name is sent too).
    /// Every `x-acs-*` header is signed by the V3 signature, as the official SDKs sign them;
    /// a header the client sets itself (`host`, `x-acs-action`, `authorization`, the date,
    /// nonce and content hash…) keeps the client's value.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The operation timeout these options set, if any.
    pub fn get_operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The retry policy these options set, if any.
    pub fn get_retry_policy(&self) -> Option<&RetryPolicy> {
        self.retry.as_ref()
    }

    /// The extra headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

/// Header names only: a value may be a secret.
impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish()
    }
}
