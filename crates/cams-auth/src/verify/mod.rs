//! Server-side verification of V3 and V1 signatures, as the POP gateway does it (used by the
//! local emulator; usable in a user's own gateway).
//!
//! Hostile input costs little: the cheap checks (header counts, the `SignedHeaders` rules and
//! limits, the access key, the token, the timestamp, the nonce) come before any hashing, and
//! what is hashed is linear in the request's size (each signed header once, the body once).

#[cfg(test)]
mod tests;
mod v1;
mod v3;

use std::time::{Duration, SystemTime};

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::request::Parts;
use subtle::ConstantTimeEq;

use crate::encode::decode_query;
use crate::v3::FORM_CONTENT_TYPE;
use crate::{Credentials, ExposeSecret, Scheme, VerifyError, parse_timestamp};

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
    /// The signature nonce, visible ASCII (replay detection is the caller's job).
    pub nonce: String,
    /// The request timestamp.
    pub timestamp: SystemTime,
    /// V3: `x-acs-action`; V1: the `Action` parameter.
    pub action: Option<String>,
    /// V3: `x-acs-version`; V1: the `Version` parameter.
    pub version: Option<String>,
    /// Decoded business parameters, from the query then a form body (V1: without the common
    /// signature parameters).
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
    /// The most headers a V3 `SignedHeaders` list may name.
    pub const MAX_SIGNED_HEADERS: usize = 64;
    /// The longest V3 `SignedHeaders` list, in bytes.
    pub const MAX_SIGNED_HEADERS_LEN: usize = 2048;

    /// A verifier allowing ±15 minutes of clock skew.
    pub fn new() -> Self {
        Verifier {
            max_skew: Duration::from_secs(15 * 60),
        }
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
        if parts.headers.contains_key(AUTHORIZATION) {
            return self.verify_v3(parts, body, lookup, now);
        }
        let query = decode_query(parts.uri.query().unwrap_or(""));
        if query.iter().any(|(k, _)| k == "Signature") {
            return self.verify_v1(parts, query, body, lookup, now);
        }
        Err(VerifyError::MissingAuthorization)
    }

    fn check_time(&self, raw: &str, now: SystemTime) -> Result<SystemTime, VerifyError> {
        let ts =
            parse_timestamp(raw).ok_or_else(|| VerifyError::MalformedTimestamp(raw.to_owned()))?;
        let skew = match now.duration_since(ts) {
            Ok(d) => d,
            Err(e) => e.duration(),
        };
        if skew > self.max_skew {
            return Err(VerifyError::TimestampExpired { timestamp: ts, now });
        }
        Ok(ts)
    }
}

fn malformed(reason: &str) -> VerifyError {
    VerifyError::MalformedAuthorization {
        reason: reason.to_owned(),
    }
}

/// The nonce as sent: its raw bytes must be visible ASCII, so two different nonces never read
/// as the same text.
fn nonce_text(raw: &[u8]) -> Result<String, VerifyError> {
    if raw.is_empty() || !raw.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return Err(VerifyError::InvalidNonce);
    }
    Ok(String::from_utf8_lossy(raw).into_owned())
}

/// The form body's parameters, when the request says it has one.
fn form_params(parts: &Parts, body: &[u8]) -> Vec<(String, String)> {
    let is_form = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with(FORM_CONTENT_TYPE));
    if is_form && !body.is_empty() {
        decode_query(&String::from_utf8_lossy(body))
    } else {
        Vec::new()
    }
}

/// The request must carry exactly the token the lookup expects (or none when none is expected).
fn check_token(creds: &Credentials, got: Option<&[u8]>, trim: bool) -> Result<(), VerifyError> {
    match (creds.security_token(), got) {
        (None, None) => Ok(()),
        (Some(want), Some(got)) => {
            let want = want.expose_secret().as_bytes();
            let want = if trim { want.trim_ascii() } else { want };
            if bool::from(want.ct_eq(got)) {
                Ok(())
            } else {
                Err(VerifyError::SecurityTokenMismatch)
            }
        }
        _ => Err(VerifyError::SecurityTokenMismatch),
    }
}
