//! Golden vectors: captures of the official Python SDK, its fixed vectors and the documented examples.
//!
//! The vectors are `tests/vectors` in the repository; `CAMS_VECTORS_DIR` overrides the folder.

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::PathBuf;

use cams_auth::{
    Credentials, EMPTY_BODY_SHA256, Scheme, SignerV1, SignerV3, V1_COMMON_PARAMS, Verifier,
    VerifyError, canonical_query, decode_query, parse_timestamp,
};
use http::request::Parts;
use serde_json::Value;

fn vectors_dir() -> PathBuf {
    cams_vectors::vectors_dir()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn creds(row: &Value, token: &Value) -> Credentials {
    let c = Credentials::new(s(&row["access_key_id"]), s(&row["access_key_secret"]));
    match token.as_str() {
        Some(t) => c.with_security_token(t),
        None => c,
    }
}

fn build(method: &str, target: &str, headers: &[(String, String)]) -> Parts {
    let mut b = http::Request::builder().method(method).uri(target);
    for (k, v) in headers {
        b = b.header(k.as_str(), v.as_str());
    }
    b.body(()).unwrap().into_parts().0
}

fn target(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// (Credential, SignedHeaders, Signature) of an Authorization value.
fn parse_auth(auth: &str) -> (String, Vec<String>, String) {
    let rest = auth.strip_prefix("ACS3-HMAC-SHA256 ").unwrap();
    let mut f = HashMap::new();
    for kv in rest.split(',') {
        let (k, v) = kv.split_once('=').unwrap();
        f.insert(k, v);
    }
    (
        f["Credential"].to_owned(),
        f["SignedHeaders"].split(';').map(str::to_owned).collect(),
        f["Signature"].to_owned(),
    )
}

fn lookup_for(c: Credentials) -> impl Fn(&str) -> Option<Credentials> + Send + Sync {
    move |id: &str| (id == c.access_key_id()).then(|| c.clone())
}

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

fn check_v3_capture(row: &Value) {
    let case = s(&row["case"]);
    let headers: Vec<(String, String)> = row["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (s(&h[0]).to_owned(), s(&h[1]).to_owned()))
        .collect();
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
    let payload = parts.headers["x-acs-content-sha256"]
        .to_str()
        .unwrap()
        .to_owned();

    // 1. Re-sign with the capture's own signed header list.
    let mut resigned = parts.clone();
    resigned.headers.remove("authorization");
    let names: Vec<&str> = signed.iter().map(String::as_str).collect();
    SignerV3::new()
        .sign_with_headers(&mut resigned, &payload, &c, &names)
        .unwrap();
    assert_eq!(
        resigned.headers["authorization"],
        auth.as_str(),
        "{case}: re-signed authorization"
    );

    // 2. The verifier accepts the capture as it came.
    let now = parse_timestamp(parts.headers["x-acs-date"].to_str().unwrap()).unwrap();
    let lookup = lookup_for(c.clone());
    let v = Verifier::new();
    let ok = v
        .verify(&parts, body, &lookup, now)
        .unwrap_or_else(|e| panic!("{case}: {e:?}"));
    assert_eq!(ok.scheme, Scheme::V3);
    assert_eq!(ok.access_key_id, id);
    assert_eq!(ok.params, decode_query(query));
    assert_eq!(
        ok.action.as_deref(),
        parts.headers["x-acs-action"].to_str().ok()
    );

    // 3. Any change is rejected.
    let mut params = decode_query(query);
    params[0].1 = tamper_char(&params[0].1);
    let tampered_q = canonical_query(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let mut t = parts.clone();
    t.uri = target(s(&row["path"]), &tampered_q).parse().unwrap();
    expect_mismatch(
        v.verify(&t, body, &lookup, now),
        &format!("{case}: query value"),
    );

    let mut t = parts.clone();
    let action = format!("{}X", parts.headers["x-acs-action"].to_str().unwrap());
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
    let bad_sig = format!(
        "{}{}",
        &signature[..63],
        if signature.ends_with('0') { '1' } else { '0' }
    );
    t.headers.insert(
        "authorization",
        auth.replace(&signature, &bad_sig).parse().unwrap(),
    );
    expect_mismatch(
        v.verify(&t, body, &lookup, now),
        &format!("{case}: signature"),
    );
}

fn check_v1_capture(row: &Value) {
    let case = s(&row["case"]);
    let query = s(&row["query"]);
    let params = decode_query(query);
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap()
    };
    let signature = get("Signature");
    let c = creds(row, &row["security_token"]);
    let method = s(&row["method"]);

    // 1. string to sign + signature from the decoded params.
    let signed: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, _)| k != "Signature")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let sts = SignerV1::string_to_sign(method, &signed);
    assert_eq!(
        SignerV1::signature(&sts, &c),
        signature,
        "{case}: signature"
    );

    // 2. SignerV1::sign from the business params gives the same Signature.
    let business: Vec<(&str, &str)> = signed
        .iter()
        .copied()
        .filter(|(k, _)| !V1_COMMON_PARAMS.contains(k))
        .collect();
    let mut p = build(
        method,
        &target(s(&row["path"]), &canonical_query(business.iter().copied())),
        &[],
    );
    let time = parse_timestamp(&get("Timestamp")).unwrap();
    SignerV1::new()
        .sign(
            &mut p,
            &get("Action"),
            &get("Version"),
            &c,
            time,
            &get("SignatureNonce"),
        )
        .unwrap();
    let out = decode_query(p.uri.query().unwrap());
    assert_eq!(
        out.last().unwrap(),
        &("Signature".to_owned(), signature.clone()),
        "{case}: SignerV1::sign"
    );
    let mut a = out.clone();
    let mut b = params.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b, "{case}: same parameter set");

    // 3. Verifier accepts the capture as it came.
    let headers: Vec<(String, String)> = row["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (s(&h[0]).to_owned(), s(&h[1]).to_owned()))
        .collect();
    let parts = build(method, &target(s(&row["path"]), query), &headers);
    let lookup = lookup_for(c.clone());
    let v = Verifier::new();
    let ok = v
        .verify(&parts, s(&row["body"]).as_bytes(), &lookup, time)
        .unwrap_or_else(|e| panic!("{case}: {e:?}"));
    assert_eq!(ok.scheme, Scheme::V1);
    let want: Vec<(String, String)> = business
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let mut got = ok.params.clone();
    got.sort();
    let mut want_sorted = want;
    want_sorted.sort();
    assert_eq!(got, want_sorted);

    // 4. Tampering is rejected.
    let mut t_params = params.clone();
    let i = t_params
        .iter()
        .position(|(k, _)| !V1_COMMON_PARAMS.contains(&k.as_str()))
        .unwrap();
    t_params[i].1 = tamper_char(&t_params[i].1);
    let mut t = parts.clone();
    t.uri = target(
        s(&row["path"]),
        &canonical_query(t_params.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
    )
    .parse()
    .unwrap();
    expect_mismatch(
        v.verify(&t, b"", &lookup, time),
        &format!("{case}: query value"),
    );

    let mut t = parts.clone();
    t.headers.insert(
        "content-type",
        "application/x-www-form-urlencoded".parse().unwrap(),
    );
    expect_mismatch(
        v.verify(&t, b"Extra=1", &lookup, time),
        &format!("{case}: body"),
    );

    let mut t_params = params.clone();
    let last = t_params.iter_mut().find(|(k, _)| k == "Signature").unwrap();
    last.1 = tamper_char(&last.1);
    let mut t = parts.clone();
    t.uri = target(
        s(&row["path"]),
        &canonical_query(t_params.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
    )
    .parse()
    .unwrap();
    expect_mismatch(
        v.verify(&t, b"", &lookup, time),
        &format!("{case}: signature"),
    );
}

#[test]
fn captures() {
    let dir = vectors_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read vectors dir {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let (mut v3, mut v1) = (0, 0);
    for f in &files {
        for line in std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .filter(|l| !l.trim().is_empty())
        {
            let row: Value = serde_json::from_str(line).unwrap();
            let has_auth = row["headers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|h| s(&h[0]).eq_ignore_ascii_case("authorization"));
            if has_auth {
                check_v3_capture(&row);
                v3 += 1;
            } else if decode_query(s(&row["query"]))
                .iter()
                .any(|(k, _)| k == "Signature")
            {
                check_v1_capture(&row);
                v1 += 1;
            }
        }
    }
    println!("vectors: {v3} v3, {v1} v1 checked");
    assert!(v3 > 0 && v1 > 0, "no captures found in {}", dir.display());
}

fn read_json(name: &str) -> Value {
    let p = vectors_dir().join(name);
    serde_json::from_str(
        &std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
    )
    .unwrap()
}

fn url_target(url: &str) -> &str {
    let rest = url.split_once("://").unwrap().1;
    &rest[rest.find('/').unwrap()..]
}

fn header_pairs(obj: &Value) -> Vec<(String, String)> {
    obj.as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("authorization"))
        .map(|(k, v)| (k.clone(), s(v).to_owned()))
        .collect()
}

fn check_v3_variant(
    parts: &Parts,
    c: &Credentials,
    auth: &str,
    canonical: &str,
    sts: &str,
    case: &str,
) {
    let (_, signed, signature) = parse_auth(auth);
    let names: Vec<&str> = signed.iter().map(String::as_str).collect();
    let cr = SignerV3::canonical_request(parts, EMPTY_BODY_SHA256, &names).unwrap();
    assert_eq!(cr, canonical, "{case}: canonical request");
    assert_eq!(SignerV3::string_to_sign(&cr), sts, "{case}: string to sign");
    assert_eq!(SignerV3::signature(sts, c), signature, "{case}: signature");
    let mut p = parts.clone();
    SignerV3::new()
        .sign_with_headers(&mut p, EMPTY_BODY_SHA256, c, &names)
        .unwrap();
    assert_eq!(p.headers["authorization"], auth, "{case}: authorization");
}

#[test]
fn fixed_vectors() {
    let doc = read_json("official-python-fixed-vectors.json");
    let fixed = &doc["fixed"];
    let time = parse_timestamp(s(&fixed["x-acs-date / Timestamp"])).unwrap();
    let nonce = s(&fixed["nonce"]);
    let mut checked = 0;
    for case in doc["v3"].as_array().unwrap() {
        let name = s(&case["case"]);
        let c = creds(fixed, &case["security_token"]);
        let parts = build(
            s(&case["method"]),
            url_target(s(&case["url"])),
            &header_pairs(&case["headers"]),
        );
        let auth = s(&case["headers"]["Authorization"]);
        check_v3_variant(
            &parts,
            &c,
            auth,
            s(&case["canonical_request"]),
            s(&case["string_to_sign"]),
            name,
        );
        assert!(auth.ends_with(s(&case["signature"])));

        let m = &case["minimal_signed_headers_variant"];
        check_v3_variant(
            &parts,
            &c,
            s(&m["authorization"]),
            s(&m["canonical_request"]),
            s(&m["string_to_sign"]),
            name,
        );

        // What SignerV3::sign must produce byte for byte.
        let r = &case["rust_reference_vector"];
        let want = r["headers"].as_object().unwrap();
        let mut p = build(
            s(&case["method"]),
            url_target(s(&r["url"])),
            &[
                ("host".into(), s(&want["host"]).into()),
                ("x-acs-version".into(), s(&want["x-acs-version"]).into()),
                ("x-acs-action".into(), s(&want["x-acs-action"]).into()),
            ],
        );
        SignerV3::new()
            .sign(&mut p, EMPTY_BODY_SHA256, &c, time, nonce)
            .unwrap();
        assert_eq!(p.headers.len(), want.len(), "{name}: header count");
        for (k, v) in want {
            assert_eq!(p.headers[k.as_str()], s(v), "{name}: header {k}");
        }
        let (_, signed, _) = parse_auth(s(&want["authorization"]));
        let names: Vec<&str> = signed.iter().map(String::as_str).collect();
        let cr = SignerV3::canonical_request(&p, EMPTY_BODY_SHA256, &names).unwrap();
        assert_eq!(
            cr,
            s(&r["canonical_request"]),
            "{name}: reference canonical request"
        );
        assert_eq!(SignerV3::string_to_sign(&cr), s(&r["string_to_sign"]));
        assert!(s(&want["authorization"]).ends_with(s(&r["signature"])));
        let lookup = lookup_for(c.clone());
        Verifier::new().verify(&p, b"", &lookup, time).unwrap();
        checked += 1;
    }
    for case in doc["v1"].as_array().unwrap() {
        let name = s(&case["case"]);
        let c = creds(fixed, &case["security_token"]);
        let map = case["query_map"].as_object().unwrap();
        let params: Vec<(&str, &str)> = map
            .iter()
            .filter(|(k, _)| *k != "Signature")
            .map(|(k, v)| (k.as_str(), s(v)))
            .collect();
        assert_eq!(
            canonical_query(params.iter().copied()),
            s(&case["canonicalized_query"]),
            "{name}"
        );
        let sts = SignerV1::string_to_sign(s(&case["method"]), &params);
        assert_eq!(sts, s(&case["string_to_sign"]), "{name}");
        assert_eq!(
            SignerV1::signature(&sts, &c),
            s(&case["signature"]),
            "{name}"
        );

        let business: Vec<(&str, &str)> = params
            .iter()
            .copied()
            .filter(|(k, _)| !V1_COMMON_PARAMS.contains(k))
            .collect();
        let mut p = build(
            s(&case["method"]),
            &target("/", &canonical_query(business)),
            &[],
        );
        SignerV1::new()
            .sign(
                &mut p,
                s(&map["Action"]),
                s(&map["Version"]),
                &c,
                time,
                nonce,
            )
            .unwrap();
        let got: HashMap<String, String> =
            decode_query(p.uri.query().unwrap()).into_iter().collect();
        let want: HashMap<String, String> = map
            .iter()
            .map(|(k, v)| (k.clone(), s(v).to_owned()))
            .collect();
        assert_eq!(got, want, "{name}: query map");
        let lookup = lookup_for(c.clone());
        Verifier::new().verify(&p, b"", &lookup, time).unwrap();
        checked += 1;
    }
    assert!(checked >= 8);
}

#[test]
fn doc_vectors() {
    let doc = read_json("doc-vectors.json");
    let v3 = &doc["v3"];
    let headers: Vec<(String, String)> = v3["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (s(&h[0]).to_owned(), s(&h[1]).to_owned()))
        .collect();
    let mut parts = build(
        s(&v3["method"]),
        &target(s(&v3["path"]), s(&v3["query"])),
        &headers,
    );
    let c = Credentials::new(s(&v3["access_key_id"]), s(&v3["access_key_secret"]));
    let names: Vec<&str> = headers.iter().map(|(k, _)| k.as_str()).collect();
    SignerV3::new()
        .sign_with_headers(&mut parts, EMPTY_BODY_SHA256, &c, &names)
        .unwrap();
    let auth = parts.headers["authorization"].to_str().unwrap().to_owned();
    assert!(
        auth.ends_with(&format!("Signature={}", s(&v3["expected_signature"]))),
        "{auth}"
    );
    let now = parse_timestamp("2023-10-26T09:01:01Z").unwrap();
    Verifier::new()
        .verify(&parts, b"", &lookup_for(c.clone()), now)
        .unwrap();
    // Same request signed by SignerV3::sign with the pinned time/nonce gives the documented signature.
    let mut p2 = build(
        s(&v3["method"]),
        &target(s(&v3["path"]), s(&v3["query"])),
        &headers[..2],
    );
    p2.headers
        .insert("x-acs-version", "2014-05-26".parse().unwrap());
    SignerV3::new()
        .sign(
            &mut p2,
            EMPTY_BODY_SHA256,
            &c,
            now,
            "d410180a5abf7fe235dd9b74aca91fc0",
        )
        .unwrap();
    assert_eq!(p2.headers["authorization"], auth.as_str());

    let v1 = &doc["v1"];
    let params: Vec<(&str, &str)> = v1["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (s(&p[0]), s(&p[1])))
        .collect();
    let sts = SignerV1::string_to_sign(s(&v1["method"]), &params);
    assert_eq!(sts, s(&v1["expected_string_to_sign"]));
    let c = Credentials::new("testid", s(&v1["access_key_secret"]));
    assert_eq!(SignerV1::signature(&sts, &c), s(&v1["expected_signature"]));
}
