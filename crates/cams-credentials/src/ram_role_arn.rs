//! STS `AssumeRole`, signed with the source credentials (RPC signature: `GET`, HMAC-SHA1).

use crate::cache::RefreshCache;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::{HttpClient, body, request};
use crate::oidc::{ENV_ROLE_ARN, ENV_ROLE_SESSION_NAME};
use crate::source::{ProvideCredentialsTyped, provide_via_typed};
use crate::sts::{STS_VERSION, StsEndpoint, default_session_name, duration, parse_answer};
use bytes::Bytes;
use cams_auth::{
    Credentials, NonceSource, RandomNonceSource, SignerV1, TimeSource, canonical_query,
};
use cams_transport::{SharedTransport, Transport};
use http::Method;
use std::sync::Arc;
use std::time::Duration;

/// `ALIBABA_CLOUD_EXTERNAL_ID`.
pub const ENV_EXTERNAL_ID: &str = "ALIBABA_CLOUD_EXTERNAL_ID";
const ACTION: &str = "AssumeRole";

/// Assumes a RAM role with the credentials of another provider, caching the STS credentials
/// until 180 s before they expire; named `ram_role_arn/<source provider>`.
#[derive(Debug, Clone)]
pub struct RamRoleArnProvider {
    env: Env,
    source: Arc<dyn ProvideCredentialsTyped>,
    role_arn: Option<String>,
    session_name: Option<String>,
    duration: Option<u64>,
    policy: Option<String>,
    external_id: Option<String>,
    sts: StsEndpoint,
    http: HttpClient,
    cache: RefreshCache,
    prefix: String,
}

/// Builds a [`RamRoleArnProvider`].
#[derive(Debug)]
pub struct RamRoleArnProviderBuilder {
    env: Option<Env>,
    source: Arc<dyn ProvideCredentialsTyped>,
    role_arn: Option<String>,
    session_name: Option<String>,
    duration: Option<u64>,
    policy: Option<String>,
    external_id: Option<String>,
    sts: StsEndpoint,
    transport: Option<SharedTransport>,
    clock: Option<Arc<dyn TimeSource>>,
    prefix: String,
}

impl RamRoleArnProviderBuilder {
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
    /// The session name (default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `credentials-rust-<time>`).
    pub fn role_session_name(mut self, name: impl Into<String>) -> Self {
        self.session_name = Some(name.into()).filter(|n: &String| !n.is_empty());
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
    /// The role's external id (default: `ALIBABA_CLOUD_EXTERNAL_ID`).
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
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
    /// The clock deciding when to refresh (and the signature's timestamp).
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
    /// The provider.
    pub fn build(self) -> RamRoleArnProvider {
        let mut http = HttpClient::new(Duration::from_secs(5), Duration::from_secs(10));
        http.set_shared(self.transport);
        RamRoleArnProvider {
            env: self.env.unwrap_or_default(),
            source: self.source,
            role_arn: self.role_arn,
            session_name: self.session_name,
            duration: self.duration,
            policy: self.policy,
            external_id: self.external_id,
            sts: self.sts,
            http,
            cache: self
                .clock
                .map_or_else(RefreshCache::new, RefreshCache::with_shared_clock),
            prefix: self.prefix,
        }
    }
}

impl RamRoleArnProvider {
    /// A builder assuming the role with the credentials of `source`.
    pub fn builder(source: impl ProvideCredentialsTyped + 'static) -> RamRoleArnProviderBuilder {
        Self::builder_from_shared(Arc::new(source))
    }

    /// A builder assuming the role with fixed access key credentials.
    pub fn with_access_key(
        id: impl Into<String>,
        secret: impl Into<String>,
    ) -> RamRoleArnProviderBuilder {
        Self::builder(crate::source::fixed("", &id.into(), &secret.into(), None))
    }

    pub(crate) fn builder_from_shared(
        source: Arc<dyn ProvideCredentialsTyped>,
    ) -> RamRoleArnProviderBuilder {
        RamRoleArnProviderBuilder {
            env: None,
            source,
            role_arn: None,
            session_name: None,
            duration: None,
            policy: None,
            external_id: None,
            sts: StsEndpoint::default(),
            transport: None,
            clock: None,
            prefix: String::new(),
        }
    }

    async fn fetch(&self) -> Result<Credentials> {
        let role_arn = self
            .role_arn
            .clone()
            .filter(|r| !r.is_empty())
            .or_else(|| self.env.get(ENV_ROLE_ARN))
            .ok_or_else(|| Error::NotConfigured(format!("{ENV_ROLE_ARN} not set")))?;
        let duration = duration(self.duration, "RAM role duration_seconds")?.to_string();
        let session = self
            .session_name
            .clone()
            .or_else(|| self.env.get(ENV_ROLE_SESSION_NAME))
            .unwrap_or_else(default_session_name);
        let external_id = self
            .external_id
            .clone()
            .or_else(|| self.env.get(ENV_EXTERNAL_ID));
        let source = self.source.credentials().await?;
        let mut params = vec![
            ("DurationSeconds", duration.as_str()),
            ("RoleArn", role_arn.as_str()),
            ("RoleSessionName", session.as_str()),
        ];
        if let Some(p) = self.policy.as_deref().filter(|p| !p.is_empty()) {
            params.push(("Policy", p));
        }
        if let Some(x) = external_id.as_deref().filter(|x| !x.is_empty()) {
            params.push(("ExternalId", x));
        }
        let url = format!("{}/?{}", self.sts.url(&self.env), canonical_query(params));
        let (mut parts, empty) =
            body(request(Method::GET, &url, "STS")?, Bytes::new(), "STS")?.into_parts();
        let nonce = RandomNonceSource.nonce();
        SignerV1::new()
            .sign(
                &mut parts,
                ACTION,
                STS_VERSION,
                &source,
                self.cache.clock().now(),
                nonce.as_str(),
            )
            .map_err(|e| Error::invalid("AssumeRole request", e.to_string()))?;
        let resp = self
            .http
            .send("STS", http::Request::from_parts(parts, empty))
            .await?;
        let creds = parse_answer(ACTION, resp.status().as_u16(), resp.body())?;
        let source_name = source.provider_name().unwrap_or("static_ak");
        Ok(creds.with_provider_name(format!("{}ram_role_arn/{source_name}", self.prefix)))
    }
}

#[async_trait::async_trait]
impl ProvideCredentialsTyped for RamRoleArnProvider {
    async fn credentials(&self) -> Result<Credentials> {
        self.cache.get_or_refresh(|| self.fetch()).await
    }

    fn credentials_now(&self) -> Option<Credentials> {
        self.cache.fresh()
    }
}

provide_via_typed!(RamRoleArnProvider);
