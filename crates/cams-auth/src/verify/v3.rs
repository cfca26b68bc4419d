//! V3 (`ACS3-HMAC-SHA256`) verification.

use std::time::SystemTime;

use http::HeaderMap;
use http::header::{AUTHORIZATION, HOST, HeaderName, HeaderValue};
use http::request::Parts;
use subtle::ConstantTimeEq;

use super::{Verifier, check_token, form_params, malformed, nonce_text};
use crate::canonical::{ALGORITHM_V3, CanonicalRequest, header_text, sha256_hex};
use crate::encode::decode_query;
use crate::v3::{
    X_ACS_ACTION, X_ACS_CONTENT_SHA256, X_ACS_DATE, X_ACS_SECURITY_TOKEN, X_ACS_SIGNATURE_NONCE,
    X_ACS_VERSION,
};
use crate::{Scheme, SecretLookup, SignedHeadersError, SigningError, Verified, VerifyError};

/// The three fields of a V3 `Authorization` value.
struct Authorization<'a> {
    credential: &'a str,
    signed_headers: &'a str,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    fn parse(value: &'a str) -> Result<Self, VerifyError> {
        let (algorithm, rest) = value
            .split_once(' ')
            .ok_or_else(|| malformed("no algorithm"))?;
        if algorithm != ALGORITHM_V3 {
            return Err(VerifyError::UnsupportedAlgorithm(algorithm.to_owned()));
        }
        let (mut credential, mut signed_headers, mut signature) = (None, None, None);
        for field in rest.split(',') {
            let (k, v) = field
                .trim()
                .split_once('=')
                .ok_or_else(|| malformed("field without '='"))?;
            let slot = match k {
                "Credential" => &mut credential,
                "SignedHeaders" => &mut signed_headers,
                "Signature" => &mut signature,
                _ => return Err(malformed(&format!("unknown field {k}"))),
            };
            if slot.replace(v).is_some() {
                return Err(malformed(&format!("field {k} appears twice")));
            }
        }
        let credential = credential
            .filter(|s| !s.is_empty())
            .ok_or_else(|| malformed("no Credential"))?;
        let signature = signature
            .filter(|s| s.len() == 64)
            .ok_or_else(|| malformed("no Signature of 64 hex digits"))?;
        Ok(Authorization {
            credential,
            signed_headers: signed_headers.unwrap_or_default(),
            signature,
        })
    }
}

/// The names of a `SignedHeaders` list: within the limits, lower-case, strictly increasing.
fn signed_header_names(list: &str) -> Result<Vec<&str>, SignedHeadersError> {
    if list.is_empty() {
        return Err(SignedHeadersError::Empty);
    }
    let max = Verifier::MAX_SIGNED_HEADERS_LEN;
    if list.len() > max {
        return Err(SignedHeadersError::TooLong {
            len: list.len(),
            max,
        });
    }
    let mut names: Vec<&str> = Vec::new();
    for name in list.split(';') {
        if names.len() == Verifier::MAX_SIGNED_HEADERS {
            let max = Verifier::MAX_SIGNED_HEADERS;
            return Err(SignedHeadersError::TooMany { max });
        }
        if name.is_empty() {
            return Err(SignedHeadersError::EmptyName);
        }
        let lower_case = HeaderName::from_bytes(name.as_bytes()).is_ok_and(|n| n.as_str() == name);
        if !lower_case {
            let name = name.to_owned();
            return Err(SignedHeadersError::InvalidName { name });
        }
        if let Some(&previous) = names.last() {
            match previous.cmp(name) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => {
                    let name = name.to_owned();
                    return Err(SignedHeadersError::Duplicate { name });
                }
                std::cmp::Ordering::Greater => {
                    let (name, previous) = (name.to_owned(), previous.to_owned());
                    return Err(SignedHeadersError::Unsorted { name, previous });
                }
            }
        }
        names.push(name);
    }
    Ok(names)
}

/// The one value of a header that must not repeat.
fn single<'h>(h: &'h HeaderMap, name: &HeaderName) -> Result<&'h HeaderValue, VerifyError> {
    let mut values = h.get_all(name).iter();
    let first = values
        .next()
        .ok_or_else(|| VerifyError::MissingHeader { name: name.clone() })?;
    if values.next().is_some() {
        return Err(VerifyError::RepeatedHeader { name: name.clone() });
    }
    Ok(first)
}

/// A single header's value as text (UTF-8, trimmed).
fn text<'h>(h: &'h HeaderMap, name: &HeaderName) -> Result<&'h str, VerifyError> {
    header_text(name.as_str(), single(h, name)?.as_bytes())
        .map_err(|_| VerifyError::InvalidHeaderValue { name: name.clone() })
}

fn is_lower_hex_digest(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl Verifier {
    pub(super) fn verify_v3(
        &self,
        parts: &Parts,
        body: &[u8],
        lookup: &dyn SecretLookup,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        let h = &parts.headers;
        let auth = single(h, &AUTHORIZATION)?
            .to_str()
            .map_err(|_| malformed("authorization is not visible ASCII"))?;
        let auth = Authorization::parse(auth)?;
        let names = signed_header_names(auth.signed_headers)?;
        for required in [
            &HOST,
            &X_ACS_DATE,
            &X_ACS_SIGNATURE_NONCE,
            &X_ACS_CONTENT_SHA256,
        ] {
            single(h, required)?;
        }
        for name in h.keys() {
            let n = name.as_str();
            if n == "host" || n.starts_with("x-acs-") {
                single(h, name)?;
                if names.binary_search(&n).is_err() {
                    let name = n.to_owned();
                    return Err(SignedHeadersError::Unsigned { name }.into());
                }
            }
        }
        if let Some(name) = names.iter().find(|n| !h.contains_key(**n)) {
            let name = (*name).to_owned();
            return Err(SignedHeadersError::Absent { name }.into());
        }
        let creds = lookup
            .lookup(auth.credential)
            .ok_or_else(|| VerifyError::UnknownAccessKeyId(auth.credential.to_owned()))?;
        // HTTP drops surrounding whitespace of header values, so compare the trimmed token.
        let token = h
            .get(&X_ACS_SECURITY_TOKEN)
            .map(|v| v.as_bytes().trim_ascii());
        check_token(&creds, token, true)?;
        let timestamp = self.check_time(text(h, &X_ACS_DATE)?, now)?;
        let nonce = nonce_text(single(h, &X_ACS_SIGNATURE_NONCE)?.as_bytes())?;
        let content_sha = text(h, &X_ACS_CONTENT_SHA256)?;
        if !is_lower_hex_digest(content_sha) {
            let name = X_ACS_CONTENT_SHA256;
            return Err(VerifyError::InvalidHeaderValue { name });
        }

        // Hashing starts here: the body once, then the canonical request once.
        if content_sha != sha256_hex(body).as_str() {
            return Err(VerifyError::ContentHashMismatch);
        }
        let canonical =
            CanonicalRequest::of_headers(parts, &names, content_sha).map_err(|e| match e {
                SigningError::InvalidHeaderValue { name } => HeaderName::try_from(name)
                    .map_or_else(
                        |_| malformed("a signed header value is not UTF-8"),
                        |name| VerifyError::InvalidHeaderValue { name },
                    ),
                other => malformed(&other.to_string()),
            })?;
        let string_to_sign = canonical.string_to_sign();
        let expected = string_to_sign.signature(&creds);
        if !bool::from(
            expected
                .as_str()
                .as_bytes()
                .ct_eq(auth.signature.as_bytes()),
        ) {
            let string_to_sign = string_to_sign.to_string();
            return Err(VerifyError::SignatureMismatch { string_to_sign });
        }
        let mut params = decode_query(parts.uri.query().unwrap_or(""));
        params.extend(form_params(parts, body));
        let owned = |n: &HeaderName| text(h, n).ok().map(str::to_owned);
        Ok(Verified {
            scheme: Scheme::V3,
            access_key_id: auth.credential.to_owned(),
            nonce,
            timestamp,
            action: owned(&X_ACS_ACTION),
            version: owned(&X_ACS_VERSION),
            params,
        })
    }
}
