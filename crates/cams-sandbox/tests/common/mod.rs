//! Hand-signed requests for the sandbox tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use bytes::Bytes;
use cams_auth::{Credentials, FixedTimeSource, SignerV1, SignerV3, SigningParams};
use cams_sandbox::{Engine, Fixture};
use http::{Request, Response};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The engine's fixed "now" in most tests: 2025-03-14T09:26:53Z.
pub fn t0() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_741_944_413)
}

pub fn engine_at(fixture: Fixture, now: SystemTime) -> Engine {
    Engine::builder(fixture)
        .time_source(FixedTimeSource(now))
        .build()
}

pub fn demo_engine() -> Engine {
    engine_at(Fixture::demo(), t0())
}

pub fn demo_creds() -> Credentials {
    cams_sandbox::Sandbox::demo_credentials()
}

pub fn nonce() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{:016x}{:016x}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub const HOST: &str = "cams.sandbox.local";

/// A V3-signed `POST /?{query}` (the query is canonicalized by the signer, wire = `query` as given).
pub fn v3(
    action: &str,
    query: &str,
    creds: &Credentials,
    time: SystemTime,
    nonce: &str,
) -> Request<Bytes> {
    v3_version(action, "2020-06-06", query, creds, time, nonce)
}

pub fn v3_version(
    action: &str,
    version: &str,
    query: &str,
    creds: &Credentials,
    time: SystemTime,
    nonce: &str,
) -> Request<Bytes> {
    let (mut parts, body) = unsigned(
        query,
        &[("x-acs-action", action), ("x-acs-version", version)],
    );
    let params = SigningParams::new(creds, time, nonce);
    SignerV3::new().sign(&mut parts, &params).unwrap();
    Request::from_parts(parts, body)
}

/// A V1-signed `POST /?...&Signature=...`.
pub fn v1(
    action: &str,
    query: &str,
    creds: &Credentials,
    time: SystemTime,
    nonce: &str,
) -> Request<Bytes> {
    v1_version(action, "2020-06-06", query, creds, time, nonce)
}

pub fn v1_version(
    action: &str,
    version: &str,
    query: &str,
    creds: &Credentials,
    time: SystemTime,
    nonce: &str,
) -> Request<Bytes> {
    let (mut parts, body) = unsigned(
        query,
        &[("x-acs-action", action), ("x-acs-version", version)],
    );
    let params = SigningParams::new(creds, time, nonce);
    SignerV1::new().sign(&mut parts, &params).unwrap();
    Request::from_parts(parts, body)
}

/// An unsigned `POST /?{query}` to the sandbox host with `headers`, as parts to sign.
fn unsigned(query: &str, headers: &[(&str, &str)]) -> (http::request::Parts, Bytes) {
    let uri = if query.is_empty() {
        format!("http://{HOST}/")
    } else {
        format!("http://{HOST}/?{query}")
    };
    let mut builder = Request::post(uri).header("host", HOST);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Bytes::new()).unwrap().into_parts()
}

/// Replaces the query on the wire, keeping headers (and so the V3 signature).
pub fn with_wire_query(req: Request<Bytes>, query: &str) -> Request<Bytes> {
    let (mut parts, body) = req.into_parts();
    parts.uri = format!("http://{HOST}/?{query}").parse().unwrap();
    Request::from_parts(parts, body)
}

pub fn query_of(req: &Request<Bytes>) -> String {
    req.uri().query().unwrap_or_default().to_owned()
}

/// The LCGP query for a group with an optional page.
pub fn lcgp_query(space: &str, number: &str, group: &str, page: Option<&str>) -> String {
    let mut pairs = vec![
        ("BusinessNumber", number.to_owned()),
        ("CustSpaceId", space.to_owned()),
        ("GroupId", group.to_owned()),
    ];
    if let Some(p) = page {
        pairs.push(("Page", p.to_owned()));
    }
    cams_auth::canonical_query(pairs.iter().map(|(k, v)| (*k, v.as_str())))
}

pub fn demo_query(group: &str, page: Option<&str>) -> String {
    lcgp_query(
        cams_sandbox::DEMO_CUST_SPACE_ID,
        cams_sandbox::DEMO_BUSINESS_NUMBER,
        group,
        page,
    )
}

pub fn json(resp: &Response<Bytes>) -> Value {
    serde_json::from_slice(resp.body())
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(resp.body())))
}

pub fn members(v: &Value) -> Vec<String> {
    v["Data"]["List"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["ParticipantNumber"].as_str().unwrap().to_owned())
        .collect()
}

/// Asserts a gateway error: status, code, and the body shape.
pub fn assert_gateway_error(resp: &Response<Bytes>, status: u16, code: &str) -> Value {
    let v = json(resp);
    assert_eq!(resp.status().as_u16(), status, "{v}");
    assert_eq!(v["Code"], code, "{v}");
    let rid = v["RequestId"].as_str().unwrap();
    assert_eq!(rid.len(), 36);
    assert!(v["HostId"].is_string());
    assert!(v["Message"].is_string());
    assert_eq!(
        v["Recommend"].as_str().unwrap(),
        format!("https://api.aliyun.com/troubleshoot?q={code}&product=cams&requestId={rid}")
    );
    assert_eq!(
        resp.headers()["content-type"],
        "application/json;charset=utf-8"
    );
    v
}
