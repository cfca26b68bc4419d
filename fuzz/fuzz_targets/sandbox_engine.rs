//! The sandbox engine over an arbitrary (method, URI, headers, body): an answer every time,
//! never a panic (the engine's own panic guard would turn one into a 500, so a 500 fails).
//!
//! Each input is signed afresh (`cams_fuzz::resign`: a fresh nonce, the seeds' key and clock)
//! and answered by a fresh engine, so that a mutation does not stop at the signature check and
//! a seed run twice is not a replay: inputs reach the action handlers. The input as mutated,
//! unsigned, goes through the gateway checks too.
#![no_main]

use std::sync::atomic::{AtomicU64, Ordering};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    static NONCE: AtomicU64 = AtomicU64::new(0);
    let Some(request) = cams_fuzz::request_from_bytes(data) else {
        return;
    };
    let engine = cams_fuzz::seeds_engine();
    let nonce = format!("fuzz-{:016x}", NONCE.fetch_add(1, Ordering::Relaxed));
    let signed = cams_fuzz::resign(
        &request,
        &cams_fuzz::seeds_credentials(),
        cams_fuzz::seeds_now(),
        &nonce,
    );
    if let Some(signed) = signed {
        let response = engine.handle(signed);
        assert_ne!(response.status(), 500, "{:?}", response.body());
    }
    let response = engine.handle(request);
    assert_ne!(response.status(), 500, "{:?}", response.body());
});
