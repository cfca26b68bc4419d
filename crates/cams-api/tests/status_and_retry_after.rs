//! Only 2xx is success, and a retry-after the policy will not honour ends the call at once.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{Error, RetryPolicy};
use cams_transport::InMemoryTransport;
use common::*;
use std::time::Duration;

fn list(client: &cams_api::Client) -> cams_api::ListChatGroupParticipantsFluentBuilder {
    client
        .list_chat_group_participants()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .group_id("EA9391234")
}

const THROTTLED: &str = r#"{"RequestId":"T-1","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#;

#[tokio::test]
async fn a_redirect_with_a_json_body_is_an_error_with_its_location() {
    let fake = InMemoryTransport::new();
    let ok_body = serde_json::to_string(&participants_body(1, &members(1))).unwrap();
    fake.push_response(
        302,
        &[
            ("location", "https://elsewhere.example.com/"),
            ("x-acs-request-id", "R-302"),
        ],
        ok_body,
    );
    let client = deterministic(fake.clone());
    let err = list(&client).send().await.unwrap_err();
    match &err {
        Error::UnexpectedStatus {
            status,
            location,
            request_id,
        } => {
            assert_eq!(*status, 302);
            assert_eq!(location.as_deref(), Some("https://elsewhere.example.com/"));
            assert_eq!(request_id.as_deref(), Some("R-302"));
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(err.status(), Some(302));
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("302"), "{err}");
    assert!(err.to_string().contains("elsewhere.example.com"), "{err}");
    fake.assert_request_count(1);
}

#[tokio::test]
async fn informational_and_other_non_2xx_statuses_are_errors() {
    for status in [100u16, 204, 304] {
        let fake = InMemoryTransport::new();
        fake.push_response(status, &[], r#"{"Code":"OK"}"#);
        let client = deterministic(fake);
        let got = list(&client).send().await;
        if status == 204 {
            // 2xx: a success status whose empty-ish body parses or not, but never UnexpectedStatus.
            assert!(
                !matches!(got, Err(Error::UnexpectedStatus { .. })),
                "{got:?}"
            );
        } else {
            let err = got.unwrap_err();
            assert!(
                matches!(err, Error::UnexpectedStatus { status: s, .. } if s == status),
                "{status}: {err:?}"
            );
        }
    }
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

#[tokio::test]
async fn a_retry_after_past_the_operation_deadline_ends_the_call_at_once() {
    let fake = InMemoryTransport::new();
    fake.push_response(429, &[("x-acs-retry-after", "5000")], THROTTLED);
    fake.push_json(200, r#"{"Code":"OK"}"#);
    let sleep = RecordingSleep::default();
    let client = builder(fake.clone(), sleep.clone())
        .operation_timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    let err = list(&client).send().await.unwrap_err();
    assert!(err.is_throttling(), "{err:?}");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
    // Only the deadline's own timer was armed: no retry sleep.
    assert_eq!(sleep.slept(), vec![Duration::from_secs(3)]);
    fake.assert_request_count(1);
}

#[tokio::test]
async fn a_retry_after_within_policy_and_deadline_is_still_honoured() {
    let fake = InMemoryTransport::new();
    fake.push_response(429, &[("x-acs-retry-after", "1000")], THROTTLED);
    fake.push_json(200, r#"{"Code":"OK"}"#);
    let sleep = RecordingSleep::default();
    let client = builder(fake.clone(), sleep.clone())
        .operation_timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    list(&client).send().await.unwrap();
    assert_eq!(
        sleep.slept(),
        vec![Duration::from_secs(3), Duration::from_secs(1)]
    );
}
