//! Retries: what is retried, how long it waits, and that every attempt is signed afresh.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{Error, RetryPolicy};
use cams_model::{Operation, Params, ValidationError};
use cams_transport::InMemoryTransport;
use common::*;
use std::time::Duration;

fn list(client: &cams_api::Client) -> cams_api::operation::list_chat_group_participants::builders::ListChatGroupParticipantsFluentBuilder{
    client
        .list_chat_group_participants()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .group_id("EA9391234")
}

const THROTTLED: &str = r#"{"RequestId":"T-1","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#;
const UNAVAILABLE: &str =
    r#"{"RequestId":"U-1","Code":"ServiceUnavailable","Message":"try later"}"#;

#[tokio::test]
async fn throttling_waits_for_retry_after_then_succeeds() {
    let fake = InMemoryTransport::new();
    fake.push_response(429, &[("x-acs-retry-after", "1500")], THROTTLED);
    fake.push_json(
        200,
        serde_json::to_vec(&participants_body(1, &members(1))).unwrap(),
    );
    let sleep = RecordingSleep::default();
    let client = builder(fake.clone(), sleep.clone()).build().unwrap();
    let page = list(&client).send().await.unwrap();
    assert_eq!(page.data.unwrap().list.len(), 1);
    assert_eq!(sleep.slept(), vec![Duration::from_millis(1500)]);
    let sent = fake.requests();
    assert_eq!(sent.len(), 2);
    assert!(sent[0].headers().get("x-acs-retry-attempts").is_none());
    assert_eq!(sent[1].headers()["x-acs-retry-attempts"], "1");
    assert_eq!(sent[1].headers()["x-acs-retry-delay"], "1500");
    // A fresh signature: new nonce (and Authorization) on the retry.
    assert_ne!(
        sent[0].headers()["x-acs-signature-nonce"],
        sent[1].headers()["x-acs-signature-nonce"]
    );
    assert_ne!(
        sent[0].headers()["authorization"],
        sent[1].headers()["authorization"]
    );
    // The retry headers are x-acs-*, so they are signed.
    let auth = sent[1].headers()["authorization"].to_str().unwrap();
    assert!(
        auth.contains("x-acs-retry-attempts;x-acs-retry-delay"),
        "{auth}"
    );
}

#[tokio::test]
async fn retry_after_at_the_policy_maximum_is_honoured() {
    let fake = InMemoryTransport::new();
    fake.push_response(429, &[("x-acs-retry-after", "2000")], THROTTLED);
    fake.push_json(200, r#"{"Code":"OK"}"#);
    let sleep = RecordingSleep::default();
    let client = builder(fake, sleep.clone())
        .retry_policy(RetryPolicy::standard().with_max_retry_after(Duration::from_secs(2)))
        .build()
        .unwrap();
    list(&client).send().await.unwrap();
    assert_eq!(sleep.slept(), vec![Duration::from_secs(2)]);
}

#[tokio::test]
async fn service_unavailable_then_ok() {
    let fake = InMemoryTransport::new();
    fake.push_response(503, &[], UNAVAILABLE);
    fake.push_json(200, r#"{"Code":"OK","RequestId":"OK-1"}"#);
    let sleep = RecordingSleep::default();
    let client = builder(fake.clone(), sleep.clone()).build().unwrap();
    let out = list(&client).send().await.unwrap();
    assert_eq!(out.request_id.as_deref(), Some("OK-1"));
    fake.assert_request_count(2);
    let slept = sleep.slept();
    assert_eq!(slept.len(), 1);
    assert!(slept[0] <= Duration::from_millis(100), "{slept:?}");
}

#[tokio::test]
async fn gives_up_after_the_attempt_limit() {
    let fake = InMemoryTransport::new();
    for _ in 0..5 {
        fake.push_response(503, &[], UNAVAILABLE);
    }
    let sleep = RecordingSleep::default();
    let client = builder(fake.clone(), sleep.clone()).build().unwrap();
    let err = list(&client).send().await.unwrap_err();
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    fake.assert_request_count(3);
    assert_eq!(sleep.slept().len(), 2);

    let fake = InMemoryTransport::new();
    for _ in 0..5 {
        fake.push_timeout();
    }
    let client = builder(fake.clone(), RecordingSleep::default())
        .retry_policy(RetryPolicy::standard().with_max_attempts(5))
        .build()
        .unwrap();
    let err = list(&client).send().await.unwrap_err();
    assert!(matches!(&err, Error::Transport(t) if t.is_timeout()));
    fake.assert_request_count(5);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let fake = InMemoryTransport::new();
    fake.push_response(
        400,
        &[],
        r#"{"Code":"SignatureDoesNotMatch","Message":"no","RequestId":"S-1"}"#,
    );
    let client = builder(fake.clone(), RecordingSleep::default())
        .build()
        .unwrap();
    list(&client).send().await.unwrap_err();
    fake.assert_request_count(1);
}

#[tokio::test]
async fn disabled_policy_sends_once() {
    let fake = InMemoryTransport::new();
    fake.push_response(503, &[], UNAVAILABLE);
    let client = builder(fake.clone(), RecordingSleep::default())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    list(&client).send().await.unwrap_err();
    fake.assert_request_count(1);
}

/// A non-idempotent operation defined outside the crate: what a user adding an operation writes.
#[derive(Debug, Clone)]
struct SendSomething;

impl Operation for SendSomething {
    const ACTION: &'static str = "SendChatappMessage";
    const RAM_ACTION: &'static str = "cams:SendChatappMessage";
    const IDEMPOTENT: bool = false;
    type Output = cams_model::ListChatGroupParticipantsResponse;

    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn to_params(&self) -> Params<'_> {
        let mut p = Params::default();
        p.push("CustSpaceId", "cams-k1");
        p
    }
}

#[tokio::test]
async fn non_idempotent_retries_only_what_never_left() {
    // Refused connection: the request never left, so it is sent again.
    let fake = InMemoryTransport::new();
    fake.push_connect_error();
    fake.push_json(200, r#"{"Code":"OK"}"#);
    let client = builder(fake.clone(), RecordingSleep::default())
        .build()
        .unwrap();
    client.execute(&SendSomething).await.unwrap();
    fake.assert_request_count(2);

    // A timeout or a 503 may have acted: not retried.
    for push in [
        |f: &InMemoryTransport| {
            f.push_timeout();
        },
        |f: &InMemoryTransport| {
            f.push_response(503, &[], UNAVAILABLE);
        },
    ] {
        let fake = InMemoryTransport::new();
        push(&fake);
        fake.push_json(200, r#"{"Code":"OK"}"#);
        let client = builder(fake.clone(), RecordingSleep::default())
            .build()
            .unwrap();
        client.execute(&SendSomething).await.unwrap_err();
        fake.assert_request_count(1);
    }
}

// On tokio's paused clock: time moves only when every task waits, so the attempts' order
// against the deadline is fixed, whatever the machine's load.
#[tokio::test(start_paused = true)]
async fn operation_deadline_covers_all_attempts() {
    // Every attempt takes 40 ms and ends in a retryable 503; backoff is at most 1 ms. The 100 ms
    // deadline falls in the third attempt. A deadline per attempt would never fire: the call
    // would end with the 503 after its ten attempts.
    let fake = InMemoryTransport::new().with_delay(Duration::from_millis(40));
    for _ in 0..10 {
        fake.push_response(503, &[], UNAVAILABLE);
    }
    let client = cams_api::Client::builder()
        .region("ap-southeast-1")
        .credentials(credentials())
        .transport(fake.clone())
        .retry_policy(
            RetryPolicy::standard()
                .with_max_attempts(10)
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(1)),
        )
        .operation_timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = list(&client).send().await.unwrap_err();
    assert!(
        matches!(err, Error::OperationTimeout { after, attempts: 3 } if after == Duration::from_millis(100)),
        "{err:?}"
    );
    fake.assert_request_count(3);
}

#[tokio::test]
async fn a_retry_after_above_the_policy_maximum_ends_the_call_at_once() {
    let fake = InMemoryTransport::new();
    fake.push_response(429, &[("x-acs-retry-after", "900000")], THROTTLED);
    fake.push_json(200, r#"{"Code":"OK"}"#);
    let sleep = RecordingSleep::default();
    let client = builder(fake.clone(), sleep.clone())
        .retry_policy(RetryPolicy::standard().with_max_retry_after(Duration::from_secs(2)))
        .build()
        .unwrap();
    let err = list(&client).send().await.unwrap_err();
    assert!(err.is_throttling(), "{err:?}");
    assert_eq!(err.code(), Some("Throttling.User"));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(900)));
    assert!(sleep.slept().is_empty(), "{:?}", sleep.slept());
    fake.assert_request_count(1);
}

#[tokio::test]
async fn the_default_policy_refuses_a_retry_after_of_minutes() {
    assert_eq!(
        RetryPolicy::standard().max_retry_after(),
        Duration::from_secs(20)
    );
    let fake = InMemoryTransport::new();
    fake.push_response(429, &[("x-acs-retry-after", "180000")], THROTTLED);
    let sleep = RecordingSleep::default();
    let client = builder(fake.clone(), sleep.clone()).build().unwrap();
    let err = list(&client).send().await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(180)));
    assert!(sleep.slept().is_empty());
}

/// A 429 asking for `retry_after_ms` under a 3 s operation deadline: what was slept.
async fn throttled_under_a_deadline(retry_after_ms: &str) -> (Result<(), Error>, Vec<Duration>) {
    let fake = InMemoryTransport::new();
    fake.push_response(429, &[("x-acs-retry-after", retry_after_ms)], THROTTLED);
    fake.push_json(200, r#"{"Code":"OK"}"#);
    let sleep = RecordingSleep::default();
    let client = builder(fake.clone(), sleep.clone())
        .operation_timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    let result = list(&client).send().await.map(|_| ());
    (result, sleep.slept())
}

#[tokio::test]
async fn a_retry_after_past_the_operation_deadline_ends_the_call_at_once() {
    let (result, slept) = throttled_under_a_deadline("5000").await;
    let err = result.unwrap_err();
    assert!(err.is_throttling(), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
    // Only the deadline's own timer was armed: no retry sleep.
    assert_eq!(slept, vec![Duration::from_secs(3)]);
}

#[tokio::test]
async fn a_retry_after_within_policy_and_deadline_is_still_honoured() {
    let (result, slept) = throttled_under_a_deadline("1000").await;
    result.unwrap();
    assert_eq!(slept, vec![Duration::from_secs(3), Duration::from_secs(1)]);
}
