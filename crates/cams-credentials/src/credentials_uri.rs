//! Credentials from a URL (`ALIBABA_CLOUD_CREDENTIALS_URI`) answering the metadata JSON.

use crate::cache::RefreshCache;
use crate::ecs_ram_role::parse_metadata_credentials;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::{HttpClient, body, request};
use crate::source::{ProvideCredentialsTyped, provide_via_typed};
use bytes::Bytes;
use cams_auth::{Credentials, TimeSource};
use cams_transport::{SharedTransport, Transport};
use http::Method;
use std::sync::Arc;
use std::time::Duration;

/// `ALIBABA_CLOUD_CREDENTIALS_URI`.
pub const ENV_CREDENTIALS_URI: &str = "ALIBABA_CLOUD_CREDENTIALS_URI";
const SERVICE: &str = "credentials URI";

/// `GET <uri>` → `{"Code": "Success", "AccessKeyId", "AccessKeySecret", "SecurityToken",
/// "Expiration"}`, cached until 180 s before expiry; named `credential_uri`.
#[derive(Debug, Clone)]
pub struct CredentialsUriProvider {
    env: Env,
    uri: Option<String>,
    http: HttpClient,
    cache: RefreshCache,
    name: String,
}

/// Builds a [`CredentialsUriProvider`].
#[derive(Debug, Default)]
pub struct CredentialsUriProviderBuilder {
    env: Option<Env>,
    uri: Option<String>,
    transport: Option<SharedTransport>,
    clock: Option<Arc<dyn TimeSource>>,
    prefix: String,
}

impl CredentialsUriProviderBuilder {
    /// The environment to read (default: the process's).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }
    /// The URL (default: `ALIBABA_CLOUD_CREDENTIALS_URI`).
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = Some(uri.into());
        self
    }
    /// The transport (default: one of its own, 5 s to connect, 10 s to read).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(SharedTransport::new(transport));
        self
    }
    pub(crate) fn shared_transport(mut self, t: Option<SharedTransport>) -> Self {
        self.transport = t.or(self.transport);
        self
    }
    /// The clock deciding when to refresh.
    pub fn clock(mut self, clock: impl TimeSource + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }
    pub(crate) fn shared_clock(mut self, clock: Option<Arc<dyn TimeSource>>) -> Self {
        self.clock = clock.or(self.clock);
        self
    }
    pub(crate) fn name_prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.to_owned();
        self
    }
    /// The provider.
    pub fn build(self) -> CredentialsUriProvider {
        let mut http = HttpClient::new(Duration::from_secs(5), Duration::from_secs(10));
        http.set_shared(self.transport);
        CredentialsUriProvider {
            env: self.env.unwrap_or_default(),
            uri: self.uri,
            http,
            cache: self
                .clock
                .map_or_else(RefreshCache::new, RefreshCache::with_shared_clock),
            name: format!("{}credential_uri", self.prefix),
        }
    }
}

impl CredentialsUriProvider {
    /// A builder.
    pub fn builder() -> CredentialsUriProviderBuilder {
        CredentialsUriProviderBuilder::default()
    }

    async fn fetch(&self) -> Result<Credentials> {
        let uri = self
            .uri
            .clone()
            .or_else(|| self.env.get(ENV_CREDENTIALS_URI))
            .ok_or_else(|| Error::NotConfigured(format!("{ENV_CREDENTIALS_URI} not set")))?;
        let req = body(request(Method::GET, &uri, SERVICE)?, Bytes::new(), SERVICE)?;
        let resp = self.http.send(SERVICE, req).await?;
        if !resp.status().is_success() {
            return Err(Error::BadResponse {
                service: SERVICE,
                reason: format!("HTTP {}", resp.status().as_u16()),
            });
        }
        Ok(parse_metadata_credentials(SERVICE, resp.body())?.with_provider_name(self.name.clone()))
    }
}

#[async_trait::async_trait]
impl ProvideCredentialsTyped for CredentialsUriProvider {
    async fn credentials(&self) -> Result<Credentials> {
        self.cache.get_or_refresh(|| self.fetch()).await
    }

    fn credentials_now(&self) -> Option<Credentials> {
        self.cache.fresh()
    }
}

provide_via_typed!(CredentialsUriProvider);
