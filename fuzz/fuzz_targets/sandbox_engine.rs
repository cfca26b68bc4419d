//! The sandbox engine over an arbitrary (method, URI, headers, body): an answer every time,
//! never a panic (the engine's own panic guard would turn one into a 500, so a 500 fails).
#![no_main]

use std::sync::OnceLock;
use std::time::{Duration, UNIX_EPOCH};

/// The demo fixture plus the key of the seeds (official-SDK captures), on the seeds' clock.
fn engine() -> &'static cams_sandbox::Engine {
    static ENGINE: OnceLock<cams_sandbox::Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut fixture = serde_json::to_value(cams_sandbox::Fixture::demo()).expect("demo");
        fixture["credentials"]
            .as_array_mut()
            .expect("credentials")
            .push(serde_json::json!({
                "access_key_id": "testAccessKeyId",
                "access_key_secret": "testAccessKeySecret"
            }));
        let fixture =
            cams_sandbox::Fixture::from_json(&fixture.to_string()).expect("a valid fixture");
        let now = UNIX_EPOCH + Duration::from_secs(1_795_783_518);
        cams_sandbox::Engine::builder(fixture)
            .time_source(cams_auth::FixedTimeSource(now))
            .build()
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(request) = cams_fuzz::request_from_bytes(data) {
        let response = engine().handle(request);
        assert_ne!(response.status(), 500, "{:?}", response.body());
    }
});
