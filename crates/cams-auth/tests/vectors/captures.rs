//! Every row of every capture file: re-signed, verified, and rejected once tampered with.

use std::collections::BTreeMap;

use cams_auth::{
    Scheme, SignerV1, SignerV3, SigningParams, V1_COMMON_PARAMS, Verifier, VerifyError,
    canonical_query, decode_query, inspect, parse_timestamp,
};
use cams_vectors::{capture_files, capture_rows};
use http::request::Parts;
use serde_json::Value;

use crate::{build, creds, lookup_for, parse_auth, row_headers, s, target};

fn tamper_char(v: &str) -> String {
    let mut chars: Vec<char> = v.chars().collect();
    match chars.first() {
        None => "x".to_owned(),
        Some(c) => {
            chars[0] = if *c == 'a' { 'b' } else { 'a' };
            chars.into_iter().collect()
        }
    }
}

fn expect_mismatch(r: Result<cams_auth::Verified, VerifyError>, what: &str) {
    match r {
        Err(VerifyError::SignatureMismatch { .. }) | Err(VerifyError::ContentHashMismatch) => {}
        other => panic!("{what}: expected a rejection, got {other:?}"),
    }
}

fn is_form(parts: &Parts) -> bool {
    parts
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
}

/// The signing parameters of a captured body: a form body's parameters are signed (V1) and
/// hashed (V3); any other body is hashed.
fn with_body<'a>(p: SigningParams<'a>, parts: &Parts, body: &'a [u8]) -> SigningParams<'a> {
    if is_form(parts) && !body.is_empty() {
        p.with_form_body(body)
    } else {
        p.with_body(body)
    }
}

/// The business parameters a capture carries: the query's, then a form body's.
fn business_params(parts: &Parts, query: &str, body: &[u8]) -> Vec<(String, String)> {
    let mut params = decode_query(query);
    if is_form(parts) {
        params.extend(decode_query(std::str::from_utf8(body).unwrap()));
    }
    params
}

fn check_v3_capture(row: &Value) {
    let case = s(&row["case"]);
    let headers = row_headers(row);
    let auth = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("authorization"))
        .unwrap()
        .1
        .clone();
    let (id, signed, signature) = parse_auth(&auth);
    let c = creds(row, &row["security_token"]);
    assert_eq!(id, c.access_key_id());
    let query = s(&row["query"]);
    let body = s(&row["body"]).as_bytes();
    let parts = build(s(&row["method"]), &target(s(&row["path"]), query), &headers);
    let header = |n: &str| parts.headers[n].to_str().unwrap().to_owned();
    let now = parse_timestamp(&header("x-acs-date")).unwrap();
    let nonce = header("x-acs-signature-nonce");
    let params = with_body(SigningParams::new(&c, now, &nonce), &parts, body);
    assert_eq!(
        header("x-acs-content-sha256"),
        params.payload_sha256(),
        "{case}: body hash"
    );

    // 1. Re-sign with the capture's own signed header list.
    let mut resigned = parts.clone();
    resigned.headers.remove("authorization");
    let names: Vec<&str> = signed.iter().map(String::as_str).collect();
    SignerV3::new()
        .sign_with_headers(&mut resigned, &params, &names)
        .unwrap();
    assert_eq!(
        resigned.headers["authorization"],
        auth.as_str(),
        "{case}: re-signed"
    );

    // 2. The verifier accepts the capture as it came.
    let lookup = lookup_for(c.clone());
    let v = Verifier::new();
    let ok = v
        .verify(&parts, body, &lookup, now)
        .unwrap_or_else(|e| panic!("{case}: {e:?}"));
    assert_eq!(ok.scheme, Scheme::V3);
    assert_eq!(ok.access_key_id, id);
    assert_eq!(ok.nonce, nonce);
    assert_eq!(
        ok.params,
        business_params(&parts, query, body),
        "{case}: params"
    );
    assert_eq!(ok.action.as_deref(), Some(header("x-acs-action").as_str()));

    // 3. Any change is rejected: a parameter (in the query, else in the body), a signed
    // header, the body, the signature.
    let mut query_params = decode_query(query);
    if let Some(first) = query_params.first_mut() {
        first.1 = tamper_char(&first.1);
        let q = canonical_query(query_params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut t = parts.clone();
        t.uri = target(s(&row["path"]), &q).parse().unwrap();
        expect_mismatch(v.verify(&t, body, &lookup, now), &format!("{case}: query"));
    } else if !body.is_empty() {
        let mut tampered = body.to_vec();
        tampered[body.len() - 1] ^= 1;
        let r = v.verify(&parts, &tampered, &lookup, now);
        expect_mismatch(r, &format!("{case}: body param"));
    } else {
        // No parameter at all: adding one must break the signature.
        let mut t = parts.clone();
        t.uri = target(s(&row["path"]), "Extra=1").parse().unwrap();
        expect_mismatch(
            v.verify(&t, body, &lookup, now),
            &format!("{case}: added param"),
        );
    }
    let mut t = parts.clone();
    let action = format!("{}X", header("x-acs-action"));
    t.headers.insert("x-acs-action", action.parse().unwrap());
    expect_mismatch(
        v.verify(&t, body, &lookup, now),
        &format!("{case}: signed header"),
    );
    expect_mismatch(
        v.verify(&parts, b"x", &lookup, now),
        &format!("{case}: body"),
    );
    let mut t = parts.clone();
    let last = if signature.ends_with('0') { '1' } else { '0' };
    let bad_sig = format!("{}{last}", &signature[..63]);
    let bad_auth = auth.replace(&signature, &bad_sig);
    t.headers.insert("authorization", bad_auth.parse().unwrap());
    expect_mismatch(
        v.verify(&t, body, &lookup, now),
        &format!("{case}: signature"),
    );
}

fn check_v1_capture(row: &Value) {
    let case = s(&row["case"]);
    let query = s(&row["query"]);
    let body = s(&row["body"]).as_bytes();
    let method = s(&row["method"]);
    let headers = row_headers(row);
    let parts = build(method, &target(s(&row["path"]), query), &headers);
    let all = business_params(&parts, query, body);
    let get = |k: &str| {
        all.iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let signature = get("Signature");
    let c = creds(row, &row["security_token"]);

    // 1. The string to sign and signature from the decoded parameters.
    let signed: Vec<(&str, &str)> = all
        .iter()
        .filter(|(k, _)| k != "Signature")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sts = inspect::v1_string_to_sign(method, &signed);
    assert_eq!(
        inspect::v1_signature(&sts, &c),
        signature,
        "{case}: signature"
    );

    // 2. SignerV1::sign from the business query gives the same Signature and parameters.
    let query_business: Vec<(String, String)> = decode_query(query)
        .into_iter()
        .filter(|(k, _)| !V1_COMMON_PARAMS.contains(&k.as_str()))
        .collect();
    let q = canonical_query(query_business.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let action_headers = [
        ("x-acs-action".to_owned(), get("Action")),
        ("x-acs-version".to_owned(), get("Version")),
    ];
    let mut p = build(method, &target(s(&row["path"]), &q), &action_headers);
    if let Some(ct) = parts.headers.get("content-type") {
        p.headers.insert("content-type", ct.clone());
    }
    let time = parse_timestamp(&get("Timestamp")).unwrap();
    let nonce = get("SignatureNonce");
    let params = with_body(SigningParams::new(&c, time, &nonce), &parts, body);
    SignerV1::new().sign(&mut p, &params).unwrap();
    let mut out = decode_query(p.uri.query().unwrap());
    assert_eq!(
        out.last().unwrap(),
        &("Signature".to_owned(), signature.clone()),
        "{case}"
    );
    out.extend(business_params(&parts, "", body));
    let (mut a, mut b) = (out, all.clone());
    a.sort();
    b.sort();
    assert_eq!(a, b, "{case}: same parameter set");

    // 3. The verifier accepts the capture as it came.
    let lookup = lookup_for(c.clone());
    let v = Verifier::new();
    let ok = v
        .verify(&parts, body, &lookup, time)
        .unwrap_or_else(|e| panic!("{case}: {e:?}"));
    assert_eq!(ok.scheme, Scheme::V1);
    let mut got = ok.params.clone();
    got.sort();
    let mut want: Vec<(String, String)> = all
        .iter()
        .filter(|(k, _)| !V1_COMMON_PARAMS.contains(&k.as_str()))
        .cloned()
        .collect();
    want.sort();
    assert_eq!(got, want, "{case}: params");

    // 4. Tampering is rejected: a business parameter, an added body, the signature.
    let tampered_query = |key: &str| {
        let mut t_params = decode_query(query);
        let i = t_params.iter().position(|(k, _)| k == key).unwrap();
        t_params[i].1 = tamper_char(&t_params[i].1);
        let q = canonical_query(t_params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut t = parts.clone();
        t.uri = target(s(&row["path"]), &q).parse().unwrap();
        t
    };
    if let Some((key, _)) = query_business.first() {
        let t = tampered_query(key);
        expect_mismatch(v.verify(&t, body, &lookup, time), &format!("{case}: query"));
    }
    let mut t = parts.clone();
    t.headers.insert(
        "content-type",
        "application/x-www-form-urlencoded".parse().unwrap(),
    );
    expect_mismatch(
        v.verify(&t, b"Extra=1", &lookup, time),
        &format!("{case}: body"),
    );
    let t = tampered_query("Signature");
    expect_mismatch(
        v.verify(&t, body, &lookup, time),
        &format!("{case}: signature"),
    );
}

/// The scheme of a capture row: V3 with an `Authorization` header, V1 with a `Signature`
/// parameter; checked against the row's own `signature` label when it has one.
fn scheme_of(row: &Value) -> Option<Scheme> {
    let has_auth = row_headers(row)
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("authorization"));
    let has_signature = decode_query(s(&row["query"]))
        .iter()
        .any(|(k, _)| k == "Signature");
    let scheme = match (has_auth, has_signature) {
        (true, false) => Some(Scheme::V3),
        (false, true) => Some(Scheme::V1),
        _ => None,
    };
    if let Some(label) = row.get("signature").and_then(Value::as_str) {
        let labelled = [("V3", Scheme::V3), ("V1", Scheme::V1)]
            .into_iter()
            .find(|(p, _)| label.starts_with(p))
            .map(|(_, sch)| sch);
        assert_eq!(scheme, labelled, "{}: label {label:?}", s(&row["case"]));
    }
    scheme
}

#[test]
fn captures() {
    let (mut v3, mut v1) = (0, 0);
    // Every row is checked; a skip would be counted here with its reason (there is none).
    let skipped: BTreeMap<&str, usize> = BTreeMap::new();
    for file in capture_files() {
        let rows = capture_rows(&file);
        let (before3, before1) = (v3, v1);
        for row in &rows {
            match scheme_of(row) {
                Some(Scheme::V3) => {
                    check_v3_capture(row);
                    v3 += 1;
                }
                Some(Scheme::V1) => {
                    check_v1_capture(row);
                    v1 += 1;
                }
                None => panic!("{file}: row {} is neither V3 nor V1", s(&row["case"])),
            }
        }
        let checked = v3 - before3 + v1 - before1;
        assert_eq!(checked, rows.len(), "{file}: every row checked");
        println!(
            "{file}: {} v3, {} v1 of {} rows",
            v3 - before3,
            v1 - before1,
            rows.len()
        );
    }
    println!("vectors: {v3} v3, {v1} v1 checked; skipped {skipped:?}");
    assert!(skipped.is_empty());
}
