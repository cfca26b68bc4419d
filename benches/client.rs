//! One whole call (build, sign, send, parse): in memory, and over loopback through reqwest and
//! hyper against a bare hyper client sending the same bytes to the same server (the floor);
//! then the same with 32 calls in flight.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use bytes::Bytes;
use cams::transport::{
    HttpRequest, HttpResponse, HyperTransport, InMemoryTransport, ReqwestTransport,
    SharedTransport, Transport, TransportError,
};
use cams::{Client, Credentials, RetryPolicy};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::client::legacy::Client as BareClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::net::SocketAddr;

/// A 20-member page, as the service sends it.
fn page_body() -> Bytes {
    let list: Vec<_> = (0..20)
        .map(|i| serde_json::json!({ "ParticipantNumber": format!("86138{i:08}") }))
        .collect();
    Bytes::from(
        serde_json::to_vec(&serde_json::json!({
            "AccessDeniedDetail": "None", "Message": "None",
            "RequestId": "90E63D28-E31D-1EB2-8939-A94866411B2O",
            "Data": { "Total": 20, "List": list }, "Code": "OK", "Success": true,
        }))
        .unwrap_or_default(),
    )
}

/// The in-memory floor of a call: a transport that answers with the page and keeps nothing
/// (`InMemoryTransport` records every request, which would grow over millions of iterations).
#[derive(Debug)]
struct Canned(Bytes);

#[async_trait::async_trait]
impl Transport for Canned {
    async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut response = http::Response::new(self.0.clone());
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json;charset=utf-8"),
        );
        Ok(response)
    }
}

/// A hyper server on 127.0.0.1 answering every request with the page.
async fn server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("addr: {e}"));
    let body = page_body();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let svc = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let body = body.clone();
                    async move {
                        let _ = req.into_body().collect().await;
                        Ok::<_, std::convert::Infallible>(
                            http::Response::builder()
                                .header("content-type", "application/json;charset=utf-8")
                                .body(Full::new(body))
                                .unwrap_or_default(),
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    addr
}

fn client(endpoint: &str, transport: SharedTransport) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .credentials(Credentials::new("bench-ak", "bench-secret"))
        .transport(transport)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
}

async fn call(client: &Client) {
    let page = client
        .list_chat_group_participants()
        .cust_space_id("cams-k1234567")
        .business_number("8613800001234")
        .group_id("EA9391234")
        .page(1, 20)
        .send()
        .await
        .unwrap_or_else(|e| panic!("call: {e}"));
    assert_eq!(page.data.map(|d| d.list.len()), Some(20));
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    let addr = rt.block_on(server());
    let endpoint = format!("http://{addr}");

    let in_memory = Canned(page_body());
    let clients = [
        (
            "in_memory",
            client(
                "https://cams.ap-southeast-1.aliyuncs.com",
                SharedTransport::new(in_memory),
            ),
        ),
        (
            "reqwest",
            client(
                &endpoint,
                SharedTransport::new(ReqwestTransport::new().unwrap_or_else(|e| panic!("{e}"))),
            ),
        ),
        (
            "hyper",
            client(
                &endpoint,
                SharedTransport::new(HyperTransport::new().unwrap_or_else(|e| panic!("{e}"))),
            ),
        ),
    ];

    // The floor: the bytes one signed call puts on the wire, sent by a bare hyper client.
    let bare: BareClient<HttpConnector, Full<Bytes>> =
        BareClient::builder(TokioExecutor::new()).build_http();
    let template = rt.block_on(async {
        let capture = InMemoryTransport::from_fn(|_| {
            Ok(http::Response::new(Bytes::from_static(br#"{"Code":"OK"}"#)))
        });
        call_capture(&endpoint, capture).await
    });
    let bare_call = |bare: BareClient<HttpConnector, Full<Bytes>>,
                     template: http::Request<Bytes>| async move {
        let (parts, body) = template.into_parts();
        let resp = bare
            .request(http::Request::from_parts(parts, Full::new(body)))
            .await
            .unwrap_or_else(|e| panic!("bare: {e}"));
        let body = resp
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        assert!(!body.is_empty());
    };

    let mut g = c.benchmark_group("client");
    for (name, client) in &clients {
        g.bench_function(*name, |b| b.to_async(&rt).iter(|| call(client)));
    }
    g.bench_function("bare_hyper", |b| {
        b.to_async(&rt)
            .iter(|| bare_call(bare.clone(), clone_request(&template)))
    });
    g.finish();

    // The hyper transport alone sending the captured request: separates what the transport
    // costs from what the client (build, sign, parse) adds under concurrency.
    let ht = SharedTransport::new(HyperTransport::new().unwrap_or_else(|e| panic!("{e}")));
    let mut g = c.benchmark_group("transport");
    g.bench_function("hyper", |b| {
        b.to_async(&rt).iter(|| async {
            ht.send(clone_request(&template))
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        })
    });
    g.finish();

    let mut g = c.benchmark_group("transport_32");
    g.throughput(Throughput::Elements(32));
    g.bench_function("hyper", |b| {
        b.to_async(&rt).iter(|| async {
            let calls = (0..32).map(|_| {
                let ht = ht.clone();
                let req = clone_request(&template);
                tokio::spawn(async move { ht.send(req).await.unwrap_or_else(|e| panic!("{e}")) })
            });
            for r in futures_util::future::join_all(calls).await {
                r.unwrap_or_else(|e| panic!("join: {e}"));
            }
        })
    });
    g.finish();

    // What 32 spawned tasks cost the runtime alone (spawn, wake, join), with nothing to do: the
    // part of every `*_32` figure that is neither client nor transport.
    let mut g = c.benchmark_group("runtime_32");
    g.throughput(Throughput::Elements(32));
    g.bench_function("spawn_noop", |b| {
        b.to_async(&rt).iter(|| async {
            let tasks = (0..32).map(|i| tokio::spawn(async move { std::hint::black_box(i) }));
            for r in futures_util::future::join_all(tasks).await {
                r.unwrap_or_else(|e| panic!("join: {e}"));
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("client_32");
    g.throughput(Throughput::Elements(32));
    for (name, client) in &clients {
        g.bench_function(*name, |b| {
            b.to_async(&rt).iter(|| async {
                let calls = (0..32).map(|_| {
                    let client = client.clone();
                    tokio::spawn(async move { call(&client).await })
                });
                for r in futures_util::future::join_all(calls).await {
                    r.unwrap_or_else(|e| panic!("join: {e}"));
                }
            })
        });
    }
    g.bench_function("bare_hyper", |b| {
        b.to_async(&rt).iter(|| async {
            let calls =
                (0..32).map(|_| tokio::spawn(bare_call(bare.clone(), clone_request(&template))));
            for r in futures_util::future::join_all(calls).await {
                r.unwrap_or_else(|e| panic!("join: {e}"));
            }
        })
    });
    g.finish();
}

/// The exact request the client sends to `endpoint`, captured in memory.
async fn call_capture(endpoint: &str, capture: InMemoryTransport) -> http::Request<Bytes> {
    let c = client(endpoint, SharedTransport::new(capture.clone()));
    let _ = c
        .list_chat_group_participants()
        .cust_space_id("cams-k1234567")
        .business_number("8613800001234")
        .group_id("EA9391234")
        .page(1, 20)
        .send()
        .await;
    capture
        .requests()
        .pop()
        .unwrap_or_else(|| panic!("no request captured"))
}

fn clone_request(r: &http::Request<Bytes>) -> http::Request<Bytes> {
    let mut out = http::Request::new(r.body().clone());
    *out.method_mut() = r.method().clone();
    *out.uri_mut() = r.uri().clone();
    *out.headers_mut() = r.headers().clone();
    out
}

criterion_group!(client_benches, benches);
criterion_main!(client_benches);
