//! Server-side verification of V3 and V1 signatures (used by the local emulator).

use std::time::{Duration, SystemTime};

use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use http::request::Parts;
use subtle::ConstantTimeEq;

use crate::encode::{canonical_query, canonicalize_query, decode_query};
use crate::v1::{V1_COMMON_PARAMS, signature_of, string_to_sign_of as v1_string_to_sign};
use crate::v3::{
    ALGORITHM_V3, X_ACS_ACTION, X_ACS_CONTENT_SHA256, X_ACS_DATE, X_ACS_SECURITY_TOKEN, X_ACS_SIGNATURE_NONCE,
    X_ACS_VERSION, path_of, sha256_hex, signature_hex, string_to_sign_of as v3_string_to_sign,
};
use crate::{Credentials, ExposeSecret, Scheme, SigningError, VerifyError, parse_timestamp};

/// Finds the credentials (and the expected STS token, if any) of an access key id.
pub trait SecretLookup: Send + Sync {
    /// Credentials of `access_key_id`, or `None` when it is unknown.
    fn lookup(&self, access_key_id: &str) -> Option<Credentials>;
}

impl<F: Fn(&str) -> Option<Credentials> + Send + Sync> SecretLookup for F {
    fn lookup(&self, access_key_id: &str) -> Option<Credentials> {
        self(access_key_id)
    }
}

/// A request that passed verification.
#[derive(Debug, Clone)]
pub struct Verified {
    /// Which scheme signed it.
    pub scheme: Scheme,
    /// The access key id that signed it.
    pub access_key_id: String,
    /// The signature nonce (replay detection is the caller's job).
    pub nonce: String,
    /// The request timestamp.
    pub timestamp: SystemTime,
    /// V3: `x-acs-action`; V1: the `Action` parameter.
    pub action: Option<String>,
    /// V3: `x-acs-version`; V1: the `Version` parameter.
    pub version: Option<String>,
    /// Decoded business parameters (V1: without the common signature parameters).
    pub params: Vec<(String, String)>,
}

/// Verifies signed requests like the POP gateway does.
#[derive(Debug, Clone)]
pub struct Verifier {
    max_skew: Duration,
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

impl Verifier {
    /// A verifier allowing ±15 minutes of clock skew.
    pub fn new() -> Self {
        Verifier { max_skew: Duration::from_secs(15 * 60) }
    }

    /// Sets the allowed clock skew.
    pub fn with_max_skew(self, d: Duration) -> Self {
        Verifier { max_skew: d }
    }

    /// Verifies `parts` + `body`. An `authorization` header means V3, a `Signature` query parameter
    /// means V1, neither is [`VerifyError::MissingAuthorization`].
    pub fn verify(
        &self,
        parts: &Parts,
        body: &[u8],
        lookup: &dyn SecretLookup,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        if let Some(auth) = parts.headers.get(AUTHORIZATION) {
            let auth = auth.to_str().map_err(|_| malformed("authorization is not visible ASCII"))?;
            return self.verify_v3(parts, auth, body, lookup, now);
        }
        let query = decode_query(parts.uri.query().unwrap_or(""));
        if query.iter().any(|(k, _)| k == "Signature") {
            return self.verify_v1(parts, query, body, lookup, now);
        }
        Err(VerifyError::MissingAuthorization)
    }

    fn check_time(&self, raw: &str, now: SystemTime) -> Result<SystemTime, VerifyError> {
        let ts = parse_timestamp(raw).ok_or_else(|| VerifyError::MalformedTimestamp(raw.to_owned()))?;
        let skew = match now.duration_since(ts) {
            Ok(d) => d,
            Err(e) => e.duration(),
        };
        if skew > self.max_skew {
            return Err(VerifyError::TimestampExpired { timestamp: ts, now });
        }
        Ok(ts)
    }

    fn verify_v3(
        &self,
        parts: &Parts,
        auth: &str,
        body: &[u8],
        lookup: &dyn SecretLookup,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        let (algorithm, rest) = auth.split_once(' ').ok_or_else(|| malformed("no algorithm"))?;
        if algorithm != ALGORITHM_V3 {
            return Err(VerifyError::UnsupportedAlgorithm(algorithm.to_owned()));
        }
        let (mut id, mut signed, mut signature) = (None, None, None);
        for field in rest.split(',') {
            let (k, v) = field.trim().split_once('=').ok_or_else(|| malformed("field without '='"))?;
            match k {
                "Credential" => id = Some(v),
                "SignedHeaders" => signed = Some(v),
                "Signature" => signature = Some(v),
                _ => return Err(malformed(&format!("unknown field {k}"))),
            }
        }
        let id = id.filter(|s| !s.is_empty()).ok_or_else(|| malformed("no Credential"))?;
        let signed = signed.filter(|s| !s.is_empty()).ok_or_else(|| malformed("no SignedHeaders"))?;
        let signature = signature.ok_or_else(|| malformed("no Signature"))?;
        let mut names: Vec<&str> = signed.split(';').collect();
        names.sort_unstable();

        let h = &parts.headers;
        for required in [&HOST, &X_ACS_DATE, &X_ACS_SIGNATURE_NONCE, &X_ACS_CONTENT_SHA256] {
            if !h.contains_key(required) {
                return Err(VerifyError::MissingHeader(static_name(required.as_str())));
            }
        }
        for name in h.keys().map(|n| n.as_str()).filter(|n| *n == "host" || n.starts_with("x-acs-")) {
            if names.binary_search(&name).is_err() {
                return Err(malformed(&format!("header {name} is not signed")));
            }
        }
        let header = |n: &http::HeaderName| h.get(n).and_then(|v| v.to_str().ok()).map(str::trim);
        let content_sha = header(&X_ACS_CONTENT_SHA256).unwrap_or_default();
        if content_sha != sha256_hex(body) {
            return Err(VerifyError::ContentHashMismatch);
        }
        let creds = lookup.lookup(id).ok_or_else(|| VerifyError::UnknownAccessKeyId(id.to_owned()))?;
        check_token(&creds, header(&X_ACS_SECURITY_TOKEN))?;
        let date = header(&X_ACS_DATE).unwrap_or_default();
        let timestamp = self.check_time(date, now)?;

        let query = canonicalize_query(parts.uri.query().unwrap_or(""));
        let method = parts.method.as_str();
        let expected = signature_hex(method, path_of(parts), &query, h, &names, content_sha, &creds)
            .map_err(signing_to_verify)?;
        if !bool::from(expected.as_slice().ct_eq(signature.as_bytes())) {
            let string_to_sign =
                v3_string_to_sign(method, path_of(parts), &query, h, &names, content_sha).map_err(signing_to_verify)?;
            return Err(VerifyError::SignatureMismatch { string_to_sign });
        }
        Ok(Verified {
            scheme: Scheme::V3,
            access_key_id: id.to_owned(),
            nonce: header(&X_ACS_SIGNATURE_NONCE).unwrap_or_default().to_owned(),
            timestamp,
            action: header(&X_ACS_ACTION).map(str::to_owned),
            version: header(&X_ACS_VERSION).map(str::to_owned),
            params: decode_query(parts.uri.query().unwrap_or("")),
        })
    }

    fn verify_v1(
        &self,
        parts: &Parts,
        mut params: Vec<(String, String)>,
        body: &[u8],
        lookup: &dyn SecretLookup,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        let is_form = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().starts_with("application/x-www-form-urlencoded"));
        if is_form && !body.is_empty() {
            params.extend(decode_query(&String::from_utf8_lossy(body)));
        }
        let get = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let require = |name: &'static str| get(name).ok_or(VerifyError::MissingParameter(name));
        let signature = require("Signature")?;
        let method = require("SignatureMethod")?;
        if method != "HMAC-SHA1" {
            return Err(VerifyError::UnsupportedAlgorithm(method.to_owned()));
        }
        let version = require("SignatureVersion")?;
        if version != "1.0" {
            return Err(VerifyError::UnsupportedAlgorithm(format!("SignatureVersion {version}")));
        }
        let id = require("AccessKeyId")?;
        let nonce = require("SignatureNonce")?;
        let ts = require("Timestamp")?;
        let creds = lookup.lookup(id).ok_or_else(|| VerifyError::UnknownAccessKeyId(id.to_owned()))?;
        check_token(&creds, get("SecurityToken"))?;
        let timestamp = self.check_time(ts, now)?;

        let signed = || params.iter().filter(|(k, _)| k != "Signature").map(|(k, v)| (k.as_str(), v.as_str()));
        let canonical = canonical_query(signed());
        let expected = signature_of(parts.method.as_str(), &canonical, &creds);
        if !bool::from(expected.as_bytes().ct_eq(signature.as_bytes())) {
            // Like the gateway, report the string to sign, but never echo the security token.
            let redacted = canonical_query(
                signed().map(|(k, v)| if k == "SecurityToken" { (k, "<redacted>") } else { (k, v) }),
            );
            return Err(VerifyError::SignatureMismatch {
                string_to_sign: v1_string_to_sign(parts.method.as_str(), &redacted),
            });
        }
        Ok(Verified {
            scheme: Scheme::V1,
            access_key_id: id.to_owned(),
            nonce: nonce.to_owned(),
            timestamp,
            action: get("Action").map(str::to_owned),
            version: get("Version").map(str::to_owned),
            params: params.iter().filter(|(k, _)| !V1_COMMON_PARAMS.contains(&k.as_str())).cloned().collect(),
        })
    }
}

fn malformed(reason: &str) -> VerifyError {
    VerifyError::MalformedAuthorization { reason: reason.to_owned() }
}

fn static_name(n: &str) -> &'static str {
    match n {
        "host" => "host",
        "x-acs-date" => "x-acs-date",
        "x-acs-signature-nonce" => "x-acs-signature-nonce",
        _ => "x-acs-content-sha256",
    }
}

fn signing_to_verify(e: SigningError) -> VerifyError {
    match e {
        SigningError::MissingSignedHeader { name } => malformed(&format!("signed header {name} is absent")),
        other => malformed(&other.to_string()),
    }
}

/// The request must carry exactly the token the lookup expects (or none when none is expected).
fn check_token(creds: &Credentials, got: Option<&str>) -> Result<(), VerifyError> {
    match (creds.security_token(), got) {
        (None, None) => Ok(()),
        (Some(want), Some(got)) if bool::from(want.expose_secret().as_bytes().ct_eq(got.as_bytes())) => Ok(()),
        _ => Err(VerifyError::SecurityTokenMismatch),
    }
}
