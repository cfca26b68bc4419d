//! V3 refusals, one table row each.

use super::*;

type Mutation = fn(&mut Parts);
type Expect = fn(&VerifyError) -> bool;

#[test]
fn v3_rejections() {
    let ok = signed_v3(&creds(false));
    let flip_last = |p: &mut Parts| {
        let a = auth_of(p);
        let last = if a.ends_with('0') { '1' } else { '0' };
        set(p, "authorization", &format!("{}{last}", &a[..a.len() - 1]));
    };
    let too_many = |p: &mut Parts| {
        let names: Vec<String> = (0..65).map(|i| format!("x-acs-n{i:02}")).collect();
        with_signed_headers(p, &names.join(";"));
    };
    let many_hosts = |p: &mut Parts| with_signed_headers(p, &vec!["host"; 3000].join(";"));
    let cases: [(&str, Mutation, Expect); 22] = [
        (
            "no authorization",
            |p| {
                p.headers.remove(AUTHORIZATION);
            },
            |e| matches!(e, VerifyError::MissingAuthorization),
        ),
        (
            "garbage",
            |p| set(p, "authorization", "garbage"),
            |e| matches!(e, VerifyError::MalformedAuthorization { .. }),
        ),
        (
            "no fields",
            |p| set(p, "authorization", "ACS3-HMAC-SHA256 nonsense"),
            |e| matches!(e, VerifyError::MalformedAuthorization { .. }),
        ),
        (
            "short signature",
            |p| {
                set(
                    p,
                    "authorization",
                    "ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host,Signature=00",
                )
            },
            |e| matches!(e, VerifyError::MalformedAuthorization { .. }),
        ),
        (
            "field twice",
            |p| {
                let a = auth_of(p);
                set(
                    p,
                    "authorization",
                    &a.replace("Credential=AKID", "Credential=AKID,Credential=OTHER"),
                );
            },
            |e| matches!(e, VerifyError::MalformedAuthorization { .. }),
        ),
        (
            "other algorithm",
            |p| {
                let a = auth_of(p);
                set(
                    p,
                    "authorization",
                    &a.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"),
                );
            },
            |e| matches!(e, VerifyError::UnsupportedAlgorithm(a) if a == "ACS3-HMAC-SM3"),
        ),
        (
            "two authorization headers",
            |p| {
                let a = auth_of(p);
                p.headers
                    .append(AUTHORIZATION, HeaderValue::from_str(&a).unwrap());
            },
            |e| matches!(e, VerifyError::RepeatedHeader { name } if name == AUTHORIZATION),
        ),
        (
            "a signed x-acs header twice",
            |p| {
                p.headers
                    .append("x-acs-action", HeaderValue::from_static("DeleteChatGroup"));
            },
            |e| matches!(e, VerifyError::RepeatedHeader { name } if name == "x-acs-action"),
        ),
        (
            "host twice",
            |p| {
                p.headers
                    .append("host", HeaderValue::from_static("evil.example"));
            },
            |e| matches!(e, VerifyError::RepeatedHeader { name } if name == "host"),
        ),
        (
            "empty list",
            |p| with_signed_headers(p, ""),
            |e| matches!(e, VerifyError::SignedHeaders(SignedHeadersError::Empty)),
        ),
        (
            "empty name",
            |p| with_signed_headers(p, "host;;x-acs-date"),
            |e| matches!(e, VerifyError::SignedHeaders(SignedHeadersError::EmptyName)),
        ),
        (
            "unsorted",
            |p| with_signed_headers(p, "x-acs-date;host"),
            |e| {
                matches!(
                    e,
                    VerifyError::SignedHeaders(SignedHeadersError::Unsorted { .. })
                )
            },
        ),
        (
            "duplicate",
            |p| with_signed_headers(p, "host;host"),
            |e| matches!(e, VerifyError::SignedHeaders(SignedHeadersError::Duplicate { name }) if name == "host"),
        ),
        (
            "upper case",
            |p| with_signed_headers(p, "Host"),
            |e| {
                matches!(
                    e,
                    VerifyError::SignedHeaders(SignedHeadersError::InvalidName { .. })
                )
            },
        ),
        ("too many", too_many, |e| {
            matches!(
                e,
                VerifyError::SignedHeaders(SignedHeadersError::TooMany { max: 64 })
            )
        }),
        ("too long", many_hosts, |e| {
            matches!(
                e,
                VerifyError::SignedHeaders(SignedHeadersError::TooLong { .. })
            )
        }),
        (
            "unsigned x-acs header",
            |p| set(p, "x-acs-extra", "1"),
            |e| matches!(e, VerifyError::SignedHeaders(SignedHeadersError::Unsigned { name }) if name == "x-acs-extra"),
        ),
        (
            "absent signed header",
            |p| {
                let a = auth_of(p);
                set(
                    p,
                    "authorization",
                    &a.replace("SignedHeaders=host;", "SignedHeaders=accept;host;"),
                );
            },
            |e| matches!(e, VerifyError::SignedHeaders(SignedHeadersError::Absent { name }) if name == "accept"),
        ),
        (
            "no date",
            |p| {
                p.headers.remove("x-acs-date");
            },
            |e| matches!(e, VerifyError::MissingHeader { name } if name == "x-acs-date"),
        ),
        (
            "bad date",
            |p| set(p, "x-acs-date", "yesterday"),
            |e| matches!(e, VerifyError::MalformedTimestamp(_)),
        ),
        (
            "non-ASCII nonce",
            |p| {
                p.headers.insert(
                    "x-acs-signature-nonce",
                    HeaderValue::from_bytes(b"n\xc3\xa9").unwrap(),
                );
            },
            |e| matches!(e, VerifyError::InvalidNonce),
        ),
        (
            "signature",
            flip_last,
            |e| matches!(e, VerifyError::SignatureMismatch { string_to_sign } if string_to_sign.starts_with("ACS3-HMAC-SHA256\n")),
        ),
    ];
    let l = lookup(creds(false));
    for (what, mutate, expected) in cases {
        let mut p = ok.clone();
        mutate(&mut p);
        let e = Verifier::new().verify(&p, b"", &l, t0()).unwrap_err();
        assert!(expected(&e), "{what}: {e:?}");
        no_secret(&e);
    }
}

#[test]
fn v3_time_key_token_and_body() {
    let ok = signed_v3(&creds(false));
    let v = Verifier::new();
    let l = lookup(creds(false));
    for now in [
        t0() + Duration::from_secs(16 * 60),
        t0() - Duration::from_secs(16 * 60),
    ] {
        let e = v.verify(&ok, b"", &l, now).unwrap_err();
        assert!(matches!(e, VerifyError::TimestampExpired { .. }), "{e:?}");
    }
    for now in [
        t0() + Duration::from_secs(14 * 60),
        t0() - Duration::from_secs(14 * 60),
    ] {
        v.verify(&ok, b"", &l, now).unwrap();
    }
    let strict = Verifier::new().with_max_skew(Duration::from_secs(60));
    assert!(
        strict
            .verify(&ok, b"", &l, t0() + Duration::from_secs(61))
            .is_err()
    );
    let e = v.verify(&ok, b"", &|_: &str| None, t0()).unwrap_err();
    assert!(matches!(&e, VerifyError::UnknownAccessKeyId(id) if id == "AKID"));
    let e = v.verify(&ok, b"body", &l, t0()).unwrap_err();
    assert!(matches!(e, VerifyError::ContentHashMismatch), "{e:?}");

    // The token must be the expected one, present exactly when one is expected.
    let sts = signed_v3(&creds(true));
    let wrong = Credentials::new("AKID", SECRET).with_security_token("other-token");
    for (p, expected) in [(&sts, wrong), (&sts, creds(false)), (&ok, creds(true))] {
        let e = v.verify(p, b"", &lookup(expected), t0()).unwrap_err();
        assert!(matches!(e, VerifyError::SecurityTokenMismatch), "{e:?}");
        no_secret(&e);
    }
}
