//! Percent-encoding and query canonicalization (spec §5.3).
//!
//! Only RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`) stay as they are; every other byte of
//! the UTF-8 form becomes `%XX` with upper-case hex. Space is `%20`, never `+`.

use std::borrow::Cow;
use std::cmp::Ordering;

use percent_encoding::{AsciiSet, CONTROLS, PercentEncode, percent_decode_str};

/// RFC 3986 unreserved: the only bytes a canonical component has unescaped.
const fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// `UNRESERVED[b]`: the same predicate as a table, for the byte loop of the canonical check.
const UNRESERVED: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = is_unreserved(b as u8);
        b += 1;
    }
    t
};

/// Everything but unreserved characters: the one encoding table of the crate.
const ENCODE_SET: &AsciiSet = &{
    let mut set = CONTROLS.add(0x7f);
    let mut b = 0;
    while b < 0x80 {
        if !is_unreserved(b) {
            set = set.add(b);
        }
        b += 1;
    }
    set
};

/// Percent-encodes `s` with the POP rule (RFC 3986 unreserved characters kept, upper-case hex).
///
/// The result is lazy: it implements [`Display`](std::fmt::Display) and iterates over `&str` chunks.
///
/// ```
/// assert_eq!(cams_auth::percent_encode("a b*c~/").to_string(), "a%20b%2Ac~%2F");
/// ```
pub fn percent_encode(s: &str) -> PercentEncode<'_> {
    percent_encoding::utf8_percent_encode(s, ENCODE_SET)
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
    let pairs = sorted(params);
    // The exact length, reserved once: growing by pushes cost a call 5 reallocations.
    out.reserve_exact(query_len(&pairs));
    write_pairs(out, &pairs);
}

/// The path and query of a request URI: `/?` and the canonical query of `params`, or `/` when
/// there are none, in one buffer of exactly its length (one allocation).
///
/// ```
/// assert_eq!(cams_auth::canonical_path_and_query([("b", "2"), ("a", "1")]), "/?a=1&b=2");
/// assert_eq!(cams_auth::canonical_path_and_query([]), "/");
/// ```
pub fn canonical_path_and_query<'a, I: IntoIterator<Item = (&'a str, &'a str)>>(
    params: I,
) -> String {
    let pairs = sorted(params);
    if pairs.is_empty() {
        return String::from("/");
    }
    let mut out = String::with_capacity(2 + query_len(&pairs));
    out.push_str("/?");
    write_pairs(&mut out, &pairs);
    out
}

type Pairs<'a> = smallvec::SmallVec<[(&'a str, &'a str); 16]>;

/// Sorted by their encoded forms, compared lazily: nothing is encoded twice or stored. Names
/// that need no escape (all of the API's) encode as themselves, so two of them compare as plain
/// bytes: the byte-by-byte walk through the encoder was 0.17 µs of a call (`perf`, peer bench).
fn sorted<'a, I: IntoIterator<Item = (&'a str, &'a str)>>(params: I) -> Pairs<'a> {
    let mut keyed: smallvec::SmallVec<[(&'a str, &'a str, bool); 16]> = params
        .into_iter()
        .map(|(k, v)| (k, v, is_plain(k)))
        .collect();
    keyed.sort_unstable_by(|a, b| {
        let names = if a.2 && b.2 {
            a.0.as_bytes().cmp(b.0.as_bytes())
        } else {
            cmp_encoded(a.0, b.0)
        };
        names.then_with(|| cmp_encoded(a.1, b.1))
    });
    keyed.into_iter().map(|(k, v, _)| (k, v)).collect()
}

/// Whether `s` encodes as itself.
fn is_plain(s: &str) -> bool {
    s.bytes().all(|b| UNRESERVED[usize::from(b)])
}

/// The length of the encoded query of `pairs`.
fn query_len(pairs: &Pairs<'_>) -> usize {
    pairs
        .iter()
        .map(|(k, v)| encoded_len(k) + encoded_len(v) + 2)
        .sum::<usize>()
        .saturating_sub(1)
}

fn write_pairs(out: &mut String, pairs: &Pairs<'_>) {
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.extend(percent_encode(k));
        out.push('=');
        out.extend(percent_encode(v));
    }
}

/// The length of `percent_encode(s)`: 3 bytes for every byte that is not unreserved.
fn encoded_len(s: &str) -> usize {
    s.len() + 2 * s.bytes().filter(|&b| !UNRESERVED[usize::from(b)]).count()
}

/// Orders two strings as their percent-encoded forms would order, without building them.
fn cmp_encoded(a: &str, b: &str) -> Ordering {
    percent_encode(a)
        .flat_map(str::bytes)
        .cmp(percent_encode(b).flat_map(str::bytes))
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
fn decode_component(s: &str) -> String {
    let spaced: Cow<'_, str> = if s.contains('+') {
        Cow::Owned(s.replace('+', " "))
    } else {
        Cow::Borrowed(s)
    };
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
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

/// True when `raw` equals its own canonical form: every piece is `key=value`, each component is
/// made of unreserved characters and upper-case `%XX` escapes of bytes that must be escaped,
/// whose decoded bytes are UTF-8, and the pieces are in order. One pass over the bytes.
fn is_canonical(raw: &str) -> bool {
    let b = raw.as_bytes();
    if b.is_empty() {
        return true;
    }
    let mut prev: Option<(&[u8], &[u8])> = None;
    let (mut start, mut eq) = (0, None);
    let mut non_ascii = false;
    let mut i = 0;
    while i <= b.len() {
        // Runs of unreserved bytes (most of every query) are skipped in one tight loop.
        i += b[i..]
            .iter()
            .position(|&c| !UNRESERVED[usize::from(c)])
            .unwrap_or(b.len() - i);
        match b.get(i).copied() {
            None | Some(b'&') => {
                // A piece without `=` (an empty one included) is not canonical.
                let Some(e) = eq else {
                    return false;
                };
                let pair = (&b[start..e], &b[e + 1..i]);
                if prev.is_some_and(|p| p > pair) {
                    return false;
                }
                prev = Some(pair);
                (start, eq) = (i + 1, None);
                i += 1;
            }
            Some(b'=') if eq.is_none() => {
                eq = Some(i);
                i += 1;
            }
            Some(b'%') => {
                let Some(byte) = b.get(i + 1..i + 3).and_then(upper_hex_byte) else {
                    return false;
                };
                if !must_escape(byte) {
                    return false;
                }
                non_ascii |= !byte.is_ascii();
                i += 3;
            }
            Some(_) => return false,
        }
    }
    // Escaped bytes above 0x7f must decode to UTF-8, as the encoding of a `&str` does.
    !non_ascii
        || raw
            .split(['&', '='])
            .all(|c| std::str::from_utf8(&Cow::<[u8]>::from(percent_decode_str(c))).is_ok())
}

/// Whether the encoding table escapes `b` (every non-ASCII byte is escaped).
fn must_escape(b: u8) -> bool {
    !is_unreserved(b)
}

/// The byte of two upper-case hex digits (lower-case ones are not canonical).
fn upper_hex_byte(pair: &[u8]) -> Option<u8> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    Some(digit(*pair.first()?)? << 4 | digit(*pair.get(1)?)?)
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex_lower<const N: usize>(bytes: &[u8]) -> HexString<N> {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; N];
    for (b, pair) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 0x0f)];
    }
    HexString(out)
}

/// Hex digits on the stack (a digest or a nonce).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct HexString<const N: usize>([u8; N]);

impl<const N: usize> std::fmt::Debug for HexString<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<const N: usize> HexString<N> {
    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever written.
        std::str::from_utf8(&self.0).unwrap_or("")
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
            ("x中y", "x%E4%B8%ADy"),
            ("8613800001234", "8613800001234"),
        ];
        for (input, want) in cases {
            assert_eq!(percent_encode(input).to_string(), want, "{input}");
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
            ("a=1&", "a=1"),
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

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex_lower::<6>(&[0x00, 0xab, 0x7f]).as_str(), "00ab7f");
    }
}
