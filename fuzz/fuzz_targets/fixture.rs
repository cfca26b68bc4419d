//! Fixture loading over arbitrary text: a typed error or a fixture, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = cams_sandbox::Fixture::from_json(text);
    }
});
