//! The ECS instance RAM role, from the metadata service (IMDSv2 with the v1 fallback).

use crate::cache::RefreshCache;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::{HttpClient, base_url, body, request};
use crate::source::{ProvideCredentialsTyped, provide_via_typed};
use bytes::Bytes;
use cams_auth::{Credentials, TimeSource, parse_timestamp};
use cams_transport::Transport;
use http::{Method, StatusCode};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

/// `ALIBABA_CLOUD_ECS_METADATA`: the role name (else discovered).
pub const ENV_ECS_METADATA: &str = "ALIBABA_CLOUD_ECS_METADATA";
/// `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`: never ask the metadata service.
pub const ENV_ECS_METADATA_DISABLED: &str = "ALIBABA_CLOUD_ECS_METADATA_DISABLED";
/// `ALIBABA_CLOUD_IMDSV1_DISABLED=true`: IMDSv2 only.
pub const ENV_IMDSV1_DISABLED: &str = "ALIBABA_CLOUD_IMDSV1_DISABLED";
/// `ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT`: another metadata address (a full URL).
pub const ENV_ECS_METADATA_SERVICE_ENDPOINT: &str = "ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT";
/// The metadata service of every ECS instance.
pub const DEFAULT_METADATA_ENDPOINT: &str = "http://100.100.100.200";
/// Lifetime asked for an IMDSv2 token, in seconds.
pub const METADATA_TOKEN_TTL_SECONDS: u32 = 21600;
/// Header of the IMDSv2 token request.
pub const TOKEN_TTL_HEADER: &str = "x-aliyun-ecs-metadata-token-ttl-seconds";
/// Header carrying the IMDSv2 token.
pub const TOKEN_HEADER: &str = "x-aliyun-ecs-metadata-token";

const SERVICE: &str = "ECS metadata";
const CREDENTIALS_PATH: &str = "/latest/meta-data/ram/security-credentials/";

/// Fetches the instance role's credentials from the metadata service and caches them until
/// 180 s before they expire.
///
/// IMDSv2 first (`PUT /latest/api/token`); if the service refuses the token request, or
/// refuses a later request that carries the token, the request is repeated without a token
/// (IMDSv1) unless v1 is disabled. When the address does not answer at all, there is no
/// second attempt: off Alibaba Cloud the provider fails after one connect timeout (1 s).
#[derive(Debug, Clone)]
pub struct EcsRamRoleProvider {
    env: Env,
    role_name: Option<String>,
    endpoint: Option<String>,
    disable_v1: Option<bool>,
    http: HttpClient,
    cache: RefreshCache,
    name: String,
}

/// Builds an [`EcsRamRoleProvider`].
#[derive(Debug, Default)]
pub struct EcsRamRoleProviderBuilder {
    env: Option<Env>,
    role_name: Option<String>,
    endpoint: Option<String>,
    disable_v1: Option<bool>,
    transport: Option<cams_transport::SharedTransport>,
    clock: Option<Arc<dyn TimeSource>>,
    timeout: Option<Duration>,
    prefix: String,
}

impl EcsRamRoleProviderBuilder {
    /// The environment to read (default: the process's).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }
    /// The role (default: `ALIBABA_CLOUD_ECS_METADATA`, else discovered).
    pub fn role_name(mut self, role: impl Into<String>) -> Self {
        self.role_name = Some(role.into()).filter(|r: &String| !r.is_empty());
        self
    }
    /// The metadata address, a full URL (default: `ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT`,
    /// else `http://100.100.100.200`).
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }
    /// IMDSv2 only (default: `ALIBABA_CLOUD_IMDSV1_DISABLED`).
    pub fn disable_imds_v1(mut self, disable: bool) -> Self {
        self.disable_v1 = Some(disable);
        self
    }
    /// The transport (default: one of its own, 1 s to connect, 1 s to read).
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(cams_transport::SharedTransport::new(transport));
        self
    }
    pub(crate) fn shared_transport(mut self, t: Option<cams_transport::SharedTransport>) -> Self {
        self.transport = t.or(self.transport);
        self
    }
    /// Connect and read timeout of the default transport (1 s each).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
    pub fn build(self) -> EcsRamRoleProvider {
        let t = self.timeout.unwrap_or(Duration::from_secs(1));
        let mut http = HttpClient::new(t, t);
        http.set_shared(self.transport);
        EcsRamRoleProvider {
            env: self.env.unwrap_or_default(),
            role_name: self.role_name,
            endpoint: self.endpoint,
            disable_v1: self.disable_v1,
            http,
            cache: match self.clock {
                Some(c) => RefreshCache::with_shared_clock(c),
                None => RefreshCache::new(),
            },
            name: format!("{}ecs_ram_role", self.prefix),
        }
    }
}

impl EcsRamRoleProvider {
    /// A builder.
    pub fn builder() -> EcsRamRoleProviderBuilder {
        EcsRamRoleProviderBuilder::default()
    }

    fn base(&self) -> String {
        let e = self
            .endpoint
            .clone()
            .or_else(|| self.env.get(ENV_ECS_METADATA_SERVICE_ENDPOINT))
            .unwrap_or_else(|| DEFAULT_METADATA_ENDPOINT.to_owned());
        base_url(&e, "http")
    }

    async fn fetch(&self) -> Result<Credentials> {
        if self.env.is_true(ENV_ECS_METADATA_DISABLED) {
            return Err(Error::NotConfigured(format!(
                "{ENV_ECS_METADATA_DISABLED}=true"
            )));
        }
        let v1_disabled = self
            .disable_v1
            .unwrap_or_else(|| self.env.is_true(ENV_IMDSV1_DISABLED));
        let base = self.base();
        let token = self.token(&base, v1_disabled).await?;
        let role = match self
            .role_name
            .clone()
            .or_else(|| self.env.get(ENV_ECS_METADATA))
        {
            Some(r) => r,
            None => {
                let listing = self
                    .get(&base, CREDENTIALS_PATH, token.as_deref(), v1_disabled)
                    .await?;
                let text = String::from_utf8_lossy(&listing);
                text.lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_owned)
                    .ok_or_else(|| Error::BadResponse {
                        service: SERVICE,
                        reason: "the instance has no RAM role attached".to_owned(),
                    })?
            }
        };
        let path = format!("{CREDENTIALS_PATH}{role}");
        let json = self
            .get(&base, &path, token.as_deref(), v1_disabled)
            .await?;
        Ok(parse_metadata_credentials(SERVICE, &json)?.with_provider_name(self.name.clone()))
    }

    /// The IMDSv2 token; `None` to go on with v1. A transport failure ends the attempt: the
    /// address does not answer, and a v1 request would only wait again.
    async fn token(&self, base: &str, v1_disabled: bool) -> Result<Option<String>> {
        let req = request(Method::PUT, &format!("{base}/latest/api/token"), SERVICE)?
            .header(TOKEN_TTL_HEADER, METADATA_TOKEN_TTL_SECONDS.to_string());
        let resp = self
            .http
            .send(SERVICE, body(req, Bytes::new(), SERVICE)?)
            .await?;
        if resp.status() == StatusCode::OK {
            let token = String::from_utf8_lossy(resp.body()).trim().to_owned();
            return Ok(Some(token).filter(|t| !t.is_empty()));
        }
        if v1_disabled {
            return Err(Error::BadResponse {
                service: SERVICE,
                reason: format!(
                    "the IMDSv2 token request answered HTTP {} and IMDSv1 is disabled ({ENV_IMDSV1_DISABLED})",
                    resp.status().as_u16()
                ),
            });
        }
        tracing::debug!(
            status = resp.status().as_u16(),
            "IMDSv2 token refused; using IMDSv1"
        );
        Ok(None)
    }

    /// `GET base+path` with the token; refused with it (401/403), again without when v1 is allowed.
    async fn get(
        &self,
        base: &str,
        path: &str,
        token: Option<&str>,
        v1_disabled: bool,
    ) -> Result<Bytes> {
        let url = format!("{base}{path}");
        let build = |token: Option<&str>| -> Result<cams_transport::HttpRequest> {
            let mut b = request(Method::GET, &url, SERVICE)?;
            if let Some(t) = token {
                b = b.header(TOKEN_HEADER, t);
            }
            body(b, Bytes::new(), SERVICE)
        };
        let mut resp = self.http.send(SERVICE, build(token)?).await?;
        let refused = matches!(
            resp.status(),
            StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
        );
        if refused && token.is_some() && !v1_disabled {
            tracing::debug!(
                status = resp.status().as_u16(),
                "metadata request refused with the IMDSv2 token; retrying with IMDSv1"
            );
            resp = self.http.send(SERVICE, build(None)?).await?;
        }
        if resp.status() != StatusCode::OK {
            return Err(Error::BadResponse {
                service: SERVICE,
                reason: format!("GET {path} answered HTTP {}", resp.status().as_u16()),
            });
        }
        Ok(resp.into_body())
    }
}

#[async_trait::async_trait]
impl ProvideCredentialsTyped for EcsRamRoleProvider {
    async fn credentials(&self) -> Result<Credentials> {
        self.cache.get_or_refresh(|| self.fetch()).await
    }

    fn credentials_now(&self) -> Option<Credentials> {
        self.cache.fresh()
    }
}

provide_via_typed!(EcsRamRoleProvider);

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetadataCredentials {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    access_key_id: Option<String>,
    #[serde(default)]
    access_key_secret: Option<String>,
    #[serde(default)]
    security_token: Option<String>,
    #[serde(default)]
    expiration: Option<String>,
}

/// The JSON of the metadata service and of a credentials URI: `Code` must be `Success`.
/// Errors name the field, never a value.
pub(crate) fn parse_metadata_credentials(
    service: &'static str,
    body: &[u8],
) -> Result<Credentials> {
    let bad = |reason: String| Error::BadResponse { service, reason };
    let m: MetadataCredentials =
        serde_json::from_slice(body).map_err(|e| bad(format!("the answer is not JSON ({e})")))?;
    match m.code.as_deref() {
        Some("Success") => {}
        Some(other) => return Err(bad(format!("Code is {other:?}, not \"Success\""))),
        None => return Err(bad("Code is missing".to_owned())),
    }
    let (Some(id), Some(secret), Some(token), Some(exp)) = (
        m.access_key_id,
        m.access_key_secret,
        m.security_token,
        m.expiration,
    ) else {
        return Err(bad(
            "AccessKeyId, AccessKeySecret, SecurityToken or Expiration is missing".to_owned(),
        ));
    };
    let exp = parse_timestamp(&exp)
        .ok_or_else(|| bad(format!("Expiration {exp:?} is not YYYY-MM-DDThh:mm:ssZ")))?;
    Ok(Credentials::new(id, secret)
        .with_security_token(token)
        .with_expiration(exp))
}
