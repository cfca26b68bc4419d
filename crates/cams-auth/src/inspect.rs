//! What a signature covers, for debugging a `SignatureDoesNotMatch`, and the crypto primitives
//! benchmarks and emulators compare against.
//!
//! The texts returned here are exact, so the V3 canonical request of an STS request holds its
//! security token: print them while debugging, never log them. [`CanonicalRequest`]'s own
//! `Display` redacts the token and is what the signer traces (at `trace` level).
//!
//! ```
//! let (parts, ()) = http::Request::post("https://cams.example/?b=2&a=1")
//!     .header("host", "cams.example")
//!     .body(())
//!     .unwrap()
//!     .into_parts();
//! let text = cams_auth::inspect::canonical_request(&parts, &["host"], cams_auth::EMPTY_BODY_SHA256)?;
//! assert!(text.starts_with("POST\n/\na=1&b=2\nhost:cams.example\n\nhost\n"));
//! let sts = cams_auth::inspect::string_to_sign(&text);
//! assert!(sts.starts_with("ACS3-HMAC-SHA256\n"));
//! # Ok::<(), cams_auth::SigningError>(())
//! ```

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::Mac;
use http::request::Parts;

pub use crate::canonical::CanonicalRequest;
use crate::canonical::{ALGORITHM_V3, hashed, sha256_hex};
use crate::encode::{canonical_query, hex_lower};
use crate::{Credentials, SigningError};

/// The V3 canonical request over `signed_headers` (lower-case; sorted here), exactly as hashed.
pub fn canonical_request(
    parts: &Parts,
    signed_headers: &[&str],
    payload_sha256: &str,
) -> Result<String, SigningError> {
    Ok(CanonicalRequest::of_headers(parts, signed_headers, payload_sha256)?.to_exact_string())
}

/// `ACS3-HMAC-SHA256\n` + lower-case hex SHA-256 of a canonical request's text.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!(
        "{ALGORITHM_V3}\n{}",
        sha256_hex(canonical_request.as_bytes()).as_str()
    )
}

/// Lower-case hex HMAC-SHA256 of a V3 string to sign, keyed with the AccessKey secret.
pub fn v3_signature(string_to_sign: &str, credentials: &Credentials) -> String {
    hex_lower::<64>(&hmac_sha256(credentials, string_to_sign.as_bytes()))
        .as_str()
        .to_owned()
}

/// The V1 string to sign of `params` (every parameter but `Signature`):
/// `METHOD&%2F&percent-encode(canonical query)`.
pub fn v1_string_to_sign(method: &str, params: &[(&str, &str)]) -> String {
    crate::v1::string_to_sign_of(method, &canonical_query(params.iter().copied()))
}

/// Base64 HMAC-SHA1 of a V1 string to sign, keyed with `secret + "&"`.
pub fn v1_signature(string_to_sign: &str, credentials: &Credentials) -> String {
    let mut mac = credentials.hmac_sha1();
    mac.update(string_to_sign.as_bytes());
    BASE64.encode(mac.finalize().into_bytes())
}

/// SHA-256 of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    hashed(data)
}

/// HMAC-SHA256 of `message` with the key prepared in `credentials` (the signer's keyed state).
pub fn hmac_sha256(credentials: &Credentials, message: &[u8]) -> [u8; 32] {
    let mut mac = credentials.hmac_sha256();
    mac.update(message);
    mac.finalize().into_bytes().into()
}
