//! The encoded forms a secret may take in a log line or an error: as itself, percent-encoded
//! (upper- and lower-case hex), form-encoded, and percent-encoded twice (a V1 string to sign).
//! Shared by the redaction tests of `cams-api` and `cams-credentials`.

/// RFC 3986 percent-encoding, written here rather than taken from the crate under test so that
/// an encoder bug there cannot hide a leak.
pub fn percent_encode(s: &str, upper: bool) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ if upper => format!("%{b:02X}"),
            _ => format!("%{b:02x}"),
        })
        .collect()
}

/// `s` as itself, percent-encoded (as in a query: upper- and lower-case hex), form-encoded and
/// percent-encoded twice (as in a V1 string to sign).
pub fn forms(s: &str) -> Vec<String> {
    let once = percent_encode(s, true);
    vec![
        s.to_owned(),
        once.clone(),
        percent_encode(s, false),
        once.replace("%20", "+"),
        percent_encode(&once, true),
    ]
}
