//! Percent-encoding and query canonicalization (spec §5.3).
//!
//! Only RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`) stay as they are; every other byte of
//! the UTF-8 form becomes `%XX` with upper-case hex. Space is `%20`, never `+`.

use std::borrow::Cow;

use percent_encoding::{
    AsciiSet, NON_ALPHANUMERIC, PercentEncode, percent_decode, utf8_percent_encode,
};

/// Everything except RFC 3986 unreserved characters.
const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `s` with the POP rule (RFC 3986 unreserved characters kept, upper-case hex).
///
/// The result is lazy: it implements [`Display`](std::fmt::Display) and iterates over `&str` chunks.
///
/// ```
/// assert_eq!(cams_auth::percent_encode("a b*c~/").to_string(), "a%20b%2Ac~%2F");
/// ```
pub fn percent_encode(s: &str) -> PercentEncode<'_> {
    utf8_percent_encode(s, ENCODE_SET)
}

/// Appends the percent-encoded form of `s` to `out`.
pub fn encode_into(out: &mut String, s: &str) {
    push_encoded(out, s);
}

/// Builds a canonical query: encodes keys and values, sorts by encoded key (then value) and joins
/// `key=value` pairs with `&`.
///
/// ```
/// let q = cams_auth::canonical_query([("b", "2 3"), ("a", "{}")]);
/// assert_eq!(q, "a=%7B%7D&b=2%203");
/// ```
pub fn canonical_query<'a, I: IntoIterator<Item = (&'a str, &'a str)>>(params: I) -> String {
    let mut out = String::new();
    canonical_query_into(&mut out, params);
    out
}

/// [`canonical_query`], appended to `out`: lets a caller write the query straight into the
/// buffer that becomes the request URI.
///
/// ```
/// let mut uri = String::from("/?");
/// cams_auth::canonical_query_into(&mut uri, [("b", "2"), ("a", "1")]);
/// assert_eq!(uri, "/?a=1&b=2");
/// ```
pub fn canonical_query_into<'a, I: IntoIterator<Item = (&'a str, &'a str)>>(
    out: &mut String,
    params: I,
) {
    // The pairs sit on the stack (a request has a handful); encoding is done once, straight
    // into the output: sorting compares the encoded forms lazily, and a key made only of
    // unreserved characters (every CAMS key) is its own encoding.
    let mut pairs: smallvec::SmallVec<[(&'a str, &'a str); 16]> = params.into_iter().collect();
    if pairs.iter().all(|(k, _)| is_unreserved_str(k)) {
        pairs.sort_unstable_by(|a, b| a.0.cmp(b.0).then_with(|| cmp_encoded(a.1, b.1)));
    } else {
        pairs.sort_unstable_by(|a, b| cmp_encoded(a.0, b.0).then_with(|| cmp_encoded(a.1, b.1)));
    }
    let worst = pairs
        .iter()
        .map(|(k, v)| 3 * (k.len() + v.len()) + 2)
        .sum::<usize>();
    out.reserve(worst);
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        push_encoded(out, k);
        out.push('=');
        push_encoded(out, v);
    }
}

fn is_unreserved_str(s: &str) -> bool {
    s.bytes().all(|b| UNRESERVED[b as usize])
}

/// Orders two strings as their percent-encoded forms would order, without building them.
fn cmp_encoded(a: &str, b: &str) -> std::cmp::Ordering {
    percent_encode(a)
        .flat_map(str::bytes)
        .cmp(percent_encode(b).flat_map(str::bytes))
}

/// Appends the encoding of `s`: the hot loop of every signature.
fn push_encoded(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Runs of unreserved bytes (most of every value) are copied whole rather than pushed one
    // `char` at a time. A run is ASCII, so both of its ends are char boundaries.
    let mut run_start = 0;
    for (i, b) in s.bytes().enumerate() {
        if UNRESERVED[usize::from(b)] {
            continue;
        }
        out.push_str(s.get(run_start..i).unwrap_or_default());
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0F)]));
        run_start = i + 1;
    }
    out.push_str(s.get(run_start..).unwrap_or_default());
}

/// Decodes a query string form-style, like the gateway: `+` is a space, `%XX` is decoded (invalid
/// UTF-8 is replaced lossily), a piece without `=` is `key=""`, empty pieces are skipped.
///
/// ```
/// let q = cams_auth::decode_query("a=b+c&d=%2B&e");
/// assert_eq!(q, vec![("a".into(), "b c".into()), ("d".into(), "+".into()), ("e".into(), "".into())]);
/// ```
pub fn decode_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (k, v) = piece.split_once('=').unwrap_or((piece, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// Decodes one form-encoded component (`+` is a space).
pub(crate) fn decode_component(s: &str) -> String {
    if s.contains('+') {
        let replaced = s.replace('+', " ");
        percent_decode(replaced.as_bytes())
            .decode_utf8_lossy()
            .into_owned()
    } else {
        percent_decode(s.as_bytes())
            .decode_utf8_lossy()
            .into_owned()
    }
}

/// Returns the canonical form of a raw (wire) query: decoded form-style, re-encoded and sorted.
///
/// When `raw` already is canonical (which is what the cams client puts on the wire) it is returned
/// borrowed, without allocating.
///
/// ```
/// use std::borrow::Cow;
/// assert!(matches!(cams_auth::canonicalize_query("a=1&b=%2A"), Cow::Borrowed(_)));
/// assert_eq!(cams_auth::canonicalize_query("b=*&a=x+y"), "a=x%20y&b=%2A");
/// ```
pub fn canonicalize_query(raw: &str) -> Cow<'_, str> {
    if is_canonical(raw) {
        return Cow::Borrowed(raw);
    }
    let decoded = decode_query(raw);
    Cow::Owned(canonical_query(
        decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())),
    ))
}

/// True when `raw` equals its own canonical form.
fn is_canonical(raw: &str) -> bool {
    // One byte loop decides the usual all-ASCII case; escapes of non-ASCII bytes need the
    // UTF-8 check of the exact path.
    match scan_ascii_canonical(raw.as_bytes()) {
        Scan::Canonical => true,
        Scan::NotCanonical => false,
        Scan::NeedsUtf8Check => is_canonical_exact(raw),
    }
}

enum Scan {
    Canonical,
    NotCanonical,
    NeedsUtf8Check,
}

/// `UNRESERVED[b]`: RFC 3986 unreserved, the only bytes a canonical component has unescaped.
const UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'.' || c == b'~';
        b += 1;
    }
    t
};

/// `UPPER_HEX_VAL[b]`: the value of an upper-case hex digit, `0xff` for any other byte.
const UPPER_HEX_VAL: [u8; 256] = {
    let mut t = [0xff; 256];
    let mut b = 0;
    while b < 256 {
        if let Some(v) = upper_hex_val(b as u8) {
            t[b] = v;
        }
        b += 1;
    }
    t
};

/// Scans one component starting at `*i` up to `stop` (or the end); `Err` carries the verdict
/// when the component is not plainly canonical ASCII.
fn scan_component(b: &[u8], i: &mut usize, stop: u8) -> Result<(), Scan> {
    while *i < b.len() {
        // Runs of unreserved bytes are the common case: skip them in a tight loop.
        *i += b[*i..]
            .iter()
            .position(|&c| !UNRESERVED[c as usize])
            .unwrap_or(b.len() - *i);
        let Some(&c) = b.get(*i) else {
            return Ok(());
        };
        if c == stop {
            return Ok(());
        }
        if c == b'%' {
            // Both digits through one table: a value above 0x0f marks anything but 0-9A-F.
            let Some(&[hi, lo]) = b.get(*i + 1..*i + 3) else {
                return Err(Scan::NotCanonical);
            };
            let (hi, lo) = (
                UPPER_HEX_VAL[usize::from(hi)],
                UPPER_HEX_VAL[usize::from(lo)],
            );
            if (hi | lo) > 0x0f {
                return Err(Scan::NotCanonical);
            }
            let byte = hi << 4 | lo;
            if byte >= 0x80 {
                return Err(Scan::NeedsUtf8Check);
            }
            if UNRESERVED[usize::from(byte)] {
                return Err(Scan::NotCanonical);
            }
            *i += 3;
        } else {
            return Err(Scan::NotCanonical);
        }
    }
    Ok(())
}

fn scan_ascii_canonical(b: &[u8]) -> Scan {
    let mut prev: Option<(&[u8], &[u8])> = None;
    let mut i = 0;
    while i < b.len() {
        let key_start = i;
        if let Err(verdict) = scan_component(b, &mut i, b'=') {
            return verdict;
        }
        if i == b.len() {
            return Scan::NotCanonical; // a key without '='
        }
        let key = &b[key_start..i];
        i += 1;
        let value_start = i;
        if let Err(verdict) = scan_component(b, &mut i, b'&') {
            return verdict;
        }
        let pair = (key, &b[value_start..i]);
        if prev.is_some_and(|(k, v)| bytes_cmp(k, key).then_with(|| bytes_cmp(v, pair.1)).is_gt()) {
            return Scan::NotCanonical;
        }
        prev = Some(pair);
        if i < b.len() {
            i += 1;
            if i == b.len() {
                return Scan::NotCanonical; // a trailing '&'
            }
        }
    }
    Scan::Canonical
}

/// Byte-wise order of two short slices, inline: keys of neighbouring parameters usually differ
/// in their first bytes, where a call into `memcmp` would cost more than the comparison.
fn bytes_cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

fn is_canonical_exact(raw: &str) -> bool {
    if raw.is_empty() {
        return true;
    }
    let mut prev: Option<(&str, &str)> = None;
    for piece in raw.split('&') {
        let Some((k, v)) = piece.split_once('=') else {
            return false;
        };
        if !is_canonical_component(k) || !is_canonical_component(v) {
            return false;
        }
        if let Some(p) = prev {
            if p > (k, v) {
                return false;
            }
        }
        prev = Some((k, v));
    }
    true
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

const fn upper_hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A component is canonical when it is made of unreserved characters and `%XX` (upper-case hex)
/// escapes of bytes that must be escaped, and the escaped bytes form valid UTF-8.
fn is_canonical_component(s: &str) -> bool {
    let b = s.as_bytes();
    let mut utf8 = Utf8Validator::default();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let byte = if c == b'%' {
            let (Some(hi), Some(lo)) = (
                b.get(i + 1).copied().and_then(upper_hex_val),
                b.get(i + 2).copied().and_then(upper_hex_val),
            ) else {
                return false;
            };
            let byte = hi << 4 | lo;
            if is_unreserved(byte) {
                return false;
            }
            i += 3;
            byte
        } else if is_unreserved(c) {
            i += 1;
            c
        } else {
            return false;
        };
        if !utf8.push(byte) {
            return false;
        }
    }
    utf8.is_complete()
}

/// Incremental UTF-8 validator (no buffer, so the fast path does not allocate).
#[derive(Default)]
struct Utf8Validator {
    need: u8,
    lo: u8,
    hi: u8,
}

impl Utf8Validator {
    fn push(&mut self, b: u8) -> bool {
        if self.need == 0 {
            let (need, lo, hi) = match b {
                0x00..=0x7F => return true,
                0xC2..=0xDF => (1, 0x80, 0xBF),
                0xE0 => (2, 0xA0, 0xBF),
                0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
                0xED => (2, 0x80, 0x9F),
                0xF0 => (3, 0x90, 0xBF),
                0xF1..=0xF3 => (3, 0x80, 0xBF),
                0xF4 => (3, 0x80, 0x8F),
                _ => return false,
            };
            *self = Self { need, lo, hi };
            true
        } else {
            if b < self.lo || b > self.hi {
                return false;
            }
            self.need -= 1;
            self.lo = 0x80;
            self.hi = 0xBF;
            true
        }
    }

    fn is_complete(&self) -> bool {
        self.need == 0
    }
}

/// Writes `bytes` as lower-case hex into `out` (which must be twice as long).
pub(crate) fn hex_lower(bytes: &[u8], out: &mut [u8]) {
    // One lookup per byte instead of two nibble lookups: signatures hex three digests each.
    const PAIRS: [[u8; 2]; 256] = {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut t = [[0u8; 2]; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = [HEX[b >> 4], HEX[b & 0x0f]];
            b += 1;
        }
        t
    };
    for (b, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        pair.copy_from_slice(&PAIRS[usize::from(*b)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_the_spec_table() {
        let cases = [
            (" ", "%20"),
            ("*", "%2A"),
            ("~", "~"),
            ("+", "%2B"),
            ("/", "%2F"),
            ("=", "%3D"),
            ("&", "%26"),
            ("%", "%25"),
            ("!'()", "%21%27%28%29"),
            ("@", "%40"),
            ("中文", "%E4%B8%AD%E6%96%87"),
            ("{\":,", "%7B%22%3A%2C"),
            // Unreserved runs around escapes, at either end and between multi-byte chars.
            ("ab c", "ab%20c"),
            ("x中y", "x%E4%B8%ADy"),
            ("中y中", "%E4%B8%ADy%E4%B8%AD"),
            ("8613800001234", "8613800001234"),
        ];
        for (input, want) in cases {
            assert_eq!(percent_encode(input).to_string(), want, "{input}");
            let mut s = String::new();
            encode_into(&mut s, input);
            assert_eq!(s, want);
        }
    }

    #[test]
    fn canonical_detection() {
        for raw in [
            "",
            "a=",
            "a=1&b=2",
            "a=%E4%B8%AD",
            "a=1&a=2",
            "Page=%7B%22Index%22%3A1%7D",
            "a=1&ab=2",
            "a=10&a=2",
            "a=%2F%3A%25",
        ] {
            assert!(matches!(canonicalize_query(raw), Cow::Borrowed(_)), "{raw}");
        }
        for (raw, want) in [
            ("b=1&a=2", "a=2&b=1"),
            ("a", "a="),
            ("a=%41", "a=A"),
            ("a=%2a", "a=%2A"),
            ("a=x+y", "a=x%20y"),
            ("a=%FF", "a=%EF%BF%BD"),
            ("a=%E4%B8", "a=%EF%BF%BD"),
            ("a=1&&b=2", "a=1&b=2"),
            ("a=2&a=1", "a=1&a=2"),
            ("a=*", "a=%2A"),
            ("ab=1&a=2", "a=2&ab=1"),
            ("a=2&a=10", "a=10&a=2"),
            ("a=%a1", "a=%EF%BF%BD"),
            ("a=%G1", "a=%25G1"),
            ("a=%1", "a=%251"),
            ("a=%", "a=%25"),
            ("a=%7e", "a=~"),
        ] {
            assert_eq!(canonicalize_query(raw), want, "{raw}");
        }
    }
}
