//! The client sends, for every captured official-SDK call, the same parameters with a
//! signature the verifier accepts.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{Client, RetryPolicy, SignatureVersion};
use cams_auth::{Credentials, Scheme, V1_COMMON_PARAMS, Verifier};
use cams_model::{ListChatGroupParticipantsRequest, Page};
use cams_transport::InMemoryTransport;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

fn request_from_inputs(inputs: &Value) -> ListChatGroupParticipantsRequest {
    let mut b = ListChatGroupParticipantsRequest::builder();
    for (k, v) in inputs.as_object().unwrap() {
        b = match k.as_str() {
            "BusinessNumber" => b.business_number(v.as_str().unwrap()),
            "CustSpaceId" => b.cust_space_id(v.as_str().unwrap()),
            "GroupId" => b.group_id(v.as_str().unwrap()),
            "ChannelType" => b.channel_type(v.as_str().unwrap()),
            "OwnerId" => b.owner_id(v.as_i64().unwrap()),
            "ResourceOwnerAccount" => b.resource_owner_account(v.as_str().unwrap()),
            "ResourceOwnerId" => b.resource_owner_id(v.as_i64().unwrap()),
            "Page" => b.set_page(Some(Page {
                index: v.get("Index").and_then(Value::as_i64),
                size: v.get("Size").and_then(Value::as_i64),
            })),
            other => panic!("unknown input field {other}"),
        };
    }
    b.build()
}

fn business_params(query: &str) -> BTreeMap<String, String> {
    cams_auth::decode_query(query)
        .into_iter()
        .filter(|(k, _)| !V1_COMMON_PARAMS.contains(&k.as_str()))
        .collect()
}

const LCGP: &str = "ListChatGroupParticipants";

/// The actions of CAMS 2020-06-06, from the operation metadata in `codegen/`.
fn known_actions() -> BTreeSet<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../codegen/cams-2020-06-06.json"
    );
    let meta: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    meta["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|op| op["action"].as_str().unwrap().to_owned())
        .collect()
}

/// The scheme a capture was signed with, read off the row itself (README of `tests/vectors`):
/// V3 has an `Authorization` header, V1 a `Signature` parameter.
fn scheme_of(case: &str, row: &Value) -> Scheme {
    let v3 = row["headers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h[0].as_str().unwrap().eq_ignore_ascii_case("authorization"));
    let v1 = cams_auth::decode_query(row["query"].as_str().unwrap())
        .iter()
        .any(|(k, _)| k == "Signature");
    match (v3, v1) {
        (true, false) => Scheme::V3,
        (false, true) => Scheme::V1,
        _ => panic!("{case}: a capture is signed with exactly one of V3 and V1 (V3 {v3}, V1 {v1})"),
    }
}

/// What the client did with one capture.
enum Outcome {
    /// Sent the capture's parameters, signed so that the verifier accepts them.
    Verified(Scheme),
    /// Refused the capture's input before sending (the official SDK sends anything).
    Refused,
}

async fn check_capture(case: &str, row: &Value, scheme: Scheme) -> Outcome {
    let mut creds = Credentials::new(
        row["access_key_id"].as_str().unwrap(),
        row["access_key_secret"].as_str().unwrap(),
    );
    if let Some(t) = row["security_token"].as_str() {
        creds = creds.with_security_token(t);
    }
    let fake = InMemoryTransport::new();
    fake.push_json(
        200,
        serde_json::to_vec(&row["parsed_response_body"]).unwrap(),
    );
    let client = Client::builder()
        .endpoint("http://127.0.0.1:46381")
        .credentials(creds.clone())
        .transport(fake.clone())
        .retry_policy(RetryPolicy::disabled())
        .signature_version(match scheme {
            Scheme::V1 => SignatureVersion::V1,
            _ => SignatureVersion::V3,
        })
        .build()
        .unwrap();
    let request = request_from_inputs(&row["inputs"]);
    let invalid = cams_model::Operation::validate(&request).is_err();
    let result = client.execute(&request).await;
    if invalid {
        assert!(
            matches!(result, Err(cams_api::Error::InvalidRequest(_))),
            "{case}"
        );
        fake.assert_request_count(0);
        return Outcome::Refused;
    }
    let out = result.unwrap_or_else(|e| panic!("{case}: {e}"));
    assert_eq!(out.code.as_deref(), Some("OK"), "{case}");
    fake.assert_request_count(1);
    let sent = fake.requests().pop().unwrap();
    assert_eq!(
        business_params(sent.uri().query().unwrap_or("")),
        business_params(row["query"].as_str().unwrap()),
        "{case}: parameters differ"
    );
    assert_eq!(sent.method(), "POST");
    assert_eq!(sent.uri().path(), "/");
    assert!(sent.body().is_empty());
    assert_eq!(sent.headers()["content-length"], "0");
    let h = sent.headers();
    assert_eq!(h["host"], "127.0.0.1:46381");
    assert_eq!(h["x-acs-action"], LCGP);
    assert_eq!(h["x-acs-version"], "2020-06-06");
    if scheme == Scheme::V3 {
        for name in [
            "x-acs-date",
            "x-acs-signature-nonce",
            "x-acs-content-sha256",
            "authorization",
        ] {
            assert!(h.contains_key(name), "{case}: missing {name}");
        }
        assert_eq!(
            h.contains_key("x-acs-security-token"),
            creds.security_token().is_some(),
            "{case}"
        );
    }
    let (parts, body) = sent.into_parts();
    let lookup = move |id: &str| (id == creds.access_key_id()).then(|| creds.clone());
    let verified = Verifier::new()
        .verify(&parts, &body, &lookup, std::time::SystemTime::now())
        .unwrap_or_else(|e| panic!("{case}: verifier refused: {e}"));
    assert_eq!(verified.scheme, scheme, "{case}");
    assert_eq!(verified.action.as_deref(), Some(LCGP), "{case}");
    Outcome::Verified(scheme)
}

/// Every row of every capture file is accounted for: a `ListChatGroupParticipants` capture is
/// reproduced and verified (or its input refused before sending), a capture of another action
/// is skipped and counted, a capture of an action CAMS does not have fails the test.
#[tokio::test]
async fn every_capture_is_reproduced_and_verifies() {
    let known = known_actions();
    let (mut v3, mut v1) = (0, 0);
    for file in cams_vectors::capture_files() {
        let rows = cams_vectors::capture_rows(&file);
        let (mut verified, mut refused) = (0, 0);
        let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
        for row in &rows {
            let case = format!("{file}: {}", row["case"].as_str().unwrap());
            let action = cams_vectors::action_of(row);
            assert!(known.contains(action), "{case}: unknown action {action}");
            let scheme = scheme_of(&case, row);
            if action != LCGP {
                *skipped
                    .entry("another action (this test builds ListChatGroupParticipants only)")
                    .or_default() += 1;
                continue;
            }
            match check_capture(&case, row, scheme).await {
                Outcome::Verified(Scheme::V1) => {
                    verified += 1;
                    v1 += 1;
                }
                Outcome::Verified(_) => {
                    verified += 1;
                    v3 += 1;
                }
                Outcome::Refused => refused += 1,
            }
        }
        println!(
            "{file}: {} rows, {verified} verified, {refused} refused, skipped {skipped:?}",
            rows.len()
        );
        let lcgp_rows = rows
            .iter()
            .filter(|r| cams_vectors::action_of(r) == LCGP)
            .count();
        assert_eq!(
            verified + refused,
            lcgp_rows,
            "{file}: a ListChatGroupParticipants row was not checked"
        );
        assert_eq!(
            verified + refused + skipped.values().sum::<usize>(),
            rows.len(),
            "{file}: a row is unaccounted for"
        );
    }
    // The set must exercise both schemes, or this test proves nothing about one of them.
    assert!(v3 > 0 && v1 > 0, "verified {v3} V3 and {v1} V1 captures");
}

#[tokio::test]
async fn rust_reference_vector_is_sent_byte_for_byte() {
    let fixed = cams_vectors::read_json("official-python-fixed-vectors.json");
    let cases = fixed["v3"].as_array().unwrap();
    assert!(!cases.is_empty(), "no V3 fixed vector");
    let mut compared = 0;
    for case in cases {
        let reference = &case["rust_reference_vector"];
        let fake = InMemoryTransport::new();
        fake.push_json(200, r#"{"Code":"OK"}"#);
        let mut creds = credentials();
        if let Some(t) = case["security_token"].as_str() {
            creds = creds.with_security_token(t);
        }
        let client = cams_api::Client::builder()
            .region("ap-southeast-1")
            .credentials(creds)
            .transport(fake.clone())
            .time_source(cams_auth::FixedTimeSource(fixed_time()))
            .nonce_source(cams_auth::FixedNonceSource::new(
                "3d5a4ad1c7e64f2b9a0e1f2c3b4d5e6f",
            ))
            .retry_policy(RetryPolicy::disabled())
            .build()
            .unwrap();
        client
            .execute(&request_from_inputs(&case["inputs"]))
            .await
            .unwrap();
        let sent = fake.requests().pop().unwrap();
        // The reference URL is form-encoded (`+` for a space); we put the canonical query on
        // the wire (`%20`), which the gateway decodes to the same parameters.
        let reference_url: http::Uri = reference["url"].as_str().unwrap().parse().unwrap();
        assert_eq!(sent.uri().authority(), reference_url.authority());
        assert_eq!(sent.uri().path(), reference_url.path());
        assert_eq!(
            cams_auth::decode_query(sent.uri().query().unwrap()),
            cams_auth::decode_query(reference_url.query().unwrap()),
            "{}",
            case["case"]
        );
        assert_eq!(
            sent.uri().query().unwrap(),
            cams_auth::canonicalize_query(reference_url.query().unwrap()),
        );
        let reference_headers = reference["headers"].as_object().unwrap();
        for (name, value) in reference_headers {
            assert_eq!(
                sent.headers()[name.as_str()],
                value.as_str().unwrap(),
                "{} {name}",
                case["case"]
            );
        }
        // No header beyond the reference's, except the three the client adds unsigned, and
        // none sent twice.
        let unsigned = ["accept", "content-length", "user-agent"];
        let extra: BTreeSet<&str> = sent
            .headers()
            .keys()
            .map(http::HeaderName::as_str)
            .filter(|n| !reference_headers.contains_key(*n))
            .collect();
        assert_eq!(extra, BTreeSet::from(unsigned), "{}", case["case"]);
        assert_eq!(
            sent.headers().len(),
            reference_headers.len() + unsigned.len(),
            "{}: header count",
            case["case"]
        );
        compared += 1;
    }
    assert_eq!(compared, cases.len());
}
