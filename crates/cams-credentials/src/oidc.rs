//! OIDC / RRSA: STS `AssumeRoleWithOIDC` with a token file re-read at each refresh.

use crate::builder::{Common, cached_provider, common_setters, role_setters, sts_setters};
use crate::cache::RefreshCache;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::{HttpClient, body, request};
use crate::sts::{STS_VERSION, StsEndpoint, default_session_name, duration, parse_answer};
use bytes::Bytes;
use cams_auth::{Credentials, canonical_query, format_timestamp};
use http::Method;
use std::path::PathBuf;
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
    common: Common,
    role_arn: Option<String>,
    provider_arn: Option<String>,
    token_file: Option<PathBuf>,
    session_name: Option<String>,
    duration: Option<u64>,
    policy: Option<String>,
    sts: StsEndpoint,
}

impl OidcRoleArnProviderBuilder {
    common_setters!();
    sts_setters!();
    role_setters!();
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
    /// The provider (missing settings are reported when credentials are asked for).
    pub fn build(self) -> OidcRoleArnProvider {
        OidcRoleArnProvider {
            env: self.common.env(),
            role_arn: self.role_arn,
            provider_arn: self.provider_arn,
            token_file: self.token_file,
            session_name: self.session_name,
            duration: self.duration,
            policy: self.policy,
            sts: self.sts,
            http: self
                .common
                .http(Duration::from_secs(5), Duration::from_secs(10)),
            cache: self.common.cache(),
            name: self.common.name("oidc_role_arn"),
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

cached_provider!(OidcRoleArnProvider);
