//! The MNS signer against signatures computed independently with Python's `hmac`:
//!
//! ```text
//! python3 -c 'import hmac,hashlib,base64; s="GET\n\n\nTue, 14 Nov 2023 22:13:20 GMT\nx-mns-version:2015-06-06\n/queues/Alicom-Queue-123-ChatAppStatus/messages?numOfMessages=16&waitseconds=30"; print(base64.b64encode(hmac.new(b"testsecret",s.encode(),hashlib.sha1).digest()).decode())'
//! ```
#![allow(clippy::unwrap_used)]

use cams_auth::{Credentials, MnsVerifyError, SignerMns, mns};
use std::time::{Duration, UNIX_EPOCH};

const AT: u64 = 1_700_000_000; // Tue, 14 Nov 2023 22:13:20 GMT

fn parts(method: &str, uri: &str) -> http::request::Parts {
    http::Request::builder()
        .method(method)
        .uri(uri)
        .body(())
        .unwrap()
        .into_parts()
        .0
}

#[test]
fn batch_receive_signature_matches_an_independent_hmac() {
    let mut p = parts(
        "GET",
        "http://127.0.0.1:1/queues/Alicom-Queue-123-ChatAppStatus/messages?numOfMessages=16&waitseconds=30",
    );
    let creds = Credentials::new("STS.key", "testsecret").with_security_token("the-token");
    SignerMns::new()
        .sign(&mut p, &creds, UNIX_EPOCH + Duration::from_secs(AT))
        .unwrap();
    assert_eq!(
        p.headers["authorization"],
        "MNS STS.key:Z8+LfgzJhxyivYhNmPnn8Crk0fc="
    );
    assert_eq!(p.headers["date"], "Tue, 14 Nov 2023 22:13:20 GMT");
    assert_eq!(p.headers["x-mns-version"], "2015-06-06");
    assert_eq!(p.headers["security-token"], "the-token");
    assert!(p.headers["security-token"].is_sensitive());
}

#[test]
fn content_type_and_every_x_mns_header_sorted_are_signed() {
    let mut p = parts("DELETE", "http://h/queues/q/messages");
    p.headers
        .insert("content-type", "text/xml;charset=utf-8".parse().unwrap());
    p.headers.insert("x-mns-a", "1".parse().unwrap());
    let creds = Credentials::new("id", "testsecret");
    SignerMns::new()
        .sign(&mut p, &creds, UNIX_EPOCH + Duration::from_secs(AT))
        .unwrap();
    assert_eq!(
        p.headers["authorization"],
        "MNS id:acqR5zJla9YnwjgjCzHK9VfrDjA="
    );
    assert!(!p.headers.contains_key("security-token"));
}

#[test]
fn verify_accepts_its_own_and_refuses_tampering_skew_and_unknown_keys() {
    let now = UNIX_EPOCH + Duration::from_secs(AT);
    let creds = Credentials::new("id", "testsecret").with_security_token("tok");
    let mut p = parts("GET", "http://h/queues/q/messages?waitseconds=3");
    SignerMns::new().sign(&mut p, &creds, now).unwrap();
    let skew = Duration::from_secs(900);
    let secret = |id: &str| (id == "id").then(|| "testsecret".to_owned());
    assert_eq!(mns::verify(&p, now, skew, secret).unwrap(), "id");
    // The token is not signed: changing it keeps the signature valid (the caller checks it).
    let mut t = p.clone();
    t.headers.insert("security-token", "other".parse().unwrap());
    assert!(mns::verify(&t, now, skew, secret).is_ok());
    let mut q = p.clone();
    q.uri = "http://h/queues/q/messages?waitseconds=4".parse().unwrap();
    assert_eq!(
        mns::verify(&q, now, skew, secret),
        Err(MnsVerifyError::SignatureMismatch)
    );
    let late = now + Duration::from_secs(901);
    assert!(matches!(
        mns::verify(&p, late, skew, secret),
        Err(MnsVerifyError::Skew { .. })
    ));
    assert_eq!(
        mns::verify(&p, now, skew, |_| None),
        Err(MnsVerifyError::UnknownAccessKey)
    );
    let mut bad = p.clone();
    bad.headers
        .insert("authorization", "ACS id:x".parse().unwrap());
    assert_eq!(
        mns::verify(&bad, now, skew, secret),
        Err(MnsVerifyError::MalformedAuthorization)
    );
    let mut nover = p.clone();
    nover.headers.remove("x-mns-version");
    assert_eq!(
        mns::verify(&nover, now, skew, secret),
        Err(MnsVerifyError::MissingVersion)
    );
}

#[test]
fn debug_of_signed_headers_hides_the_token_and_signature() {
    let mut p = parts("GET", "http://h/queues/q/messages");
    let creds = Credentials::new("id", "s3cr3t-value").with_security_token("tok-SECRET-123");
    SignerMns::new()
        .sign(&mut p, &creds, UNIX_EPOCH + Duration::from_secs(AT))
        .unwrap();
    let shown = format!("{:?} {creds:?}", p.headers);
    assert!(!shown.contains("tok-SECRET-123"), "{shown}");
    assert!(!shown.contains("s3cr3t-value"), "{shown}");
}
