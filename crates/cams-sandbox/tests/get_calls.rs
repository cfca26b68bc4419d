//! RPC operations are served with GET as well as POST, signed V3 (the method is in the canonical
//! request) and V1 (`GET&%2F&…`), as the gateway does and the official `aliyun` CLI sends by
//! default. The requests here are signed by a small signer written from the spec in this file,
//! not by `cams-auth`, so that the verifier is checked against an independent reading.
#![allow(clippy::unwrap_used)]

mod common;

use base64::Engine as _;
use bytes::Bytes;
use common::*;
use hmac::{Hmac, Mac};
use http::Request;
use sha2::Digest;

const LCGP: &str = "ListChatGroupParticipants";

fn id() -> String {
    demo_creds().access_key_id().to_owned()
}

fn secret() -> String {
    use cams_auth::ExposeSecret;
    demo_creds().access_key_secret().expose_secret().to_owned()
}

/// RFC 3986 encoding of spec 5.3: only `A-Z a-z 0-9 - _ . ~` stay.
fn pct(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Go's `url.Values.Encode` (what the `aliyun` CLI puts on the wire): sorted, space as `+`.
fn go_query(pairs: &[(&str, String)]) -> String {
    let mut sorted: Vec<_> = pairs.to_vec();
    sorted.sort();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", pct(k), pct(v).replace("%20", "+")))
        .collect::<Vec<_>>()
        .join("&")
}

fn canonical(pairs: &[(&str, String)]) -> String {
    let mut enc: Vec<(String, String)> = pairs.iter().map(|(k, v)| (pct(k), pct(v))).collect();
    enc.sort();
    enc.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

fn business(group: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "BusinessNumber",
            cams_sandbox::DEMO_BUSINESS_NUMBER.to_owned(),
        ),
        ("CustSpaceId", cams_sandbox::DEMO_CUST_SPACE_ID.to_owned()),
        ("GroupId", group.to_owned()),
        ("Page", r#"{"Index":1,"Size":5}"#.to_owned()),
    ]
}

/// A V1 request as the `aliyun` CLI sends it: everything in a Go-encoded query (space `+`),
/// signed over the RFC 3986 form (space `%20`).
fn v1_request(method: &str, group: &str, body: &'static [u8]) -> Request<Bytes> {
    let mut pairs = business(group);
    pairs.extend([
        ("AccessKeyId", id()),
        ("Action", LCGP.to_owned()),
        ("Format", "JSON".to_owned()),
        ("SignatureMethod", "HMAC-SHA1".to_owned()),
        ("SignatureNonce", nonce()),
        ("SignatureVersion", "1.0".to_owned()),
        ("Timestamp", "2025-03-14T09:26:53Z".to_owned()),
        ("Version", "2020-06-06".to_owned()),
    ]);
    let to_sign = format!("{method}&%2F&{}", pct(&canonical(&pairs)));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(format!("{}&", secret()).as_bytes()).unwrap();
    mac.update(to_sign.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    pairs.push(("Signature", signature));
    Request::builder()
        .method(method)
        .uri(format!("http://{HOST}/?{}", go_query(&pairs)))
        .header("host", HOST)
        .body(Bytes::from_static(body))
        .unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A V3 request with its parameters in a Go-encoded query (space `+`), signed over the
/// canonical query (space `%20`) and the given method.
fn v3_request(method: &str, group: &str, body: &'static [u8]) -> Request<Bytes> {
    let pairs = business(group);
    let content = hex(&sha2::Sha256::digest(body));
    let n = nonce();
    let headers = [
        ("host", HOST.to_owned()),
        ("x-acs-action", LCGP.to_owned()),
        ("x-acs-content-sha256", content.clone()),
        ("x-acs-date", "2025-03-14T09:26:53Z".to_owned()),
        ("x-acs-signature-nonce", n),
        ("x-acs-version", "2020-06-06".to_owned()),
    ];
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let signed: Vec<&str> = headers.iter().map(|(k, _)| *k).collect();
    let signed = signed.join(";");
    let request = format!(
        "{method}\n/\n{}\n{canonical_headers}\n{signed}\n{content}",
        canonical(&pairs)
    );
    let to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        hex(&sha2::Sha256::digest(request.as_bytes()))
    );
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret().as_bytes()).unwrap();
    mac.update(to_sign.as_bytes());
    let signature = hex(&mac.finalize().into_bytes());
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("http://{HOST}/?{}", go_query(&pairs)));
    for (k, v) in &headers {
        builder = builder.header(*k, v);
    }
    builder
        .header(
            "authorization",
            format!(
                "ACS3-HMAC-SHA256 Credential={},SignedHeaders={signed},Signature={signature}",
                id()
            ),
        )
        .body(Bytes::from_static(body))
        .unwrap()
}

#[test]
fn the_independent_signer_agrees_with_a_golden_v1_vector() {
    // The documented ECS example (spec 6): GET, secret `testsecret`.
    let pairs = [
        ("AccessKeyId", "testid".to_owned()),
        ("Action", "DescribeRegions".to_owned()),
        ("Format", "XML".to_owned()),
        ("SignatureMethod", "HMAC-SHA1".to_owned()),
        (
            "SignatureNonce",
            "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf".to_owned(),
        ),
        ("SignatureVersion", "1.0".to_owned()),
        ("Timestamp", "2016-02-23T12:46:24Z".to_owned()),
        ("Version", "2014-05-26".to_owned()),
    ];
    let to_sign = format!("GET&%2F&{}", pct(&canonical(&pairs)));
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(b"testsecret&").unwrap();
    mac.update(to_sign.as_bytes());
    let got = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    assert_eq!(got, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

#[test]
fn get_and_post_are_served_alike_in_both_schemes() {
    let engine = demo_engine();
    for method in ["GET", "POST"] {
        for (scheme, request) in [
            ("v3", v3_request(method, "SBXGRP057", b"")),
            ("v1", v1_request(method, "SBXGRP057", b"")),
        ] {
            let resp = engine.handle(request);
            let v = json(&resp);
            assert_eq!(resp.status(), 200, "{method} {scheme}: {v}");
            assert_eq!(
                resp.headers()[&cams_sandbox::SIGNATURE_SCHEME],
                scheme,
                "{method}"
            );
            assert_eq!(members(&v).len(), 5, "{method} {scheme}: {v}");
        }
    }
}

#[test]
fn spaces_sent_as_plus_and_signed_as_percent_20_verify() {
    let engine = demo_engine();
    // No such group: the call is verified, then answered with the business error.
    for request in [
        v1_request("GET", "a group with spaces*~", b""),
        v3_request("GET", "a group with spaces*~", b""),
    ] {
        assert!(
            request
                .uri()
                .query()
                .unwrap()
                .contains("GroupId=a+group+with+spaces%2A~")
        );
        let resp = engine.handle(request);
        let v = json(&resp);
        assert_eq!(resp.status(), 200, "{v}");
        assert_eq!(v["Success"], false, "{v}");
    }
}

#[test]
fn the_method_is_signed() {
    let engine = demo_engine();
    // Signed as GET, sent as POST (and the reverse): the string to sign differs.
    for (signed, sent) in [("GET", "POST"), ("POST", "GET")] {
        for request in [
            v1_request(signed, "SBXGRP057", b""),
            v3_request(signed, "SBXGRP057", b""),
        ] {
            let (mut parts, body) = request.into_parts();
            parts.method = sent.parse().unwrap();
            assert_gateway_error(
                &engine.handle(Request::from_parts(parts, body)),
                400,
                "SignatureDoesNotMatch",
            );
        }
    }
}

#[test]
fn a_get_with_a_body_is_refused() {
    let engine = demo_engine();
    for request in [
        v1_request("GET", "SBXGRP057", b"GroupId=SBXGRP001"),
        v3_request("GET", "SBXGRP057", b"GroupId=SBXGRP001"),
    ] {
        assert_gateway_error(&engine.handle(request), 400, "UnsupportedHTTPMethod");
    }
}

#[test]
fn other_methods_stay_refused() {
    let engine = demo_engine();
    for method in ["PUT", "DELETE", "PATCH"] {
        let request = v1_request(method, "SBXGRP057", b"");
        assert_gateway_error(&engine.handle(request), 405, "UnsupportedHTTPMethod");
    }
}
