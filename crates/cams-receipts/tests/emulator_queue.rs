//! The emulator's queue face, driven by the Rust token client and MNS client over loopback.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;
use std::time::Duration;

use cams_api::SignatureVersion;
use cams_auth::Credentials;
use cams_model::dybaseapi::QueryTokenForMnsQueueRequest;
use cams_receipts::mns::{MnsErrorCode, QueueError};
use cams_sandbox::mns::QueueConfig;
use common::*;

fn code(e: &QueueError) -> MnsErrorCode {
    e.mns_code()
        .cloned()
        .unwrap_or(MnsErrorCode::Other(format!("{e}")))
}

#[tokio::test]
async fn status_receipts_reach_the_queue_and_are_deleted_with_a_token_signed_v3_and_v1() {
    let emu = emulator(QueueConfig::default()).await;
    let ids = send_messages(&emu.url, "8613911112222", 2).await;
    for sig in [SignatureVersion::V3, SignatureVersion::V1] {
        let out = dybaseapi(&emu.url, sig)
            .execute(
                &QueryTokenForMnsQueueRequest::builder()
                    .message_type("ChatAppStatus")
                    .queue_name(status_queue())
                    .build(),
            )
            .await
            .unwrap();
        let dto = out.message_token_dto.unwrap();
        assert!(dto.access_key_id.unwrap().starts_with("STS."));
        assert_eq!(dto.expire_time.unwrap().len(), 19);
    }
    let tokens = token_cache(&emu.url, "ChatAppStatus");
    let creds = tokens.credentials().await.unwrap();
    let mns = mns(&emu.url);
    let mut seen: HashMap<String, Vec<String>> = HashMap::new();
    while seen.values().map(Vec::len).sum::<usize>() < 6 {
        let batch = mns
            .batch_receive(&creds, &status_queue(), 16, Duration::from_secs(5))
            .await
            .unwrap();
        assert!(
            !batch.is_empty(),
            "the statuses arrive within the long poll"
        );
        let mut handles = Vec::new();
        for m in &batch {
            let receipt: serde_json::Value =
                serde_json::from_slice(&m.decoded_body().unwrap()).unwrap();
            assert!(receipt.is_object(), "one receipt per message");
            seen.entry(receipt["MessageId"].as_str().unwrap().to_owned())
                .or_default()
                .push(receipt["Status"].as_str().unwrap().to_owned());
            handles.push(m.receipt_handle.as_str());
        }
        mns.batch_delete(&creds, &status_queue(), &handles)
            .await
            .unwrap();
    }
    for id in &ids {
        assert_eq!(seen[id], ["Sent", "Delivered", "Read"], "{id}");
    }
    // Deleted: nothing comes back, and a deleted handle is refused.
    let again = mns
        .batch_receive(&creds, &status_queue(), 16, Duration::from_secs(1))
        .await
        .unwrap();
    assert!(again.is_empty());
    assert_eq!(tokens.fetches(), 1);
}

#[tokio::test]
async fn an_undelivered_message_comes_back_after_its_visibility_timeout_with_a_higher_dequeue_count()
 {
    let emu =
        emulator(QueueConfig::default().with_visibility_timeout(Duration::from_secs(1))).await;
    send_messages(&emu.url, "8613900009999", 1).await; // Sent, then Failed
    let creds = token_cache(&emu.url, "ChatAppStatus")
        .credentials()
        .await
        .unwrap();
    let mns = mns(&emu.url);
    let mut first = Vec::new();
    while first.len() < 2 {
        first.extend(
            mns.batch_receive(&creds, &status_queue(), 16, Duration::from_secs(5))
                .await
                .unwrap(),
        );
    }
    assert!(first.iter().all(|m| m.dequeue_count == 1));
    // Not deleted: the long poll sleeps until they are visible again.
    let mut second = Vec::new();
    while second.len() < 2 {
        second.extend(
            mns.batch_receive(&creds, &status_queue(), 16, Duration::from_secs(5))
                .await
                .unwrap(),
        );
    }
    assert!(second.iter().all(|m| m.dequeue_count == 2), "{second:?}");
    let ids = |v: &[cams_receipts::mns::MnsMessage]| {
        let mut v: Vec<_> = v.iter().map(|m| m.message_id.clone()).collect();
        v.sort();
        v
    };
    assert_eq!(ids(&first), ids(&second));
    // The first handles are stale now.
    let stale = mns
        .delete(&creds, &status_queue(), &first[0].receipt_handle)
        .await
        .unwrap_err();
    assert_eq!(code(&stale), MnsErrorCode::ReceiptHandleError);
    // Changing visibility gives a new handle that deletes.
    let (handle, _) = mns
        .change_visibility(
            &creds,
            &status_queue(),
            &second[0].receipt_handle,
            Duration::from_secs(60),
        )
        .await
        .unwrap();
    mns.delete(&creds, &status_queue(), &handle).await.unwrap();
    let gone = mns
        .delete(&creds, &status_queue(), &handle)
        .await
        .unwrap_err();
    assert_eq!(code(&gone), MnsErrorCode::MessageNotExist);
}

#[tokio::test]
async fn the_queue_face_refuses_bad_input_with_mns_errors() {
    let emu = emulator(QueueConfig::default()).await;
    let mns = mns(&emu.url);
    let q = status_queue();
    let tokens = token_cache(&emu.url, "ChatAppStatus");
    let good = tokens.credentials().await.unwrap();
    let wait = Duration::ZERO;
    // No token / an unknown key / a wrong secret / a wrong token.
    let e = mns
        .batch_receive(&Credentials::new("nobody", "x"), &q, 1, wait)
        .await
        .unwrap_err();
    assert_eq!(code(&e), MnsErrorCode::InvalidAccessKeyId);
    let wrong_secret = Credentials::new(good.access_key_id(), "not-the-secret")
        .with_security_token(
            cams_auth::ExposeSecret::expose_secret(good.security_token().unwrap()).to_owned(),
        );
    let e = mns
        .batch_receive(&wrong_secret, &q, 1, wait)
        .await
        .unwrap_err();
    assert_eq!(code(&e), MnsErrorCode::SignatureDoesNotMatch);
    let secret = cams_auth::ExposeSecret::expose_secret(good.access_key_secret()).to_owned();
    let no_token = Credentials::new(good.access_key_id(), secret.clone());
    let e = mns.batch_receive(&no_token, &q, 1, wait).await.unwrap_err();
    assert_eq!(code(&e), MnsErrorCode::InvalidSecurityToken);
    // A queue that does not exist, and one the token is not for.
    let e = mns
        .batch_receive(&good, "Alicom-Queue-1-Nope", 1, wait)
        .await
        .unwrap_err();
    assert_eq!(code(&e), MnsErrorCode::QueueNotExist);
    let other = cams_sandbox::mns::queue_name("ChatAppInbound");
    let e = mns.batch_receive(&good, &other, 1, wait).await.unwrap_err();
    assert_eq!(code(&e), MnsErrorCode::AccessDenied);
    // Bad handles.
    let e = mns.delete(&good, &q, "no-such-handle").await.unwrap_err();
    assert_eq!(code(&e), MnsErrorCode::MessageNotExist);
    // Out-of-range parameters and malformed bodies, sent raw.
    let client = reqwest_raw(&emu.url);
    for (method, path, body, want) in [
        (
            "GET",
            format!("/queues/{q}/messages?numOfMessages=17"),
            "",
            "InvalidArgument",
        ),
        (
            "GET",
            format!("/queues/{q}/messages?numOfMessages=0"),
            "",
            "InvalidArgument",
        ),
        (
            "GET",
            format!("/queues/{q}/messages?waitseconds=31"),
            "",
            "InvalidArgument",
        ),
        (
            "GET",
            format!("/queues/{q}/messages?waitseconds=abc"),
            "",
            "InvalidArgument",
        ),
        (
            "DELETE",
            format!("/queues/{q}/messages"),
            "<nope/>",
            "MalformedXML",
        ),
        (
            "DELETE",
            format!("/queues/{q}/messages"),
            "<ReceiptHandles></ReceiptHandles>",
            "InvalidArgument",
        ),
        (
            "PUT",
            format!("/queues/{q}/messages?ReceiptHandle=x&VisibilityTimeout=99999"),
            "",
            "InvalidArgument",
        ),
        (
            "POST",
            format!("/queues/{q}/messages"),
            "",
            "InvalidArgument",
        ),
        ("GET", format!("/queues/{q}"), "", "InvalidArgument"),
    ] {
        let (status, text) = client.send(&good, method, &path, body).await;
        assert!(status >= 400, "{method} {path}: {status}");
        assert!(
            text.contains(&format!("<Code>{want}</Code>")),
            "{method} {path}: {text}"
        );
        assert!(text.contains("<RequestId>"), "{text}");
    }
    // Token call refusals: unknown type, a queue of another account.
    let e = dybaseapi(&emu.url, SignatureVersion::V3)
        .execute(
            &QueryTokenForMnsQueueRequest::builder()
                .message_type("SmsReport")
                .queue_name(&q)
                .build(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InvalidParameter.MessageType"));
    let e = dybaseapi(&emu.url, SignatureVersion::V3)
        .execute(
            &QueryTokenForMnsQueueRequest::builder()
                .message_type("ChatAppStatus")
                .queue_name("Alicom-Queue-42-ChatAppStatus")
                .build(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InvalidParameter.QueueName"));
    assert!(e.request_id().is_some());
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let emu = emulator(QueueConfig::default().with_token_ttl(Duration::from_secs(1))).await;
    // A token valid for 1 s is within the 2-minute refresh margin: each call fetches one.
    let tokens = token_cache(&emu.url, "ChatAppStatus").with_refresh_before(Duration::ZERO);
    let creds = tokens.credentials().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let e = mns(&emu.url)
        .batch_receive(&creds, &status_queue(), 1, Duration::ZERO)
        .await
        .unwrap_err();
    assert_eq!(code(&e), MnsErrorCode::SecurityTokenExpired);
}

/// Sends signed requests with arbitrary paths and bodies.
struct Raw {
    url: String,
    http: cams_transport::ReqwestTransport,
}

fn reqwest_raw(url: &str) -> Raw {
    Raw {
        url: url.to_owned(),
        http: cams_transport::ReqwestTransport::new().unwrap(),
    }
}

impl Raw {
    async fn send(
        &self,
        creds: &Credentials,
        method: &str,
        path: &str,
        body: &str,
    ) -> (u16, String) {
        use cams_transport::Transport;
        let mut req = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.url))
            .body(bytes::Bytes::from(body.to_owned()))
            .unwrap();
        if !body.is_empty() {
            req.headers_mut()
                .insert("content-type", "text/xml".parse().unwrap());
        }
        let (mut parts, body) = req.into_parts();
        cams_auth::SignerMns::new()
            .sign(&mut parts, creds, std::time::SystemTime::now())
            .unwrap();
        let resp = self
            .http
            .send(http::Request::from_parts(parts, body))
            .await
            .unwrap();
        (
            resp.status().as_u16(),
            String::from_utf8_lossy(resp.body()).into_owned(),
        )
    }
}
