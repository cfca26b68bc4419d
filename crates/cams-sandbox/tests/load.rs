//! Load: 64 concurrent clients send signed requests to the loopback server through
//! `cams_transport::HyperTransport`; every answer must be right. Bounded (a fixed number of
//! requests), prints requests/s, asserts no timing.
//!
//! 20,000 requests (debug builds too: about 10 s); `CAMS_SANDBOX_LOAD_REQUESTS` overrides.
//! Figures: `cargo test --release -p cams-sandbox --test load -- --nocapture`.
#![allow(clippy::unwrap_used)]

mod common;

use bytes::Bytes;
use cams_auth::{SignerV1, SignerV3, SigningParams};
use cams_sandbox::{Engine, Sandbox};
use cams_transport::{HyperTransport, Transport};
use common::{demo_query, json, members};
use http::Request;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Instant, SystemTime};

const CLIENTS: usize = 64;

fn total_requests() -> usize {
    if let Some(n) = std::env::var("CAMS_SANDBOX_LOAD_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    20_000
}

/// (group id, size) of the demo groups of the main space.
const GROUPS: [(&str, usize); 4] = [
    ("SBXGRP000", 0),
    ("SBXGRP003", 3),
    ("SBXGRP057", 57),
    ("SBXGRP250", 250),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_clients_many_signed_requests_all_correct() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cams_sandbox::serve(listener, Engine::demo(), async {
        let _ = stop_rx.await;
    }));

    let transport = Arc::new(HyperTransport::new().unwrap());
    let host = addr.to_string();
    let total = total_requests();
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut clients = Vec::with_capacity(CLIENTS);
    for _ in 0..CLIENTS {
        let transport = Arc::clone(&transport);
        let next = Arc::clone(&next);
        let host = host.clone();
        clients.push(tokio::spawn(async move {
            let creds = Sandbox::demo_credentials();
            let mut done = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed) as usize;
                if i >= total {
                    return done;
                }
                let (group, size) = GROUPS[i % GROUPS.len()];
                let page_size = [20usize, 50, 100][i / GROUPS.len() % 3];
                let pages = size.div_ceil(page_size).max(1);
                let index = 1 + (i / 12) % (pages + 1); // sometimes one past the end
                let page = format!(r#"{{"Index":{index},"Size":{page_size}}}"#);
                let query = demo_query(group, Some(&page));
                let nonce = format!("load-{i}");
                let (mut parts, body) = Request::post(format!("http://{host}/?{query}"))
                    .header("host", &host)
                    .header("x-acs-action", "ListChatGroupParticipants")
                    .header("x-acs-version", "2020-06-06")
                    .body(Bytes::new())
                    .unwrap()
                    .into_parts();
                if i % 4 == 3 {
                    SignerV1::new()
                        .sign(
                            &mut parts,
                            &SigningParams::new(&creds, SystemTime::now(), &nonce),
                        )
                        .unwrap();
                } else {
                    SignerV3::new()
                        .sign(
                            &mut parts,
                            &SigningParams::new(&creds, SystemTime::now(), &nonce),
                        )
                        .unwrap();
                }
                let resp = transport
                    .send(Request::from_parts(parts, body))
                    .await
                    .unwrap();
                assert_eq!(
                    resp.status(),
                    200,
                    "{}",
                    String::from_utf8_lossy(resp.body())
                );
                let v = json(&resp);
                assert_eq!(v["Code"], "OK");
                assert_eq!(v["Data"]["Total"], size as i64);
                let start = ((index - 1) * page_size).min(size);
                let end = (start + page_size).min(size);
                let expected: Vec<String> = (start + 1..=end)
                    .map(|m| format!("861380{size:03}{m:04}"))
                    .collect();
                assert_eq!(members(&v), expected, "{group} {page}");
                done += 1;
            }
        }));
    }
    let mut answered = 0;
    for c in clients {
        answered += c.await.unwrap();
    }
    let elapsed = started.elapsed();
    assert_eq!(answered, total);
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "sandbox load ({build}): {total} signed requests, {CLIENTS} concurrent clients, {:.2} s, {:.0} requests/s",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );

    stop_tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}
