//! One whole `ListChatGroupParticipants` call (builder, validation, parameters, V3 signature,
//! send, status mapping, typed parse of a 20-member page) on the in-memory transport allocates
//! exactly `CALL_ALLOCATIONS` times, the transport's own share included. The count is
//! deterministic; a change that moves it must change the constant here and say why (issue 25's
//! budget: at most 15 allocations per call above a bare hyper client). Counted with an
//! instrumented allocator (one test per binary).
#![allow(clippy::unwrap_used)]

use bytes::Bytes;
use cams::transport::{InMemoryTransport, SharedTransport};
use cams::{Client, Credentials, RetryPolicy};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use std::alloc::System;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations of one call, this file's in-memory transport's included.
const CALL_ALLOCATIONS: usize = 24;

fn page() -> Bytes {
    let list: Vec<_> = (0..20)
        .map(|i| serde_json::json!({ "ParticipantNumber": format!("86138{i:08}") }))
        .collect();
    Bytes::from(
        serde_json::to_vec(&serde_json::json!({
            "AccessDeniedDetail": "None", "Message": "None",
            "RequestId": "90E63D28-E31D-1EB2-8939-A94866411B2O",
            "Data": { "Total": 20, "List": list }, "Code": "OK", "Success": true,
        }))
        .unwrap(),
    )
}

async fn call(client: &Client) -> usize {
    let page = client
        .list_chat_group_participants()
        .cust_space_id("cams-k1234567")
        .business_number("8613800001234")
        .group_id("EA9391234")
        .page(1, 20)
        .send()
        .await
        .unwrap();
    page.data.map_or(0, |d| d.list.len())
}

#[test]
fn one_call_allocates_exactly_its_budget() {
    let body = page();
    // Answers with the page and a content type; the body is shared, not copied.
    let transport = InMemoryTransport::from_fn(move |_| {
        let mut response = http::Response::new(body.clone());
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json;charset=utf-8"),
        );
        Ok(response)
    });
    let client = Client::builder()
        .endpoint("https://cams.ap-southeast-1.aliyuncs.com")
        .credentials(Credentials::new("testAccessKeyId", "testAccessKeySecret"))
        .transport(SharedTransport::new(transport.clone()))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    // The first call warms thread-locals (the nonce RNG, tracing's dispatcher) and gives the
    // transport's request log its room; cleared, the log keeps it.
    assert_eq!(rt.block_on(call(&client)), 20);
    transport.clear_requests();

    let region = Region::new(GLOBAL);
    let members = rt.block_on(call(&client));
    let change = region.change();
    let allocations = change.allocations + change.reallocations;
    println!("allocations per call: {allocations}");
    assert_eq!(members, 20);
    assert_eq!(transport.request_count(), 1);
    assert_eq!(
        allocations, CALL_ALLOCATIONS,
        "one call allocated {allocations} times"
    );
}
