//! Legacy RPC (`HMAC-SHA1`, `SignatureVersion=1.0`) verification.

use std::time::SystemTime;

use http::request::Parts;
use subtle::ConstantTimeEq;

use super::{Verifier, check_token, form_params, malformed, nonce_text};
use crate::encode::canonical_query;
use crate::v1::{V1_COMMON_PARAMS, signature_of, string_to_sign_of};
use crate::{Scheme, SecretLookup, Verified, VerifyError};

impl Verifier {
    pub(super) fn verify_v1(
        &self,
        parts: &Parts,
        mut params: Vec<(String, String)>,
        body: &[u8],
        lookup: &dyn SecretLookup,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        params.extend(form_params(parts, body));
        // A common parameter given twice could be read either way by another reader.
        for common in V1_COMMON_PARAMS {
            if params.iter().filter(|(k, _)| k == common).count() > 1 {
                return Err(malformed(&format!("parameter {common} appears twice")));
            }
        }
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let require = |name: &'static str| get(name).ok_or(VerifyError::MissingParameter(name));
        let signature = require("Signature")?;
        let method = require("SignatureMethod")?;
        if method != "HMAC-SHA1" {
            return Err(VerifyError::UnsupportedAlgorithm(method.to_owned()));
        }
        let version = require("SignatureVersion")?;
        if version != "1.0" {
            return Err(VerifyError::UnsupportedAlgorithm(format!(
                "SignatureVersion {version}"
            )));
        }
        let id = require("AccessKeyId")?;
        let nonce = require("SignatureNonce")?;
        let ts = require("Timestamp")?;
        let creds = lookup
            .lookup(id)
            .ok_or_else(|| VerifyError::UnknownAccessKeyId(id.to_owned()))?;
        check_token(&creds, get("SecurityToken").map(str::as_bytes), false)?;
        let timestamp = self.check_time(ts, now)?;
        let nonce = nonce_text(nonce.as_bytes())?;

        let signed = || {
            params
                .iter()
                .filter(|(k, _)| k != "Signature")
                .map(|(k, v)| (k.as_str(), v.as_str()))
        };
        let expected = signature_of(parts.method.as_str(), &canonical_query(signed()), &creds);
        if !bool::from(expected.as_bytes().ct_eq(signature.as_bytes())) {
            // Like the gateway, report the string to sign, but never echo the security token.
            let redacted = canonical_query(signed().map(|(k, v)| {
                if k == "SecurityToken" {
                    (k, "<redacted>")
                } else {
                    (k, v)
                }
            }));
            return Err(VerifyError::SignatureMismatch {
                string_to_sign: string_to_sign_of(parts.method.as_str(), &redacted),
            });
        }
        Ok(Verified {
            scheme: Scheme::V1,
            access_key_id: id.to_owned(),
            nonce,
            timestamp,
            action: get("Action").map(str::to_owned),
            version: get("Version").map(str::to_owned),
            params: params
                .iter()
                .filter(|(k, _)| !V1_COMMON_PARAMS.contains(&k.as_str()))
                .cloned()
                .collect(),
        })
    }
}
