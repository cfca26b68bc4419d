//! V1 refusals, form bodies in both schemes, and what refusals show.

use super::*;

type Expect = fn(&VerifyError) -> bool;

#[test]
fn v1_accepts_and_rejects() {
    let c = creds(true);
    let ok = signed_v1(&c);
    let v = Verifier::new();
    let l = lookup(c.clone());
    let got = v.verify(&ok, b"", &l, t0()).unwrap();
    assert_eq!(got.scheme, Scheme::V1);
    assert_eq!(got.action.as_deref(), Some("ListChatGroupParticipants"));
    let want = [("GroupId", "a b"), ("Page", "{}")].map(|(k, v)| (k.to_owned(), v.to_owned()));
    assert_eq!(got.params, want);

    let cases: [(&str, Option<&str>, Expect); 7] = [
        ("Signature", Some("AAAA"), |e| {
            matches!(e, VerifyError::SignatureMismatch { .. })
        }),
        ("SecurityToken", Some("x"), |e| {
            matches!(e, VerifyError::SecurityTokenMismatch)
        }),
        ("SignatureMethod", Some("HMAC-SHA256"), |e| {
            matches!(e, VerifyError::UnsupportedAlgorithm(_))
        }),
        ("SignatureVersion", Some("2.0"), |e| {
            matches!(e, VerifyError::UnsupportedAlgorithm(_))
        }),
        ("SignatureNonce", None, |e| {
            matches!(e, VerifyError::MissingParameter("SignatureNonce"))
        }),
        ("Timestamp", Some("2001-01-01T00:00:00Z"), |e| {
            matches!(e, VerifyError::TimestampExpired { .. })
        }),
        (
            "GroupId",
            Some("a c"),
            |e| matches!(e, VerifyError::SignatureMismatch { string_to_sign } if string_to_sign.contains("redacted")),
        ),
    ];
    for (key, value, expected) in cases {
        let e = v
            .verify(&replace_param(&ok, key, value), b"", &l, t0())
            .unwrap_err();
        assert!(expected(&e), "{key}: {e:?}");
        no_secret(&e);
    }
    let e = v.verify(&ok, b"", &|_: &str| None, t0()).unwrap_err();
    assert!(matches!(e, VerifyError::UnknownAccessKeyId(_)));
    let mut twice = ok.clone();
    twice.uri = format!("{}&AccessKeyId=OTHER", ok.uri).parse().unwrap();
    let e = v.verify(&twice, b"", &l, t0()).unwrap_err();
    assert!(
        matches!(e, VerifyError::MalformedAuthorization { .. }),
        "{e:?}"
    );
}

#[test]
fn form_bodies_are_signed_in_both_schemes() {
    let c = creds(false);
    let body = b"PhoneNumber=%2B86+1380&VerifyCode=123456";
    for v1 in [false, true] {
        let mut p = request();
        p.uri = "https://cams.example/".parse().unwrap();
        let params = SigningParams::new(&c, t0(), "n").with_form_body(body);
        if v1 {
            SignerV1::new().sign(&mut p, &params).unwrap();
        } else {
            SignerV3::new().sign(&mut p, &params).unwrap();
            assert_eq!(p.headers["x-acs-content-sha256"], params.payload_sha256());
            assert!(auth_of(&p).contains("SignedHeaders=content-type;host;"));
        }
        assert_eq!(p.headers[CONTENT_TYPE], "application/x-www-form-urlencoded");
        let got = Verifier::new()
            .verify(&p, body, &lookup(c.clone()), t0())
            .unwrap();
        assert!(
            got.params
                .contains(&("PhoneNumber".into(), "+86 1380".into())),
            "{got:?}"
        );
        let e = Verifier::new()
            .verify(
                &p,
                b"PhoneNumber=1&VerifyCode=123456",
                &lookup(c.clone()),
                t0(),
            )
            .unwrap_err();
        assert!(
            matches!(
                e,
                VerifyError::SignatureMismatch { .. } | VerifyError::ContentHashMismatch
            ),
            "{e:?}"
        );
    }
}

#[test]
fn errors_of_a_request_with_the_real_secret_and_token_are_redacted() {
    // Every refusal the verifier returns for an STS request, displayed and debugged, holds
    // neither the secret nor the token.
    let c = creds(true);
    let v3 = signed_v3(&c);
    let v1 = signed_v1(&c);
    let wrong_token = Credentials::new("AKID", SECRET).with_security_token("x");
    let mut tampered = v3.clone();
    set(&mut tampered, "x-acs-action", "DeleteChatGroup");
    let mut errors = vec![
        Verifier::new()
            .verify(&tampered, b"", &lookup(c.clone()), t0())
            .unwrap_err(),
        Verifier::new()
            .verify(&v3, b"", &lookup(wrong_token.clone()), t0())
            .unwrap_err(),
        Verifier::new()
            .verify(&v1, b"", &lookup(wrong_token), t0())
            .unwrap_err(),
        Verifier::new()
            .verify(
                &replace_param(&v1, "GroupId", Some("x")),
                b"",
                &lookup(c.clone()),
                t0(),
            )
            .unwrap_err(),
        Verifier::new()
            .verify(&v3, b"x", &lookup(c.clone()), t0())
            .unwrap_err(),
    ];
    errors.push(
        Verifier::new()
            .verify(&v3, b"", &lookup(creds(false)), t0())
            .unwrap_err(),
    );
    for e in &errors {
        no_secret(e);
    }
    let canonical =
        crate::CanonicalRequest::of_headers(&v3, &["host", "x-acs-security-token"], "").unwrap();
    assert!(!canonical.to_string().contains(TOKEN), "{canonical}");
    let d = format!(
        "{c:?} {:?} {v3:?} {canonical:?}",
        SigningParams::new(&c, t0(), "n")
    );
    assert!(!d.contains(SECRET), "{d}");
}
