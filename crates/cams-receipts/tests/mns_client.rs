//! The MNS client against canned answers: every error code typed, an empty queue is no error,
//! requests are signed, and an empty queue long-polls without hammering.
#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use cams_auth::Credentials;
use cams_model::receipts::{Receipt, ReceiptType};
use cams_receipts::mns::{MnsClient, MnsErrorCode, QueueError};
use cams_receipts::{QueueConsumer, TokenCache, TokenSource};
use cams_transport::{HttpRequest, HttpResponse, Transport, TransportError};

#[derive(Debug, Clone)]
struct Canned {
    status: u16,
    body: String,
    requests: Arc<AtomicU32>,
    seen: Arc<Mutex<Vec<HttpRequest>>>,
}

#[async_trait::async_trait]
impl Transport for Canned {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        self.seen.lock().unwrap().push(request);
        let mut r = http::Response::new(Bytes::from(self.body.clone()));
        *r.status_mut() = http::StatusCode::from_u16(self.status).unwrap();
        r.headers_mut()
            .insert("x-mns-request-id", "HDR-ID".parse().unwrap());
        Ok(r)
    }
}

fn canned(status: u16, body: &str) -> Canned {
    Canned {
        status,
        body: body.to_owned(),
        requests: Arc::new(AtomicU32::new(0)),
        seen: Arc::new(Mutex::new(Vec::new())),
    }
}

fn error_xml(code: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Error xmlns="http://mns.aliyuncs.com/doc/v1/"><Code>{code}</Code><Message>m</Message><RequestId>RID</RequestId><HostId>http://h</HostId></Error>"#
    )
}

fn creds() -> Credentials {
    Credentials::new("STS.id", "secret").with_security_token("tok-secret")
}

#[tokio::test]
async fn every_mns_error_is_typed_with_its_request_id() {
    let cases = [
        ("QueueNotExist", 404, MnsErrorCode::QueueNotExist),
        ("AccessDenied", 403, MnsErrorCode::AccessDenied),
        ("InvalidAccessKeyId", 403, MnsErrorCode::InvalidAccessKeyId),
        (
            "SignatureDoesNotMatch",
            403,
            MnsErrorCode::SignatureDoesNotMatch,
        ),
        (
            "SecurityTokenExpired",
            403,
            MnsErrorCode::SecurityTokenExpired,
        ),
        (
            "InvalidSecurityToken",
            403,
            MnsErrorCode::InvalidSecurityToken,
        ),
        ("TimeExpired", 403, MnsErrorCode::TimeExpired),
        ("ReceiptHandleError", 400, MnsErrorCode::ReceiptHandleError),
        ("InvalidArgument", 400, MnsErrorCode::InvalidArgument),
        ("MalformedXML", 400, MnsErrorCode::MalformedXml),
        (
            "InternalError",
            500,
            MnsErrorCode::Other("InternalError".into()),
        ),
    ];
    for (code, status, want) in cases {
        let t = canned(status, &error_xml(code));
        let c = MnsClient::new("http://127.0.0.1:9", t).unwrap();
        let e = c.delete(&creds(), "q", "h").await.unwrap_err();
        assert_eq!(e.mns_code(), Some(&want), "{code}");
        assert_eq!(e.request_id(), Some("RID"));
        assert_eq!(
            want.is_token_problem(),
            matches!(
                code,
                "AccessDenied"
                    | "InvalidAccessKeyId"
                    | "SignatureDoesNotMatch"
                    | "SecurityTokenExpired"
                    | "InvalidSecurityToken"
            ),
            "{code}"
        );
        assert!(!format!("{e} {e:?}").contains("tok-secret"));
    }
    // A body that is not MNS XML keeps the status and the header's request id.
    let c = MnsClient::new("http://127.0.0.1:9", canned(502, "bad gateway")).unwrap();
    let e = c.delete(&creds(), "q", "h").await.unwrap_err();
    assert_eq!(e.mns_code(), Some(&MnsErrorCode::Other("HTTP502".into())));
    assert_eq!(e.request_id(), Some("HDR-ID"));
    // Damaged success bodies are typed too.
    let c = MnsClient::new(
        "http://127.0.0.1:9",
        canned(200, "<Messages><Message><MessageId>x"),
    )
    .unwrap();
    let e = c
        .batch_receive(&creds(), "q", 16, Duration::ZERO)
        .await
        .unwrap_err();
    assert!(matches!(e, QueueError::Damaged(_)), "{e}");
}

#[tokio::test]
async fn an_empty_queue_is_an_empty_batch_and_requests_are_signed() {
    let t = canned(404, &error_xml("MessageNotExist"));
    let c = MnsClient::new("http://127.0.0.1:9", t.clone()).unwrap();
    let got = c
        .batch_receive(
            &creds(),
            "Alicom-Queue-1-ChatAppStatus",
            16,
            Duration::from_secs(30),
        )
        .await
        .unwrap();
    assert!(got.is_empty());
    let req = t.seen.lock().unwrap().pop().unwrap();
    assert_eq!(
        req.uri().path_and_query().unwrap().as_str(),
        "/queues/Alicom-Queue-1-ChatAppStatus/messages?numOfMessages=16&waitseconds=30"
    );
    assert!(
        req.headers()["authorization"]
            .to_str()
            .unwrap()
            .starts_with("MNS STS.id:")
    );
    assert_eq!(req.headers()["x-mns-version"], "2015-06-06");
    assert_eq!(req.headers()["security-token"], "tok-secret");
    // Limits are checked before sending.
    for (n, w) in [(0u8, 1u64), (17, 1), (16, 31)] {
        let e = c
            .batch_receive(&creds(), "q", n, Duration::from_secs(w))
            .await
            .unwrap_err();
        assert!(matches!(e, QueueError::InvalidRequest(_)), "{n} {w}");
    }
    assert!(matches!(
        c.batch_receive(&creds(), "bad/name", 1, Duration::ZERO)
            .await,
        Err(QueueError::InvalidRequest(_))
    ));
    assert!(matches!(
        c.batch_delete(&creds(), "q", &[]).await,
        Err(QueueError::InvalidRequest(_))
    ));
}

#[derive(Debug)]
struct Fixed;

#[async_trait::async_trait]
impl TokenSource for Fixed {
    async fn fetch(&self) -> Result<cams_model::dybaseapi::MessageTokenDto, QueueError> {
        Ok(serde_json::from_value(serde_json::json!({
            "AccessKeyId": "STS.a", "AccessKeySecret": "s", "SecurityToken": "t",
            "CreateTime": "2020-01-01 00:00:00", "ExpireTime": "2999-01-01 00:00:00"
        }))
        .unwrap())
    }
}

#[tokio::test(start_paused = true)]
async fn a_server_that_does_not_hold_the_poll_is_not_hammered() {
    // The server answers "empty" at once instead of waiting: the consumer must not spin.
    let t = canned(404, &error_xml("MessageNotExist"));
    let consumer = QueueConsumer::builder(ReceiptType::Status, "q")
        .tokens(TokenCache::new(Fixed))
        .mns(MnsClient::new("http://127.0.0.1:9", t.clone()).unwrap())
        .wait(Duration::from_secs(2))
        .build()
        .unwrap();
    let stop = tokio::time::sleep(Duration::from_secs(60));
    consumer
        .run(|_r: Receipt| async { Ok::<(), std::io::Error>(()) }, stop)
        .await
        .unwrap();
    let n = t.requests.load(Ordering::SeqCst);
    // One request per half wait at most: 60 s / 1 s.
    assert!((30..=61).contains(&n), "{n} requests in 60 s");
}

#[tokio::test(start_paused = true)]
async fn errors_back_off_capped_and_jittered() {
    let t = canned(500, &error_xml("InternalError"));
    let consumer = QueueConsumer::builder(ReceiptType::Status, "q")
        .tokens(TokenCache::new(Fixed))
        .mns(MnsClient::new("http://127.0.0.1:9", t.clone()).unwrap())
        .backoff(Duration::from_millis(100), Duration::from_secs(5))
        .build()
        .unwrap();
    let stop = tokio::time::sleep(Duration::from_secs(60));
    consumer
        .run(|_r: Receipt| async { Ok::<(), std::io::Error>(()) }, stop)
        .await
        .unwrap();
    let n = t.requests.load(Ordering::SeqCst);
    // Delays grow 100 ms, 200 ms, … to the 5 s cap (each jittered to [half, full]): after
    // ~6 s of ramp, 54 s at 2.5..5 s per retry gives 11..22 more.
    assert!((12..=35).contains(&n), "{n} requests in 60 s");
}
