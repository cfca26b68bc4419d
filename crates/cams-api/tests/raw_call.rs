//! The escape hatch (`client.call(RawRequest)`) and the one form-body operation: parameters go
//! where they belong, signed like any other call, answers mapped like any other.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{Error, RawRequest};
use cams_catalog::dynamic::request_from_json;
use cams_transport::InMemoryTransport;
use common::*;
use serde_json::json;

fn header<'a>(req: &'a cams_transport::HttpRequest, name: &str) -> Option<&'a str> {
    req.headers().get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn a_raw_call_is_signed_sent_and_parsed() {
    let fake = InMemoryTransport::new();
    fake.push_json(200, r#"{"Code":"OK","RequestId":"R-1","Data":{"X":[1,2]}}"#);
    let client = deterministic(fake.clone());
    let out = client
        .call(
            RawRequest::new("SomeNewAction")
                .param("Key", "value")
                .json_param("Obj", &json!({"A": 1, "B": ["x"]})),
        )
        .await
        .unwrap();
    assert_eq!(out.value["Data"]["X"], json!([1, 2]));
    assert_eq!(out.request_id.as_deref(), Some("R-1"));
    assert_eq!(
        &out.body[..],
        br#"{"Code":"OK","RequestId":"R-1","Data":{"X":[1,2]}}"#
    );
    let sent = fake.requests().pop().unwrap();
    assert_eq!(header(&sent, "x-acs-action"), Some("SomeNewAction"));
    assert!(header(&sent, "authorization").is_some_and(|a| a.starts_with("ACS3-HMAC-SHA256")));
    assert_eq!(param(&sent, "Key").as_deref(), Some("value"));
    assert_eq!(param(&sent, "Obj").as_deref(), Some(r#"{"A":1,"B":["x"]}"#));
}

#[tokio::test]
async fn a_raw_call_maps_errors_like_a_typed_one() {
    let fake = InMemoryTransport::new();
    fake.push_json(
        200,
        r#"{"Code":"Throttling.User","Message":"slow down","RequestId":"R-2"}"#,
    );
    let client = deterministic(fake.clone());
    let err = client.call(RawRequest::new("X")).await.unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_eq!(err.code(), Some("Throttling.User"));
    assert!(client.call(RawRequest::new("Bad\nAction")).await.is_err());
}

#[tokio::test]
async fn body_parameters_travel_in_a_hashed_form_body() {
    let fake = InMemoryTransport::new();
    fake.push_json(200, r#"{"Code":"OK"}"#);
    fake.push_json(200, r#"{"Code":"OK"}"#);
    let client = deterministic(fake.clone());
    client
        .get_pre_validate_phone_id()
        .phone_number("+86 138 0000 1234")
        .verify_code("123456")
        .send()
        .await
        .unwrap();
    client
        .call(RawRequest::new("Y").param("Q", "1").body_param("B", "a&b"))
        .await
        .unwrap();
    let sent = fake.requests();
    let typed = &sent[0];
    assert_eq!(typed.uri().query(), None);
    assert_eq!(
        &typed.body()[..],
        b"PhoneNumber=%2B86+138+0000+1234&VerifyCode=123456"
    );
    assert_eq!(
        header(typed, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        header(typed, "x-acs-content-sha256"),
        Some(
            cams_auth::SigningParams::new(
                &cams_auth::Credentials::new("k", "s"),
                std::time::UNIX_EPOCH,
                "n"
            )
            .with_body(typed.body())
            .payload_sha256()
        )
    );
    assert_eq!(
        header(typed, "content-length"),
        Some(typed.body().len().to_string().as_str())
    );
    let raw = &sent[1];
    assert_eq!(param(raw, "Q").as_deref(), Some("1"));
    assert_eq!(param(raw, "B"), None);
    assert_eq!(&raw.body()[..], b"B=a%26b");
}

#[test]
fn a_raw_request_from_an_operation_sends_the_same_parameters() {
    let op = request_from_json(
        "ListChatGroup",
        &json!({"BusinessNumber": "1", "CustSpaceId": "2", "Page": {"Index": 1, "Size": 5}}),
    )
    .unwrap();
    let raw = RawRequest::from_operation(op.as_ref());
    assert_eq!(raw.action(), "ListChatGroup");
    let same = RawRequest::new("ListChatGroup")
        .param("BusinessNumber", "1")
        .param("CustSpaceId", "2")
        .param("Page", r#"{"Index":1,"Size":5}"#)
        .idempotent(true);
    assert_eq!(raw, same);
}

#[tokio::test]
async fn the_form_body_verifies_signed_v3_and_v1() {
    for version in [
        cams_api::SignatureVersion::V3,
        cams_api::SignatureVersion::V1,
    ] {
        let fake = InMemoryTransport::new();
        fake.push_json(200, r#"{"Code":"OK"}"#);
        let client = builder(fake.clone(), RecordingSleep::default())
            .signature_version(version)
            .build()
            .unwrap();
        client
            .get_pre_validate_phone_id()
            .phone_number("+86 138 0000 1234")
            .verify_code("12 34")
            .send()
            .await
            .unwrap();
        let (parts, body) = fake.requests().pop().unwrap().into_parts();
        let creds = credentials();
        let lookup = move |_: &str| Some(creds.clone());
        cams_auth::Verifier::new()
            .verify(&parts, &body, &lookup, std::time::SystemTime::now())
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
    }
}
