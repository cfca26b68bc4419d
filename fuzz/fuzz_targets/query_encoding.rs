//! The canonical-query scan and percent-decoding of cams-auth over arbitrary text: never a
//! panic, and the encodings agree with each other.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let decoded = cams_auth::decode_query(text);
    let canonical = cams_auth::canonicalize_query(text);
    // Canonicalizing is idempotent.
    assert_eq!(cams_auth::canonicalize_query(&canonical), canonical);
    // Re-encoding what was decoded gives the canonical form of the same pairs.
    let again = cams_auth::canonical_query(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    assert_eq!(cams_auth::decode_query(&again).len(), decoded.len());
    let _ = cams_auth::percent_encode(text).to_string();
});
