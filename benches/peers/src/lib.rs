//! What the peer bench and the cost binary share: one hyper 1 server on 127.0.0.1 answering both
//! SDKs' pages, and the three clients, each making one whole call.
//!
//! * `bare_hyper`: a hyper-util client sending the captured bytes of one signed
//!   `ListChatGroupParticipants` call and reading the body (the floor: no SDK at all);
//! * `cams_hyper`: `ListChatGroupParticipants` through `cams-api` on its hyper transport, a typed
//!   20-member page;
//! * `aws_sdk`: `aws-sdk-socialmessaging` `ListLinkedWhatsAppBusinessAccounts`, static
//!   credentials, `endpoint_url` to the same server, retries off, its default HTTP client (hyper 1)
//!   over plain HTTP, a typed page of about the same size in its own shape.

use aws_sdk_socialmessaging as aws;
use bytes::Bytes;
use cams_api::auth::Credentials;
use cams_api::transport::{HyperTransport, InMemoryTransport, SharedTransport};
use cams_api::{Client, RetryPolicy};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::net::SocketAddr;

/// A 20-member `ListChatGroupParticipants` page, as CAMS sends it (913 bytes).
pub fn cams_page() -> Bytes {
    let list: Vec<_> = (0..20)
        .map(|i| serde_json::json!({ "ParticipantNumber": format!("86138{i:08}") }))
        .collect();
    json(&serde_json::json!({
        "AccessDeniedDetail": "None", "Message": "None",
        "RequestId": "90E63D28-E31D-1EB2-8939-A94866411B2O",
        "Data": { "Total": 20, "List": list }, "Code": "OK", "Success": true,
    }))
}

/// A 4-account `ListLinkedWhatsAppBusinessAccounts` page in AWS's shape (1,084 bytes).
pub fn aws_page() -> Bytes {
    let list: Vec<_> = (0..4)
        .map(|i| {
            serde_json::json!({
                "arn": format!("arn:aws:social-messaging:us-east-1:123456789012:waba/{i:032x}"),
                "id": format!("waba-{i:032x}"),
                "wabaId": format!("1000{i:08}"),
                "registrationStatus": "COMPLETE",
                "linkDate": 1_733_500_000 + i,
                "wabaName": format!("Business {i}"),
                "eventDestinations": [],
            })
        })
        .collect();
    json(&serde_json::json!({ "linkedAccounts": list }))
}

fn json(v: &serde_json::Value) -> Bytes {
    Bytes::from(serde_json::to_vec(v).unwrap_or_default())
}

/// A hyper 1 server on 127.0.0.1, spawned on the current runtime: requests under `/v1/` get the
/// AWS page, every other request the CAMS page.
pub async fn server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("bind: {e}"));
    let addr = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("addr: {e}"));
    let (cams, aws) = (cams_page(), aws_page());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let _ = stream.set_nodelay(true);
            let (cams, aws) = (cams.clone(), aws.clone());
            tokio::spawn(async move {
                let svc = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let (body, ctype) = if req.uri().path().starts_with("/v1/") {
                        (aws.clone(), "application/json")
                    } else {
                        (cams.clone(), "application/json;charset=utf-8")
                    };
                    async move {
                        let _ = req.into_body().collect().await;
                        Ok::<_, std::convert::Infallible>(
                            http::Response::builder()
                                .header("content-type", ctype)
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

/// The floor: a hyper-util client and the captured request of one signed call.
#[derive(Clone, Debug)]
pub struct Bare {
    client: HyperClient<HttpConnector, Full<Bytes>>,
    template: http::Request<Bytes>,
}

impl Bare {
    /// A bare client for the server at `addr`, with the bytes `cams-api` sends it.
    pub async fn new(addr: SocketAddr) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        let client = HyperClient::builder(TokioExecutor::new()).build(connector);
        Self {
            client,
            template: capture(&format!("http://{addr}")).await,
        }
    }

    /// One call: send the captured request, read the whole body.
    pub async fn call(&self) {
        let t = &self.template;
        let mut req = http::Request::new(Full::new(t.body().clone()));
        *req.method_mut() = t.method().clone();
        *req.uri_mut() = t.uri().clone();
        *req.headers_mut() = t.headers().clone();
        let resp = self
            .client
            .request(req)
            .await
            .unwrap_or_else(|e| panic!("bare: {e}"));
        let body = resp
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        assert_eq!(body.len(), 913);
    }
}

fn cams_client(endpoint: &str, transport: SharedTransport) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .credentials(Credentials::new("bench-ak", "bench-secret"))
        .transport(transport)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap_or_else(|e| panic!("client: {e}"))
}

/// `cams-api` on its hyper transport, pointed at the server.
pub fn cams(addr: SocketAddr) -> Client {
    let transport = HyperTransport::new().unwrap_or_else(|e| panic!("hyper transport: {e}"));
    cams_client(&format!("http://{addr}"), SharedTransport::new(transport))
}

/// One `ListChatGroupParticipants` call, typed 20-member page.
pub async fn cams_call(client: &Client) {
    let page = client
        .list_chat_group_participants()
        .cust_space_id("cams-k1234567")
        .business_number("8613800001234")
        .group_id("EA9391234")
        .page(1, 20)
        .send()
        .await
        .unwrap_or_else(|e| panic!("cams: {e}"));
    assert_eq!(page.data.map(|d| d.list.len()), Some(20));
}

/// The exact request `cams-api` sends to `endpoint`, captured in memory.
async fn capture(endpoint: &str) -> http::Request<Bytes> {
    let capture = InMemoryTransport::from_fn(|_| {
        Ok(http::Response::new(Bytes::from_static(br#"{"Code":"OK"}"#)))
    });
    let _ = cams_call_raw(&cams_client(
        endpoint,
        SharedTransport::new(capture.clone()),
    ))
    .await;
    capture
        .requests()
        .pop()
        .unwrap_or_else(|| panic!("no request captured"))
}

async fn cams_call_raw(client: &Client) -> Result<(), cams_api::Error> {
    client
        .list_chat_group_participants()
        .cust_space_id("cams-k1234567")
        .business_number("8613800001234")
        .group_id("EA9391234")
        .page(1, 20)
        .send()
        .await
        .map(drop)
}

/// `aws-sdk-socialmessaging` pointed at the server: static credentials, retries off, the SDK's
/// default HTTP client (its hyper 1 client) over plain HTTP.
pub fn aws(addr: SocketAddr) -> aws::Client {
    let config = aws::Config::builder()
        .behavior_version(aws::config::BehaviorVersion::latest())
        .region(aws::config::Region::new("us-east-1"))
        .credentials_provider(aws::config::Credentials::new(
            "AKIDBENCHBENCHBENCH",
            "bench-secret",
            None,
            None,
            "bench",
        ))
        .endpoint_url(format!("http://{addr}"))
        .retry_config(aws::config::retry::RetryConfig::disabled())
        .build();
    aws::Client::from_conf(config)
}

/// One `ListLinkedWhatsAppBusinessAccounts` call, typed 4-account page.
pub async fn aws_call(client: &aws::Client) {
    let page = client
        .list_linked_whats_app_business_accounts()
        .send()
        .await
        .unwrap_or_else(|e| panic!("aws: {e:?}"));
    assert_eq!(page.linked_accounts().len(), 4);
}

/// The three clients, built on (and for) the current runtime.
#[derive(Debug)]
pub struct Peers {
    /// The floor.
    pub bare: Bare,
    /// cams-api on hyper.
    pub cams: Client,
    /// aws-sdk-rust.
    pub aws: aws::Client,
}

impl Peers {
    /// Start the server and build the three clients; one call each warms the connection pools.
    pub async fn start() -> Self {
        Self::connect(server().await).await
    }

    /// Build the three clients for a server already running at `addr`, one call each.
    pub async fn connect(addr: SocketAddr) -> Self {
        let peers = Self {
            bare: Bare::new(addr).await,
            cams: cams(addr),
            aws: aws(addr),
        };
        peers.bare.call().await;
        cams_call(&peers.cams).await;
        aws_call(&peers.aws).await;
        peers
    }
}
