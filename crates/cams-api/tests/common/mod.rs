//! Helpers shared by the client's integration tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use bytes::Bytes;
use cams_api::{AsyncSleep, Client, ClientBuilder, RetryPolicy, sleep::Sleep};
use cams_auth::{Credentials, FixedNonceSource, FixedTimeSource};
use cams_transport::{HttpRequest, HttpResponse, InMemoryTransport};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// A sleep that returns at once and remembers what it was asked for.
#[derive(Debug, Clone, Default)]
pub struct RecordingSleep(pub Arc<Mutex<Vec<Duration>>>);

impl RecordingSleep {
    pub fn slept(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl AsyncSleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

pub const AK: &str = "testAccessKeyId";
pub const SECRET: &str = "testAccessKeySecret";

pub fn credentials() -> Credentials {
    Credentials::new(AK, SECRET)
}

/// A client on `transport` with fixed credentials and a sleep double.
pub fn builder(transport: InMemoryTransport, sleep: RecordingSleep) -> ClientBuilder {
    Client::builder()
        .region("ap-southeast-1")
        .credentials(credentials())
        .transport(transport)
        .sleep_impl(sleep)
}

pub fn fixed_time() -> SystemTime {
    cams_auth::parse_timestamp("2025-03-14T09:26:53Z").unwrap()
}

/// A client whose signatures are deterministic.
pub fn deterministic(transport: InMemoryTransport) -> Client {
    builder(transport, RecordingSleep::default())
        .time_source(FixedTimeSource(fixed_time()))
        .nonce_source(FixedNonceSource::new("3d5a4ad1c7e64f2b9a0e1f2c3b4d5e6f"))
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

pub fn json_response(status: u16, body: &Value) -> HttpResponse {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json;charset=utf-8")
        .body(Bytes::from(serde_json::to_vec(body).unwrap()))
        .unwrap()
}

/// A success body of ListChatGroupParticipants.
pub fn participants_body(total: usize, numbers: &[String]) -> Value {
    json!({
        "RequestId": "REQ-1",
        "Code": "OK",
        "Message": "None",
        "Success": true,
        "AccessDeniedDetail": "None",
        "Data": {
            "Total": total,
            "List": numbers.iter().map(|n| json!({"ParticipantNumber": n})).collect::<Vec<_>>(),
        }
    })
}

/// The decoded query parameters of a request.
pub fn query_params(req: &HttpRequest) -> Vec<(String, String)> {
    cams_auth::decode_query(req.uri().query().unwrap_or(""))
}

pub fn param(req: &HttpRequest, name: &str) -> Option<String> {
    query_params(req)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// An in-memory service that pages through `members` as CAMS does (1-based `Page.Index`,
/// default size 20).
pub fn paging_service(members: Vec<String>) -> InMemoryTransport {
    InMemoryTransport::from_fn(move |req| {
        let page: Value = param(req, "Page")
            .map(|p| serde_json::from_str(&p).unwrap())
            .unwrap_or(json!({}));
        let index = page["Index"].as_u64().unwrap_or(1) as usize;
        let size = page["Size"].as_u64().unwrap_or(20) as usize;
        let start = (index - 1).saturating_mul(size).min(members.len());
        let end = (start + size).min(members.len());
        Ok(json_response(
            200,
            &participants_body(members.len(), &members[start..end]),
        ))
    })
}

pub fn members(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("86138{i:08}")).collect()
}
