//! The V3 and V1 verifiers over an arbitrary request (see `request_from_bytes` for the
//! layout), with the demo keys known: never a panic, whatever the request.
#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some(request) = cams_fuzz::request_from_bytes(data) else {
        return;
    };
    let (parts, body) = request.into_parts();
    let creds = cams_auth::Credentials::new("testAccessKeyId", "testAccessKeySecret");
    let lookup = move |id: &str| (id == "testAccessKeyId").then(|| creds.clone());
    // 2026-11-27T12:45:18Z: the seeds' capture times (12:38-12:50) are in the window.
    let now = UNIX_EPOCH + Duration::from_secs(1_795_783_518);
    let _ = cams_auth::Verifier::new().verify(&parts, &body, &lookup, now);
    let _ = cams_auth::Verifier::new().verify(&parts, &body, &lookup, SystemTime::now());
});
