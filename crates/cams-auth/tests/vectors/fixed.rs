//! The fixed vectors (pinned time and nonce) and the documented examples.

use std::collections::HashMap;

use cams_auth::{
    Credentials, EMPTY_BODY_SHA256, SignerV1, SignerV3, SigningParams, V1_COMMON_PARAMS, Verifier,
    canonical_query, decode_query, inspect, parse_timestamp,
};
use cams_vectors::read_json;
use http::request::Parts;
use serde_json::Value;

use crate::{build, creds, lookup_for, parse_auth, s, target};

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

/// The `x-acs-date` and `x-acs-signature-nonce` a request carries.
fn time_and_nonce(parts: &Parts) -> (std::time::SystemTime, String) {
    let h = |n: &str| parts.headers[n].to_str().unwrap().to_owned();
    (
        parse_timestamp(&h("x-acs-date")).unwrap(),
        h("x-acs-signature-nonce"),
    )
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
    let cr = inspect::canonical_request(parts, &names, EMPTY_BODY_SHA256).unwrap();
    assert_eq!(cr, canonical, "{case}: canonical request");
    assert_eq!(inspect::string_to_sign(&cr), sts, "{case}: string to sign");
    assert_eq!(
        inspect::v3_signature(sts, c),
        signature,
        "{case}: signature"
    );
    let mut p = parts.clone();
    let (time, nonce) = time_and_nonce(parts);
    let params = SigningParams::new(c, time, &nonce);
    SignerV3::new()
        .sign_with_headers(&mut p, &params, &names)
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
            .sign(&mut p, &SigningParams::new(&c, time, nonce))
            .unwrap();
        assert_eq!(p.headers.len(), want.len(), "{name}: header count");
        for (k, v) in want {
            assert_eq!(p.headers[k.as_str()], s(v), "{name}: header {k}");
        }
        let (_, signed, _) = parse_auth(s(&want["authorization"]));
        let names: Vec<&str> = signed.iter().map(String::as_str).collect();
        let cr = inspect::canonical_request(&p, &names, EMPTY_BODY_SHA256).unwrap();
        assert_eq!(
            cr,
            s(&r["canonical_request"]),
            "{name}: reference canonical request"
        );
        assert_eq!(inspect::string_to_sign(&cr), s(&r["string_to_sign"]));
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
        let sts = inspect::v1_string_to_sign(s(&case["method"]), &params);
        assert_eq!(sts, s(&case["string_to_sign"]), "{name}");
        assert_eq!(
            inspect::v1_signature(&sts, &c),
            s(&case["signature"]),
            "{name}"
        );

        let business: Vec<(&str, &str)> = params
            .iter()
            .copied()
            .filter(|(k, _)| !V1_COMMON_PARAMS.contains(k))
            .collect();
        let action_headers = [
            ("x-acs-action".to_owned(), s(&map["Action"]).to_owned()),
            ("x-acs-version".to_owned(), s(&map["Version"]).to_owned()),
        ];
        let mut p = build(
            s(&case["method"]),
            &target("/", &canonical_query(business)),
            &action_headers,
        );
        SignerV1::new()
            .sign(&mut p, &SigningParams::new(&c, time, nonce))
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
    let want = doc["v3"].as_array().unwrap().len() + doc["v1"].as_array().unwrap().len();
    assert_eq!(checked, want, "every fixed vector checked");
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
    let (time, nonce) = time_and_nonce(&parts);
    SignerV3::new()
        .sign_with_headers(&mut parts, &SigningParams::new(&c, time, &nonce), &names)
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
    let params = SigningParams::new(&c, now, "d410180a5abf7fe235dd9b74aca91fc0");
    SignerV3::new().sign(&mut p2, &params).unwrap();
    assert_eq!(p2.headers["authorization"], auth.as_str());

    let v1 = &doc["v1"];
    let params: Vec<(&str, &str)> = v1["params"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (s(&p[0]), s(&p[1])))
        .collect();
    let sts = inspect::v1_string_to_sign(s(&v1["method"]), &params);
    assert_eq!(sts, s(&v1["expected_string_to_sign"]));
    let c = Credentials::new("testid", s(&v1["access_key_secret"]));
    assert_eq!(
        inspect::v1_signature(&sts, &c),
        s(&v1["expected_signature"])
    );
}
