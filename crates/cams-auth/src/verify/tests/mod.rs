use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderValue;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::request::Parts;

mod v1;
mod v3;

use super::*;
use crate::canonical::hash_counter;
use crate::encode::canonical_query;
use crate::{SignedHeadersError, SignerV1, SignerV3, SigningParams};

pub(super) const SECRET: &str = "sEcReT-do-not-print";
pub(super) const TOKEN: &str = "ToKeN-do-not-print";

pub(super) fn t0() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_741_944_413)
}

pub(super) fn request() -> Parts {
    http::Request::post("https://cams.example/?GroupId=a%20b&Page=%7B%7D")
        .header("host", "cams.example")
        .header("x-acs-action", "ListChatGroupParticipants")
        .header("x-acs-version", "2020-06-06")
        .body(())
        .unwrap()
        .into_parts()
        .0
}

pub(super) fn creds(token: bool) -> Credentials {
    let c = Credentials::new("AKID", SECRET);
    if token {
        c.with_security_token(TOKEN)
    } else {
        c
    }
}

pub(super) fn signed_v3(c: &Credentials) -> Parts {
    let mut p = request();
    let params = SigningParams::new(c, t0(), "nonce-1");
    SignerV3::new().sign(&mut p, &params).unwrap();
    p
}

pub(super) fn signed_v1(c: &Credentials) -> Parts {
    let mut p = request();
    let params = SigningParams::new(c, t0(), "nonce-1");
    SignerV1::new().sign(&mut p, &params).unwrap();
    p
}

pub(super) fn lookup(c: Credentials) -> impl Fn(&str) -> Option<Credentials> + Send + Sync {
    move |id: &str| (id == "AKID").then(|| c.clone())
}

pub(super) fn no_secret(e: &VerifyError) {
    let d = format!("{e:?} {e}");
    assert!(!d.contains(SECRET) && !d.contains(TOKEN), "{d}");
}

pub(super) fn auth_of(p: &Parts) -> String {
    p.headers[AUTHORIZATION].to_str().unwrap().to_owned()
}

pub(super) fn set(p: &mut Parts, name: &'static str, v: &str) {
    p.headers.insert(name, HeaderValue::from_str(v).unwrap());
}

pub(super) fn with_signed_headers(p: &mut Parts, list: &str) {
    let auth = auth_of(p);
    let start = auth.find("SignedHeaders=").unwrap() + "SignedHeaders=".len();
    let end = auth.find(",Signature=").unwrap();
    set(
        p,
        "authorization",
        &format!("{}{list}{}", &auth[..start], &auth[end..]),
    );
}

pub(super) fn replace_param(p: &Parts, key: &str, value: Option<&str>) -> Parts {
    let mut params = decode_query(p.uri.query().unwrap());
    params.retain(|(k, _)| k != key);
    params.extend(value.map(|v| (key.to_owned(), v.to_owned())));
    let q = canonical_query(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut out = p.clone();
    out.uri = format!("https://cams.example/?{q}").parse().unwrap();
    out
}
#[test]
fn accepts_and_reports() {
    let c = creds(true);
    let p = signed_v3(&c);
    let v = Verifier::new().verify(&p, b"", &lookup(c), t0()).unwrap();
    assert_eq!(v.scheme, Scheme::V3);
    assert_eq!(v.nonce, "nonce-1");
    let want = [("GroupId", "a b"), ("Page", "{}")].map(|(k, v)| (k.to_owned(), v.to_owned()));
    assert_eq!(v.params, want);
    assert_eq!(v.version.as_deref(), Some("2020-06-06"));
}
#[test]
fn crafted_signed_headers_cost_is_linear() {
    // Naming `host` thousands of times (issue: 31 KB cost 3 s): refused before any hashing,
    // and a request within the limits hashes a small multiple of its own size.
    let c = creds(false);
    let mut p = signed_v3(&c);
    p.headers
        .insert("host", HeaderValue::from_str(&"h".repeat(8000)).unwrap());
    with_signed_headers(&mut p, &vec!["host"; 4000].join(";"));
    hash_counter::take();
    let e = Verifier::new()
        .verify(&p, b"", &lookup(c.clone()), t0())
        .unwrap_err();
    assert!(matches!(e, VerifyError::SignedHeaders(_)), "{e:?}");
    assert_eq!(hash_counter::take(), 0, "hashed before refusing");

    // The most headers the limits allow, each with a long value: bounded by the request.
    let mut p = request();
    p.headers
        .insert("host", HeaderValue::from_str(&"h".repeat(4000)).unwrap());
    for i in 0..40 {
        let name = http::HeaderName::try_from(format!("x-acs-extra-{i:02}")).unwrap();
        p.headers
            .insert(name, HeaderValue::from_str(&"v".repeat(500)).unwrap());
    }
    let body = vec![b'b'; 10_000];
    let params = SigningParams::new(&c, t0(), "n").with_body(&body);
    SignerV3::new().sign(&mut p, &params).unwrap();
    let size: usize = p.uri.to_string().len()
        + body.len()
        + p.headers
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len())
            .sum::<usize>();
    hash_counter::take();
    Verifier::new().verify(&p, &body, &lookup(c), t0()).unwrap();
    let hashed = hash_counter::take();
    assert!(
        hashed <= 2 * size,
        "hashed {hashed} bytes of a {size}-byte request"
    );
}

#[test]
fn two_nonces_never_read_the_same() {
    // Before: any non-visible-ASCII nonce read as "", so two of them collided as a replay.
    let c = creds(false);
    for raw in [&b"\xff\xfe"[..], b"\xe4\xb8\xad", b"a b"] {
        let mut p = signed_v3(&c);
        p.headers.insert(
            "x-acs-signature-nonce",
            HeaderValue::from_bytes(raw).unwrap(),
        );
        let e = Verifier::new()
            .verify(&p, b"", &lookup(c.clone()), t0())
            .unwrap_err();
        assert!(matches!(e, VerifyError::InvalidNonce), "{raw:?}: {e:?}");
    }
    let ok = signed_v1(&c);
    let e = Verifier::new()
        .verify(
            &replace_param(&ok, "SignatureNonce", Some("\u{fffd}")),
            b"",
            &lookup(c),
            t0(),
        )
        .unwrap_err();
    assert!(matches!(e, VerifyError::InvalidNonce), "{e:?}");
}
