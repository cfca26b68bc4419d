//! Nothing secret reaches the logs or `Debug`: not the secret, the token, `Authorization`
//! or a V1 `Signature`.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{RetryPolicy, SignatureVersion};
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

const TOKEN: &str = "sts-token-SHOULD-NOT-APPEAR";
const SECRET_VALUE: &str = "secret-SHOULD-NOT-APPEAR";

#[test]
fn logs_and_debug_carry_no_secrets() {
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
    let mut signatures = Vec::new();
    tracing::subscriber::with_default(subscriber, || {
        for version in [SignatureVersion::V3, SignatureVersion::V1] {
            let fake = InMemoryTransport::new();
            // A gateway message may echo its string to sign, token included.
            fake.push_response(
                503,
                &[],
                format!(
                    r#"{{"Code":"ServiceUnavailable","RequestId":"R","Message":"server string to sign is: POST&%2F&SecurityToken%3D{TOKEN}"}}"#
                ),
            );
            fake.push_json(200, r#"{"Code":"OK","RequestId":"R2"}"#);
            let client = builder(fake.clone(), RecordingSleep::default())
                .credentials(Credentials::new(AK, SECRET_VALUE).with_security_token(TOKEN))
                .signature_version(version)
                .retry_policy(RetryPolicy::standard())
                .build()
                .unwrap();
            rt.block_on(async {
                client
                    .list_chat_group_participants()
                    .business_number("1")
                    .cust_space_id("2")
                    .group_id("3")
                    .send()
                    .await
                    .unwrap();
            });
            let debug = format!("{client:?}");
            assert!(
                !debug.contains(SECRET_VALUE) && !debug.contains(TOKEN),
                "{debug}"
            );
            for req in fake.requests() {
                if let Some(a) = req.headers().get("authorization") {
                    signatures.push(a.to_str().unwrap().rsplit('=').next().unwrap().to_owned());
                }
                if let Some(s) = param(&req, "Signature") {
                    signatures.push(s);
                }
            }
        }
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("cams.operation"), "no span logged: {logs}");
    assert!(logs.contains("ListChatGroupParticipants"), "{logs}");
    assert!(!logs.contains(SECRET_VALUE), "{logs}");
    assert!(!logs.contains(TOKEN), "{logs}");
    assert_eq!(signatures.len(), 4);
    for s in signatures {
        assert!(!logs.contains(&s), "signature {s} logged: {logs}");
    }
}
