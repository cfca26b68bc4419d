//! Signing a ListChatGroupParticipants request with V3 allocates at most 5 times, and 2 times once
//! the thread has signed within the same second: the header values it adds
//! (`x-acs-signature-nonce` and `authorization`; `x-acs-date` is shared within a second) and, for a
//! map not sized up front, the map's growth. V1, which rebuilds the query and the URI with its
//! eight common parameters and the signature, allocates at most 20 times (18 today): an allocation
//! per parameter on top (15 here) would exceed it. Counted with an instrumented allocator (one
//! test per binary).
#![allow(clippy::unwrap_used)]

use cams::auth::{
    Credentials, EMPTY_BODY_SHA256, NonceSource, RandomNonceSource, SignerV1, SignerV3,
};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;
use std::time::SystemTime;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn parts() -> http::request::Parts {
    let mut p = small_map_parts();
    // Sized up front, as the client sizes it.
    let mut map = http::HeaderMap::with_capacity(16);
    map.extend(p.headers.drain());
    p.headers = map;
    p
}

fn small_map_parts() -> http::request::Parts {
    http::Request::post(
        "https://cams.ap-southeast-1.aliyuncs.com/?BusinessNumber=8613800001234&ChannelType=WHATSAPP\
&CustSpaceId=cams-k1234567&GroupId=EA9391234&OwnerId=1234567890123&Page=%7B%22Index%22%3A1%2C%22Size%22%3A20%7D",
    )
    .header("host", "cams.ap-southeast-1.aliyuncs.com")
    .header("x-acs-action", "ListChatGroupParticipants")
    .header("x-acs-version", "2020-06-06")
    .body(())
    .unwrap()
    .into_parts()
    .0
}

#[test]
fn signing_allocations_stay_within_their_budgets() {
    let creds = Credentials::new("testAccessKeyId", "testAccessKeySecret");
    let signer = SignerV3::new();
    // Warm up thread-locals (the RNG) outside the counted region.
    let _ = RandomNonceSource.nonce();
    let now = SystemTime::now();
    // A map that grows, on a thread that has not signed yet.
    let mut v3 = small_map_parts();
    let region = Region::new(GLOBAL);
    let nonce = RandomNonceSource.nonce();
    signer
        .sign(&mut v3, EMPTY_BODY_SHA256, &creds, now, nonce.as_str())
        .unwrap();
    let v3_allocs = region.change().allocations;
    // The client's case: a map sized up front, a second signature within the same second.
    let mut again = parts();
    let region = Region::new(GLOBAL);
    signer
        .sign(&mut again, EMPTY_BODY_SHA256, &creds, now, nonce.as_str())
        .unwrap();
    let steady_allocs = region.change().allocations;

    let mut v1 = parts();
    let region = Region::new(GLOBAL);
    SignerV1::new()
        .sign(
            &mut v1,
            "ListChatGroupParticipants",
            "2020-06-06",
            &creds,
            SystemTime::now(),
            nonce.as_str(),
        )
        .unwrap();
    let v1_allocs = region.change().allocations;
    println!(
        "allocations per signature: v3 {v3_allocs} (first, map growing), {steady_allocs} (steady, map sized), v1 {v1_allocs}"
    );
    assert!(v3_allocs <= 5, "V3 signing allocated {v3_allocs} times");
    assert!(
        steady_allocs <= 2,
        "V3 signing allocated {steady_allocs} times in steady state"
    );
    assert!(v1_allocs <= 20, "V1 signing allocated {v1_allocs} times");
    assert!(v3.headers.contains_key("authorization"));
    assert!(v1.uri.query().is_some_and(|q| q.contains("Signature=")));
}
