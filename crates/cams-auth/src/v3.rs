//! ACS3-HMAC-SHA256 ("V3") request signing (spec §5).

use hmac::Mac;
use http::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use http::request::Parts;
use sha2::{Digest, Sha256};
use std::time::SystemTime;

use crate::encode::{canonicalize_query, hex_lower};
use crate::{Credentials, ExposeSecret, SigningError, format_timestamp};
use smallvec::SmallVec;

/// Lower-case hex SHA-256 of the empty body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The V3 algorithm name.
pub const ALGORITHM_V3: &str = "ACS3-HMAC-SHA256";

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

/// Lower-case hex SHA-256 of `body`, for `x-acs-content-sha256`.
pub fn sha256_hex(body: &[u8]) -> String {
    let mut out = [0u8; 64];
    hex_lower(&Sha256::digest(body), &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// SHA-256 of `data` (low-level primitive, e.g. for benchmarks and emulators).
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

/// HMAC-SHA256 of `message` keyed with the AccessKey secret, using the key prepared in `credentials`
/// (low-level primitive; [`SignerV3`] uses the same keyed state).
pub fn hmac_sha256(credentials: &Credentials, message: &[u8]) -> [u8; 32] {
    let mut mac = credentials.hmac_sha256();
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Signs requests with ACS3-HMAC-SHA256.
///
/// A pure function over `http` types: it reads no clock and no RNG (time and nonce are arguments).
#[derive(Debug, Clone, Default)]
pub struct SignerV3;

impl SignerV3 {
    /// A signer.
    pub fn new() -> Self {
        SignerV3
    }

    /// Sets `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256` (= `payload_sha256_hex`)
    /// and, with a security token, `x-acs-accesskey-id` and `x-acs-security-token`; then signs `host`,
    /// every `x-acs-*` header and `content-type` when present, and sets `authorization`.
    ///
    /// The query is read from `parts.uri` and canonicalized (decoded form-style, re-encoded, sorted);
    /// an already canonical query is used as is, without allocating. The `host` header must be set.
    pub fn sign(
        &self,
        parts: &mut Parts,
        payload_sha256_hex: &str,
        credentials: &Credentials,
        time: SystemTime,
        nonce: &str,
    ) -> Result<(), SigningError> {
        // Every value is made and every check done before the map changes: an error leaves
        // the request as it was (the `authorization` value can then no longer fail: its only
        // caller-given part, the access key id, was checked when the credentials were made).
        let date = date_value(time)?;
        let nonce = value(X_ACS_SIGNATURE_NONCE.as_str(), nonce)?;
        let hash = if payload_sha256_hex == EMPTY_BODY_SHA256 {
            HeaderValue::from_static(EMPTY_BODY_SHA256)
        } else {
            value(X_ACS_CONTENT_SHA256.as_str(), payload_sha256_hex)?
        };
        let sts = match credentials.security_token() {
            Some(token) => {
                let id = value(X_ACS_ACCESSKEY_ID.as_str(), credentials.access_key_id())?;
                let mut token = value(X_ACS_SECURITY_TOKEN.as_str(), token.expose_secret())?;
                token.set_sensitive(true);
                Some((id, token))
            }
            None => None,
        };
        if !credentials.access_key_id_fits_header() {
            return Err(SigningError::InvalidHeaderValue {
                name: "authorization".to_owned(),
            });
        }
        if !parts.headers.contains_key(http::header::HOST) {
            return Err(SigningError::MissingHost);
        }
        let headers = &mut parts.headers;
        headers.reserve(6);
        headers.insert(X_ACS_DATE, date);
        headers.insert(X_ACS_SIGNATURE_NONCE, nonce);
        headers.insert(X_ACS_CONTENT_SHA256, hash);
        if let Some((id, token)) = sts {
            headers.insert(X_ACS_ACCESSKEY_ID, id);
            headers.insert(X_ACS_SECURITY_TOKEN, token);
        }
        // One pass over the map collects the signed headers with their values (a lookup per
        // name would hash and parse it again), keyed by an 8-byte prefix of the name: names
        // differ there, so the sort compares integers instead of calling into a byte compare.
        // Not zero-filled first, unlike an array: a `SmallVec` only writes what is pushed.
        let mut entries = SmallVec::<[Entry<'_>; 16]>::new();
        for (name, value) in parts.headers.iter() {
            let n = name.as_str();
            if n == "host" || n == "content-type" || n.starts_with("x-acs-") {
                entries.push((name_prefix(n), n, trim(value.as_bytes())));
            }
        }
        entries.sort_unstable();
        let auth = authorization(
            parts,
            payload_sha256_hex,
            credentials,
            Signed::Entries(&entries),
        )?;
        drop(entries);
        parts.headers.insert(AUTHORIZATION, auth);
        Ok(())
    }

    /// Signs exactly the given lower-case header names (sorted here) and sets only `authorization`.
    ///
    /// Every listed header must be present. Useful to reproduce other SDKs' signatures (the Python
    /// SDK also signs `accept`, `user-agent` and `x-acs-credentials-provider`).
    pub fn sign_with_headers(
        &self,
        parts: &mut Parts,
        payload_sha256_hex: &str,
        credentials: &Credentials,
        signed_headers: &[&str],
    ) -> Result<(), SigningError> {
        let mut names: SmallVec<[&str; 16]> = signed_headers.iter().copied().collect();
        names.sort_unstable();
        let auth = authorization(
            parts,
            payload_sha256_hex,
            credentials,
            Signed::Names(&names),
        )?;
        parts.headers.insert(AUTHORIZATION, auth);
        Ok(())
    }

    /// The canonical request over `signed_headers` (lower-case; sorted here), as text.
    pub fn canonical_request(
        parts: &Parts,
        payload_sha256_hex: &str,
        signed_headers: &[&str],
    ) -> Result<String, SigningError> {
        let mut names: Vec<&str> = signed_headers.to_vec();
        names.sort_unstable();
        let query = canonicalize_query(parts.uri.query().unwrap_or(""));
        let mut out = Vec::new();
        write_canonical_request(
            &mut out,
            parts.method.as_str(),
            path_of(parts),
            &query,
            &parts.headers,
            &names,
            payload_sha256_hex,
        )?;
        Ok(String::from_utf8_lossy(&out).into_owned())
    }

    /// `ACS3-HMAC-SHA256\n` + lower-case hex SHA-256 of `canonical_request`.
    pub fn string_to_sign(canonical_request: &str) -> String {
        let mut hex = [0u8; 64];
        hex_lower(&Sha256::digest(canonical_request.as_bytes()), &mut hex);
        format!("{ALGORITHM_V3}\n{}", String::from_utf8_lossy(&hex))
    }

    /// Lower-case hex HMAC-SHA256 of `string_to_sign` keyed with the AccessKey secret.
    pub fn signature(string_to_sign: &str, credentials: &Credentials) -> String {
        let mut mac = credentials.hmac_sha256();
        mac.update(string_to_sign.as_bytes());
        let mut out = [0u8; 64];
        hex_lower(&mac.finalize().into_bytes(), &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }
}

/// The `x-acs-date` value of `time`. Requests signed in the same second share it, so each thread
/// keeps the last one and hands out clones (a reference count, instead of an allocation and a
/// copy per request).
fn date_value(time: SystemTime) -> Result<HeaderValue, SigningError> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(u64, HeaderValue)>> =
            const { std::cell::RefCell::new(None) };
    }
    // Keyed by the whole second since the epoch: a hit costs no formatting and no string
    // compare. Times before the epoch (never a live request's) take the formatting path.
    let secs = time
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .map(|d| d.as_secs());
    if let Some(secs) = secs {
        let cached = LAST.with_borrow(|last| match last {
            Some((s, v)) if *s == secs => Some(v.clone()),
            _ => None,
        });
        if let Some(v) = cached {
            return Ok(v);
        }
    }
    let ts = format_timestamp(time);
    let v = value(X_ACS_DATE.as_str(), ts.as_str())?;
    if let Some(secs) = secs {
        LAST.with_borrow_mut(|last| *last = Some((secs, v.clone())));
    }
    Ok(v)
}

fn value(name: &str, v: &str) -> Result<HeaderValue, SigningError> {
    HeaderValue::from_str(v).map_err(|_| SigningError::InvalidHeaderValue {
        name: name.to_owned(),
    })
}

pub(crate) fn path_of(parts: &Parts) -> &str {
    match parts.uri.path() {
        "" => "/",
        p => p,
    }
}

/// Canonical requests up to this size are assembled in the thread's buffer and hashed in one
/// call; longer ones are streamed into the hasher.
const SCRATCH_LEN: usize = 1024;

thread_local! {
    /// Where a thread assembles canonical requests: hashed in one call (fed in its few dozen
    /// pieces, SHA-256 pays its buffering per piece, ≈ 100 ns for the usual 600 bytes). Kept
    /// per thread, so no signature zeroes a stack buffer or measures the request first.
    static CANONICAL_SCRATCH: std::cell::RefCell<[u8; SCRATCH_LEN]> =
        const { std::cell::RefCell::new([0; SCRATCH_LEN]) };
}

/// A signed header: the 8-byte prefix of its name (the sort key), its name and trimmed value.
type Entry<'a> = (u64, &'a str, &'a [u8]);

/// What is signed: the request's own headers, collected and sorted by name then value; or a
/// caller's list of sorted names, whose values are looked up in the map.
enum Signed<'a> {
    Entries(&'a [Entry<'a>]),
    Names(&'a [&'a str]),
}

impl Signed<'_> {
    /// Writes `SignedHeaders`: the names joined with `;`, each once.
    fn put_names<S: Sink>(&self, s: &mut S) {
        match self {
            Signed::Entries(entries) => {
                let mut prev: Option<&str> = None;
                for &(_, name, _) in *entries {
                    if prev != Some(name) {
                        if prev.is_some() {
                            s.byte(b';');
                        }
                        s.put(name.as_bytes());
                    }
                    prev = Some(name);
                }
            }
            Signed::Names(names) => put_joined(s, names),
        }
    }
}

/// Computes the signature and builds the `authorization` value.
fn authorization(
    parts: &Parts,
    payload_sha256_hex: &str,
    credentials: &Credentials,
    signed: Signed<'_>,
) -> Result<HeaderValue, SigningError> {
    let query = canonicalize_query(parts.uri.query().unwrap_or(""));
    // `SignedHeaders` appears in the canonical request and in `authorization`: join it once.
    // On the stack unless it does not fit (dozens of signed headers).
    let mut line_stack = [0u8; 256];
    let line_heap: Vec<u8>;
    let mut w = SliceWriter::new(&mut line_stack);
    signed.put_names(&mut w);
    let (line_len, overflowed) = (w.len, w.overflowed);
    let names_line: &[u8] = if overflowed {
        let mut v = Vec::new();
        signed.put_names(&mut v);
        line_heap = v;
        &line_heap
    } else {
        &line_stack[..line_len]
    };
    let method = parts.method.as_str();
    let path = path_of(parts);
    let sig = match signed {
        Signed::Entries(entries) => {
            let canonical = CanonicalEntries {
                method,
                path,
                query: &query,
                entries,
                names_line,
                payload_sha256_hex,
            };
            let digest = canonical.digest();
            sign_digest(&digest.into(), credentials)
        }
        Signed::Names(names) => signature_hex(
            method,
            path,
            &query,
            &parts.headers,
            names,
            payload_sha256_hex,
            credentials,
        )?,
    };
    let id = credentials.access_key_id();
    let len = ALGORITHM_V3.len()
        + " Credential=".len()
        + id.len()
        + ",SignedHeaders=".len()
        + names_line.len()
        + ",Signature=".len()
        + 64;
    let invalid = |_| SigningError::InvalidHeaderValue {
        name: "authorization".to_owned(),
    };
    // Written straight into the value's own buffer: exactly `len` bytes, so `Bytes` takes it
    // without a copy or a second allocation.
    let mut v = Vec::with_capacity(len);
    write_authorization(&mut v, id, names_line, &sig);
    HeaderValue::try_from(v).map_err(invalid)
}

fn write_authorization<S: Sink>(s: &mut S, id: &str, names_line: &[u8], sig: &[u8; 64]) {
    s.put(ALGORITHM_V3.as_bytes());
    s.put(b" Credential=");
    s.put(id.as_bytes());
    s.put(b",SignedHeaders=");
    s.put(names_line);
    s.put(b",Signature=");
    s.put(sig);
}

/// Hex signature of a request, streaming the canonical request into SHA-256.
pub(crate) fn signature_hex(
    method: &str,
    path: &str,
    canonical_query: &str,
    headers: &HeaderMap,
    names: &[&str],
    payload_sha256_hex: &str,
    credentials: &Credentials,
) -> Result<[u8; 64], SigningError> {
    let hasher = hash_canonical_request(
        method,
        path,
        canonical_query,
        headers,
        names,
        payload_sha256_hex,
    )?;
    Ok(sign_digest(&hasher.finalize().into(), credentials))
}

/// SHA-256 of the canonical request, streamed: nothing is built in memory.
fn hash_canonical_request(
    method: &str,
    path: &str,
    canonical_query: &str,
    headers: &HeaderMap,
    names: &[&str],
    payload_sha256_hex: &str,
) -> Result<Sha256, SigningError> {
    let mut hasher = Sha256::new();
    write_canonical_request(
        &mut hasher,
        method,
        path,
        canonical_query,
        headers,
        names,
        payload_sha256_hex,
    )?;
    Ok(hasher)
}

/// HMACs the string to sign of a canonical-request digest: hex signature.
fn sign_digest(digest: &[u8; 32], credentials: &Credentials) -> [u8; 64] {
    // The 81-byte string to sign, given to the MAC in one update rather than three.
    const PREFIX: usize = ALGORITHM_V3.len() + 1;
    let mut string_to_sign = [b'\n'; PREFIX + 64];
    string_to_sign[..ALGORITHM_V3.len()].copy_from_slice(ALGORITHM_V3.as_bytes());
    hex_lower(digest, &mut string_to_sign[PREFIX..]);
    let mut mac = credentials.hmac_sha256();
    mac.update(&string_to_sign);
    let mut sig = [0u8; 64];
    hex_lower(&mac.finalize().into_bytes(), &mut sig);
    sig
}

/// The canonical request of [`SignerV3::sign`]: (name, trimmed value) entries sorted by name
/// then value, repeated names joining their values with `,`.
struct CanonicalEntries<'a> {
    method: &'a str,
    path: &'a str,
    query: &'a str,
    entries: &'a [Entry<'a>],
    names_line: &'a [u8],
    payload_sha256_hex: &'a str,
}

impl CanonicalEntries<'_> {
    /// SHA-256 of the canonical request: assembled in the thread's buffer, or streamed into the
    /// hasher when it does not fit or the buffer is out of reach (in use, or the thread exiting).
    fn digest(&self) -> sha2::digest::Output<Sha256> {
        self.digest_buffered()
            .unwrap_or_else(|| self.digest_streamed())
    }

    fn digest_buffered(&self) -> Option<sha2::digest::Output<Sha256>> {
        CANONICAL_SCRATCH
            .try_with(|cell| {
                let mut buf = cell.try_borrow_mut().ok()?;
                let mut w = SliceWriter::new(&mut buf[..]);
                self.write(&mut w);
                if w.overflowed {
                    return None;
                }
                let n = w.len;
                Some(Sha256::digest(&buf[..n]))
            })
            .ok()
            .flatten()
    }

    fn digest_streamed(&self) -> sha2::digest::Output<Sha256> {
        let mut hasher = Sha256::new();
        self.write(&mut hasher);
        hasher.finalize()
    }

    fn write<S: Sink>(&self, s: &mut S) {
        s.put(self.method.as_bytes());
        s.byte(b'\n');
        s.put(self.path.as_bytes());
        s.byte(b'\n');
        s.put(self.query.as_bytes());
        s.byte(b'\n');
        let mut prev: Option<&str> = None;
        for (_, name, value) in self.entries {
            if prev == Some(*name) {
                s.byte(b',');
            } else {
                if prev.is_some() {
                    s.byte(b'\n');
                }
                s.put(name.as_bytes());
                s.byte(b':');
            }
            s.put(value);
            prev = Some(name);
        }
        if prev.is_some() {
            s.byte(b'\n');
        }
        s.byte(b'\n');
        s.put(self.names_line);
        s.byte(b'\n');
        s.put(self.payload_sha256_hex.as_bytes());
    }
}

/// Hex SHA-256 of the canonical request, as the second line of the string to sign.
pub(crate) fn string_to_sign_of(
    method: &str,
    path: &str,
    canonical_query: &str,
    headers: &HeaderMap,
    names: &[&str],
    payload_sha256_hex: &str,
) -> Result<String, SigningError> {
    let hasher = hash_canonical_request(
        method,
        path,
        canonical_query,
        headers,
        names,
        payload_sha256_hex,
    )?;
    let mut hex = [0u8; 64];
    hex_lower(&hasher.finalize(), &mut hex);
    Ok(format!("{ALGORITHM_V3}\n{}", String::from_utf8_lossy(&hex)))
}

/// Where the canonical request is written: a hasher on the hot path, a buffer for inspection.
pub(crate) trait Sink {
    fn put(&mut self, bytes: &[u8]);

    /// One separator byte; a buffer writes it without a copy call.
    fn byte(&mut self, b: u8) {
        self.put(&[b]);
    }
}

impl Sink for Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        Digest::update(self, bytes);
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// Writes into a fixed buffer, noting whether everything fit.
struct SliceWriter<'a> {
    buf: &'a mut [u8],
    len: usize,
    /// Something did not fit: what the buffer holds is cut short.
    overflowed: bool,
}

impl<'a> SliceWriter<'a> {
    fn new(buf: &'a mut [u8]) -> Self {
        SliceWriter {
            buf,
            len: 0,
            overflowed: false,
        }
    }
}

impl Sink for SliceWriter<'_> {
    fn byte(&mut self, b: u8) {
        match self.buf.get_mut(self.len) {
            Some(slot) => {
                *slot = b;
                self.len += 1;
            }
            None => self.overflowed = true,
        }
    }

    fn put(&mut self, bytes: &[u8]) {
        // Never write past the buffer.
        let end = (self.len + bytes.len()).min(self.buf.len());
        let n = end - self.len;
        self.buf[self.len..end].copy_from_slice(&bytes[..n]);
        self.len = end;
        self.overflowed |= n < bytes.len();
    }
}

fn put_joined<S: Sink>(s: &mut S, names: &[&str]) {
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            s.put(b";");
        }
        s.put(n.as_bytes());
    }
}

/// The first 8 bytes of `name`, zero-padded, big-endian: orders as the names do (header names
/// hold no NUL byte, so ties mean equal prefixes and the full names decide).
fn name_prefix(name: &str) -> u64 {
    let mut p = [0u8; 8];
    for (slot, b) in p.iter_mut().zip(name.bytes()) {
        *slot = b;
    }
    u64::from_be_bytes(p)
}

fn trim(v: &[u8]) -> &[u8] {
    v.trim_ascii()
}

/// Writes the six-line canonical request. `names` must be sorted lower-case header names.
pub(crate) fn write_canonical_request<S: Sink>(
    s: &mut S,
    method: &str,
    path: &str,
    canonical_query: &str,
    headers: &HeaderMap,
    names: &[&str],
    payload_sha256_hex: &str,
) -> Result<(), SigningError> {
    s.put(method.as_bytes());
    s.put(b"\n");
    s.put(path.as_bytes());
    s.put(b"\n");
    s.put(canonical_query.as_bytes());
    s.put(b"\n");
    for name in names {
        let mut values = headers.get_all(*name).iter();
        let Some(first) = values.next() else {
            return Err(SigningError::MissingSignedHeader {
                name: (*name).to_owned(),
            });
        };
        s.put(name.as_bytes());
        s.put(b":");
        match values.next() {
            None => s.put(trim(first.as_bytes())),
            Some(second) => {
                let mut all: Vec<&[u8]> = vec![trim(first.as_bytes()), trim(second.as_bytes())];
                all.extend(values.map(|v| trim(v.as_bytes())));
                all.sort_unstable();
                for (i, v) in all.iter().enumerate() {
                    if i > 0 {
                        s.put(b",");
                    }
                    s.put(v);
                }
            }
        }
        s.put(b"\n");
    }
    s.put(b"\n");
    put_joined(s, names);
    s.put(b"\n");
    s.put(payload_sha256_hex.as_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn parts(uri: &str) -> Parts {
        let (p, ()) = http::Request::post(uri)
            .header("host", "cams.ap-southeast-1.aliyuncs.com")
            .header("x-acs-version", "2020-06-06")
            .header("x-acs-action", "ListChatGroupParticipants")
            .body(())
            .unwrap()
            .into_parts();
        p
    }

    /// 2025-03-14T09:26:53Z, the time of the reference vector.
    fn vector_time() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_741_944_413)
    }

    /// Rebuilds the canonical request over `names` the independent way, checks that the
    /// request's `authorization` carries its signature, and returns it for further checks.
    fn assert_signed_over(p: &Parts, names: &[&str], creds: &Credentials) -> String {
        let canonical = SignerV3::canonical_request(p, EMPTY_BODY_SHA256, names).unwrap();
        let expected = SignerV3::signature(&SignerV3::string_to_sign(&canonical), creds);
        let auth = p.headers["authorization"].to_str().unwrap();
        assert!(auth.ends_with(&format!(",Signature={expected}")), "{auth}");
        canonical
    }

    #[test]
    fn reference_vector() {
        let mut p = parts(
            "https://cams.ap-southeast-1.aliyuncs.com/?BusinessNumber=8613800001234&ChannelType=WHATSAPP&CustSpaceId=cams-k1234567&GroupId=EA9391234&Page=%7B%22Index%22%3A1%2C%22Size%22%3A20%7D",
        );
        let creds = Credentials::new("testAccessKeyId", "testAccessKeySecret");
        let t = vector_time();
        SignerV3::new()
            .sign(
                &mut p,
                EMPTY_BODY_SHA256,
                &creds,
                t,
                "3d5a4ad1c7e64f2b9a0e1f2c3b4d5e6f",
            )
            .unwrap();
        assert_eq!(
            p.headers["authorization"],
            "ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=2e921836804b35b37bf727976be8b637717d97c7a037fff054292498e253aec8"
        );
    }

    #[test]
    fn missing_host_and_bad_values() {
        let (mut p, ()) = http::Request::post("/").body(()).unwrap().into_parts();
        let creds = Credentials::new("id", "secret-xyz");
        let err = SignerV3::new()
            .sign(&mut p, EMPTY_BODY_SHA256, &creds, UNIX_EPOCH, "n")
            .unwrap_err();
        assert!(matches!(err, SigningError::MissingHost));
        let mut p = parts("/");
        let creds = Credentials::new("id", "secret-xyz").with_security_token("bad\ntoken-xyz");
        let err = SignerV3::new()
            .sign(&mut p, EMPTY_BODY_SHA256, &creds, UNIX_EPOCH, "n")
            .unwrap_err();
        let d = format!("{err:?} {err}");
        assert!(
            d.contains("x-acs-security-token")
                && !d.contains("token-xyz")
                && !d.contains("secret-xyz"),
            "{d}"
        );
        assert!(!format!("{:?}", SignerV3::new()).contains("secret"));
    }

    #[test]
    fn canonical_request_beyond_the_thread_buffer_is_streamed() {
        // A 3 KiB value puts the canonical request past SCRATCH_LEN: the streaming path must
        // sign what the verifier (which builds the canonical request its own way) checks.
        let long = "a".repeat(3 * 1024);
        let mut p = parts(&format!(
            "https://cams.ap-southeast-1.aliyuncs.com/?GroupId={long}"
        ));
        let creds = Credentials::new("testAccessKeyId", "testAccessKeySecret");
        let t = vector_time();
        SignerV3::new()
            .sign(&mut p, EMPTY_BODY_SHA256, &creds, t, "n-1")
            .unwrap();
        let names = [
            "host",
            "x-acs-action",
            "x-acs-content-sha256",
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-version",
        ];
        let canonical = assert_signed_over(&p, &names, &creds);
        assert!(canonical.len() > SCRATCH_LEN);
    }

    #[test]
    fn buffered_and_streamed_digests_agree() {
        let entries: [Entry<'_>; 2] = [
            (name_prefix("host"), "host", b"example.com"),
            (
                name_prefix("x-acs-date"),
                "x-acs-date",
                b"2025-03-14T09:26:53Z",
            ),
        ];
        // Empty, usual, and one byte either side of the buffer's end.
        let base_len = "POST\n/\n\nhost:example.com\nx-acs-date:2025-03-14T09:26:53Z\n\n\
            host;x-acs-date\n"
            .len()
            + EMPTY_BODY_SHA256.len();
        let fill = |n: usize| "q".repeat(n);
        let queries = [
            String::new(),
            "a=1&b=%2A".to_owned(),
            fill(SCRATCH_LEN - base_len),
            fill(SCRATCH_LEN - base_len + 1),
        ];
        for query in &queries {
            let canonical = CanonicalEntries {
                method: "POST",
                path: "/",
                query,
                entries: &entries,
                names_line: b"host;x-acs-date",
                payload_sha256_hex: EMPTY_BODY_SHA256,
            };
            let fits = base_len + query.len() <= SCRATCH_LEN;
            let buffered = canonical.digest_buffered();
            assert_eq!(buffered.is_some(), fits, "{} bytes", base_len + query.len());
            let streamed = canonical.digest_streamed();
            if let Some(b) = buffered {
                assert_eq!(b, streamed);
            }
            assert_eq!(canonical.digest(), streamed);
            // Held by a caller up the stack, the buffer is out of reach: streamed instead.
            let held = CANONICAL_SCRATCH.with(|cell| {
                let _guard = cell.borrow_mut();
                (canonical.digest_buffered().is_none(), canonical.digest())
            });
            assert_eq!(held, (true, streamed));
        }
    }

    #[test]
    fn an_error_leaves_the_request_as_it_was() {
        let t = vector_time();
        // Signs `p` expecting an error, and checks the headers did not change.
        let refused = |p: &mut Parts, creds: &Credentials, nonce: &str| {
            let before = p.headers.clone();
            let err = SignerV3::new()
                .sign(p, EMPTY_BODY_SHA256, creds, t, nonce)
                .unwrap_err();
            assert_eq!(p.headers, before, "{err:?}");
            err
        };
        let invalid = |err: SigningError| match err {
            SigningError::InvalidHeaderValue { name } => name,
            other => panic!("{other:?}"),
        };
        let creds = Credentials::new("id", "secret");
        let mut p = parts("https://cams.ap-southeast-1.aliyuncs.com/?GroupId=G");

        let bad_token = creds.clone().with_security_token("line\nbreak");
        let err = refused(&mut p, &bad_token, "n-1");
        assert_eq!(invalid(err), "x-acs-security-token");
        let err = refused(&mut p, &creds, "bad\nnonce");
        assert_eq!(invalid(err), "x-acs-signature-nonce");
        let bad_id = Credentials::new("id\r\nx-injected: 1", "secret");
        let err = refused(&mut p, &bad_id, "n-1");
        assert_eq!(invalid(err), "authorization");

        p.headers.remove("host");
        let err = refused(&mut p, &creds, "n-1");
        assert!(matches!(err, SigningError::MissingHost), "{err:?}");
    }

    #[test]
    fn headers_the_signer_sets_replace_the_requests_own() {
        // A stale date, nonce and hash (say, from a previous attempt) are replaced, and only the
        // new values are signed; STS headers are the signer's only with STS credentials.
        let t = vector_time();
        let creds = Credentials::new("id", "secret");
        let mut p = parts("https://cams.ap-southeast-1.aliyuncs.com/?GroupId=G");
        for (k, v) in [
            ("x-acs-date", "2001-01-01T00:00:00Z"),
            ("x-acs-signature-nonce", "stale"),
            ("x-acs-content-sha256", "stale"),
            ("x-acs-security-token", "caller-set"),
        ] {
            p.headers.append(k, HeaderValue::from_static(v));
            p.headers.append(k, HeaderValue::from_static(v));
        }
        SignerV3::new()
            .sign(&mut p, EMPTY_BODY_SHA256, &creds, t, "fresh")
            .unwrap();
        assert_eq!(p.headers.get_all("x-acs-signature-nonce").iter().count(), 1);
        assert_eq!(p.headers["x-acs-signature-nonce"], "fresh");
        assert_eq!(p.headers["x-acs-date"], "2025-03-14T09:26:53Z");
        assert_eq!(p.headers.get_all("x-acs-security-token").iter().count(), 2);
        let auth = p.headers["authorization"].to_str().unwrap().to_owned();
        assert!(auth.contains(";x-acs-security-token;"), "{auth}");
        let names = [
            "host",
            "x-acs-action",
            "x-acs-content-sha256",
            "x-acs-date",
            "x-acs-security-token",
            "x-acs-signature-nonce",
            "x-acs-version",
        ];
        let canonical = assert_signed_over(&p, &names, &creds);
        assert!(
            canonical.contains("x-acs-signature-nonce:fresh\n"),
            "{canonical}"
        );
        assert!(
            canonical.contains("x-acs-security-token:caller-set,caller-set\n"),
            "{canonical}"
        );

        let sts = creds.with_security_token("tok");
        SignerV3::new()
            .sign(&mut p, EMPTY_BODY_SHA256, &sts, t, "fresh-2")
            .unwrap();
        assert_eq!(p.headers.get_all("x-acs-security-token").iter().count(), 1);
        assert_eq!(p.headers["x-acs-security-token"], "tok");
        assert_eq!(p.headers["x-acs-accesskey-id"], "id");
    }

    #[test]
    fn the_date_follows_the_time_across_seconds_and_the_epoch() {
        // The per-thread date cache must never hand out another second's value.
        let creds = Credentials::new("testAccessKeyId", "testAccessKeySecret");
        let base = vector_time();
        let times = [
            base,
            base + Duration::from_millis(999),
            base + Duration::from_secs(1),
            base,
            UNIX_EPOCH - Duration::from_millis(1500),
            UNIX_EPOCH,
            base,
        ];
        for t in times {
            let mut p = parts("https://cams.ap-southeast-1.aliyuncs.com/?GroupId=G");
            SignerV3::new()
                .sign(&mut p, EMPTY_BODY_SHA256, &creds, t, "n-1")
                .unwrap();
            assert_eq!(
                p.headers["x-acs-date"],
                format_timestamp(t).as_str(),
                "{t:?}"
            );
        }
        let mut p = parts("https://cams.ap-southeast-1.aliyuncs.com/");
        SignerV3::new()
            .sign(&mut p, EMPTY_BODY_SHA256, &creds, base, "n-1")
            .unwrap();
        assert_eq!(p.headers["x-acs-date"], "2025-03-14T09:26:53Z");
    }

    #[test]
    fn more_signed_headers_than_the_stack_holds_still_verify() {
        // 40 extra `x-acs-*` headers: the signed-header list and the name list leave the
        // stack; both signing paths must still produce what the verifier recomputes.
        let creds = Credentials::new("testAccessKeyId", "testAccessKeySecret");
        let t = vector_time();
        let mut p = parts("https://cams.ap-southeast-1.aliyuncs.com/?GroupId=G");
        for i in (0..40).rev() {
            let name = HeaderName::try_from(format!("x-acs-extra-{i:02}")).unwrap();
            p.headers.insert(name, HeaderValue::from_static("v"));
        }
        SignerV3::new()
            .sign(&mut p, EMPTY_BODY_SHA256, &creds, t, "n-1")
            .unwrap();
        let auth = p.headers["authorization"].to_str().unwrap().to_owned();
        assert!(auth.contains("x-acs-extra-00;x-acs-extra-01;"), "{auth}");
        let c = creds.clone();
        let lookup = move |_: &str| Some(c.clone());
        crate::Verifier::new().verify(&p, b"", &lookup, t).unwrap();

        let names: Vec<String> = p
            .headers
            .keys()
            .map(|n| n.as_str().to_owned())
            .filter(|n| n != "authorization")
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut q = p.clone();
        SignerV3::new()
            .sign_with_headers(&mut q, EMPTY_BODY_SHA256, &creds, &names)
            .unwrap();
        assert_eq!(q.headers["authorization"], p.headers["authorization"]);
    }
}
