//! Per-call options (`with_options`): each overrides the client's own setting for one call.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{Client, Error, RequestOptions, RetryPolicy, TokioSleep};
use cams_auth::{Credentials, Verifier};
use cams_transport::{HttpRequest, HttpResponse, InMemoryTransport, Transport, TransportError};
use common::*;
use http::{HeaderName, HeaderValue};
use std::time::{Duration, SystemTime};

const UNAVAILABLE: &str =
    r#"{"RequestId":"U-1","Code":"ServiceUnavailable","Message":"try later"}"#;

fn list(client: &Client) -> cams_api::operation::list_chat_group_participants::builders::ListChatGroupParticipantsFluentBuilder{
    client
        .list_chat_group_participants()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .group_id("EA9391234")
}

/// A service that never answers.
#[derive(Debug)]
struct Silent;

#[async_trait::async_trait]
impl Transport for Silent {
    async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
        std::future::pending().await
    }
}

#[tokio::test(start_paused = true)]
async fn a_call_timeout_fires_before_the_clients_longer_one() {
    let client = Client::builder()
        .region("ap-southeast-1")
        .credentials(credentials())
        .transport(Silent)
        .sleep_impl(TokioSleep)
        .operation_timeout(Duration::from_secs(3600))
        .build()
        .unwrap();
    let options = RequestOptions::new().operation_timeout(Duration::from_millis(250));
    let err = list(&client)
        .with_options(options)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::OperationTimeout { after, attempts: 1 } if after == Duration::from_millis(250)),
        "{err:?}"
    );
}

#[tokio::test]
async fn retries_turned_off_for_one_call_send_it_once() {
    let fake = InMemoryTransport::new();
    for _ in 0..10 {
        fake.push_response(503, &[], UNAVAILABLE);
    }
    // The client retries (its default policy): the same call without options is retried.
    let client = builder(fake.clone(), RecordingSleep::default())
        .build()
        .unwrap();
    assert!(client.retry_policy().is_enabled());
    let options = RequestOptions::new().retry_policy(RetryPolicy::disabled());
    let err = list(&client)
        .with_options(options)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    fake.assert_request_count(1);
    let err = list(&client).send().await.unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert_eq!(
        fake.requests().len() as u32,
        1 + client.retry_policy().max_attempts(),
        "the client's own policy retries"
    );
}

#[tokio::test]
async fn a_call_header_is_sent_and_signed() {
    let fake = InMemoryTransport::new();
    fake.push_json(
        200,
        serde_json::to_vec(&participants_body(1, &members(1))).unwrap(),
    );
    let client = builder(fake.clone(), RecordingSleep::default())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let options = RequestOptions::new()
        .header(
            HeaderName::from_static("x-acs-trace-id"),
            HeaderValue::from_static("order-1234"),
        )
        // A header the client sets itself keeps the client's value.
        .header(
            HeaderName::from_static("x-acs-action"),
            HeaderValue::from_static("DeleteChatGroup"),
        );
    list(&client).with_options(options).send().await.unwrap();
    let sent = fake.requests().remove(0);
    assert_eq!(sent.headers()["x-acs-trace-id"], "order-1234");
    assert_eq!(sent.headers()["x-acs-action"], "ListChatGroupParticipants");
    assert_eq!(sent.headers().get_all("x-acs-action").iter().count(), 1);
    let auth = sent.headers()["authorization"].to_str().unwrap();
    assert!(auth.contains("x-acs-trace-id"), "{auth}");

    // The gateway's verifier accepts it, and refuses it once the header's value changes.
    let lookup = |id: &str| (id == AK).then(|| Credentials::new(AK, SECRET));
    let (mut parts, body) = sent.into_parts();
    Verifier::new()
        .verify(&parts, &body, &lookup, SystemTime::now())
        .unwrap();
    parts.headers.insert(
        HeaderName::from_static("x-acs-trace-id"),
        HeaderValue::from_static("order-9999"),
    );
    assert!(
        Verifier::new()
            .verify(&parts, &body, &lookup, SystemTime::now())
            .is_err()
    );
}

#[tokio::test]
async fn options_debug_shows_header_names_not_values() {
    let options = RequestOptions::new().header(
        HeaderName::from_static("x-acs-security-token"),
        HeaderValue::from_static("very-secret-token"),
    );
    let shown = format!("{options:?}");
    assert!(
        shown.contains("x-acs-security-token") && !shown.contains("very-secret"),
        "{shown}"
    );
}
