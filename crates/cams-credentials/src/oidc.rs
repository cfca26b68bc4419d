//! OIDC / RRSA: STS `AssumeRoleWithOIDC` with a token file re-read at each refresh.

use crate::cache::RefreshCache;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::{HttpClient, body, request};
use crate::source::{ProvideCredentialsTyped, provide_via_typed};
use crate::sts::{STS_VERSION, StsEndpoint, default_session_name, duration, parse_answer};
use bytes::Bytes;
use cams_auth::{Credentials, TimeSource, canonical_query, format_timestamp};
use cams_transport::{SharedTransport, Transport};
use http::Method;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use zeroize::Zeroizing;

/// `ALIBABA_CLOUD_ROLE_ARN`.
pub const ENV_ROLE_ARN: &str = "ALIBABA_CLOUD_ROLE_ARN";
/// `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`.
pub const ENV_OIDC_PROVIDER_ARN: &str = "ALIBABA_CLOUD_OIDC_PROVIDER_ARN";
/// `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.
pub const ENV_OIDC_TOKEN_FILE: &str = "ALIBABA_CLOUD_OIDC_TOKEN_FILE";
/// `ALIBABA_CLOUD_ROLE_SESSION_NAME`.
pub const ENV_ROLE_SESSION_NAME: &str = "ALIBABA_CLOUD_ROLE_SESSION_NAME";
const ACTION: &str = "AssumeRoleWithOIDC";

/// Assumes a role with the OIDC token of the file (re-read at each refresh, since the
/// platform rotates it), caching the STS credentials until 180 s before they expire; named
/// `oidc_role_arn`. The call is not signed: `POST`, form body `RoleArn`, `OIDCProviderArn`,
/// `OIDCToken`, `RoleSessionName`, `DurationSeconds`, `Policy`.
#[derive(Debug, Clone)]
pub struct OidcRoleArnProvider {
    env: Env,
    role_arn: Option<String>,
    provider_arn: Option<String>,
    token_file: Option<PathBuf>,
    session_name: Option<String>,
    duration: Option<u64>,
    policy: Option<String>,
    sts: StsEndpoint,
    http: HttpClient,
    cache: RefreshCache,
    name: String,
}

/// Builds an [`OidcRoleArnProvider`]; unset fields come from the environment.
#[derive(Debug, Default)]
pub struct OidcRoleArnProviderBuilder {
    env: Option<Env>,
    role_arn: Option<String>,
    provider_arn: Option<String>,
    token_file: Option<PathBuf>,
    session_name: Option<String>,
    duration: Option<u64>,
    policy: Option<String>,
    sts: StsEndpoint,
    transport: Option<SharedTransport>,
    clock: Option<Arc<dyn TimeSource>>,
    prefix: String,
}

impl OidcRoleArnProviderBuilder {
    /// The environment to read (default: the process's).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }
    /// The role (default: `ALIBABA_CLOUD_ROLE_ARN`).
    pub fn role_arn(mut self, arn: impl Into<String>) -> Self {
        self.role_arn = Some(arn.into());
        self
    }
    /// The OIDC provider (default: `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`).
    pub fn oidc_provider_arn(mut self, arn: impl Into<String>) -> Self {
        self.provider_arn = Some(arn.into());
        self
    }
    /// The token file (default: `ALIBABA_CLOUD_OIDC_TOKEN_FILE`).
    pub fn oidc_token_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.token_file = Some(path.into());
        self
    }
    /// The session name (default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `credentials-rust-<time>`).
    pub fn role_session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into());
        self
    }
    /// Session duration in seconds (default 3600, at least 900).
    pub fn duration_seconds(mut self, seconds: u64) -> Self {
        self.duration = Some(seconds);
        self
    }
    /// A policy narrowing the role.
    pub fn policy(mut self, policy: impl Into<String>) -> Self {
        self.policy = Some(policy.into());
        self
    }
    /// STS endpoint: a host or a full URL (default: `ALIBABA_CLOUD_STS_ENDPOINT`, else from the region).
    pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.sts.endpoint = Some(endpoint.into());
        self
    }
    /// STS region (default: `ALIBABA_CLOUD_STS_REGION`).
    pub fn sts_region(mut self, region: impl Into<String>) -> Self {
        self.sts.region = Some(region.into());
        self
    }
    /// Use the VPC endpoint (default: `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`).
    pub fn enable_vpc(mut self, vpc: bool) -> Self {
        self.sts.vpc = Some(vpc);
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
    pub(crate) fn sts(mut self, sts: StsEndpoint) -> Self {
        self.sts = sts;
        self
    }
    /// The provider (missing settings are reported when credentials are asked for).
    pub fn build(self) -> OidcRoleArnProvider {
        let mut http = HttpClient::new(Duration::from_secs(5), Duration::from_secs(10));
        http.set_shared(self.transport);
        OidcRoleArnProvider {
            env: self.env.unwrap_or_default(),
            role_arn: self.role_arn,
            provider_arn: self.provider_arn,
            token_file: self.token_file,
            session_name: self.session_name,
            duration: self.duration,
            policy: self.policy,
            sts: self.sts,
            http,
            cache: self
                .clock
                .map_or_else(RefreshCache::new, RefreshCache::with_shared_clock),
            name: format!("{}oidc_role_arn", self.prefix),
        }
    }
}

impl OidcRoleArnProvider {
    /// A builder.
    pub fn builder() -> OidcRoleArnProviderBuilder {
        OidcRoleArnProviderBuilder::default()
    }

    fn setting(&self, given: &Option<String>, var: &str) -> Result<String> {
        given
            .clone()
            .filter(|v| !v.is_empty())
            .or_else(|| self.env.get(var))
            .ok_or_else(|| Error::NotConfigured(format!("{var} not set")))
    }

    async fn fetch(&self) -> Result<Credentials> {
        let role_arn = self.setting(&self.role_arn, ENV_ROLE_ARN)?;
        let provider_arn = self.setting(&self.provider_arn, ENV_OIDC_PROVIDER_ARN)?;
        let token_file = match &self.token_file {
            Some(p) => p.clone(),
            None => PathBuf::from(self.setting(&None, ENV_OIDC_TOKEN_FILE)?),
        };
        let duration = duration(self.duration, "OIDC duration_seconds")?.to_string();
        let session = self
            .session_name
            .clone()
            .or_else(|| self.env.get(ENV_ROLE_SESSION_NAME))
            .unwrap_or_else(default_session_name);
        let token = Zeroizing::new(
            std::fs::read_to_string(&token_file).map_err(|e| Error::io(&token_file, &e))?,
        );
        let token = token.trim();
        if token.is_empty() {
            return Err(Error::invalid(
                format!("OIDC token file {}", token_file.display()),
                "is empty",
            ));
        }
        let now = format_timestamp(self.cache.clock().now());
        let query = canonical_query([
            ("Action", ACTION),
            ("Format", "JSON"),
            ("Version", STS_VERSION),
            ("Timestamp", now.as_str()),
        ]);
        let mut form = vec![
            ("DurationSeconds", duration.as_str()),
            ("OIDCProviderArn", provider_arn.as_str()),
            ("OIDCToken", token),
            ("RoleArn", role_arn.as_str()),
            ("RoleSessionName", session.as_str()),
        ];
        if let Some(p) = self.policy.as_deref().filter(|p| !p.is_empty()) {
            form.push(("Policy", p));
        }
        let form = Zeroizing::new(canonical_query(form));
        let url = format!("{}/?{query}", self.sts.url(&self.env));
        let req = request(Method::POST, &url, "STS")?.header(
            http::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        );
        let req = body(req, Bytes::copy_from_slice(form.as_bytes()), "STS")?;
        let resp = self.http.send("STS", req).await?;
        let creds = parse_answer(ACTION, resp.status().as_u16(), resp.body())?;
        Ok(creds.with_provider_name(self.name.clone()))
    }
}

#[async_trait::async_trait]
impl ProvideCredentialsTyped for OidcRoleArnProvider {
    async fn credentials(&self) -> Result<Credentials> {
        self.cache.get_or_refresh(|| self.fetch()).await
    }

    fn credentials_now(&self) -> Option<Credentials> {
        self.cache.fresh()
    }
}

provide_via_typed!(OidcRoleArnProvider);
