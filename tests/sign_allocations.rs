//! Signing a ListChatGroupParticipants request into a header map sized up front (as the client
//! sizes it) allocates at most 5 times for V3: the `x-acs-date`, `x-acs-signature-nonce` and
//! `authorization` values and the canonical request's buffer. V1 rebuilds the query and is
//! bounded too. Counted with an instrumented allocator (one test per binary).
#![allow(clippy::unwrap_used)]

use cams::auth::{Credentials, NonceSource, RandomNonceSource, SignerV1, SignerV3, SigningParams};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use std::time::SystemTime;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The most allocations a V3 signature may make (the performance target).
const V3_MAX: usize = 5;
/// The most a V1 signature may make: the decoded parameters, the canonical query, the
/// signature, the new URI and the string building around them.
const V1_MAX: usize = 20;

fn parts() -> http::request::Parts {
    let (mut p, ()) = http::Request::post(
        "https://cams.ap-southeast-1.aliyuncs.com/?BusinessNumber=8613800001234&ChannelType=WHATSAPP\
&CustSpaceId=cams-k1234567&GroupId=EA9391234&OwnerId=1234567890123&Page=%7B%22Index%22%3A1%2C%22Size%22%3A20%7D",
    )
    .body(())
    .unwrap()
    .into_parts();
    let mut map = http::HeaderMap::with_capacity(16);
    map.insert("host", "cams.ap-southeast-1.aliyuncs.com".parse().unwrap());
    map.insert("x-acs-action", "ListChatGroupParticipants".parse().unwrap());
    map.insert("x-acs-version", "2020-06-06".parse().unwrap());
    p.headers = map;
    p
}

#[test]
fn signing_allocations_stay_within_their_budgets() {
    let creds = Credentials::new("testAccessKeyId", "testAccessKeySecret");
    // Warm up thread-locals (the RNG) outside the counted region.
    let nonce = RandomNonceSource.nonce();
    let params = SigningParams::new(&creds, SystemTime::now(), nonce.as_str());

    let mut v3 = parts();
    let region = Region::new(GLOBAL);
    SignerV3::new().sign(&mut v3, &params).unwrap();
    let v3_allocs = region.change().allocations;
    let mut v1 = parts();
    let region = Region::new(GLOBAL);
    SignerV1::new().sign(&mut v1, &params).unwrap();
    let v1_allocs = region.change().allocations;
    println!("allocations per signature: v3 {v3_allocs}, v1 {v1_allocs}");
    assert!(v3.headers.contains_key("authorization"));
    assert!(v1.uri.query().unwrap().contains("&Signature="));
    assert!(
        v3_allocs <= V3_MAX,
        "V3 signing allocated {v3_allocs} times"
    );
    assert!(
        v1_allocs <= V1_MAX,
        "V1 signing allocated {v1_allocs} times"
    );
}
