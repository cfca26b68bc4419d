//! `InMemoryTransport`: canned responses, closure mode, recorded requests, injected faults.
#![allow(clippy::unwrap_used)] // tests may panic

use bytes::Bytes;
use cams_transport::{
    HttpRequest, HttpResponse, InMemoryTransport, SharedTransport, Transport, TransportError,
    TransportErrorKind,
};
use std::time::Duration;
use tokio::time::Instant;

fn get(url: &str) -> HttpRequest {
    http::Request::get(url).body(Bytes::new()).unwrap()
}

#[tokio::test]
async fn canned_responses_come_back_in_order() {
    let fake = InMemoryTransport::new();
    fake.push_response(200, &[("x-acs-request-id", "a")], "first")
        .push_json(400, r#"{"Code":"InvalidParameter"}"#)
        .push(Ok(HttpResponse::new(Bytes::from_static(b"third"))));
    assert_eq!(fake.pending(), 3);
    let client = SharedTransport::new(fake.clone());

    let first = client.send(get("https://h.example/1")).await.unwrap();
    assert_eq!(
        (
            first.status().as_u16(),
            first.headers()["x-acs-request-id"].to_str().unwrap()
        ),
        (200, "a")
    );
    assert_eq!(first.body().as_ref(), b"first");
    let second = client.send(get("https://h.example/2")).await.unwrap();
    assert_eq!(second.status(), 400);
    assert_eq!(second.headers()["content-type"], "application/json");
    assert_eq!(second.body().as_ref(), br#"{"Code":"InvalidParameter"}"#);
    let third = client.send(get("https://h.example/3")).await.unwrap();
    assert_eq!(third.body().as_ref(), b"third");
    fake.assert_no_pending();
}

#[tokio::test]
async fn records_every_request_and_shares_state_between_clones() {
    let fake = InMemoryTransport::from_fn(|_| Ok(HttpResponse::new(Bytes::new())));
    let client = SharedTransport::new(fake.clone());
    client
        .send(
            http::Request::post("https://cams.example.com/?Action=SendMessage&To=%2B86")
                .header("x-acs-action", "SendMessage")
                .body(Bytes::from_static(b"Content=hi+there"))
                .unwrap(),
        )
        .await
        .unwrap();
    client
        .send(get("https://cams.example.com/?Action=QueryChatappBindWaba"))
        .await
        .unwrap();

    fake.assert_request_count(2);
    assert_eq!(fake.request_count(), 2);
    let requests = fake.requests();
    assert_eq!(requests[0].method(), http::Method::POST);
    assert_eq!(requests[0].body().as_ref(), b"Content=hi+there");
    let first = &fake.recorded()[0];
    assert_eq!(first.query_param("Action").as_deref(), Some("SendMessage"));
    assert_eq!(first.query_param("To").as_deref(), Some("+86"));
    assert_eq!(first.header("X-Acs-Action"), Some("SendMessage"));
    assert_eq!(first.form_param("Content").as_deref(), Some("hi there"));
    let last = fake.last_request().unwrap();
    assert_eq!(
        last.query_param("Action").as_deref(),
        Some("QueryChatappBindWaba")
    );
    assert_eq!(last.uri().host(), Some("cams.example.com"));
    fake.assert_all(|r| r.uri().host() == Some("cams.example.com"));

    fake.clear_requests();
    assert!(fake.last_request().is_none());
}

#[tokio::test]
#[should_panic(expected = "expected 3 request(s), saw 1")]
async fn assert_request_count_names_the_mismatch() {
    let fake = InMemoryTransport::new();
    fake.push_response(204, &[], "");
    fake.send(get("https://h.example/")).await.unwrap();
    fake.assert_request_count(3);
}

#[tokio::test]
#[should_panic(expected = "request #1 (GET https://h.example/bad) fails the check")]
async fn assert_all_names_the_failing_request() {
    let fake = InMemoryTransport::from_fn(|_| Ok(HttpResponse::new(Bytes::new())));
    fake.send(get("https://h.example/good")).await.unwrap();
    fake.send(get("https://h.example/bad")).await.unwrap();
    fake.assert_all(|r| r.path() == "/good");
}

#[tokio::test]
async fn injected_timeout_and_connect_errors() {
    let fake = InMemoryTransport::new();
    fake.push_timeout()
        .push_connect_error()
        .push_error(TransportError::new(TransportErrorKind::Io, true));

    let timeout = fake
        .send(get("https://cams.example.com/"))
        .await
        .unwrap_err();
    assert_eq!(timeout.kind(), TransportErrorKind::Timeout);
    assert!(timeout.maybe_sent());
    assert_eq!(timeout.host(), Some("cams.example.com"));

    let connect = fake
        .send(get("https://cams.example.com/"))
        .await
        .unwrap_err();
    assert_eq!(connect.kind(), TransportErrorKind::Connect);
    assert!(!connect.maybe_sent());
    assert!(
        connect.to_string().contains("cams.example.com"),
        "{connect}"
    );

    let io = fake
        .send(get("https://cams.example.com/"))
        .await
        .unwrap_err();
    assert_eq!(io.kind(), TransportErrorKind::Io);
    fake.assert_request_count(3);
}

// On a paused clock the delays are exact: the answer comes after exactly 100 ms of tokio
// time, and a 10 ms wait always loses the race, whatever the machine's load.
#[tokio::test(start_paused = true)]
async fn injected_delay_holds_the_answer() {
    let fake = InMemoryTransport::new().with_delay(Duration::from_millis(100));
    fake.push_response(200, &[], "late");
    let started = Instant::now();
    let response = fake.send(get("https://h.example/")).await.unwrap();
    assert_eq!(response.body().as_ref(), b"late");
    assert_eq!(started.elapsed(), Duration::from_millis(100));

    // A delay longer than the caller's patience looks like a timeout to the caller.
    fake.push_response(200, &[], "too late");
    let waited = tokio::time::timeout(
        Duration::from_millis(10),
        fake.send(get("https://h.example/")),
    )
    .await;
    assert!(waited.is_err());
    // The abandoned call left the next answer in the queue untouched.
    fake.push_response(200, &[], "on time");
    let started = Instant::now();
    let response = fake.send(get("https://h.example/")).await.unwrap();
    assert_eq!(response.body().as_ref(), b"too late");
    assert_eq!(started.elapsed(), Duration::from_millis(100));
}

#[tokio::test]
async fn closure_mode_answers_from_the_request_and_queue_overrides_it() {
    let fake = InMemoryTransport::from_fn(|req| {
        let mut response = HttpResponse::new(Bytes::from(req.uri().path().to_owned()));
        *response.status_mut() = http::StatusCode::ACCEPTED;
        Ok(response)
    });
    let echoed = fake.send(get("https://h.example/echo")).await.unwrap();
    assert_eq!(
        (echoed.status().as_u16(), echoed.body().as_ref()),
        (202, b"/echo".as_ref())
    );

    fake.push_timeout();
    let err = fake.send(get("https://h.example/echo")).await.unwrap_err();
    assert!(err.is_timeout());
    let again = fake.send(get("https://h.example/again")).await.unwrap();
    assert_eq!(again.body().as_ref(), b"/again");
}

#[tokio::test]
async fn empty_queue_is_a_clear_other_error() {
    let fake = InMemoryTransport::new();
    let err = fake
        .send(get("https://h.example/nothing"))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Other);
    assert!(!err.maybe_sent());
    let message = err.to_string();
    assert!(message.contains("no canned response left"), "{message}");
    assert!(
        message.contains("GET https://h.example/nothing"),
        "{message}"
    );
    fake.assert_request_count(1);
}

#[tokio::test]
async fn invalid_canned_response_becomes_an_error() {
    let fake = InMemoryTransport::new();
    fake.push_response(200, &[("bad header", "x")], "");
    let err = fake.send(get("https://h.example/")).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Other);
    assert!(err.to_string().contains("invalid canned response"), "{err}");
}
