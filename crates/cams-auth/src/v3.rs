//! ACS3-HMAC-SHA256 ("V3") request signing (spec §5).

use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderName, HeaderValue};
use http::request::Parts;

use crate::canonical::{ALGORITHM_V3, CanonicalRequest, header_text};
use crate::params::EMPTY_BODY_SHA256;
use crate::{ExposeSecret, SigningError, SigningParams, format_timestamp};

/// `x-acs-date`.
pub const X_ACS_DATE: HeaderName = HeaderName::from_static("x-acs-date");
/// `x-acs-signature-nonce`.
pub const X_ACS_SIGNATURE_NONCE: HeaderName = HeaderName::from_static("x-acs-signature-nonce");
/// `x-acs-content-sha256`.
pub const X_ACS_CONTENT_SHA256: HeaderName = HeaderName::from_static("x-acs-content-sha256");
/// `x-acs-accesskey-id` (sent with STS credentials).
pub const X_ACS_ACCESSKEY_ID: HeaderName = HeaderName::from_static("x-acs-accesskey-id");
/// `x-acs-security-token` (sent with STS credentials).
pub const X_ACS_SECURITY_TOKEN: HeaderName = HeaderName::from_static("x-acs-security-token");
/// `x-acs-action`.
pub const X_ACS_ACTION: HeaderName = HeaderName::from_static("x-acs-action");
/// `x-acs-version`.
pub const X_ACS_VERSION: HeaderName = HeaderName::from_static("x-acs-version");

/// The `content-type` of a form body.
pub(crate) const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Signs requests with ACS3-HMAC-SHA256.
///
/// A pure function over `http` types: it reads no clock and no RNG (both come in
/// [`SigningParams`]).
#[derive(Debug, Clone, Default)]
pub struct SignerV3;

impl SignerV3 {
    /// A signer.
    pub fn new() -> Self {
        SignerV3
    }

    /// Sets `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256` and, with a security
    /// token, `x-acs-accesskey-id` and `x-acs-security-token` (and `content-type` for a form
    /// body, when absent); then signs `host`, every `x-acs-*` header and `content-type` when
    /// present, and sets `authorization`.
    ///
    /// The query is read from `parts.uri` and canonicalized (decoded form-style, re-encoded,
    /// sorted); an already canonical query is used as is. The `host` header must be set. On an
    /// error the request is left as it was.
    pub fn sign(&self, parts: &mut Parts, params: &SigningParams<'_>) -> Result<(), SigningError> {
        sign(parts, params, None)
    }

    /// Like [`sign`](Self::sign), but signs exactly the given lower-case header names, each of
    /// which must be present once the signer's own headers are set. Reproduces other SDKs'
    /// signatures (the Python SDK also signs `accept`, `user-agent` and
    /// `x-acs-credentials-provider`).
    pub fn sign_with_headers(
        &self,
        parts: &mut Parts,
        params: &SigningParams<'_>,
        signed_headers: &[&str],
    ) -> Result<(), SigningError> {
        sign(parts, params, Some(signed_headers))
    }
}

fn sign(
    parts: &mut Parts,
    params: &SigningParams<'_>,
    names: Option<&[&str]>,
) -> Result<(), SigningError> {
    let credentials = params.credentials;
    // Every value is made and every check done before the map changes: an error leaves the
    // request as it was.
    let date = value(&X_ACS_DATE, format_timestamp(params.time).as_str())?;
    let nonce = value(&X_ACS_SIGNATURE_NONCE, params.nonce)?;
    let hash = match params.payload_sha256() {
        EMPTY_BODY_SHA256 => HeaderValue::from_static(EMPTY_BODY_SHA256),
        other => value(&X_ACS_CONTENT_SHA256, other)?,
    };
    let sts = match credentials.security_token() {
        Some(token) => {
            let id = value(&X_ACS_ACCESSKEY_ID, credentials.access_key_id())?;
            let mut token = value(&X_ACS_SECURITY_TOKEN, token.expose_secret())?;
            token.set_sensitive(true);
            Some((id, token))
        }
        None => None,
    };
    if !credentials.access_key_id_fits_header() {
        return Err(invalid(&AUTHORIZATION));
    }
    if !parts.headers.contains_key(HOST) {
        return Err(SigningError::MissingHost);
    }
    check_signable(parts, names)?;
    let h = &mut parts.headers;
    h.insert(X_ACS_DATE, date);
    h.insert(X_ACS_SIGNATURE_NONCE, nonce);
    h.insert(X_ACS_CONTENT_SHA256, hash);
    if let Some((id, token)) = sts {
        h.insert(X_ACS_ACCESSKEY_ID, id);
        h.insert(X_ACS_SECURITY_TOKEN, token);
    }
    if params.form_body.is_some() && !h.contains_key(CONTENT_TYPE) {
        h.insert(CONTENT_TYPE, HeaderValue::from_static(FORM_CONTENT_TYPE));
    }
    let auth = authorization(parts, params, names)?;
    parts.headers.insert(AUTHORIZATION, auth);
    Ok(())
}

/// Refuses, before the request changes, what would make the canonical request fail: a listed
/// header that is absent and not one the signer sets, a signed value that is not UTF-8.
fn check_signable(parts: &Parts, names: Option<&[&str]>) -> Result<(), SigningError> {
    const SET_BY_SIGNER: [&str; 6] = [
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
        "x-acs-accesskey-id",
        "x-acs-security-token",
        "content-type",
    ];
    let listed = |n: &str| match names {
        None => n == "host" || n == "content-type" || n.starts_with("x-acs-"),
        Some(names) => names.contains(&n),
    };
    for (name, value) in &parts.headers {
        if listed(name.as_str()) {
            header_text(name.as_str(), value.as_bytes())?;
        }
    }
    for name in names.unwrap_or_default() {
        if !parts.headers.contains_key(*name) && !SET_BY_SIGNER.contains(name) {
            return Err(SigningError::MissingSignedHeader {
                name: (*name).to_owned(),
            });
        }
    }
    Ok(())
}

/// The `authorization` value of a request whose signer-set headers are in place.
fn authorization(
    parts: &Parts,
    params: &SigningParams<'_>,
    names: Option<&[&str]>,
) -> Result<HeaderValue, SigningError> {
    let credentials = params.credentials;
    let payload = params.payload_sha256();
    let canonical = match names {
        None => CanonicalRequest::of_default_headers(parts, payload)?,
        Some(names) => CanonicalRequest::of_headers(parts, names, payload)?,
    };
    let signature = canonical.string_to_sign().signature(credentials);
    let id = credentials.access_key_id();
    let mut auth = String::with_capacity(ALGORITHM_V3.len() + id.len() + 128 + 16 * 12);
    auth.push_str(ALGORITHM_V3);
    auth.push_str(" Credential=");
    auth.push_str(id);
    auth.push_str(",SignedHeaders=");
    // Writing into a `String` cannot fail.
    let _ = canonical.write_signed_headers(&mut auth);
    auth.push_str(",Signature=");
    auth.push_str(signature.as_str());
    // `Bytes` takes a buffer without spare room as it is; shrinking is an in-place `realloc`.
    auth.shrink_to_fit();
    HeaderValue::try_from(auth).map_err(|_| invalid(&AUTHORIZATION))
}

fn value(name: &HeaderName, v: &str) -> Result<HeaderValue, SigningError> {
    HeaderValue::from_str(v).map_err(|_| invalid(name))
}

fn invalid(name: &HeaderName) -> SigningError {
    SigningError::InvalidHeaderValue {
        name: name.as_str().to_owned(),
    }
}
