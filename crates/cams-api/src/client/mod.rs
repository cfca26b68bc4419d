//! The client and its builder.

mod builder;
mod invoke;

pub use builder::ClientBuilder;
pub(crate) use invoke::Call;

use crate::endpoint::Endpoint;
use crate::retry::RetryPolicy;
use crate::sleep::SharedAsyncSleep;
use cams_auth::{NonceSource, SharedCredentialsProvider, TimeSource};
use cams_transport::SharedTransport;
use http::HeaderValue;
use std::sync::Arc;
use std::time::Duration;

/// Which signature the client puts on requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// ACS3-HMAC-SHA256 in the `Authorization` header: every current official SDK's default.
    #[default]
    V3,
    /// The legacy RPC signature (HMAC-SHA1, `SignatureVersion=1.0`) in the query; the official
    /// SDKs' `signature_algorithm = "v2"`.
    V1,
}

/// A CAMS client. Cheap to clone (an `Arc` inside), `Send + Sync`: build one and share it.
///
/// ```
/// # async fn run() -> Result<(), cams_api::Error> {
/// use cams_api::Client;
/// use cams_auth::Credentials;
///
/// let client = Client::builder()
///     .region("ap-southeast-1")
///     .credentials(Credentials::new("my-access-key-id", "my-secret"))
///     .build()?;
/// let page = client
///     .list_chat_group_participants()
///     .cust_space_id("cams-k1234567")
///     .business_number("8613800001234")
///     .group_id("EA9391234")
///     .send()
///     .await?;
/// println!("{} members", page.data.and_then(|d| d.total).unwrap_or(0));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<ClientInner>,
}

#[derive(Debug)]
struct ClientInner {
    endpoint: Endpoint,
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
    host_header: HeaderValue,
    region: Option<String>,
    credentials: SharedCredentialsProvider,
    transport: SharedTransport,
    signature: SignatureVersion,
    time: Arc<dyn TimeSource>,
    nonce: Arc<dyn NonceSource>,
    retry: RetryPolicy,
    sleep: Option<SharedAsyncSleep>,
    operation_timeout: Option<Duration>,
    user_agent: HeaderValue,
}

impl Client {
    /// A builder: set a region (or an endpoint) and credentials, then `build()`.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &Endpoint {
        &self.inner.endpoint
    }

    /// The configured region, if any.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The signature the client uses.
    pub fn signature_version(&self) -> SignatureVersion {
        self.inner.signature
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }
}
