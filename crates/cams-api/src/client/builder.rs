//! Building a [`Client`].

use super::{Client, ClientInner, SignatureVersion};
use crate::endpoint::{Endpoint, Product, Protocol};
use crate::retry::RetryPolicy;
use crate::sleep::{AsyncSleep, SharedAsyncSleep, default_sleep};
use crate::user_agent::user_agent;
use crate::{ConfigError, Error};
use cams_auth::{
    Credentials, NonceSource, ProvideCredentials, RandomNonceSource, SharedCredentialsProvider,
    StaticCredentialsProvider, SystemTimeSource, TimeSource,
};
use cams_credentials::{DefaultCredentialsChain, Env};
use cams_transport::{SharedTransport, Transport, TransportSettings};
use http::HeaderValue;
use std::sync::Arc;
use std::time::Duration;

/// Configures a [`Client`]. Only a region (or an endpoint) is needed, and even that may come
/// from the environment (the CLI profile's `region_id`, else `ALIBABA_CLOUD_REGION_ID`);
/// everything else has a default: credentials from the default chain
/// ([`DefaultCredentialsChain`]: environment, OIDC, CLI profile, credentials file, ECS RAM
/// role, credentials URI), the hyper transport (feature `hyper`, else reqwest), V3 signatures, the
/// standard retry policy, 5 s connect and 10 s read timeouts.
#[derive(Debug, Default)]
pub struct ClientBuilder {
    product: Product,
    region: Option<String>,
    endpoint: Option<String>,
    network: Option<String>,
    protocol: Option<Protocol>,
    credentials: Option<SharedCredentialsProvider>,
    transport: Option<SharedTransport>,
    transport_settings: TransportSettings,
    signature: SignatureVersion,
    retry: Option<RetryPolicy>,
    sleep: Option<SharedAsyncSleep>,
    time: Option<Arc<dyn TimeSource>>,
    nonce: Option<Arc<dyn NonceSource>>,
    operation_timeout: Option<Duration>,
    user_agent_suffix: Option<String>,
    env: Option<Env>,
}

impl ClientBuilder {
    /// The product the client talks to ([`Product::CAMS`] by default; [`Product::DYBASEAPI`]
    /// for the receipt-queue token): its endpoint rules and the version of raw calls.
    pub fn product(mut self, product: Product) -> Self {
        self.product = product;
        self
    }

    /// The region id (`ap-southeast-1`): the endpoint is resolved from it.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit endpoint, `host[:port]` or `http(s)://host[:port]`; it wins over the region.
    /// A `http://` endpoint is the explicit request for plain HTTP.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// The network (`vpc`) for region-derived endpoints: `cams-vpc.<region>.aliyuncs.com`.
    pub fn network(mut self, network: impl Into<String>) -> Self {
        self.network = Some(network.into());
        self
    }

    /// The protocol; HTTPS unless set here or by an `http://` endpoint.
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = Some(protocol);
        self
    }

    /// Fixed credentials (an access key, optionally with an STS token).
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(StaticCredentialsProvider::new(credentials))
    }

    /// Where to get credentials for each call (default: [`DefaultCredentialsChain::new`]).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// The transport that sends requests. When given, no default transport is built, and
    /// the connect/read timeouts of this builder do not apply (configure them on the transport).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(SharedTransport::new(transport));
        self
    }

    /// The signature version (V3 by default).
    pub fn signature_version(mut self, version: SignatureVersion) -> Self {
        self.signature = version;
        self
    }

    /// Connect timeout of the default transport (5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.transport_settings = self.transport_settings.with_connect_timeout(timeout);
        self
    }

    /// Read timeout of the default transport (10 s).
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.transport_settings = self.transport_settings.with_read_timeout(timeout);
        self
    }

    /// Largest response body the default transport accepts (10 MiB).
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.transport_settings = self.transport_settings.with_max_response_body(bytes);
        self
    }

    /// A deadline for a whole operation, all attempts and backoff included.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The retry policy ([`RetryPolicy::standard`] by default; [`RetryPolicy::disabled`] turns it off).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// How to sleep between attempts (tokio's timer with the `tokio` feature).
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep = Some(SharedAsyncSleep::new(sleep));
        self
    }

    /// The clock used for signatures (the system clock by default).
    pub fn time_source(mut self, time: impl TimeSource + 'static) -> Self {
        self.time = Some(Arc::new(time));
        self
    }

    /// The nonce source used for signatures (random by default).
    pub fn nonce_source(mut self, nonce: impl NonceSource + 'static) -> Self {
        self.nonce = Some(Arc::new(nonce));
        self
    }

    /// The environment the default region and the default credential chain read (default:
    /// the process's; tests and embedders inject their own with [`Env::from_vars`]).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Appended to the `user-agent` header (also read from `ALIBABA_CLOUD_USER_AGENT`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Builds the client, or says what is missing.
    pub fn build(self) -> Result<Client, Error> {
        let region = self.region.or_else(|| match &self.endpoint {
            // An explicit endpoint needs no region; the environment's is only a label then.
            Some(_) => None,
            None => cams_credentials::default_region(self.env.as_ref().unwrap_or(&Env::process())),
        });
        let endpoint = Endpoint::resolve(
            &self.product,
            self.endpoint.as_deref(),
            region.as_deref(),
            self.network.as_deref(),
            self.protocol,
        )?;
        let host_header = HeaderValue::from_str(endpoint.host())
            .map_err(|_| ConfigError::InvalidHeader { name: "host" })?;
        // Parsed once here: every request's URI is assembled from these and its own
        // path-and-query, without parsing the scheme and host again.
        let authority = http::uri::Authority::try_from(endpoint.host()).map_err(|_| {
            ConfigError::InvalidEndpoint {
                endpoint: endpoint.host().to_owned(),
                reason: "the host is not a valid URI authority",
            }
        })?;
        let scheme = match endpoint.protocol() {
            crate::endpoint::Protocol::Https => http::uri::Scheme::HTTPS,
            crate::endpoint::Protocol::Http => http::uri::Scheme::HTTP,
        };
        let suffix = self
            .user_agent_suffix
            .or_else(|| std::env::var("ALIBABA_CLOUD_USER_AGENT").ok());
        let user_agent = HeaderValue::from_str(&user_agent(suffix.as_deref()))
            .map_err(|_| ConfigError::InvalidHeader { name: "user-agent" })?;
        let retry = self.retry.unwrap_or_default();
        let sleep = self.sleep.or_else(default_sleep);
        if sleep.is_none() && (retry.is_enabled() || self.operation_timeout.is_some()) {
            return Err(ConfigError::NoSleep.into());
        }
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(self.transport_settings)?,
        };
        let env = self.env;
        let credentials = self.credentials.unwrap_or_else(|| {
            let chain = match env {
                Some(env) => DefaultCredentialsChain::builder().env(env).build(),
                None => DefaultCredentialsChain::new(),
            };
            SharedCredentialsProvider::new(chain)
        });
        Ok(Client {
            inner: Arc::new(ClientInner {
                product: self.product,
                endpoint,
                scheme,
                authority,
                host_header,
                region,
                credentials,
                transport,
                signature: self.signature,
                time: self.time.unwrap_or_else(|| Arc::new(SystemTimeSource)),
                nonce: self.nonce.unwrap_or_else(|| Arc::new(RandomNonceSource)),
                retry,
                sleep,
                operation_timeout: self.operation_timeout,
                user_agent,
            }),
        })
    }
}

/// hyper when its feature is on (the default: the cheaper per call, see docs/benchmarks.md),
/// else reqwest, else a typed error naming the feature.
fn default_transport(settings: TransportSettings) -> Result<SharedTransport, ConfigError> {
    #[cfg(all(feature = "reqwest", not(feature = "hyper")))]
    return cams_transport::ReqwestTransport::with_settings(settings)
        .map(SharedTransport::new)
        .map_err(|e| ConfigError::Transport(e.to_string()));
    #[cfg(feature = "hyper")]
    return cams_transport::HyperTransport::with_settings(settings)
        .map(SharedTransport::new)
        .map_err(|e| ConfigError::Transport(e.to_string()));
    #[cfg(not(any(feature = "reqwest", feature = "hyper")))]
    {
        let _ = settings;
        Err(ConfigError::NoTransport { feature: "hyper" })
    }
}

#[cfg(all(test, not(any(feature = "reqwest", feature = "hyper"))))]
mod without_a_transport_feature {
    use super::*;
    use cams_transport::{HttpRequest, HttpResponse, TransportError};

    #[derive(Debug)]
    struct Own;

    #[async_trait::async_trait]
    impl Transport for Own {
        async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
            Ok(HttpResponse::new(bytes::Bytes::new()))
        }
    }

    #[test]
    fn a_default_transport_is_a_typed_error_naming_the_feature() {
        let err = Client::builder()
            .region("ap-southeast-1")
            .retry_policy(RetryPolicy::disabled())
            .build()
            .err();
        assert!(
            matches!(
                err,
                Some(Error::Config(ConfigError::NoTransport { feature: "hyper" }))
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_user_transport_needs_no_feature() {
        let client = Client::builder()
            .region("ap-southeast-1")
            .transport(Own)
            .retry_policy(RetryPolicy::disabled())
            .build();
        assert!(client.is_ok());
    }
}
