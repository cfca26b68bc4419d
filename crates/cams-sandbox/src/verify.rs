//! Signature checking: the one place that talks to the `cams-auth` verifier and maps its
//! refusals to the gateway's codes.

use crate::gateway_error::GatewayError;
use cams_auth::{Credentials, SecretLookup, Verified, Verifier, VerifyError};
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
}

impl From<Verified> for Caller {
    fn from(v: Verified) -> Self {
        Caller {
            access_key_id: v.access_key_id,
            nonce: v.nonce,
            action: v.action,
            version: v.version,
            params: v.params,
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
    ) -> Result<Caller, GatewayError> {
        self.verifier
            .verify(parts, body, keys, now)
            .map(Caller::from)
            .map_err(to_gateway_error)
    }
}

fn to_gateway_error(err: VerifyError) -> GatewayError {
    fn bad(code: &str, message: impl Into<String>) -> GatewayError {
        GatewayError::bad_request(code, message)
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
        VerifyError::MissingHeader(name) => match name {
            "x-acs-signature-nonce" => bad(
                "MissingSignatureNonce",
                "SignatureNonce is mandatory for this action.",
            ),
            "x-acs-date" => bad(
                "MissingTimestamp",
                "Timestamp is mandatory for this action.",
            ),
            other => bad(
                "IncompleteSignature",
                format!(
                    "The request signature does not conform to Aliyun standards: header {other} is missing."
                ),
            ),
        },
        VerifyError::MissingParameter(name) => GatewayError::missing_parameter(name),
        VerifyError::UnknownAccessKeyId(_) => GatewayError::new(
            StatusCode::NOT_FOUND,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ),
        VerifyError::SecurityTokenMismatch => GatewayError::new(
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
