//! The paginator holds one page at a time: the peak memory it needs does not grow with the
//! number of pages. Measured with a counting allocator (one test per binary, so nothing else
//! allocates concurrently).
#![allow(clippy::unwrap_used)]

use bytes::Bytes;
use cams::transport::{HttpRequest, HttpResponse, Transport, TransportError};
use cams::{Client, Credentials, RetryPolicy};
use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// A stateless service over `n` members: unlike the sandbox (bounded nonce cache) and the
/// in-memory transport (records requests), it keeps nothing per request, so all growth
/// measured is the client's.
#[derive(Debug)]
struct Pages {
    n: usize,
}

#[async_trait::async_trait]
impl Transport for Pages {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let query = cams::auth::decode_query(request.uri().query().unwrap_or(""));
        let page = &query.iter().find(|(k, _)| k == "Page").unwrap().1;
        let page: serde_json::Value = serde_json::from_str(page).unwrap();
        let index = page["Index"].as_u64().unwrap() as usize;
        let size = page["Size"].as_u64().unwrap() as usize;
        let start = ((index - 1) * size).min(self.n);
        let end = (start + size).min(self.n);
        let list: Vec<_> = (start..end)
            .map(|i| serde_json::json!({ "ParticipantNumber": format!("86138{i:08}") }))
            .collect();
        let body = serde_json::json!({"Code": "OK", "RequestId": "R", "Data": {"Total": self.n, "List": list}});
        Ok(http::Response::new(Bytes::from(
            serde_json::to_vec(&body).unwrap(),
        )))
    }
}

fn client(n: usize) -> Client {
    Client::builder()
        .region("ap-southeast-1")
        .credentials(Credentials::new("mem-ak", "mem-secret"))
        .transport(Pages { n })
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// Pages through `n` members 20 at a time, counting members without keeping them; returns
/// the peak heap growth while doing so.
fn peak_while_paging(rt: &tokio::runtime::Runtime, client: &Client, n: usize) -> usize {
    let baseline = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    let counted = rt.block_on(async {
        let mut items = client
            .list_chat_group_participants()
            .cust_space_id("cams-mem")
            .business_number("8613800001234")
            .group_id("G")
            .page(1, 20)
            .into_paginator()
            .items();
        let mut count = 0;
        while let Some(item) = items.next().await {
            item.unwrap();
            count += 1;
        }
        count
    });
    assert_eq!(counted, n);
    ALLOC.peak_usage().saturating_sub(baseline)
}

#[test]
fn paginator_memory_does_not_grow_with_pages() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // Warm up lazily initialised state (thread-locals, the RNG, tracing's callsites).
    peak_while_paging(&rt, &client(200), 200);
    let ten_pages = peak_while_paging(&rt, &client(200), 200);
    let thousand_pages = peak_while_paging(&rt, &client(20_000), 20_000);
    println!("paginator peak heap: 10 pages {ten_pages} B, 1000 pages {thousand_pages} B");
    // 100x the pages; holding them all would need over 1 MiB more (20,000 numbers as
    // Strings), and keeping as little as 2 bytes per page (a `u64` fingerprint per page is 8 KB
    // for 1000 pages) exceeds this bound. A constant peak allows only noise: the page index
    // grows by a few digits.
    assert!(
        thousand_pages < ten_pages + 2 * 1024,
        "peak grew with pages: {ten_pages} B for 10 pages, {thousand_pages} B for 1000"
    );
}
