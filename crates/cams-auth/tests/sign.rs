//! The signers on their own: the reference vector, what they set and replace, and refusals that
//! leave the request as it was.

#![allow(clippy::unwrap_used)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cams_auth::{
    Credentials, SignerV1, SignerV3, SigningError, SigningParams, Verifier, format_timestamp,
    inspect,
};
use http::HeaderValue;
use http::request::Parts;

fn parts(uri: &str) -> Parts {
    http::Request::post(uri)
        .header("host", "cams.ap-southeast-1.aliyuncs.com")
        .header("x-acs-version", "2020-06-06")
        .header("x-acs-action", "ListChatGroupParticipants")
        .body(())
        .unwrap()
        .into_parts()
        .0
}

const REFERENCE_URI: &str = "https://cams.ap-southeast-1.aliyuncs.com/?BusinessNumber=8613800001234&ChannelType=WHATSAPP&CustSpaceId=cams-k1234567&GroupId=EA9391234&Page=%7B%22Index%22%3A1%2C%22Size%22%3A20%7D";

/// 2025-03-14T09:26:53Z, the time of the reference vector.
fn vector_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_741_944_413)
}

fn creds() -> Credentials {
    Credentials::new("testAccessKeyId", "testAccessKeySecret")
}

#[test]
fn v3_reference_vector() {
    let mut p = parts(REFERENCE_URI);
    let c = creds();
    let params = SigningParams::new(&c, vector_time(), "3d5a4ad1c7e64f2b9a0e1f2c3b4d5e6f");
    SignerV3::new().sign(&mut p, &params).unwrap();
    assert_eq!(
        p.headers["authorization"],
        "ACS3-HMAC-SHA256 Credential=testAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=2e921836804b35b37bf727976be8b637717d97c7a037fff054292498e253aec8"
    );
    assert_eq!(p.headers.len(), 7);
}

#[test]
fn v1_reference_vector() {
    let mut p = parts(REFERENCE_URI);
    let c = creds();
    let params = SigningParams::new(&c, vector_time(), "3d5a4ad1c7e64f2b9a0e1f2c3b4d5e6f");
    SignerV1::new().sign(&mut p, &params).unwrap();
    let q = p.uri.query().unwrap();
    assert!(
        q.ends_with("&Signature=ZMYtD1a2G9n1nvkTsdpJzwl%2FlgU%3D"),
        "{q}"
    );
    assert_eq!(p.uri.host(), Some("cams.ap-southeast-1.aliyuncs.com"));

    let mut no_action = parts(REFERENCE_URI);
    no_action.headers.remove("x-acs-action");
    let err = SignerV1::new().sign(&mut no_action, &params).unwrap_err();
    assert!(
        matches!(err, SigningError::MissingHeader { ref name } if name == "x-acs-action"),
        "{err:?}"
    );
}

#[test]
fn an_error_leaves_the_request_as_it_was() {
    let t = vector_time();
    let refused = |p: &mut Parts, c: &Credentials, nonce: &str, names: Option<&[&str]>| {
        let before = p.headers.clone();
        let params = SigningParams::new(c, t, nonce);
        let err = match names {
            None => SignerV3::new().sign(p, &params),
            Some(names) => SignerV3::new().sign_with_headers(p, &params, names),
        }
        .unwrap_err();
        assert_eq!(p.headers, before, "{err:?}");
        let d = format!("{err:?} {err}");
        assert!(!d.contains("secret") && !d.contains("token-xyz"), "{d}");
        err
    };
    let invalid = |err: SigningError| match err {
        SigningError::InvalidHeaderValue { name } => name,
        other => panic!("{other:?}"),
    };
    let c = Credentials::new("id", "secret");
    let mut p = parts("https://cams.ap-southeast-1.aliyuncs.com/?GroupId=G");
    let bad_token = c.clone().with_security_token("line\ntoken-xyz");
    assert_eq!(
        invalid(refused(&mut p, &bad_token, "n-1", None)),
        "x-acs-security-token"
    );
    assert_eq!(
        invalid(refused(&mut p, &c, "bad\nnonce", None)),
        "x-acs-signature-nonce"
    );
    let bad_id = Credentials::new("id\r\nx-injected: 1", "secret");
    assert_eq!(
        invalid(refused(&mut p, &bad_id, "n-1", None)),
        "authorization"
    );
    let err = refused(&mut p, &c, "n-1", Some(&["accept", "host"]));
    assert!(matches!(err, SigningError::MissingSignedHeader { ref name } if name == "accept"));
    let mut obs = p.clone();
    obs.headers
        .insert("x-acs-note", HeaderValue::from_bytes(b"\xff").unwrap());
    assert_eq!(invalid(refused(&mut obs, &c, "n-1", None)), "x-acs-note");
    p.headers.remove("host");
    let err = refused(&mut p, &c, "n-1", None);
    assert!(matches!(err, SigningError::MissingHost), "{err:?}");
}

#[test]
fn headers_the_signer_sets_replace_the_requests_own() {
    // A stale date, nonce and hash (say, from a previous attempt) are replaced, and only the new
    // values are signed; STS headers are the signer's only with STS credentials.
    let t = vector_time();
    let c = Credentials::new("id", "secret");
    let mut p = parts("https://cams.ap-southeast-1.aliyuncs.com/?GroupId=G");
    for (k, v) in [
        ("x-acs-date", "2001-01-01T00:00:00Z"),
        ("x-acs-signature-nonce", "stale"),
        ("x-acs-content-sha256", "stale"),
        ("x-acs-security-token", "caller-set"),
    ] {
        p.headers.append(k, HeaderValue::from_static(v));
        p.headers.append(k, HeaderValue::from_static(v));
    }
    SignerV3::new()
        .sign(&mut p, &SigningParams::new(&c, t, "fresh"))
        .unwrap();
    assert_eq!(p.headers.get_all("x-acs-signature-nonce").iter().count(), 1);
    assert_eq!(p.headers["x-acs-signature-nonce"], "fresh");
    assert_eq!(p.headers["x-acs-date"], "2025-03-14T09:26:53Z");
    assert_eq!(p.headers.get_all("x-acs-security-token").iter().count(), 2);
    let names = [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-security-token",
        "x-acs-signature-nonce",
        "x-acs-version",
    ];
    let canonical = inspect::canonical_request(&p, &names, cams_auth::EMPTY_BODY_SHA256).unwrap();
    assert!(
        canonical.contains("x-acs-security-token:caller-set,caller-set\n"),
        "{canonical}"
    );
    let sig = inspect::v3_signature(&inspect::string_to_sign(&canonical), &c);
    let auth = p.headers["authorization"].to_str().unwrap();
    assert!(auth.ends_with(&format!(",Signature={sig}")), "{auth}");

    let sts = c.with_security_token("tok");
    SignerV3::new()
        .sign(&mut p, &SigningParams::new(&sts, t, "fresh-2"))
        .unwrap();
    assert_eq!(p.headers.get_all("x-acs-security-token").iter().count(), 1);
    assert_eq!(p.headers["x-acs-security-token"], "tok");
    assert!(p.headers["x-acs-security-token"].is_sensitive());
    assert_eq!(p.headers["x-acs-accesskey-id"], "id");
}

#[test]
fn the_date_follows_the_time_across_seconds_and_the_epoch() {
    let c = creds();
    let base = vector_time();
    for t in [
        base,
        base + Duration::from_millis(999),
        base + Duration::from_secs(1),
        UNIX_EPOCH - Duration::from_millis(1500),
        UNIX_EPOCH,
    ] {
        let mut p = parts("https://cams.ap-southeast-1.aliyuncs.com/?GroupId=G");
        SignerV3::new()
            .sign(&mut p, &SigningParams::new(&c, t, "n-1"))
            .unwrap();
        assert_eq!(
            p.headers["x-acs-date"],
            format_timestamp(t).as_str(),
            "{t:?}"
        );
    }
}

#[test]
fn many_signed_headers_and_long_values_verify() {
    let c = creds();
    let t = vector_time();
    let long = "a".repeat(3 * 1024);
    let mut p = parts(&format!(
        "https://cams.ap-southeast-1.aliyuncs.com/?GroupId={long}"
    ));
    for i in (0..40).rev() {
        let name = http::HeaderName::try_from(format!("x-acs-extra-{i:02}")).unwrap();
        p.headers.insert(name, HeaderValue::from_static("v"));
    }
    SignerV3::new()
        .sign(&mut p, &SigningParams::new(&c, t, "n-1"))
        .unwrap();
    let auth = p.headers["authorization"].to_str().unwrap().to_owned();
    assert!(auth.contains("x-acs-extra-00;x-acs-extra-01;"), "{auth}");
    let lookup = move |_: &str| Some(c.clone());
    Verifier::new().verify(&p, b"", &lookup, t).unwrap();
}

#[test]
fn the_displayed_canonical_request_hides_the_token() {
    let c = creds().with_security_token("ToKeN-do-not-print");
    let mut p = parts(REFERENCE_URI);
    SignerV3::new()
        .sign(&mut p, &SigningParams::new(&c, vector_time(), "n"))
        .unwrap();
    let names = ["host", "x-acs-security-token"];
    let exact = inspect::canonical_request(&p, &names, cams_auth::EMPTY_BODY_SHA256).unwrap();
    assert!(exact.contains("x-acs-security-token:ToKeN-do-not-print\n"));
    let shown =
        cams_auth::CanonicalRequest::of_headers(&p, &names, cams_auth::EMPTY_BODY_SHA256).unwrap();
    let shown = format!("{shown} {shown:?}");
    assert!(
        !shown.contains("ToKeN") && shown.contains("x-acs-security-token:<redacted>"),
        "{shown}"
    );
}
