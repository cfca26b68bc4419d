//! Legacy RPC signature: HMAC-SHA1, `SignatureVersion=1.0` (spec §6).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::Mac;
use http::HeaderName;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::request::Parts;
use http::uri::{PathAndQuery, Uri};

use crate::canonical::path_of;
use crate::encode::{canonical_query, decode_query, percent_encode};
use crate::v3::{FORM_CONTENT_TYPE, X_ACS_ACTION, X_ACS_VERSION};
use crate::{Credentials, ExposeSecret, SigningError, SigningParams, format_timestamp};

/// Parameters the V1 scheme adds itself; they are never business parameters.
pub const V1_COMMON_PARAMS: [&str; 10] = [
    "Action",
    "Format",
    "Version",
    "Timestamp",
    "SignatureNonce",
    "SignatureMethod",
    "SignatureVersion",
    "AccessKeyId",
    "SecurityToken",
    "Signature",
];

/// Signs requests with the legacy RPC HMAC-SHA1 scheme (`SignatureVersion=1.0`, `Format=json`).
#[derive(Debug, Clone, Default)]
pub struct SignerV1;

impl SignerV1 {
    /// A signer.
    pub fn new() -> Self {
        SignerV1
    }

    /// Reads the business parameters from `parts.uri`'s query (decoded form-style; any common
    /// parameter already there is replaced) and the action and version from the `x-acs-action`
    /// and `x-acs-version` headers (which the official SDKs send in both schemes); adds `Action`,
    /// `Format=json`, `Version`, `Timestamp`, `SignatureNonce`, `SecurityToken` (STS only),
    /// `SignatureMethod=HMAC-SHA1`, `SignatureVersion=1.0` and `AccessKeyId`; signs them (with
    /// the parameters of a form body, which stay in the body) and rewrites the URI query to the
    /// canonical query followed by `&Signature=<percent-encoded base64>`.
    pub fn sign(&self, parts: &mut Parts, params: &SigningParams<'_>) -> Result<(), SigningError> {
        let credentials = params.credentials;
        let action = header(parts, &X_ACS_ACTION)?;
        let version = header(parts, &X_ACS_VERSION)?;
        let business = decode_query(parts.uri.query().unwrap_or(""));
        let body = params
            .form_body
            .map(|b| decode_query(&String::from_utf8_lossy(b)));
        let ts = format_timestamp(params.time);
        let mut signed: Vec<(&str, &str)> = business
            .iter()
            .filter(|(k, _)| !V1_COMMON_PARAMS.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        signed.extend([
            ("Action", action),
            ("Format", "json"),
            ("Version", version),
            ("Timestamp", ts.as_str()),
            ("SignatureNonce", params.nonce),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("AccessKeyId", credentials.access_key_id()),
        ]);
        if let Some(token) = credentials.security_token() {
            signed.push(("SecurityToken", token.expose_secret()));
        }
        let query = canonical_query(signed.iter().copied());
        let signature = match &body {
            None => signature_of(parts.method.as_str(), &query, credentials),
            Some(body) => {
                let all = signed
                    .iter()
                    .copied()
                    .chain(body.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                signature_of(parts.method.as_str(), &canonical_query(all), credentials)
            }
        };

        let path = path_of(parts);
        let mut pq = String::with_capacity(path.len() + query.len() + 48);
        pq.push_str(path);
        pq.push('?');
        pq.push_str(&query);
        pq.push_str("&Signature=");
        pq.extend(percent_encode(&signature));
        let invalid_uri = |e: http::Error| SigningError::InvalidUri(e.to_string());
        let pq = PathAndQuery::from_maybe_shared(pq).map_err(|e| invalid_uri(e.into()))?;
        let mut uri_parts = parts.uri.clone().into_parts();
        uri_parts.path_and_query = Some(pq);
        let uri = Uri::from_parts(uri_parts).map_err(|e| invalid_uri(e.into()))?;
        parts.uri = uri;
        if params.form_body.is_some() && !parts.headers.contains_key(CONTENT_TYPE) {
            let form = HeaderValue::from_static(FORM_CONTENT_TYPE);
            parts.headers.insert(CONTENT_TYPE, form);
        }
        Ok(())
    }
}

fn header<'p>(parts: &'p Parts, name: &HeaderName) -> Result<&'p str, SigningError> {
    let missing = || SigningError::MissingHeader { name: name.clone() };
    let value = parts.headers.get(name).ok_or_else(missing)?;
    value
        .to_str()
        .map_err(|_| SigningError::InvalidHeaderValue {
            name: name.as_str().to_owned(),
        })
}

/// `METHOD&%2F&percent-encode(canonical)`: the V1 string to sign of an already canonical query.
pub(crate) fn string_to_sign_of(method: &str, canonical: &str) -> String {
    let mut out = format!("{method}&%2F&");
    out.extend(percent_encode(canonical));
    out
}

/// Base64 HMAC-SHA1 (keyed with `secret + "&"`) of the string to sign of a canonical query,
/// streamed into the MAC.
pub(crate) fn signature_of(method: &str, canonical: &str, credentials: &Credentials) -> String {
    let mut mac = credentials.hmac_sha1();
    mac.update(method.as_bytes());
    mac.update(b"&%2F&");
    for chunk in percent_encode(canonical) {
        mac.update(chunk.as_bytes());
    }
    BASE64.encode(mac.finalize().into_bytes())
}
