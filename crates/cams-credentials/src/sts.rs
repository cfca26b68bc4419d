//! What the STS providers share: the endpoint rules and the answer's format.

use crate::env::Env;
use crate::error::{Error, Result};
use crate::http::base_url;
use cams_auth::{Credentials, parse_timestamp};
use serde::Deserialize;

/// `ALIBABA_CLOUD_STS_ENDPOINT`: a host (`sts.cn-hangzhou.aliyuncs.com`) or a full URL
/// (`http://127.0.0.1:8081`).
pub const ENV_STS_ENDPOINT: &str = "ALIBABA_CLOUD_STS_ENDPOINT";
/// `ALIBABA_CLOUD_STS_REGION`: the endpoint becomes `sts.<region>.aliyuncs.com`.
pub const ENV_STS_REGION: &str = "ALIBABA_CLOUD_STS_REGION";
/// `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true`: `sts-vpc.<region>.aliyuncs.com`.
pub const ENV_VPC_ENDPOINT_ENABLED: &str = "ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED";
/// The STS API version.
pub const STS_VERSION: &str = "2015-04-01";
/// Default session duration, in seconds.
pub const DEFAULT_DURATION_SECONDS: u64 = 3600;
/// Shortest session STS grants, in seconds.
pub const MIN_DURATION_SECONDS: u64 = 900;

/// Where STS is: explicit endpoint, else region (with the VPC switch), else `sts.aliyuncs.com`.
#[derive(Debug, Clone, Default)]
pub(crate) struct StsEndpoint {
    pub(crate) endpoint: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) vpc: Option<bool>,
}

impl StsEndpoint {
    /// The base URL (`https://sts.aliyuncs.com`), builder settings first, then the environment.
    pub(crate) fn url(&self, env: &Env) -> String {
        if let Some(e) = self.endpoint.clone().or_else(|| env.get(ENV_STS_ENDPOINT)) {
            return base_url(&e, "https");
        }
        let vpc = self
            .vpc
            .unwrap_or_else(|| env.is_true(ENV_VPC_ENDPOINT_ENABLED));
        let prefix = if vpc { "sts-vpc" } else { "sts" };
        match self.region.clone().or_else(|| env.get(ENV_STS_REGION)) {
            Some(region) => format!("https://{prefix}.{region}.aliyuncs.com"),
            None => "https://sts.aliyuncs.com".to_owned(),
        }
    }
}

/// A checked session duration: default 3600 s, at least 900 s.
pub(crate) fn duration(seconds: Option<u64>, field: &str) -> Result<u64> {
    let d = seconds.unwrap_or(DEFAULT_DURATION_SECONDS);
    if d < MIN_DURATION_SECONDS {
        return Err(Error::invalid(
            field,
            format!("{d} s is shorter than the {MIN_DURATION_SECONDS} s minimum"),
        ));
    }
    Ok(d)
}

/// A default session name, `credentials-rust-<unix seconds>`.
pub(crate) fn default_session_name() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    format!("credentials-rust-{secs}")
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Answer {
    #[serde(default)]
    request_id: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    credentials: Option<StsCredentials>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StsCredentials {
    access_key_id: String,
    access_key_secret: String,
    security_token: String,
    expiration: String,
}

/// Reads STS's answer: credentials with their expiration, or [`Error::Sts`] with its code and
/// request id. The body is never copied into an error (a success body holds secrets).
pub(crate) fn parse_answer(action: &'static str, status: u16, body: &[u8]) -> Result<Credentials> {
    let answer: Answer = serde_json::from_slice(body).map_err(|e| Error::BadResponse {
        service: "STS",
        reason: format!("{action}: HTTP {status}, the body is not STS JSON ({e})"),
    })?;
    match (status, answer.credentials) {
        (200, Some(c)) => {
            let expiration = parse_timestamp(&c.expiration).ok_or_else(|| Error::BadResponse {
                service: "STS",
                reason: format!(
                    "{action}: Expiration {:?} is not YYYY-MM-DDThh:mm:ssZ",
                    c.expiration
                ),
            })?;
            Ok(Credentials::new(c.access_key_id, c.access_key_secret)
                .with_security_token(c.security_token)
                .with_expiration(expiration))
        }
        _ => Err(Error::Sts {
            action,
            status,
            code: answer.code.unwrap_or_else(|| "(none)".to_owned()),
            request_id: answer.request_id,
            // A signature mismatch echoes the string to sign, which holds the source's
            // `SecurityToken` when it has one: that part is dropped.
            message: answer
                .message
                .map(|m| match m.find("string to sign") {
                    Some(at) => m[..at].trim_end().to_owned(),
                    None => m,
                })
                .unwrap_or_default(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_rules() {
        let none = Env::from_vars::<&str, &str>([]);
        let e = StsEndpoint::default();
        assert_eq!(e.url(&none), "https://sts.aliyuncs.com");
        let env = Env::from_vars([(ENV_STS_REGION, "cn-shanghai")]);
        assert_eq!(e.url(&env), "https://sts.cn-shanghai.aliyuncs.com");
        let env = Env::from_vars([
            (ENV_STS_REGION, "cn-shanghai"),
            (ENV_VPC_ENDPOINT_ENABLED, "true"),
        ]);
        assert_eq!(e.url(&env), "https://sts-vpc.cn-shanghai.aliyuncs.com");
        let env = Env::from_vars([(ENV_STS_ENDPOINT, "http://127.0.0.1:8081/")]);
        assert_eq!(e.url(&env), "http://127.0.0.1:8081");
        let env = Env::from_vars([(ENV_STS_ENDPOINT, "sts.example.com")]);
        assert_eq!(e.url(&env), "https://sts.example.com");
        let b = StsEndpoint {
            region: Some("ap-southeast-1".into()),
            vpc: Some(true),
            endpoint: None,
        };
        assert_eq!(b.url(&none), "https://sts-vpc.ap-southeast-1.aliyuncs.com");
    }

    #[test]
    fn durations_and_answers() {
        assert_eq!(duration(None, "d").unwrap(), 3600);
        assert!(
            duration(Some(899), "d")
                .unwrap_err()
                .to_string()
                .contains("900")
        );
        let err = parse_answer(
            "AssumeRole",
            400,
            br#"{"RequestId":"R-1","Code":"SignatureDoesNotMatch","Message":"bad"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&err, Error::Sts { code, request_id, .. } if code == "SignatureDoesNotMatch" && request_id == "R-1")
        );
        let ok = parse_answer(
            "AssumeRole",
            200,
            br#"{"RequestId":"R","Credentials":{"AccessKeyId":"STS.a","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2030-01-01T00:00:00Z"}}"#,
        )
        .unwrap();
        assert_eq!(ok.access_key_id(), "STS.a");
        assert!(ok.expiration().is_some());
        let err = parse_answer("AssumeRole", 200, b"not json").unwrap_err();
        assert!(err.to_string().contains("not STS JSON"));
    }
}
