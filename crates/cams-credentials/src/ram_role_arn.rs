//! STS `AssumeRole`, signed with the source credentials (RPC signature: `GET`, HMAC-SHA1).

use crate::builder::{Common, cached_provider, common_setters, role_setters, sts_setters};
use crate::cache::RefreshCache;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::{HttpClient, body, request};
use crate::oidc::{ENV_ROLE_ARN, ENV_ROLE_SESSION_NAME};
use crate::sts::{STS_VERSION, StsEndpoint, default_session_name, duration, parse_answer};
use bytes::Bytes;
use cams_auth::{
    Credentials, NonceSource, ProvideCredentials, RandomNonceSource, SignerV1, SigningParams,
    X_ACS_ACTION, X_ACS_VERSION, canonical_query,
};
use http::{HeaderValue, Method};
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
    source: Arc<dyn ProvideCredentials>,
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
    common: Common,
    source: Arc<dyn ProvideCredentials>,
    role_arn: Option<String>,
    session_name: Option<String>,
    duration: Option<u64>,
    policy: Option<String>,
    external_id: Option<String>,
    sts: StsEndpoint,
}

impl RamRoleArnProviderBuilder {
    common_setters!();
    sts_setters!();
    role_setters!();
    /// The role's external id (default: `ALIBABA_CLOUD_EXTERNAL_ID`).
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.external_id = Some(id.into());
        self
    }
    /// The provider.
    pub fn build(self) -> RamRoleArnProvider {
        RamRoleArnProvider {
            env: self.common.env(),
            source: self.source,
            role_arn: self.role_arn,
            session_name: self.session_name,
            duration: self.duration,
            policy: self.policy,
            external_id: self.external_id,
            sts: self.sts,
            http: self
                .common
                .http(Duration::from_secs(5), Duration::from_secs(10)),
            cache: self.common.cache(),
            prefix: self.common.prefix,
        }
    }
}

impl RamRoleArnProvider {
    /// A builder assuming the role with the credentials of `source`.
    pub fn builder(source: impl ProvideCredentials + 'static) -> RamRoleArnProviderBuilder {
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
        source: Arc<dyn ProvideCredentials>,
    ) -> RamRoleArnProviderBuilder {
        RamRoleArnProviderBuilder {
            common: Common::default(),
            source,
            role_arn: None,
            session_name: None,
            duration: None,
            policy: None,
            external_id: None,
            sts: StsEndpoint::default(),
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
        let source = self.source.provide_credentials().await?;
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
        // SignerV1 takes the action and version from these headers, as the SDKs send them.
        parts
            .headers
            .insert(X_ACS_ACTION, HeaderValue::from_static(ACTION));
        parts
            .headers
            .insert(X_ACS_VERSION, HeaderValue::from_static(STS_VERSION));
        let signing = SigningParams::new(&source, self.cache.clock().now(), nonce.as_str());
        SignerV1::new()
            .sign(&mut parts, &signing)
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

cached_provider!(RamRoleArnProvider);
