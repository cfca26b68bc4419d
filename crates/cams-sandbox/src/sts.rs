//! The STS face: `AssumeRole` (V1 RPC signature of a fixture or issued key) and
//! `AssumeRoleWithOIDC` (unsigned, token checked against the fixture), and the store of the
//! temporary keys the sandbox issues (which its CAMS face then accepts until they expire).

use crate::gateway_error::{GatewayError, json_response};
use crate::verify::{Authenticator, KeyStore};
use bytes::Bytes;
use cams_auth::{Credentials, SecretLookup, decode_query, format_timestamp};
use http::{Method, Request, Response, StatusCode};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The STS API version the sandbox answers.
pub const STS_API_VERSION: &str = "2015-04-01";

/// A role callers may assume (STS) or that is attached to the emulated instance (metadata).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureRole {
    /// `acs:ram::<account>:role/<name>`.
    pub arn: String,
    /// The role name (the metadata service lists it).
    pub name: String,
    /// When set, `AssumeRole` must carry exactly this `ExternalId`.
    #[serde(default)]
    pub external_id: Option<String>,
}

/// An OIDC token `AssumeRoleWithOIDC` accepts for a provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureOidcToken {
    /// `acs:ram::<account>:oidc-provider/<name>`.
    pub provider_arn: String,
    /// The token (the content of the token file).
    pub token: String,
}

/// How the emulated metadata service treats IMDSv1 and IMDSv2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImdsMode {
    /// Both: a token is optional.
    #[default]
    Both,
    /// v2 only: requests without a token are refused (401).
    V2Only,
    /// v1 only: the token request is refused (403).
    V1Only,
    /// The token request succeeds but requests that carry the token are refused (403), as some
    /// older or proxied metadata services do; v1 works.
    TokenRefusedOnGet,
}

/// The identity services of the sandbox: roles, OIDC tokens, the instance role, lifetimes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdentityFixture {
    /// Roles that may be assumed.
    #[serde(default)]
    pub roles: Vec<FixtureRole>,
    /// Accepted OIDC tokens.
    #[serde(default)]
    pub oidc_tokens: Vec<FixtureOidcToken>,
    /// Name of the role the metadata service serves (one of `roles`), if any.
    #[serde(default)]
    pub instance_role: Option<String>,
    /// Lifetime of the metadata service's credentials, in seconds (rotated every lifetime).
    #[serde(default = "default_lifetime")]
    pub instance_credentials_seconds: u64,
    /// The metadata service's IMDS behaviour.
    #[serde(default)]
    pub imds_mode: ImdsMode,
}

fn default_lifetime() -> u64 {
    3600
}

/// ARN of the demo role.
pub const DEMO_ROLE_ARN: &str = "acs:ram::1234567890123456:role/sandbox-demo-role";
/// Name of the demo role (attached to the emulated instance).
pub const DEMO_ROLE_NAME: &str = "sandbox-demo-role";
/// ARN of the demo OIDC provider.
pub const DEMO_OIDC_PROVIDER_ARN: &str = "acs:ram::1234567890123456:oidc-provider/sandbox-ack";
/// An OIDC token the demo fixture accepts.
pub const DEMO_OIDC_TOKEN: &str = "sandbox-demo-oidc-token-1";
/// A second OIDC token the demo fixture accepts (a rotated token file).
pub const DEMO_OIDC_TOKEN_2: &str = "sandbox-demo-oidc-token-2";

impl Default for IdentityFixture {
    fn default() -> Self {
        IdentityFixture {
            roles: Vec::new(),
            oidc_tokens: Vec::new(),
            instance_role: None,
            instance_credentials_seconds: default_lifetime(),
            imds_mode: ImdsMode::Both,
        }
    }
}

impl IdentityFixture {
    /// The demo role ([`DEMO_ROLE_ARN`], attached to the instance) and two tokens of
    /// [`DEMO_OIDC_PROVIDER_ARN`].
    pub fn demo() -> IdentityFixture {
        IdentityFixture {
            roles: vec![FixtureRole {
                arn: DEMO_ROLE_ARN.to_owned(),
                name: DEMO_ROLE_NAME.to_owned(),
                external_id: None,
            }],
            oidc_tokens: [DEMO_OIDC_TOKEN, DEMO_OIDC_TOKEN_2]
                .into_iter()
                .map(|t| FixtureOidcToken {
                    provider_arn: DEMO_OIDC_PROVIDER_ARN.to_owned(),
                    token: t.to_owned(),
                })
                .collect(),
            instance_role: Some(DEMO_ROLE_NAME.to_owned()),
            ..IdentityFixture::default()
        }
    }
}

/// Temporary keys the sandbox issued, with their expiry, next to the fixture's own keys.
#[derive(Debug, Default)]
pub(crate) struct IssuedKeys {
    keys: RwLock<HashMap<String, (Credentials, SystemTime)>>,
    /// Metadata credentials by (role, rotation window), so repeated reads agree.
    instance: RwLock<HashMap<(String, u64), Issued>>,
}

/// Credentials the sandbox issued.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    pub(crate) id: String,
    pub(crate) secret: String,
    pub(crate) token: String,
    pub(crate) expiration: SystemTime,
}

fn random_hex(n: usize) -> String {
    (0..n)
        .map(|_| format!("{:x}", rand::random::<u8>() & 0xf))
        .collect()
}

impl IssuedKeys {
    pub(crate) fn issue(&self, expiration: SystemTime) -> Issued {
        let issued = Issued {
            id: format!("STS.sbx{}", random_hex(20)),
            secret: random_hex(32),
            token: format!("sbx-sts-{}", random_hex(48)),
            expiration,
        };
        let creds = Credentials::new(&issued.id, &issued.secret).with_security_token(&issued.token);
        if let Ok(mut k) = self.keys.write() {
            k.retain(|_, (_, exp)| *exp > SystemTime::now() - Duration::from_secs(86_400));
            k.insert(issued.id.clone(), (creds, expiration));
        }
        issued
    }

    /// The instance role's credentials for the rotation window holding `now`: the same until
    /// the window ends, valid for one more lifetime after that.
    pub(crate) fn instance(&self, role: &str, lifetime: u64, now: SystemTime) -> Issued {
        let lifetime = lifetime.max(1);
        let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let window = secs / lifetime;
        let key = (role.to_owned(), window);
        if let Some(i) = self.instance.read().ok().and_then(|m| m.get(&key).cloned()) {
            return i;
        }
        let exp = UNIX_EPOCH + Duration::from_secs((window + 2) * lifetime);
        let issued = self.issue(exp);
        match self.instance.write() {
            Ok(mut m) => m.entry(key).or_insert(issued).clone(),
            Err(_) => issued,
        }
    }

    fn lookup_at(&self, id: &str, now: SystemTime) -> Option<Credentials> {
        let keys = self.keys.read().ok()?;
        let (c, exp) = keys.get(id)?;
        (*exp > now).then(|| c.clone())
    }
}

/// The fixture's keys, then the unexpired issued ones.
pub(crate) struct AllKeys<'a> {
    pub(crate) fixed: &'a KeyStore,
    pub(crate) issued: &'a IssuedKeys,
    pub(crate) now: SystemTime,
}

impl SecretLookup for AllKeys<'_> {
    fn lookup(&self, access_key_id: &str) -> Option<Credentials> {
        self.fixed
            .lookup(access_key_id)
            .or_else(|| self.issued.lookup_at(access_key_id, self.now))
    }
}

/// Whether `request` is an STS call: `Action=AssumeRole…` and `Version=2015-04-01` in the query.
pub(crate) fn is_sts(request: &Request<Bytes>) -> bool {
    let q = request.uri().query().unwrap_or("");
    q.contains("Action=AssumeRole") && q.contains(&format!("Version={STS_API_VERSION}"))
}

/// Everything an STS call needs from the engine.
pub(crate) struct StsCall<'a> {
    pub(crate) fixture: &'a IdentityFixture,
    pub(crate) keys: AllKeys<'a>,
    pub(crate) auth: &'a Authenticator,
    pub(crate) request_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StsCredentials<'a> {
    access_key_id: &'a str,
    access_key_secret: &'a str,
    security_token: &'a str,
    expiration: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AssumedRoleUser {
    arn: String,
    assumed_role_id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct StsAnswer<'a> {
    request_id: &'a str,
    assumed_role_user: AssumedRoleUser,
    credentials: StsCredentials<'a>,
}

fn sts_error(status: StatusCode, code: &str, message: &str) -> GatewayError {
    GatewayError::new(status, code, message)
}

impl StsCall<'_> {
    /// Answers an STS request.
    pub(crate) fn handle(&self, request: Request<Bytes>) -> Result<Response<Bytes>, GatewayError> {
        let (parts, body) = request.into_parts();
        let mut params = decode_query(parts.uri.query().unwrap_or(""));
        let is_form = parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        let action = params
            .iter()
            .find(|(k, _)| k == "Action")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        match action.as_str() {
            "AssumeRole" => {
                let caller = self.auth.verify(&parts, &body, &self.keys, self.keys.now)?;
                self.assume_role(&caller.params, &caller.access_key_id)
            }
            "AssumeRoleWithOIDC" => {
                if parts.method == Method::POST && is_form {
                    params.extend(decode_query(&String::from_utf8_lossy(&body)));
                }
                self.assume_role_with_oidc(&params)
            }
            _ => Err(sts_error(
                StatusCode::NOT_FOUND,
                "InvalidAction.NotFound",
                "Specified api is not found, please check your url and method.",
            )),
        }
    }

    fn role(&self, params: &[(String, String)]) -> Result<&FixtureRole, GatewayError> {
        let arn =
            param(params, "RoleArn").ok_or_else(|| GatewayError::missing_parameter("RoleArn"))?;
        self.fixture
            .roles
            .iter()
            .find(|r| r.arn == arn)
            .ok_or_else(|| {
                sts_error(
                    StatusCode::NOT_FOUND,
                    "EntityNotExist.Role",
                    "The specified Role not exists.",
                )
            })
    }

    fn duration(params: &[(String, String)]) -> Result<u64, GatewayError> {
        let d = match param(params, "DurationSeconds") {
            None => 3600,
            Some(s) => s.parse::<u64>().map_err(|_| {
                GatewayError::bad_request(
                    "InvalidParameter.DurationSeconds",
                    "DurationSeconds is not a number.",
                )
            })?,
        };
        if !(900..=43_200).contains(&d) {
            return Err(GatewayError::bad_request(
                "InvalidParameter.DurationSeconds",
                "The Min/Max value of DurationSeconds is 15min/12hr.",
            ));
        }
        Ok(d)
    }

    fn assume_role(
        &self,
        params: &[(String, String)],
        _caller: &str,
    ) -> Result<Response<Bytes>, GatewayError> {
        let role = self.role(params)?;
        if param(params, "RoleSessionName").is_none() {
            return Err(GatewayError::missing_parameter("RoleSessionName"));
        }
        if let Some(want) = &role.external_id {
            if param(params, "ExternalId") != Some(want.as_str()) {
                return Err(sts_error(
                    StatusCode::FORBIDDEN,
                    "NoPermission",
                    "You are not authorized to do this action: ExternalId does not match.",
                ));
            }
        }
        let d = Self::duration(params)?;
        Ok(self.answer(role, params, d))
    }

    fn assume_role_with_oidc(
        &self,
        params: &[(String, String)],
    ) -> Result<Response<Bytes>, GatewayError> {
        let role = self.role(params)?;
        let provider = param(params, "OIDCProviderArn")
            .ok_or_else(|| GatewayError::missing_parameter("OIDCProviderArn"))?;
        let token = param(params, "OIDCToken")
            .ok_or_else(|| GatewayError::missing_parameter("OIDCToken"))?;
        if param(params, "RoleSessionName").is_none() {
            return Err(GatewayError::missing_parameter("RoleSessionName"));
        }
        let known = self
            .fixture
            .oidc_tokens
            .iter()
            .any(|t| t.provider_arn == provider && t.token == token);
        if !known {
            return Err(GatewayError::bad_request(
                "InvalidParameter.OIDCToken",
                "The OIDC token is invalid or has expired.",
            ));
        }
        let d = Self::duration(params)?;
        Ok(self.answer(role, params, d))
    }

    fn answer(
        &self,
        role: &FixtureRole,
        params: &[(String, String)],
        seconds: u64,
    ) -> Response<Bytes> {
        let issued = self
            .keys
            .issued
            .issue(self.keys.now + Duration::from_secs(seconds));
        let session = param(params, "RoleSessionName").unwrap_or("session");
        let exp = format_timestamp(issued.expiration);
        json_response(
            StatusCode::OK,
            self.request_id,
            &StsAnswer {
                request_id: self.request_id,
                assumed_role_user: AssumedRoleUser {
                    arn: format!("{}/{session}", role.arn.replace(":role/", ":assumed-role/")),
                    assumed_role_id: format!("3{}:{session}", random_hex(16)),
                },
                credentials: StsCredentials {
                    access_key_id: &issued.id,
                    access_key_secret: &issued.secret,
                    security_token: &issued.token,
                    expiration: exp.as_str(),
                },
            },
        )
    }
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}
