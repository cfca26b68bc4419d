//! The one error type of the client, with the service's `Code`, `Message` and `RequestId` kept.

use cams_auth::{Credentials, CredentialsError, ExposeSecret, SigningError};
use cams_model::{AccessDeniedDetail, ParseError, ValidationError};
use cams_transport::{TransportError, TransportErrorKind};
use std::fmt;
use std::time::Duration;

/// Everything a call can fail with. Match on the variant to tell bad input, credentials,
/// the network, the gateway and the API apart; or use the accessors ([`Error::code`],
/// [`Error::request_id`], [`Error::is_retryable`]) that work across them.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks the API's rules; nothing was sent.
    #[error(transparent)]
    InvalidRequest(#[from] ValidationError),
    /// The client is configured wrongly (no region, no transport, a bad endpoint).
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// No credentials could be obtained; nothing was sent.
    #[error("credentials: {0}")]
    Credentials(#[from] CredentialsError),
    /// The request could not be signed; nothing was sent.
    #[error("signing: {0}")]
    Signing(#[from] SigningError),
    /// No response came back (connect, timeout, I/O, body too large).
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// The whole operation, all attempts included, ran past its deadline.
    #[error("operation timed out after {after:?} ({attempts} attempt(s))")]
    OperationTimeout {
        /// The configured deadline.
        after: Duration,
        /// Attempts started before the deadline.
        attempts: u32,
    },
    /// A response came back but its body could not be parsed.
    #[error("HTTP {status}: {source}{}", rid(request_id.as_deref()))]
    Parse {
        /// The HTTP status of the response.
        status: u16,
        /// Where the JSON broke.
        #[source]
        source: ParseError,
        /// `x-acs-request-id` of the response, when it has one.
        request_id: Option<String>,
    },
    /// The gateway answered with HTTP 4xx or 5xx.
    #[error(transparent)]
    Gateway(Box<GatewayError>),
    /// The answer had a status that is neither 2xx nor an error (1xx, 3xx): only 2xx is
    /// success, and a redirect is never followed (a signed request must not go elsewhere).
    #[error("unexpected HTTP {status}{}{}", location.as_deref().map(|l| format!(" to {l}")).unwrap_or_default(), rid(request_id.as_deref()))]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The `Location` header of a redirect.
        location: Option<String>,
        /// `x-acs-request-id` of the response, when it has one.
        request_id: Option<String>,
    },
    /// HTTP 200 whose body says the call failed (`Success: false` or `Code` other than `OK`).
    /// The official SDKs return these as success; this SDK makes them errors.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// A paginated listing stopped because the service repeated a recent page or token
    /// (it ignores the page asked for), or the paginator's page cap was reached; continuing
    /// could loop forever.
    #[error(
        "pagination stopped at page {page_index}: the service repeated a page or token, or the page cap was reached"
    )]
    PaginationStuck {
        /// The page index (or, for token paging, the page count) where it stopped.
        page_index: i64,
    },
}

impl Error {
    /// The error with every form of the credentials' secret and token that a service message
    /// may echo replaced by `<redacted>`: a gateway refusing a V1 signature quotes its string
    /// to sign, which holds the token percent-encoded twice.
    pub(crate) fn without_secrets(mut self, credentials: &Credentials) -> Self {
        let texts = match &mut self {
            Error::Gateway(g) => [g.message.as_mut(), g.raw_body.as_mut()],
            Error::Api(a) => [a.message.as_mut(), None],
            _ => return self,
        };
        let secrets = [
            Some(credentials.access_key_secret()),
            credentials.security_token(),
        ];
        for text in texts.into_iter().flatten() {
            for secret in secrets.iter().flatten() {
                let raw = secret.expose_secret();
                if raw.is_empty() {
                    continue;
                }
                let once = cams_auth::percent_encode(raw).to_string();
                let twice = cams_auth::percent_encode(&once).to_string();
                for form in [twice, once, raw.to_owned()] {
                    if text.contains(&form) {
                        *text = text.replace(&form, "<redacted>");
                    }
                }
            }
        }
        self
    }
}

fn rid(id: Option<&str>) -> String {
    id.map(|id| format!(" (request id {id})"))
        .unwrap_or_default()
}

impl Error {
    /// `RequestId` from the service, when a response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Gateway(e) => e.request_id.as_deref(),
            Error::Api(e) => e.request_id.as_deref(),
            Error::Parse { request_id, .. } | Error::UnexpectedStatus { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    /// The service's `Code` (`SignatureDoesNotMatch`, `Throttling.User`, `InvalidParameter.PageInvalid`, …).
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Gateway(e) => e.code.as_deref(),
            Error::Api(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// The service's `Message`.
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Gateway(e) => e.message.as_deref(),
            Error::Api(e) => e.message.as_deref(),
            _ => None,
        }
    }

    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Gateway(e) => Some(e.status),
            Error::Api(_) => Some(200),
            Error::Parse { status, .. } | Error::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the service throttled the call (`x-acs-retry-after`, HTTP 429 or a `Throttling*` code).
    pub fn is_throttling(&self) -> bool {
        let code_throttles = self.code().is_some_and(|c| c.starts_with("Throttling"));
        match self {
            Error::Gateway(e) => code_throttles || e.status == 429 || e.retry_after.is_some(),
            Error::Api(_) => code_throttles,
            _ => false,
        }
    }

    /// Whether trying again may succeed: throttling, a 5xx, a timeout, or a connection/I/O failure.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Gateway(e) => self.is_throttling() || e.status >= 500,
            Error::Api(_) => self.is_throttling(),
            Error::Transport(e) => matches!(
                e.kind(),
                TransportErrorKind::Connect | TransportErrorKind::Timeout | TransportErrorKind::Io
            ),
            _ => false,
        }
    }

    /// A short name of the variant (`gateway`, `api`, `transport`, …), for logs and metrics.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Error::InvalidRequest(_) => "invalid_request",
            Error::Config(_) => "config",
            Error::Credentials(_) => "credentials",
            Error::Signing(_) => "signing",
            Error::Transport(_) => "transport",
            Error::OperationTimeout { .. } => "operation_timeout",
            Error::Parse { .. } => "parse",
            Error::Gateway(_) => "gateway",
            Error::UnexpectedStatus { .. } => "unexpected_status",
            Error::Api(_) => "api",
            Error::PaginationStuck { .. } => "pagination_stuck",
        }
    }

    /// The delay the service asked for with `x-acs-retry-after`, if any: kept on the
    /// throttling error the call ends with when the policy will not wait that long, so the
    /// caller can schedule the next try itself.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Gateway(e) => e.retry_after,
            _ => None,
        }
    }
}

/// An HTTP 4xx/5xx answer of the gateway, with every field of its JSON body.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GatewayError {
    /// The HTTP status.
    pub status: u16,
    /// `Code`.
    pub code: Option<String>,
    /// `Message`.
    pub message: Option<String>,
    /// `RequestId`.
    pub request_id: Option<String>,
    /// `HostId`: the endpoint that answered.
    pub host_id: Option<String>,
    /// `Recommend`: a troubleshooting link.
    pub recommend: Option<String>,
    /// `AccessDeniedDetail`: on RAM denials an object naming the action, principal and policy.
    pub access_denied_detail: Option<AccessDeniedDetail>,
    /// `x-acs-retry-after` (milliseconds), when the gateway sent it.
    pub retry_after: Option<Duration>,
    /// The body when it was not the JSON error shape (at most 512 bytes, lossy UTF-8).
    pub raw_body: Option<String>,
}

impl fmt::Display for GatewayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (HTTP {}): {}",
            self.code.as_deref().unwrap_or("UnknownError"),
            self.status,
            self.message
                .as_deref()
                .or(self.raw_body.as_deref())
                .unwrap_or("no message")
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for GatewayError {}

/// An HTTP 200 answer whose body reports failure (`Success: false` or `Code` other than `OK`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// `Code`.
    pub code: Option<String>,
    /// `Message`.
    pub message: Option<String>,
    /// `RequestId`.
    pub request_id: Option<String>,
    /// `Success`.
    pub success: Option<bool>,
    /// `AccessDeniedDetail`.
    pub access_denied_detail: Option<AccessDeniedDetail>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}",
            self.code.as_deref().unwrap_or("UnknownError"),
            self.message.as_deref().unwrap_or("no message")
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A client that cannot be built or cannot send as configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Neither an endpoint nor a region was given.
    #[error("RegionId is empty, please set a valid RegionId (or an explicit endpoint)")]
    MissingRegion,
    /// The region is not a region id (letters, digits and `-`).
    #[error("region {0:?} is not a valid region id (lower-case letters, digits and '-')")]
    InvalidRegion(String),
    /// The endpoint is not `host[:port]` or `http(s)://host[:port][/]`.
    #[error("endpoint {endpoint:?} is invalid: {reason}")]
    InvalidEndpoint {
        /// The endpoint as given.
        endpoint: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// No transport was given and no default transport is compiled in.
    #[error(
        "no transport: call ClientBuilder::transport(..) or enable the `{feature}` feature of cams-api"
    )]
    NoTransport {
        /// The feature that provides a default transport.
        feature: &'static str,
    },
    /// The default transport could not be built.
    #[error("default transport: {0}")]
    Transport(String),
    /// Retries or a deadline need to sleep, and no sleep implementation is available.
    #[error(
        "retries and deadlines need a sleep implementation: enable the `tokio` feature of cams-api or call ClientBuilder::sleep_impl(..)"
    )]
    NoSleep,
    /// A header value (user agent) is not a valid HTTP header value.
    #[error("{name} is not a valid header value")]
    InvalidHeader {
        /// The header.
        name: &'static str,
    },
}
