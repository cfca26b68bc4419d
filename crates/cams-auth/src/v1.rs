//! Legacy RPC signature: HMAC-SHA1, `SignatureVersion=1.0` (spec §6).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::Mac;
use http::request::Parts;
use http::uri::{PathAndQuery, Uri};
use std::time::SystemTime;

use crate::encode::{canonical_query, decode_query, percent_encode};
use crate::{Credentials, ExposeSecret, SigningError, format_timestamp};

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
    /// parameter already there is replaced), adds `Action`, `Format=json`, `Version`, `Timestamp`,
    /// `SignatureNonce`, `SecurityToken` (STS only), `SignatureMethod=HMAC-SHA1`,
    /// `SignatureVersion=1.0` and `AccessKeyId`, signs them with `parts.method` and rewrites the URI
    /// query to the canonical query followed by `&Signature=<percent-encoded base64>`.
    pub fn sign(
        &self,
        parts: &mut Parts,
        action: &str,
        version: &str,
        credentials: &Credentials,
        time: SystemTime,
        nonce: &str,
    ) -> Result<(), SigningError> {
        self.sign_inner(parts, None, action, version, credentials, time, nonce)
    }

    /// Like [`sign`](Self::sign), for a request whose body is `application/x-www-form-urlencoded`:
    /// the body parameters are signed too but stay in the body.
    #[allow(clippy::too_many_arguments)]
    pub fn sign_with_form_body(
        &self,
        parts: &mut Parts,
        form_body: &[u8],
        action: &str,
        version: &str,
        credentials: &Credentials,
        time: SystemTime,
        nonce: &str,
    ) -> Result<(), SigningError> {
        self.sign_inner(
            parts,
            Some(form_body),
            action,
            version,
            credentials,
            time,
            nonce,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn sign_inner(
        &self,
        parts: &mut Parts,
        form_body: Option<&[u8]>,
        action: &str,
        version: &str,
        credentials: &Credentials,
        time: SystemTime,
        nonce: &str,
    ) -> Result<(), SigningError> {
        let business = decode_query(parts.uri.query().unwrap_or(""));
        let ts = format_timestamp(time);
        let mut params: Vec<(&str, &str)> = business
            .iter()
            .filter(|(k, _)| !V1_COMMON_PARAMS.contains(&k.as_str()))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        params.extend([
            ("Action", action),
            ("Format", "json"),
            ("Version", version),
            ("Timestamp", ts.as_str()),
            ("SignatureNonce", nonce),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureVersion", "1.0"),
            ("AccessKeyId", credentials.access_key_id()),
        ]);
        if let Some(token) = credentials.security_token() {
            params.push(("SecurityToken", token.expose_secret()));
        }
        let query = canonical_query(params.iter().copied());
        let body_params = form_body.map(|b| decode_query(&String::from_utf8_lossy(b)));
        let signed = match &body_params {
            Some(bp) => canonical_query(
                params
                    .iter()
                    .copied()
                    .chain(bp.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
            ),
            None => String::new(),
        };
        let signed = if body_params.is_some() {
            signed.as_str()
        } else {
            query.as_str()
        };
        let signature = signature_of(parts.method.as_str(), signed, credentials);

        let path = crate::v3::path_of(parts);
        let mut pq = String::with_capacity(path.len() + query.len() + 48);
        pq.push_str(path);
        pq.push('?');
        pq.push_str(&query);
        pq.push_str("&Signature=");
        pq.extend(percent_encode(&signature));
        let mut uri_parts = std::mem::take(&mut parts.uri).into_parts();
        uri_parts.path_and_query = Some(
            PathAndQuery::from_maybe_shared(pq)
                .map_err(|e| SigningError::InvalidUri(e.to_string()))?,
        );
        parts.uri =
            Uri::from_parts(uri_parts).map_err(|e| SigningError::InvalidUri(e.to_string()))?;
        Ok(())
    }

    /// `METHOD&%2F&percent-encode(canonical query of params)`.
    pub fn string_to_sign(method: &str, params: &[(&str, &str)]) -> String {
        let canonical = canonical_query(params.iter().copied());
        let mut out = String::with_capacity(method.len() + 5 + canonical.len() * 3 / 2);
        out.push_str(method);
        out.push_str("&%2F&");
        out.extend(percent_encode(&canonical));
        out
    }

    /// Base64 HMAC-SHA1 of `string_to_sign` keyed with `secret + "&"`.
    pub fn signature(string_to_sign: &str, credentials: &Credentials) -> String {
        let mut mac = credentials.hmac_sha1();
        mac.update(string_to_sign.as_bytes());
        BASE64.encode(mac.finalize().into_bytes())
    }
}

/// Signature over an already canonical query, streaming the string to sign into the HMAC.
pub(crate) fn signature_of(method: &str, canonical: &str, credentials: &Credentials) -> String {
    let mut mac = credentials.hmac_sha1();
    mac.update(method.as_bytes());
    mac.update(b"&%2F&");
    for chunk in percent_encode(canonical) {
        mac.update(chunk.as_bytes());
    }
    BASE64.encode(mac.finalize().into_bytes())
}

/// The string to sign for an already canonical query.
pub(crate) fn string_to_sign_of(method: &str, canonical: &str) -> String {
    let mut out = format!("{method}&%2F&");
    out.extend(percent_encode(canonical));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn fixed_vector_with_page() {
        let (mut p, ()) = http::Request::post(
            "https://cams.ap-southeast-1.aliyuncs.com/?BusinessNumber=8613800001234&ChannelType=WHATSAPP&CustSpaceId=cams-k1234567&GroupId=EA9391234&Page=%7B%22Index%22%3A1%2C%22Size%22%3A20%7D",
        )
        .body(())
        .unwrap()
        .into_parts();
        let creds = Credentials::new("testAccessKeyId", "testAccessKeySecret");
        let t = UNIX_EPOCH + Duration::from_secs(1_741_944_413);
        SignerV1::new()
            .sign(
                &mut p,
                "ListChatGroupParticipants",
                "2020-06-06",
                &creds,
                t,
                "3d5a4ad1c7e64f2b9a0e1f2c3b4d5e6f",
            )
            .unwrap();
        assert!(
            p.uri
                .query()
                .unwrap()
                .ends_with("&Signature=ZMYtD1a2G9n1nvkTsdpJzwl%2FlgU%3D"),
            "{}",
            p.uri
        );
        assert_eq!(p.uri.host(), Some("cams.ap-southeast-1.aliyuncs.com"));
        assert!(!format!("{:?}", SignerV1::new()).contains("Secret"));
    }
}
