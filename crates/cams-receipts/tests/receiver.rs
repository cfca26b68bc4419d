//! The receiver's contract through a real HTTP client against a real server on 127.0.0.1.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cams_receipts::receipts::{Receipt, ReceiptType};
use cams_receipts::{Batch, HandlerError, ReceiptHandler, ReceiptReceiver};
use serde_json::Value;
use tokio::sync::{Mutex, Notify};

const STATUS: &str = r#"[{"MessageId":"m1","From":"8613100000001","To":"8613800000002","Status":"Delivered","MsgFrameType":"message","Timestamp":1},
{"MessageId":"m2","From":"8613100000001","To":"8613800000003","Status":"Read","MsgFrameType":"message","Timestamp":2}]"#;

async fn start<H: ReceiptHandler>(receiver: ReceiptReceiver<H>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(receiver.serve(listener));
    format!("http://{addr}")
}

async fn push(url: &str, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let r = client()
        .post(url)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A handler that records what it was given.
fn recorder() -> (Arc<Mutex<Vec<Batch>>>, impl ReceiptHandler) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    let handler = move |batch: Batch| {
        let s = s.clone();
        async move {
            s.lock().await.push(batch);
            Ok::<(), HandlerError>(())
        }
    };
    (seen, handler)
}

#[tokio::test]
async fn batch_taken_is_acknowledged_with_numeric_code() {
    let (seen, handler) = recorder();
    let url = start(ReceiptReceiver::new(handler)).await;
    let (status, body) = push(&format!("{url}/cams/hook"), STATUS).await;
    assert_eq!(status, 200);
    assert!(body["code"].is_number(), "{body}");
    assert_eq!(body["code"], 0);
    assert_eq!(body["msg"], "成功");
    let seen = seen.lock().await;
    assert_eq!(seen.len(), 1);
    let ids: Vec<_> = seen[0]
        .receipts
        .iter()
        .filter_map(Receipt::message_id)
        .collect();
    assert_eq!(ids, ["m1", "m2"]);
    assert!(
        seen[0]
            .receipts
            .iter()
            .all(|r| r.receipt_type() == Some(ReceiptType::Status))
    );
    // The raw objects are there for verbatim printing or forwarding.
    assert_eq!(seen[0].raw_objects().unwrap()[1]["Timestamp"], 2);
}

#[tokio::test]
async fn not_an_array_of_objects_is_400_and_nothing_is_delivered() {
    let (seen, handler) = recorder();
    let url = start(ReceiptReceiver::new(handler)).await;
    for body in [
        r#"{"MessageId":"m1"}"#,
        r#"[{"MessageId":"m1"}, 3]"#,
        "[{",
        "",
        "ok",
        r#"["a"]"#,
    ] {
        let (status, reply) = push(&url, body).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(reply["code"], 400);
    }
    assert!(seen.lock().await.is_empty());
}

#[tokio::test]
async fn body_over_the_cap_is_413_and_nothing_is_delivered() {
    let (seen, handler) = recorder();
    let url = start(ReceiptReceiver::new(handler).with_max_body(64)).await;
    let (status, _) = push(&url, STATUS).await;
    assert_eq!(status, 413);
    // Without a Content-Length (chunked), the cap still holds.
    let chunks: Vec<Result<&'static str, std::io::Error>> =
        (0..8).map(|_| Ok("[{\"MessageId\":\"m1\",")).collect();
    let stream = reqwest::Body::wrap_stream(futures_stream(chunks));
    let (status, _) = push(&url, stream).await;
    assert_eq!(status, 413);
    assert!(seen.lock().await.is_empty());
    // The default cap is 1 MiB.
    let (seen, handler) = recorder();
    let url = start(ReceiptReceiver::new(handler)).await;
    let big = format!(
        r#"[{{"MessageId":"m","From":"1","To":"2","Type":"TEXT","Message":"{}"}}]"#,
        "x".repeat(1 << 20)
    );
    assert_eq!(push(&url, big).await.0, 413);
    let fits = format!(
        r#"[{{"MessageId":"m","From":"1","To":"2","Type":"TEXT","Message":"{}"}}]"#,
        "x".repeat(1000 * 1000)
    );
    assert_eq!(push(&url, fits).await.0, 200);
    assert_eq!(seen.lock().await.len(), 1);
}

fn futures_stream(
    items: Vec<Result<&'static str, std::io::Error>>,
) -> impl futures_core_stream::Stream<Item = Result<&'static str, std::io::Error>> {
    futures_core_stream::iter(items)
}

/// A tiny stream over a vector (no extra dependency).
mod futures_core_stream {
    pub(crate) use futures_core::Stream;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    pub(crate) struct Iter<T>(std::vec::IntoIter<T>);
    impl<T: Unpin> Stream for Iter<T> {
        type Item = T;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<T>> {
            Poll::Ready(self.0.next())
        }
    }
    pub(crate) fn iter<T>(v: Vec<T>) -> Iter<T> {
        Iter(v.into_iter())
    }
}

#[tokio::test]
async fn wrong_token_is_404_and_type_routes_set_the_type() {
    let (seen, handler) = recorder();
    let url = start(ReceiptReceiver::new(handler).with_token("tok-123")).await;
    assert_eq!(push(&format!("{url}/receipts/wrong"), STATUS).await.0, 404);
    assert_eq!(push(&format!("{url}/receipts"), STATUS).await.0, 404);
    assert_eq!(
        push(&format!("{url}/receipts/tok-123/nope"), STATUS)
            .await
            .0,
        404
    );
    assert!(seen.lock().await.is_empty());
    assert_eq!(
        push(&format!("{url}/receipts/tok-123"), STATUS).await.0,
        200
    );
    // This object's shape says nothing; the route says status.
    let bare = r#"[{"MessageId":"m9","From":"1","To":"2","Status":"Sent","DisplayName":"x"}]"#;
    assert_eq!(
        push(&format!("{url}/receipts/tok-123/status"), bare)
            .await
            .0,
        200
    );
    let seen = seen.lock().await;
    assert_eq!(seen[1].route, Some(ReceiptType::Status));
    assert!(matches!(seen[1].receipts[0], Receipt::Status(_)));
    let get = client()
        .get(format!("{url}/receipts/tok-123"))
        .send()
        .await
        .unwrap();
    assert_eq!(get.status().as_u16(), 405);
}

#[tokio::test]
async fn handler_error_is_5xx_and_the_next_push_is_handled() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let handler = move |batch: Batch| {
        let n = c.fetch_add(1, Ordering::SeqCst);
        async move {
            assert_eq!(batch.receipts.len(), 2);
            if n == 0 {
                Err::<(), HandlerError>("database down".into())
            } else {
                Ok(())
            }
        }
    };
    let url = start(ReceiptReceiver::new(handler)).await;
    let (status, body) = push(&url, STATUS).await;
    assert_eq!(status, 500);
    assert_ne!(body["code"], 0);
    assert_eq!(push(&url, STATUS).await.0, 200);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "handed over again after the failure"
    );
    assert_eq!(push(&url, STATUS).await.0, 200);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "taken: not handed over a third time"
    );
}

#[tokio::test]
async fn handler_past_the_deadline_is_5xx_and_the_next_push_is_handled() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let handler = move |_batch: Batch| {
        let n = c.fetch_add(1, Ordering::SeqCst);
        async move {
            if n == 0 {
                std::future::pending::<()>().await;
            }
            Ok::<(), HandlerError>(())
        }
    };
    let receiver = ReceiptReceiver::new(handler)
        .with_deadline(Duration::from_millis(50))
        .unwrap();
    let url = start(receiver).await;
    assert_eq!(push(&url, STATUS).await.0, 503);
    assert_eq!(push(&url, STATUS).await.0, 200);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn duplicates_are_acknowledged_not_handed_over() {
    let (seen, handler) = recorder();
    let url = start(ReceiptReceiver::new(handler)).await;
    assert_eq!(push(&url, STATUS).await.0, 200);
    assert_eq!(push(&url, STATUS).await.0, 200);
    // One new receipt beside an old one, and a receipt repeated within the push.
    let mixed = r#"[{"MessageId":"m1","From":"8613100000001","To":"+8613800000002","Status":"Delivered","MsgFrameType":"message"},
      {"MessageId":"m1","From":"8613100000001","To":"8613800000002","Status":"Read","MsgFrameType":"message"},
      {"MessageId":"m1","From":"8613100000001","To":"8613800000002","Status":"Read","MsgFrameType":"message"}]"#;
    assert_eq!(push(&url, mixed).await.0, 200);
    let seen = seen.lock().await;
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].receipts.len(), 1);
    assert_eq!(seen[1].positions, [1]);
}

#[tokio::test]
async fn two_simultaneous_pushes_of_one_receipt_run_the_handler_once() {
    let calls = Arc::new(AtomicUsize::new(0));
    let entered = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let (c, e, r) = (calls.clone(), entered.clone(), release.clone());
    let handler = move |_batch: Batch| {
        c.fetch_add(1, Ordering::SeqCst);
        let (e, r) = (e.clone(), r.clone());
        async move {
            e.notify_one();
            r.notified().await;
            Ok::<(), HandlerError>(())
        }
    };
    let url = start(
        ReceiptReceiver::new(handler)
            .with_deadline(Duration::from_secs(60))
            .unwrap(),
    )
    .await;
    let first = tokio::spawn({
        let url = url.clone();
        async move { push(&url, STATUS).await.0 }
    });
    entered.notified().await;
    // The second push arrives while the first is being handled: not handed over, and not
    // acknowledged either (the receipts are not taken yet).
    let second = push(&url, STATUS).await.0;
    assert_eq!(second, 503);
    release.notify_one();
    assert_eq!(first.await.unwrap(), 200);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // CAMS's retry of the second push is now a duplicate.
    assert_eq!(push(&url, STATUS).await.0, 200);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn unknown_objects_are_delivered_and_the_cross_check_skips() {
    let (seen, handler) = recorder();
    let receiver = ReceiptReceiver::new(handler).with_verify(|r| r.message_id() != Some("forged"));
    let url = start(receiver).await;
    let body = r#"[{"Hello":"world"},{"MessageId":"forged","From":"1","To":"2","Status":"Read","MsgFrameType":"message"}]"#;
    assert_eq!(push(&url, body).await.0, 200);
    let seen = seen.lock().await;
    assert_eq!(seen[0].receipts.len(), 1);
    assert!(matches!(seen[0].receipts[0], Receipt::Unknown(_)));
}

#[tokio::test]
async fn mounts_as_a_tower_service() {
    use tower_service::Service;
    let (seen, handler) = recorder();
    let mut svc = ReceiptReceiver::new(handler);
    let request = http::Request::post("/x")
        .body(http_body_util::Full::new(bytes::Bytes::from_static(
            STATUS.as_bytes(),
        )))
        .unwrap();
    let response = svc.call(request).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(seen.lock().await.len(), 1);
}

/// A reqwest client with rustls' ring provider (the workspace builds reqwest without one).
fn client() -> reqwest::Client {
    cams_transport::ReqwestTransport::client_builder(&cams_transport::TransportSettings::default())
        .unwrap()
        .build()
        .unwrap()
}
