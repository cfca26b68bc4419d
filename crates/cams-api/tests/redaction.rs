//! Nothing secret reaches the logs, `Debug` or an error: not the secret, the token, a V3
//! signature or a V1 `Signature`, neither as themselves nor in any encoded form a logged URI,
//! query or string to sign would carry them in. Checked on calls that succeed after a retry and
//! on calls that fail once the retries are spent, under a subscriber that records every level.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{Error, RetryPolicy, SignatureVersion};
use cams_auth::Credentials;
use cams_transport::InMemoryTransport;
use common::*;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// Reserved characters in both, so that their encoded forms differ from them.
const TOKEN: &str = "sts+token/SHOULD=NOT-APPEAR";
const SECRET_VALUE: &str = "secret/SHOULD+NOT=APPEAR";

use cams_vectors::secret_forms::{forms, percent_encode};

fn assert_none_in(what: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        for form in forms(secret) {
            assert!(
                !text.contains(&form),
                "{what} carries {form:?} (a form of {secret:?}): {text}"
            );
        }
    }
}

/// A 503 whose message echoes a V1 string to sign, as a gateway's may: token included, encoded
/// twice as it is there; and, for good measure, the token and the secret as themselves and
/// encoded once.
fn echoing_503(fake: &InMemoryTransport) {
    let once = percent_encode(TOKEN, true);
    let twice = percent_encode(&once, true);
    let secret = percent_encode(SECRET_VALUE, true);
    fake.push_response(
        503,
        &[],
        format!(
            r#"{{"Code":"ServiceUnavailable","RequestId":"R","Message":"server string to sign is: POST&%2F&SecurityToken%3D{twice} ({TOKEN}, {once}; {SECRET_VALUE}, {secret})"}}"#
        ),
    );
}

/// The signatures the client put on the requests it sent.
fn signatures(fake: &InMemoryTransport) -> Vec<String> {
    let mut found = Vec::new();
    for req in fake.requests() {
        if let Some(a) = req.headers().get("authorization") {
            found.push(a.to_str().unwrap().rsplit('=').next().unwrap().to_owned());
        }
        if let Some(s) = param(&req, "Signature") {
            found.push(s);
        }
    }
    found
}

#[test]
fn logs_debug_and_errors_carry_no_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut secrets = vec![SECRET_VALUE.to_owned(), TOKEN.to_owned()];
    let mut shown = Vec::new();
    let mut sent = 0;
    tracing::subscriber::with_default(subscriber, || {
        for version in [SignatureVersion::V3, SignatureVersion::V1] {
            let fake = InMemoryTransport::new();
            // Succeeds after one retry.
            echoing_503(&fake);
            fake.push_json(200, r#"{"Code":"OK","RequestId":"R2"}"#);
            // Fails once the three attempts are spent.
            for _ in 0..3 {
                echoing_503(&fake);
            }
            let client = builder(fake.clone(), RecordingSleep::default())
                .credentials(Credentials::new(AK, SECRET_VALUE).with_security_token(TOKEN))
                .signature_version(version)
                .retry_policy(RetryPolicy::standard().with_max_attempts(3))
                .build()
                .unwrap();
            let call = || {
                client
                    .list_chat_group_participants()
                    .business_number("1")
                    .cust_space_id("2")
                    .group_id("3")
                    .send()
            };
            rt.block_on(async {
                call().await.unwrap();
                let err = call().await.unwrap_err();
                assert!(
                    matches!(&err, Error::Gateway(g) if g.status == 503),
                    "{err:?}"
                );
                shown.push(format!("{err}"));
                shown.push(format!("{err:?}"));
            });
            fake.assert_request_count(5);
            sent += 5;
            shown.push(format!("{client:?}"));
            secrets.extend(signatures(&fake));
        }
    });
    // Every request was signed, V3 and V1 alike.
    assert_eq!(secrets.len(), 2 + sent);
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("cams.operation"), "no span logged: {logs}");
    assert!(logs.contains("ListChatGroupParticipants"), "{logs}");
    assert!(
        logs.contains("retrying"),
        "the retry path did not log: {logs}"
    );
    assert!(
        logs.contains("operation failed"),
        "the failure path did not log: {logs}"
    );
    assert_none_in("the logs", &logs, &secrets);
    for text in &shown {
        assert_none_in("a Debug or Display", text, &secrets);
    }
}
