//! Server-side verification of V3 and V1 signatures (used by the local emulator).

use std::time::{Duration, SystemTime};

use http::header::{AUTHORIZATION, CONTENT_TYPE, HOST};
use http::request::Parts;
use subtle::ConstantTimeEq;

use crate::encode::{canonical_query, canonicalize_query, decode_query};
use crate::v1::{V1_COMMON_PARAMS, signature_of, string_to_sign_of as v1_string_to_sign};
use crate::v3::{
    ALGORITHM_V3, X_ACS_ACTION, X_ACS_CONTENT_SHA256, X_ACS_DATE, X_ACS_SECURITY_TOKEN,
    X_ACS_SIGNATURE_NONCE, X_ACS_VERSION, path_of, sha256_hex, signature_hex,
    string_to_sign_of as v3_string_to_sign,
};
use crate::{Credentials, ExposeSecret, Scheme, SigningError, VerifyError, parse_timestamp};

/// Finds the credentials (and the expected STS token, if any) of an access key id.
pub trait SecretLookup: Send + Sync {
    /// Credentials of `access_key_id`, or `None` when it is unknown.
    fn lookup(&self, access_key_id: &str) -> Option<Credentials>;
}

impl<F: Fn(&str) -> Option<Credentials> + Send + Sync> SecretLookup for F {
    fn lookup(&self, access_key_id: &str) -> Option<Credentials> {
        self(access_key_id)
    }
}

/// A request that passed verification.
#[derive(Debug, Clone)]
pub struct Verified {
    /// Which scheme signed it.
    pub scheme: Scheme,
    /// The access key id that signed it.
    pub access_key_id: String,
    /// The signature nonce (replay detection is the caller's job).
    pub nonce: String,
    /// The request timestamp.
    pub timestamp: SystemTime,
    /// V3: `x-acs-action`; V1: the `Action` parameter.
    pub action: Option<String>,
    /// V3: `x-acs-version`; V1: the `Version` parameter.
    pub version: Option<String>,
    /// Decoded business parameters (V1: without the common signature parameters).
    pub params: Vec<(String, String)>,
}

/// Verifies signed requests like the POP gateway does.
#[derive(Debug, Clone)]
pub struct Verifier {
    max_skew: Duration,
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

impl Verifier {
    /// A verifier allowing ±15 minutes of clock skew.
    pub fn new() -> Self {
        Verifier {
            max_skew: Duration::from_secs(15 * 60),
        }
    }

    /// Sets the allowed clock skew.
    pub fn with_max_skew(self, d: Duration) -> Self {
        Verifier { max_skew: d }
    }

    /// Verifies `parts` + `body`. An `authorization` header means V3, a `Signature` query parameter
    /// means V1, neither is [`VerifyError::MissingAuthorization`].
    pub fn verify(
        &self,
        parts: &Parts,
        body: &[u8],
        lookup: &dyn SecretLookup,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        if let Some(auth) = parts.headers.get(AUTHORIZATION) {
            let auth = auth
                .to_str()
                .map_err(|_| malformed("authorization is not visible ASCII"))?;
            return self.verify_v3(parts, auth, body, lookup, now);
        }
        let query = decode_query(parts.uri.query().unwrap_or(""));
        if query.iter().any(|(k, _)| k == "Signature") {
            return self.verify_v1(parts, query, body, lookup, now);
        }
        Err(VerifyError::MissingAuthorization)
    }

    fn check_time(&self, raw: &str, now: SystemTime) -> Result<SystemTime, VerifyError> {
        let ts =
            parse_timestamp(raw).ok_or_else(|| VerifyError::MalformedTimestamp(raw.to_owned()))?;
        let skew = match now.duration_since(ts) {
            Ok(d) => d,
            Err(e) => e.duration(),
        };
        if skew > self.max_skew {
            return Err(VerifyError::TimestampExpired { timestamp: ts, now });
        }
        Ok(ts)
    }

    fn verify_v3(
        &self,
        parts: &Parts,
        auth: &str,
        body: &[u8],
        lookup: &dyn SecretLookup,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        let (algorithm, rest) = auth
            .split_once(' ')
            .ok_or_else(|| malformed("no algorithm"))?;
        if algorithm != ALGORITHM_V3 {
            return Err(VerifyError::UnsupportedAlgorithm(algorithm.to_owned()));
        }
        let (mut id, mut signed, mut signature) = (None, None, None);
        for field in rest.split(',') {
            let (k, v) = field
                .trim()
                .split_once('=')
                .ok_or_else(|| malformed("field without '='"))?;
            match k {
                "Credential" => id = Some(v),
                "SignedHeaders" => signed = Some(v),
                "Signature" => signature = Some(v),
                _ => return Err(malformed(&format!("unknown field {k}"))),
            }
        }
        let id = id
            .filter(|s| !s.is_empty())
            .ok_or_else(|| malformed("no Credential"))?;
        let signed = signed
            .filter(|s| !s.is_empty())
            .ok_or_else(|| malformed("no SignedHeaders"))?;
        let signature = signature.ok_or_else(|| malformed("no Signature"))?;
        let mut names: Vec<&str> = signed.split(';').collect();
        names.sort_unstable();

        let h = &parts.headers;
        for required in [
            &HOST,
            &X_ACS_DATE,
            &X_ACS_SIGNATURE_NONCE,
            &X_ACS_CONTENT_SHA256,
        ] {
            if !h.contains_key(required) {
                return Err(VerifyError::MissingHeader(static_name(required.as_str())));
            }
        }
        for name in h
            .keys()
            .map(|n| n.as_str())
            .filter(|n| *n == "host" || n.starts_with("x-acs-"))
        {
            if names.binary_search(&name).is_err() {
                return Err(malformed(&format!("header {name} is not signed")));
            }
        }
        let header = |n: &http::HeaderName| h.get(n).and_then(|v| v.to_str().ok()).map(str::trim);
        let content_sha = header(&X_ACS_CONTENT_SHA256).unwrap_or_default();
        if content_sha != sha256_hex(body) {
            return Err(VerifyError::ContentHashMismatch);
        }
        let creds = lookup
            .lookup(id)
            .ok_or_else(|| VerifyError::UnknownAccessKeyId(id.to_owned()))?;
        // HTTP drops surrounding whitespace of header values, so compare the trimmed token.
        check_token(
            &creds,
            h.get(&X_ACS_SECURITY_TOKEN)
                .map(|v| v.as_bytes().trim_ascii()),
            true,
        )?;
        let date = header(&X_ACS_DATE).unwrap_or_default();
        let timestamp = self.check_time(date, now)?;

        let query = canonicalize_query(parts.uri.query().unwrap_or(""));
        let method = parts.method.as_str();
        let expected = signature_hex(
            method,
            path_of(parts),
            &query,
            h,
            &names,
            content_sha,
            &creds,
        )
        .map_err(signing_to_verify)?;
        if !bool::from(expected.as_slice().ct_eq(signature.as_bytes())) {
            let string_to_sign =
                v3_string_to_sign(method, path_of(parts), &query, h, &names, content_sha)
                    .map_err(signing_to_verify)?;
            return Err(VerifyError::SignatureMismatch { string_to_sign });
        }
        Ok(Verified {
            scheme: Scheme::V3,
            access_key_id: id.to_owned(),
            nonce: header(&X_ACS_SIGNATURE_NONCE)
                .unwrap_or_default()
                .to_owned(),
            timestamp,
            action: header(&X_ACS_ACTION).map(str::to_owned),
            version: header(&X_ACS_VERSION).map(str::to_owned),
            params: decode_query(parts.uri.query().unwrap_or("")),
        })
    }

    fn verify_v1(
        &self,
        parts: &Parts,
        mut params: Vec<(String, String)>,
        body: &[u8],
        lookup: &dyn SecretLookup,
        now: SystemTime,
    ) -> Result<Verified, VerifyError> {
        let is_form = parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .starts_with("application/x-www-form-urlencoded")
            });
        if is_form && !body.is_empty() {
            params.extend(decode_query(&String::from_utf8_lossy(body)));
        }
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        let require = |name: &'static str| get(name).ok_or(VerifyError::MissingParameter(name));
        let signature = require("Signature")?;
        let method = require("SignatureMethod")?;
        if method != "HMAC-SHA1" {
            return Err(VerifyError::UnsupportedAlgorithm(method.to_owned()));
        }
        let version = require("SignatureVersion")?;
        if version != "1.0" {
            return Err(VerifyError::UnsupportedAlgorithm(format!(
                "SignatureVersion {version}"
            )));
        }
        let id = require("AccessKeyId")?;
        let nonce = require("SignatureNonce")?;
        let ts = require("Timestamp")?;
        let creds = lookup
            .lookup(id)
            .ok_or_else(|| VerifyError::UnknownAccessKeyId(id.to_owned()))?;
        check_token(&creds, get("SecurityToken").map(str::as_bytes), false)?;
        let timestamp = self.check_time(ts, now)?;

        let signed = || {
            params
                .iter()
                .filter(|(k, _)| k != "Signature")
                .map(|(k, v)| (k.as_str(), v.as_str()))
        };
        let canonical = canonical_query(signed());
        let expected = signature_of(parts.method.as_str(), &canonical, &creds);
        if !bool::from(expected.as_bytes().ct_eq(signature.as_bytes())) {
            // Like the gateway, report the string to sign, but never echo the security token.
            let redacted = canonical_query(signed().map(|(k, v)| {
                if k == "SecurityToken" {
                    (k, "<redacted>")
                } else {
                    (k, v)
                }
            }));
            return Err(VerifyError::SignatureMismatch {
                string_to_sign: v1_string_to_sign(parts.method.as_str(), &redacted),
            });
        }
        Ok(Verified {
            scheme: Scheme::V1,
            access_key_id: id.to_owned(),
            nonce: nonce.to_owned(),
            timestamp,
            action: get("Action").map(str::to_owned),
            version: get("Version").map(str::to_owned),
            params: params
                .iter()
                .filter(|(k, _)| !V1_COMMON_PARAMS.contains(&k.as_str()))
                .cloned()
                .collect(),
        })
    }
}

fn malformed(reason: &str) -> VerifyError {
    VerifyError::MalformedAuthorization {
        reason: reason.to_owned(),
    }
}

fn static_name(n: &str) -> &'static str {
    match n {
        "host" => "host",
        "x-acs-date" => "x-acs-date",
        "x-acs-signature-nonce" => "x-acs-signature-nonce",
        _ => "x-acs-content-sha256",
    }
}

fn signing_to_verify(e: SigningError) -> VerifyError {
    match e {
        SigningError::MissingSignedHeader { name } => {
            malformed(&format!("signed header {name} is absent"))
        }
        other => malformed(&other.to_string()),
    }
}

/// The request must carry exactly the token the lookup expects (or none when none is expected).
fn check_token(creds: &Credentials, got: Option<&[u8]>, trim: bool) -> Result<(), VerifyError> {
    match (creds.security_token(), got) {
        (None, None) => Ok(()),
        (Some(want), Some(got)) => {
            let want = want.expose_secret();
            let want = if trim {
                want.as_bytes().trim_ascii()
            } else {
                want.as_bytes()
            };
            if bool::from(want.ct_eq(got)) {
                Ok(())
            } else {
                Err(VerifyError::SecurityTokenMismatch)
            }
        }
        _ => Err(VerifyError::SecurityTokenMismatch),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EMPTY_BODY_SHA256, SignerV1, SignerV3};
    use std::time::UNIX_EPOCH;

    const SECRET: &str = "sEcReT-do-not-print";
    const TOKEN: &str = "ToKeN-do-not-print";

    fn t0() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_741_944_413)
    }

    fn request() -> Parts {
        http::Request::post("https://cams.example/?GroupId=a%20b&Page=%7B%7D")
            .header("host", "cams.example")
            .header("x-acs-action", "ListChatGroupParticipants")
            .header("x-acs-version", "2020-06-06")
            .body(())
            .unwrap()
            .into_parts()
            .0
    }

    fn creds(token: bool) -> Credentials {
        let c = Credentials::new("AKID", SECRET);
        if token {
            c.with_security_token(TOKEN)
        } else {
            c
        }
    }

    fn signed_v3(c: &Credentials) -> Parts {
        let mut p = request();
        SignerV3::new()
            .sign(&mut p, EMPTY_BODY_SHA256, c, t0(), "nonce-1")
            .unwrap();
        p
    }

    fn lookup(c: Credentials) -> impl Fn(&str) -> Option<Credentials> + Send + Sync {
        move |id: &str| (id == "AKID").then(|| c.clone())
    }

    fn no_secret(e: &VerifyError) {
        let d = format!("{e:?} {e}");
        assert!(!d.contains(SECRET) && !d.contains(TOKEN), "{d}");
    }

    fn set_auth(p: &mut Parts, v: &str) {
        p.headers.insert(AUTHORIZATION, v.parse().unwrap());
    }

    #[test]
    fn accepts_and_reports() {
        let c = creds(true);
        let p = signed_v3(&c);
        let v = Verifier::new().verify(&p, b"", &lookup(c), t0()).unwrap();
        assert_eq!(v.scheme, Scheme::V3);
        assert_eq!(v.nonce, "nonce-1");
        assert_eq!(
            v.params,
            vec![
                ("GroupId".into(), "a b".into()),
                ("Page".into(), "{}".into())
            ]
        );
        assert_eq!(v.version.as_deref(), Some("2020-06-06"));
        assert!(!format!("{v:?} {p:?}").contains(SECRET));
    }

    #[test]
    fn rejections_v3() {
        let c = creds(false);
        let ok = signed_v3(&c);
        let v = Verifier::new();
        let l = lookup(c.clone());

        let mut p = ok.clone();
        p.headers.remove(AUTHORIZATION);
        assert!(matches!(
            v.verify(&p, b"", &l, t0()),
            Err(VerifyError::MissingAuthorization)
        ));

        let other = |_: &str| None::<Credentials>;
        let e = v.verify(&ok, b"", &other, t0()).unwrap_err();
        assert!(matches!(&e, VerifyError::UnknownAccessKeyId(id) if id == "AKID"));

        let auth = ok.headers[AUTHORIZATION].to_str().unwrap().to_owned();
        for bad in [
            "garbage",
            "ACS3-HMAC-SHA256 nonsense",
            "ACS3-HMAC-SHA256 Credential=AKID,Signature=00",
        ] {
            let mut p = ok.clone();
            set_auth(&mut p, bad);
            let e = v.verify(&p, b"", &l, t0()).unwrap_err();
            assert!(
                matches!(e, VerifyError::MalformedAuthorization { .. }),
                "{bad}: {e:?}"
            );
        }
        let mut p = ok.clone();
        set_auth(&mut p, &auth.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3"));
        assert!(
            matches!(v.verify(&p, b"", &l, t0()), Err(VerifyError::UnsupportedAlgorithm(a)) if a == "ACS3-HMAC-SM3")
        );

        // an x-acs-* header that is not signed
        let mut p = ok.clone();
        p.headers.insert("x-acs-extra", "1".parse().unwrap());
        assert!(matches!(
            v.verify(&p, b"", &l, t0()),
            Err(VerifyError::MalformedAuthorization { .. })
        ));
        let mut p = ok.clone();
        p.headers.remove("x-acs-date");
        assert!(matches!(
            v.verify(&p, b"", &l, t0()),
            Err(VerifyError::MissingHeader("x-acs-date"))
        ));

        for skew in [16 * 60, -16 * 60] {
            let now = if skew > 0 {
                t0() + Duration::from_secs(skew as u64)
            } else {
                t0() - Duration::from_secs((-skew) as u64)
            };
            assert!(matches!(
                v.verify(&ok, b"", &l, now),
                Err(VerifyError::TimestampExpired { .. })
            ));
        }
        assert!(
            v.verify(&ok, b"", &l, t0() + Duration::from_secs(14 * 60))
                .is_ok()
        );
        assert!(
            v.verify(&ok, b"", &l, t0() - Duration::from_secs(14 * 60))
                .is_ok()
        );
        let strict = Verifier::new().with_max_skew(Duration::from_secs(60));
        assert!(
            strict
                .verify(&ok, b"", &l, t0() + Duration::from_secs(61))
                .is_err()
        );

        let mut p = ok.clone();
        p.headers.insert("x-acs-date", "yesterday".parse().unwrap());
        assert!(matches!(
            v.verify(&p, b"", &l, t0()),
            Err(VerifyError::MalformedTimestamp(_))
        ));

        let mut p = ok.clone();
        let last = auth.chars().last().unwrap();
        set_auth(
            &mut p,
            &format!(
                "{}{}",
                &auth[..auth.len() - 1],
                if last == '0' { '1' } else { '0' }
            ),
        );
        let e = v.verify(&p, b"", &l, t0()).unwrap_err();
        assert!(
            matches!(&e, VerifyError::SignatureMismatch { string_to_sign } if string_to_sign.starts_with("ACS3-HMAC-SHA256\n"))
        );
        no_secret(&e);

        assert!(matches!(
            v.verify(&ok, b"body", &l, t0()),
            Err(VerifyError::ContentHashMismatch)
        ));
    }

    #[test]
    fn sts_token_must_match() {
        let c = creds(true);
        let p = signed_v3(&c);
        let v = Verifier::new();
        let wrong = Credentials::new("AKID", SECRET).with_security_token("other-token");
        let e = v.verify(&p, b"", &lookup(wrong), t0()).unwrap_err();
        assert!(matches!(e, VerifyError::SecurityTokenMismatch));
        no_secret(&e);
        // a token on the request while none is expected
        let e = v.verify(&p, b"", &lookup(creds(false)), t0()).unwrap_err();
        assert!(matches!(e, VerifyError::SecurityTokenMismatch));
        // no token on the request while one is expected
        let p = signed_v3(&creds(false));
        assert!(matches!(
            v.verify(&p, b"", &lookup(c), t0()),
            Err(VerifyError::SecurityTokenMismatch)
        ));
    }

    fn signed_v1(c: &Credentials) -> Parts {
        let mut p = request();
        SignerV1::new()
            .sign(
                &mut p,
                "ListChatGroupParticipants",
                "2020-06-06",
                c,
                t0(),
                "nonce-1",
            )
            .unwrap();
        p
    }

    fn replace_param(p: &Parts, key: &str, value: Option<&str>) -> Parts {
        let mut params = decode_query(p.uri.query().unwrap());
        params.retain(|(k, _)| k != key);
        if let Some(v) = value {
            params.push((key.to_owned(), v.to_owned()));
        }
        let q = canonical_query(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut out = p.clone();
        out.uri = format!("https://cams.example/?{q}").parse().unwrap();
        out
    }

    #[test]
    fn v1_accepts_and_rejects() {
        let c = creds(true);
        let ok = signed_v1(&c);
        let v = Verifier::new();
        let l = lookup(c.clone());
        let got = v.verify(&ok, b"", &l, t0()).unwrap();
        assert_eq!(got.scheme, Scheme::V1);
        assert_eq!(got.action.as_deref(), Some("ListChatGroupParticipants"));
        assert_eq!(
            got.params,
            vec![
                ("GroupId".into(), "a b".into()),
                ("Page".into(), "{}".into())
            ]
        );

        let e = v
            .verify(
                &replace_param(&ok, "Signature", Some("AAAA")),
                b"",
                &l,
                t0(),
            )
            .unwrap_err();
        assert!(matches!(e, VerifyError::SignatureMismatch { .. }));
        no_secret(&e);
        let e = v
            .verify(
                &replace_param(&ok, "SecurityToken", Some("x")),
                b"",
                &l,
                t0(),
            )
            .unwrap_err();
        assert!(matches!(e, VerifyError::SecurityTokenMismatch));
        let e = v
            .verify(
                &replace_param(&ok, "SignatureMethod", Some("HMAC-SHA256")),
                b"",
                &l,
                t0(),
            )
            .unwrap_err();
        assert!(matches!(e, VerifyError::UnsupportedAlgorithm(_)));
        let e = v
            .verify(
                &replace_param(&ok, "SignatureVersion", Some("2.0")),
                b"",
                &l,
                t0(),
            )
            .unwrap_err();
        assert!(matches!(e, VerifyError::UnsupportedAlgorithm(_)));
        let e = v
            .verify(&replace_param(&ok, "SignatureNonce", None), b"", &l, t0())
            .unwrap_err();
        assert!(matches!(e, VerifyError::MissingParameter("SignatureNonce")));
        let e = v.verify(&ok, b"", &|_: &str| None, t0()).unwrap_err();
        assert!(matches!(e, VerifyError::UnknownAccessKeyId(_)));
        let e = v
            .verify(&ok, b"", &l, t0() + Duration::from_secs(3600))
            .unwrap_err();
        assert!(matches!(e, VerifyError::TimestampExpired { .. }));
        let e = v
            .verify(&replace_param(&ok, "GroupId", Some("a c")), b"", &l, t0())
            .unwrap_err();
        assert!(
            matches!(&e, VerifyError::SignatureMismatch { string_to_sign } if string_to_sign.contains("redacted"))
        );
        no_secret(&e);
    }

    #[test]
    fn v1_form_body() {
        let c = creds(false);
        let mut p = request();
        p.headers.insert(
            CONTENT_TYPE,
            "application/x-www-form-urlencoded".parse().unwrap(),
        );
        let body = b"PhoneNumber=%2B86+1380&Type=x";
        SignerV1::new()
            .sign_with_form_body(
                &mut p,
                body,
                "GetPreValidatePhoneId",
                "2020-06-06",
                &c,
                t0(),
                "n",
            )
            .unwrap();
        let got = Verifier::new()
            .verify(&p, body, &lookup(c.clone()), t0())
            .unwrap();
        assert!(
            got.params
                .contains(&("PhoneNumber".into(), "+86 1380".into()))
        );
        assert!(
            Verifier::new()
                .verify(&p, b"PhoneNumber=1", &lookup(c), t0())
                .is_err()
        );
    }

    #[test]
    fn debug_of_everything_is_redacted() {
        let c = creds(true);
        let mut p = request();
        let _ = SignerV3::new().sign(&mut p, EMPTY_BODY_SHA256, &c, t0(), "n");
        let errors = [
            VerifyError::SecurityTokenMismatch,
            VerifyError::UnknownAccessKeyId("AKID".into()),
            VerifyError::MalformedAuthorization { reason: "x".into() },
        ];
        for e in &errors {
            no_secret(e);
        }
        let d = format!(
            "{:?} {:?} {:?} {:?}",
            c,
            Verifier::new(),
            SignerV3::new(),
            SignerV1::new()
        );
        assert!(!d.contains(SECRET) && !d.contains(TOKEN), "{d}");
        let e = SigningError::InvalidHeaderValue {
            name: "x-acs-security-token".into(),
        };
        assert!(!format!("{e:?} {e}").contains(TOKEN));
    }
}
