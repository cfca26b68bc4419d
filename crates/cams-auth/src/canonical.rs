//! The V3 canonical request (spec §5.2): one value, one writer, used by the signer, the verifier
//! and [`inspect`](crate::inspect).

use std::borrow::Cow;
use std::fmt;

use hmac::Mac;
use http::HeaderMap;
use http::request::Parts;
use sha2::{Digest, Sha256};
use smallvec::SmallVec;

use crate::encode::{HexString, canonicalize_query, hex_lower};
use crate::{Credentials, SigningError};

/// The V3 algorithm name.
pub const ALGORITHM_V3: &str = "ACS3-HMAC-SHA256";

/// What the security token's value is written as when a canonical request is displayed.
const REDACTED: &str = "<redacted>";

/// The six lines a V3 signature covers: method, path, canonical query, the signed headers
/// (sorted by name, then value), the `SignedHeaders` list and the payload hash.
///
/// Its [`Display`](fmt::Display) is safe to log: the value of `x-acs-security-token` is written
/// as `<redacted>` (so a displayed STS request is not the exact text hashed; see
/// [`inspect::canonical_request`](crate::inspect::canonical_request) for that).
#[derive(Clone)]
pub struct CanonicalRequest<'a> {
    method: &'a str,
    path: &'a str,
    query: Cow<'a, str>,
    /// (lower-case name, trimmed value), sorted by name then value; a repeated name is one
    /// header whose values are joined with `,`.
    headers: SmallVec<[(&'a str, &'a str); 12]>,
    payload_sha256: &'a str,
}

impl<'a> CanonicalRequest<'a> {
    /// The canonical request over the headers a signer signs by default: `host`,
    /// `content-type` and every `x-acs-*` header present.
    pub(crate) fn of_default_headers(
        parts: &'a Parts,
        payload_sha256: &'a str,
    ) -> Result<Self, SigningError> {
        let mut headers = SmallVec::new();
        for (name, value) in &parts.headers {
            let n = name.as_str();
            if n == "host" || n == "content-type" || n.starts_with("x-acs-") {
                headers.push((n, header_text(n, value.as_bytes())?));
            }
        }
        Ok(Self::new(parts, headers, payload_sha256))
    }

    /// The canonical request over exactly `names` (lower-case; sorted here), each of which the
    /// request must carry.
    pub fn of_headers(
        parts: &'a Parts,
        names: &[&'a str],
        payload_sha256: &'a str,
    ) -> Result<Self, SigningError> {
        let mut headers = SmallVec::new();
        for &name in names {
            push_values(&mut headers, &parts.headers, name)?;
        }
        Ok(Self::new(parts, headers, payload_sha256))
    }

    fn new(
        parts: &'a Parts,
        mut headers: SmallVec<[(&'a str, &'a str); 12]>,
        payload_sha256: &'a str,
    ) -> Self {
        headers.sort_unstable();
        CanonicalRequest {
            method: parts.method.as_str(),
            path: path_of(parts),
            query: canonicalize_query(parts.uri.query().unwrap_or("")),
            headers,
            payload_sha256,
        }
    }

    /// The `SignedHeaders` list: the names joined with `;`, each once.
    pub fn signed_headers(&self) -> impl fmt::Display + '_ {
        SignedHeaderNames(&self.headers)
    }

    /// Writes the `SignedHeaders` list.
    pub(crate) fn write_signed_headers<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        SignedHeaderNames(&self.headers).write_to(w)
    }

    /// The one writer of the canonical request; `redact` writes the security token's value as
    /// `<redacted>`.
    fn write_to<W: fmt::Write>(&self, w: &mut W, redact: bool) -> fmt::Result {
        w.write_str(self.method)?;
        w.write_char('\n')?;
        w.write_str(self.path)?;
        w.write_char('\n')?;
        w.write_str(&self.query)?;
        w.write_char('\n')?;
        let mut prev: Option<&str> = None;
        for &(name, value) in &self.headers {
            if prev == Some(name) {
                w.write_char(',')?;
            } else {
                if prev.is_some() {
                    w.write_char('\n')?;
                }
                w.write_str(name)?;
                w.write_char(':')?;
            }
            let redacted = redact && name == "x-acs-security-token";
            w.write_str(if redacted { REDACTED } else { value })?;
            prev = Some(name);
        }
        if prev.is_some() {
            w.write_char('\n')?;
        }
        w.write_char('\n')?;
        self.write_signed_headers(w)?;
        w.write_char('\n')?;
        w.write_str(self.payload_sha256)
    }

    /// The exact text the signature covers (it holds the security token of an STS request).
    pub(crate) fn to_exact_string(&self) -> String {
        let mut out = String::with_capacity(self.exact_len());
        // Writing into a `String` cannot fail.
        let _ = self.write_to(&mut out, false);
        out
    }

    /// The length of the exact text: the buffer is sized once.
    fn exact_len(&self) -> usize {
        // Each name is written twice (its line and `SignedHeaders`), with three separators.
        let headers: usize = self
            .headers
            .iter()
            .map(|(n, v)| 2 * n.len() + v.len() + 3)
            .sum();
        self.method.len()
            + self.path.len()
            + self.query.len()
            + self.payload_sha256.len()
            + 5
            + headers
    }

    /// The string to sign: `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
    pub(crate) fn string_to_sign(&self) -> StringToSign {
        let text = self.to_exact_string();
        tracing::trace!(canonical_request = %self, "V3 canonical request");
        StringToSign::of_digest(&hashed(text.as_bytes()))
    }
}

impl fmt::Debug for CanonicalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CanonicalRequest")
            .field(&self.to_string())
            .finish()
    }
}

impl fmt::Display for CanonicalRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f, true)
    }
}

struct SignedHeaderNames<'h, 'a>(&'h [(&'a str, &'a str)]);

impl SignedHeaderNames<'_, '_> {
    fn write_to<W: fmt::Write>(&self, w: &mut W) -> fmt::Result {
        let mut prev: Option<&str> = None;
        for &(name, _) in self.0 {
            if prev != Some(name) {
                if prev.is_some() {
                    w.write_char(';')?;
                }
                w.write_str(name)?;
            }
            prev = Some(name);
        }
        Ok(())
    }
}

impl fmt::Display for SignedHeaderNames<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_to(f)
    }
}

/// The 81-byte V3 string to sign, on the stack.
#[derive(Clone, Copy)]
pub(crate) struct StringToSign {
    digest_hex: HexString<64>,
}

impl StringToSign {
    fn of_digest(digest: &[u8; 32]) -> Self {
        StringToSign {
            digest_hex: hex_lower(digest),
        }
    }

    /// Lower-case hex HMAC-SHA256 of the string to sign, keyed with the prepared secret.
    pub(crate) fn signature(&self, credentials: &Credentials) -> HexString<64> {
        let mut mac = credentials.hmac_sha256();
        mac.update(ALGORITHM_V3.as_bytes());
        mac.update(b"\n");
        mac.update(self.digest_hex.as_str().as_bytes());
        hex_lower(&mac.finalize().into_bytes())
    }
}

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{ALGORITHM_V3}\n{}", self.digest_hex.as_str())
    }
}

/// The values of `name` on the request, each as its own entry (the writer joins them).
fn push_values<'a>(
    out: &mut SmallVec<[(&'a str, &'a str); 12]>,
    headers: &'a HeaderMap,
    name: &'a str,
) -> Result<(), SigningError> {
    let before = out.len();
    for value in headers.get_all(name) {
        out.push((name, header_text(name, value.as_bytes())?));
    }
    if out.len() == before {
        return Err(SigningError::MissingSignedHeader {
            name: name.to_owned(),
        });
    }
    Ok(())
}

/// A header value as signed: UTF-8, surrounding whitespace trimmed.
pub(crate) fn header_text<'v>(name: &str, value: &'v [u8]) -> Result<&'v str, SigningError> {
    std::str::from_utf8(value.trim_ascii()).map_err(|_| SigningError::InvalidHeaderValue {
        name: name.to_owned(),
    })
}

/// The request path, `/` when empty.
pub(crate) fn path_of(parts: &Parts) -> &str {
    match parts.uri.path() {
        "" => "/",
        p => p,
    }
}

/// SHA-256 of `data`: every byte the crate hashes goes through here, so a test can count them.
pub(crate) fn hashed(data: &[u8]) -> [u8; 32] {
    #[cfg(test)]
    hash_counter::add(data.len());
    Sha256::digest(data).into()
}

/// Lower-case hex SHA-256 of `data`.
pub(crate) fn sha256_hex(data: &[u8]) -> HexString<64> {
    hex_lower(&hashed(data))
}

#[cfg(test)]
pub(crate) mod hash_counter {
    use std::cell::Cell;

    thread_local! {
        static BYTES: Cell<usize> = const { Cell::new(0) };
    }

    pub(crate) fn add(n: usize) {
        BYTES.with(|b| b.set(b.get() + n));
    }

    /// Bytes hashed by this thread since the last call.
    pub(crate) fn take() -> usize {
        BYTES.with(|b| b.replace(0))
    }
}
