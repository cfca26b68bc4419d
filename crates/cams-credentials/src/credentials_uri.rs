//! Credentials from a URL (`ALIBABA_CLOUD_CREDENTIALS_URI`) answering the metadata JSON.

use crate::builder::{Common, cached_provider, common_setters};
use crate::cache::RefreshCache;
use crate::ecs_ram_role::parse_metadata_credentials;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::{HttpClient, body, request};
use bytes::Bytes;
use cams_auth::Credentials;
use http::Method;
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
    common: Common,
    uri: Option<String>,
}

impl CredentialsUriProviderBuilder {
    common_setters!();
    /// The URL (default: `ALIBABA_CLOUD_CREDENTIALS_URI`).
    pub fn uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = Some(uri.into());
        self
    }
    /// The provider.
    pub fn build(self) -> CredentialsUriProvider {
        CredentialsUriProvider {
            env: self.common.env(),
            uri: self.uri,
            http: self
                .common
                .http(Duration::from_secs(5), Duration::from_secs(10)),
            cache: self.common.cache(),
            name: self.common.name("credential_uri"),
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

cached_provider!(CredentialsUriProvider);
