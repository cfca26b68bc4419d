//! The MNS (SMQ) request signature: `Authorization: MNS <AccessKeyId>:<Signature>`.
//!
//! `Signature = base64(HMAC-SHA1(secret, VERB \n Content-MD5 \n Content-Type \n Date \n
//! <x-mns-* headers, lower-case, sorted, "name:value\n" each> <resource>))`, where the resource
//! is the request path with its query as sent. The HMAC key is the secret itself (no `&`, unlike
//! the RPC signature). The STS token travels in `security-token`, which is not signed.

use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use http::header::{AUTHORIZATION, CONTENT_TYPE, DATE, HeaderName, HeaderValue};
use http::request::Parts;
use sha1::Sha1;
use subtle::ConstantTimeEq;

use crate::{Credentials, ExposeSecret, SigningError};

/// The MNS API version every request names.
pub const MNS_API_VERSION: &str = "2015-06-06";
/// The header naming the MNS API version.
pub static X_MNS_VERSION: HeaderName = HeaderName::from_static("x-mns-version");
/// The header carrying an STS security token (not signed: it does not start with `x-mns-`).
pub static MNS_SECURITY_TOKEN: HeaderName = HeaderName::from_static("security-token");
static CONTENT_MD5: HeaderName = HeaderName::from_static("content-md5");

/// Signs MNS requests.
///
/// ```
/// use cams_auth::{Credentials, SignerMns};
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let (mut parts, ()) = http::Request::get("http://queue.example/queues/q/messages?waitseconds=1")
///     .body(())
///     .unwrap()
///     .into_parts();
/// let credentials = Credentials::new("STS.id", "secret").with_security_token("token");
/// SignerMns::new()
///     .sign(&mut parts, &credentials, UNIX_EPOCH + Duration::from_secs(1_700_000_000))
///     .unwrap();
/// assert!(parts.headers["authorization"].to_str().unwrap().starts_with("MNS STS.id:"));
/// assert_eq!(parts.headers["x-mns-version"], "2015-06-06");
/// assert_eq!(parts.headers["date"], "Tue, 14 Nov 2023 22:13:20 GMT");
/// ```
#[derive(Debug, Clone, Default)]
pub struct SignerMns;

impl SignerMns {
    /// A signer.
    pub fn new() -> Self {
        SignerMns
    }

    /// Sets `date` (from `time`, unless the request has one), `x-mns-version` (unless set),
    /// `security-token` (STS credentials only) and `authorization`.
    pub fn sign(
        &self,
        parts: &mut Parts,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<(), SigningError> {
        if !credentials.access_key_id_fits_header() {
            return Err(SigningError::InvalidHeaderValue {
                name: "authorization".to_owned(),
            });
        }
        let invalid = |name: &str| SigningError::InvalidHeaderValue {
            name: name.to_owned(),
        };
        let headers = &mut parts.headers;
        if !headers.contains_key(DATE) {
            let date = httpdate::fmt_http_date(time);
            headers.insert(
                DATE,
                HeaderValue::from_str(&date).map_err(|_| invalid("date"))?,
            );
        }
        if !headers.contains_key(&X_MNS_VERSION) {
            headers.insert(
                X_MNS_VERSION.clone(),
                HeaderValue::from_static(MNS_API_VERSION),
            );
        }
        if let Some(token) = credentials.security_token() {
            let mut value = HeaderValue::from_str(token.expose_secret())
                .map_err(|_| invalid("security-token"))?;
            value.set_sensitive(true);
            headers.insert(MNS_SECURITY_TOKEN.clone(), value);
        }
        let to_sign = string_to_sign(parts)?;
        let signature = signature(credentials.access_key_secret().expose_secret(), &to_sign);
        let mut value =
            HeaderValue::from_str(&format!("MNS {}:{signature}", credentials.access_key_id()))
                .map_err(|_| invalid("authorization"))?;
        value.set_sensitive(true);
        parts.headers.insert(AUTHORIZATION, value);
        Ok(())
    }
}

/// The string to sign of a request (its headers must be ASCII).
pub fn string_to_sign(parts: &Parts) -> Result<String, SigningError> {
    let get = |name: &HeaderName| -> Result<&str, SigningError> {
        match parts.headers.get(name) {
            None => Ok(""),
            Some(v) => v.to_str().map_err(|_| SigningError::InvalidHeaderValue {
                name: name.as_str().to_owned(),
            }),
        }
    };
    let mut out = String::with_capacity(256);
    out.push_str(parts.method.as_str());
    out.push('\n');
    out.push_str(get(&CONTENT_MD5)?);
    out.push('\n');
    out.push_str(get(&CONTENT_TYPE)?);
    out.push('\n');
    out.push_str(get(&DATE)?);
    out.push('\n');
    // `HeaderName`s are lower-case already; a repeated header is joined with `,`.
    let mut mns: Vec<(&str, String)> = Vec::new();
    for name in parts.headers.keys() {
        if name.as_str().starts_with("x-mns-") {
            let mut joined = String::new();
            for (i, v) in parts.headers.get_all(name).iter().enumerate() {
                if i > 0 {
                    joined.push(',');
                }
                joined.push_str(v.to_str().map_err(|_| SigningError::InvalidHeaderValue {
                    name: name.as_str().to_owned(),
                })?);
            }
            mns.push((name.as_str(), joined));
        }
    }
    mns.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (name, value) in mns {
        out.push_str(name);
        out.push(':');
        out.push_str(&value);
        out.push('\n');
    }
    out.push_str(
        parts
            .uri
            .path_and_query()
            .map_or("/", http::uri::PathAndQuery::as_str),
    );
    Ok(out)
}

/// `base64(HMAC-SHA1(secret, string_to_sign))`.
pub fn signature(secret: &str, string_to_sign: &str) -> String {
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| <Hmac<Sha1> as hmac::digest::KeyInit>::new(&Default::default()));
    mac.update(string_to_sign.as_bytes());
    BASE64.encode(mac.finalize().into_bytes())
}

/// Why an MNS request's signature was refused (for a server, such as the emulator).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MnsVerifyError {
    /// No `authorization` header, or not `MNS <id>:<signature>`.
    #[error("the authorization header is missing or not `MNS <AccessKeyId>:<Signature>`")]
    MalformedAuthorization,
    /// No `x-mns-version` header.
    #[error("the x-mns-version header is missing")]
    MissingVersion,
    /// No or an unreadable `date` header.
    #[error("the date header is missing or not an HTTP date")]
    InvalidDate,
    /// The date is further from the server's clock than allowed.
    #[error("the date is more than {max_skew:?} away from the server's clock")]
    Skew {
        /// The limit.
        max_skew: Duration,
    },
    /// The access key id is not known.
    #[error("the access key id is not known")]
    UnknownAccessKey,
    /// The signature does not match.
    #[error("the signature does not match")]
    SignatureMismatch,
}

/// Checks an MNS signature: `secret_of` gives the secret of an access key id (or `None`).
/// Returns the access key id. The caller checks the `security-token` itself.
pub fn verify(
    parts: &Parts,
    now: SystemTime,
    max_skew: Duration,
    secret_of: impl FnOnce(&str) -> Option<String>,
) -> Result<String, MnsVerifyError> {
    let auth = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or(MnsVerifyError::MalformedAuthorization)?;
    let (id, given) = auth
        .strip_prefix("MNS ")
        .and_then(|rest| rest.rsplit_once(':'))
        .filter(|(id, sig)| !id.is_empty() && !sig.is_empty())
        .ok_or(MnsVerifyError::MalformedAuthorization)?;
    if !parts.headers.contains_key(&X_MNS_VERSION) {
        return Err(MnsVerifyError::MissingVersion);
    }
    let date = parts
        .headers
        .get(DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|d| httpdate::parse_http_date(d).ok())
        .ok_or(MnsVerifyError::InvalidDate)?;
    let skew = now
        .duration_since(date)
        .or_else(|e| Ok::<_, ()>(e.duration()))
        .unwrap_or_default();
    if skew > max_skew {
        return Err(MnsVerifyError::Skew { max_skew });
    }
    let secret = secret_of(id).ok_or(MnsVerifyError::UnknownAccessKey)?;
    let to_sign = string_to_sign(parts).map_err(|_| MnsVerifyError::SignatureMismatch)?;
    let expected = signature(&secret, &to_sign);
    if bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
        Ok(id.to_owned())
    } else {
        Err(MnsVerifyError::SignatureMismatch)
    }
}
