//! Every response parser over arbitrary bytes: the first byte picks the operation.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((selector, body)) = data.split_first() {
        cams_fuzz::parse_response(*selector, body);
    }
});
