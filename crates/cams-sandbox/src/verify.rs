//! Signature checking: the one place that talks to the `cams-auth` verifier and maps its
//! refusals to the gateway's codes.

use crate::gateway_error::GatewayErrorReply;
use cams_auth::{
    Credentials, Scheme, SecretLookup, Verified, Verifier, VerifyError, X_ACS_DATE,
    X_ACS_SIGNATURE_NONCE,
};
use http::StatusCode;
use std::collections::HashMap;
use std::time::SystemTime;

/// The credentials of a fixture, by access key id.
#[derive(Debug, Default)]
pub(crate) struct KeyStore {
    keys: HashMap<String, Credentials>,
}

impl KeyStore {
    pub(crate) fn insert(&mut self, id: &str, secret: &str, token: Option<&str>) {
        let mut creds = Credentials::new(id, secret);
        if let Some(t) = token {
            creds = creds.with_security_token(t);
        }
        self.keys.insert(id.to_owned(), creds);
    }
}

impl SecretLookup for KeyStore {
    fn lookup(&self, access_key_id: &str) -> Option<Credentials> {
        self.keys.get(access_key_id).cloned()
    }
}

/// Who signed a request, and what it asks for.
#[derive(Debug)]
pub(crate) struct Caller {
    pub(crate) access_key_id: String,
    pub(crate) nonce: String,
    pub(crate) action: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) params: Vec<(String, String)>,
    /// The signature scheme the request was verified with.
    pub(crate) scheme: Scheme,
}

impl From<Verified> for Caller {
    fn from(v: Verified) -> Self {
        Caller {
            access_key_id: v.access_key_id,
            nonce: v.nonce,
            action: v.action,
            version: v.version,
            params: v.params,
            scheme: v.scheme,
        }
    }
}

/// Verifies V3 and V1 signatures like the gateway (±15 minutes of skew).
#[derive(Debug, Default)]
pub(crate) struct Authenticator {
    verifier: Verifier,
}

impl Authenticator {
    pub(crate) fn new() -> Self {
        Authenticator {
            verifier: Verifier::new(),
        }
    }

    pub(crate) fn verify(
        &self,
        parts: &http::request::Parts,
        body: &[u8],
        keys: &dyn SecretLookup,
        now: SystemTime,
    ) -> Result<Caller, GatewayErrorReply> {
        self.verifier
            .verify(parts, body, keys, now)
            .map(Caller::from)
            .map_err(to_gateway_error)
    }
}

fn to_gateway_error(err: VerifyError) -> GatewayErrorReply {
    fn bad(code: &str, message: impl Into<String>) -> GatewayErrorReply {
        GatewayErrorReply::bad_request(code, message)
    }
    match err {
        VerifyError::MissingAuthorization => bad(
            "IncompleteSignature",
            "The request signature does not conform to Aliyun standards: no Authorization header and no Signature parameter.",
        ),
        VerifyError::MalformedAuthorization { reason } => bad(
            "IncompleteSignature",
            format!("The request signature does not conform to Aliyun standards: {reason}."),
        ),
        VerifyError::UnsupportedAlgorithm(alg) => bad(
            "InvalidSignatureMethod",
            format!("The specified signature method {alg:?} is not supported."),
        ),
        VerifyError::MissingHeader { name } if name == X_ACS_SIGNATURE_NONCE => bad(
            "MissingSignatureNonce",
            "SignatureNonce is mandatory for this action.",
        ),
        VerifyError::MissingHeader { name } if name == X_ACS_DATE => bad(
            "MissingTimestamp",
            "Timestamp is mandatory for this action.",
        ),
        VerifyError::MissingHeader { name } => bad(
            "IncompleteSignature",
            format!(
                "The request signature does not conform to Aliyun standards: header {name} is missing."
            ),
        ),
        VerifyError::RepeatedHeader { name } => bad(
            "IncompleteSignature",
            format!(
                "The request signature does not conform to Aliyun standards: header {name} appears more than once."
            ),
        ),
        VerifyError::SignedHeaders(rule) => bad(
            "IncompleteSignature",
            format!("The request signature does not conform to Aliyun standards: {rule}."),
        ),
        VerifyError::InvalidNonce => bad(
            "InvalidSignatureNonce",
            "The specified SignatureNonce is empty or not visible ASCII.",
        ),
        VerifyError::MissingParameter(name) => GatewayErrorReply::missing_parameter(name),
        VerifyError::UnknownAccessKeyId(_) => GatewayErrorReply::new(
            StatusCode::NOT_FOUND,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ),
        VerifyError::SecurityTokenMismatch => GatewayErrorReply::new(
            StatusCode::BAD_REQUEST,
            "InvalidSecurityToken.MismatchWithAccessKey",
            "The security token you provided does not match the access key.",
        ),
        VerifyError::ContentHashMismatch => bad(
            "InvalidContentSha256",
            "x-acs-content-sha256 does not match the request body.",
        ),
        VerifyError::MalformedTimestamp(t) => bad(
            "InvalidTimeStamp.Format",
            format!("Specified time stamp {t:?} is not in the format YYYY-MM-DDThh:mm:ssZ."),
        ),
        VerifyError::TimestampExpired { .. } => bad(
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        ),
        VerifyError::SignatureMismatch { string_to_sign } => bad(
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
        ),
        other => bad(
            "IncompleteSignature",
            format!("The request signature does not conform to Aliyun standards: {other}."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cams_auth::{SignerV3, SigningParams};
    use http::HeaderValue;
    use std::time::{Duration, UNIX_EPOCH};

    fn t0() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_741_944_413)
    }

    /// A request signed with the key store's key, then changed by `tamper`.
    fn refused(tamper: impl Fn(&mut http::request::Parts)) -> GatewayErrorReply {
        let mut keys = KeyStore::default();
        keys.insert("AKID", "secret", None);
        let creds = Credentials::new("AKID", "secret");
        let (mut parts, ()) = http::Request::post("http://cams.sandbox.local/?GroupId=G")
            .header("host", "cams.sandbox.local")
            .header("x-acs-action", "ListChatGroup")
            .header("x-acs-version", "2020-06-06")
            .body(())
            .unwrap_or_else(|e| panic!("{e}"))
            .into_parts();
        let params = SigningParams::new(&creds, t0(), "nonce-1");
        SignerV3::new()
            .sign(&mut parts, &params)
            .unwrap_or_else(|e| panic!("{e}"));
        tamper(&mut parts);
        match Authenticator::new().verify(&parts, b"", &keys, t0()) {
            Ok(caller) => panic!("accepted: {caller:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn ambiguous_requests_are_incomplete_signatures() {
        let twice = |name: &'static str| {
            move |p: &mut http::request::Parts| {
                let v = p.headers[name].clone();
                p.headers.append(name, v);
            }
        };
        let hosts = |p: &mut http::request::Parts| {
            let auth = p.headers["authorization"].to_str().unwrap_or_default();
            let many = vec!["host"; 2000].join(";");
            let auth = auth.replace("SignedHeaders=host;", &format!("SignedHeaders={many};"));
            p.headers.insert(
                "authorization",
                HeaderValue::from_str(&auth).unwrap_or_else(|e| panic!("{e}")),
            );
        };
        for e in [
            refused(twice("authorization")),
            refused(twice("x-acs-action")),
            refused(hosts),
        ] {
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{}", e.message);
            assert_eq!(e.code, "IncompleteSignature", "{}", e.message);
        }
        let e = refused(|p| {
            let nonce = HeaderValue::from_bytes(b"\xe4\xb8\xad").unwrap_or_else(|e| panic!("{e}"));
            p.headers.insert("x-acs-signature-nonce", nonce);
        });
        assert_eq!(
            (e.status, e.code.as_str()),
            (StatusCode::BAD_REQUEST, "InvalidSignatureNonce")
        );
    }
}
