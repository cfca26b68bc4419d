//! The engine, through hand-signed V3 and V1 requests: every gateway rule and the actions.
#![allow(clippy::unwrap_used)]

mod common;

use bytes::Bytes;
use cams_auth::Credentials;
use cams_sandbox::{
    DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, DEMO_OTHER_BUSINESS_NUMBER, DEMO_OTHER_CUST_SPACE_ID,
    Engine, Fixture, Sandbox, SandboxTransport,
};
use cams_transport::Transport;
use common::*;
use http::Request;
use std::collections::HashSet;
use std::time::Duration;

const LCGP: &str = "ListChatGroupParticipants";

fn call_v3(engine: &Engine, group: &str, page: Option<&str>) -> serde_json::Value {
    let resp = engine.handle(v3(
        LCGP,
        &demo_query(group, page),
        &demo_creds(),
        t0(),
        &nonce(),
    ));
    assert_eq!(resp.status(), 200, "{:?}", resp.body());
    json(&resp)
}

fn expected_main(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("861380{n:03}{i:04}")).collect()
}

#[test]
fn v3_pages_through_every_demo_group_in_order() {
    let engine = demo_engine();
    for n in [0usize, 3, 57, 250] {
        let group = format!("SBXGRP{n:03}");
        let mut all = Vec::new();
        for index in 1.. {
            let v = call_v3(
                &engine,
                &group,
                Some(&format!(r#"{{"Index":{index},"Size":20}}"#)),
            );
            assert_eq!(v["Code"], "OK");
            assert_eq!(v["Success"], true);
            assert_eq!(v["Data"]["Total"], n as i64);
            let page = members(&v);
            if page.is_empty() {
                break;
            }
            assert!(page.len() <= 20);
            all.extend(page);
        }
        assert_eq!(all, expected_main(n), "{group}");
    }
}

#[test]
fn success_body_has_the_documented_shape() {
    let engine = demo_engine();
    let resp = engine.handle(v3(
        LCGP,
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        t0(),
        &nonce(),
    ));
    assert_eq!(
        resp.headers()["content-type"],
        "application/json;charset=utf-8"
    );
    let v = json(&resp);
    assert_eq!(v["Message"], "None");
    assert_eq!(v["AccessDeniedDetail"], "None");
    assert_eq!(v["RequestId"].as_str().unwrap().len(), 36);
    assert_eq!(
        resp.headers()["x-acs-request-id"],
        v["RequestId"].as_str().unwrap()
    );
    let typed: cams_model::ListChatGroupParticipantsResponse =
        serde_json::from_slice(resp.body()).unwrap();
    assert_eq!(typed.data.unwrap().total, Some(3));
}

#[test]
fn default_page_is_index_1_size_20_and_partial_pages_work() {
    let engine = demo_engine();
    let v = call_v3(&engine, "SBXGRP057", None);
    assert_eq!(members(&v), expected_main(57)[..20]);
    let v = call_v3(&engine, "SBXGRP057", Some("{}"));
    assert_eq!(members(&v), expected_main(57)[..20]);
    let v = call_v3(&engine, "SBXGRP057", Some(r#"{"Size":50}"#));
    assert_eq!(members(&v), expected_main(57)[..50]);
    let v = call_v3(&engine, "SBXGRP250", Some(r#"{"Index":3,"Size":100}"#));
    assert_eq!(members(&v), expected_main(250)[200..]);
    let v = call_v3(&engine, "SBXGRP057", Some(r#"{"Index":2}"#));
    assert_eq!(members(&v), expected_main(57)[20..40]);
}

#[test]
fn past_the_end_is_an_empty_list_with_the_total() {
    let engine = demo_engine();
    for page in [
        r#"{"Index":4,"Size":20}"#,
        r#"{"Index":9223372036854775807,"Size":100}"#,
    ] {
        let v = call_v3(&engine, "SBXGRP057", Some(page));
        assert_eq!(v["Success"], true);
        assert_eq!(v["Data"]["Total"], 57);
        assert!(members(&v).is_empty());
    }
}

#[test]
fn bad_pages_are_page_invalid_with_http_200() {
    let engine = demo_engine();
    for page in [
        r#"{"Index":0,"Size":20}"#,
        r#"{"Index":-1}"#,
        r#"{"Size":0}"#,
        r#"{"Size":101}"#,
        r#"{"Index":1,"Size":20"#,
        "not json",
        r#"{"Index":"one"}"#,
        "[1,20]",
    ] {
        let v = call_v3(&engine, "SBXGRP057", Some(page));
        assert_eq!(v["Success"], false, "{page}");
        assert_eq!(v["Code"], "InvalidParameter.PageInvalid", "{page}");
        assert!(v.get("Data").is_none());
    }
    let v = call_v3(&engine, "SBXGRP057", Some(r#"{"Size":100}"#));
    assert_eq!(members(&v).len(), 57);
}

#[test]
fn unknown_group_number_or_space_is_a_business_error() {
    let engine = demo_engine();
    let cases = [
        (
            DEMO_CUST_SPACE_ID,
            DEMO_BUSINESS_NUMBER,
            "NOPE",
            "InvalidParameter.GroupNotExist",
            "NOPE",
        ),
        (
            DEMO_CUST_SPACE_ID,
            "8600000000000",
            "SBXGRP003",
            "InvalidParameter.BusinessNumberNotExist",
            "8600000000000",
        ),
        (
            "cams-nope",
            DEMO_BUSINESS_NUMBER,
            "SBXGRP003",
            "InvalidParameter.CustSpaceIdNotExist",
            "cams-nope",
        ),
        // a group of the second space asked for through the first one
        (
            DEMO_CUST_SPACE_ID,
            DEMO_BUSINESS_NUMBER,
            "SBXOTHER05",
            "InvalidParameter.GroupNotExist",
            "SBXOTHER05",
        ),
        // the business number of the other space
        (
            DEMO_CUST_SPACE_ID,
            DEMO_OTHER_BUSINESS_NUMBER,
            "SBXGRP003",
            "InvalidParameter.BusinessNumberNotExist",
            DEMO_OTHER_BUSINESS_NUMBER,
        ),
    ];
    for (space, number, group, code, named) in cases {
        let q = lcgp_query(space, number, group, None);
        let resp = engine.handle(v3(LCGP, &q, &demo_creds(), t0(), &nonce()));
        assert_eq!(resp.status(), 200);
        let v = json(&resp);
        assert_eq!(v["Success"], false);
        assert_eq!(v["Code"], code);
        assert!(v["Message"].as_str().unwrap().contains(named), "{v}");
    }
    let q = lcgp_query(
        DEMO_OTHER_CUST_SPACE_ID,
        DEMO_OTHER_BUSINESS_NUMBER,
        "SBXOTHER05",
        None,
    );
    let v = json(&engine.handle(v3(LCGP, &q, &demo_creds(), t0(), &nonce())));
    assert_eq!(
        members(&v),
        (1..=5)
            .map(|i| format!("861390005{i:04}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn channel_type_other_than_whatsapp_is_refused() {
    let engine = demo_engine();
    let q = format!("ChannelType=TELEGRAM&{}", demo_query("SBXGRP003", None));
    let v = json(&engine.handle(v3(LCGP, &q, &demo_creds(), t0(), &nonce())));
    assert_eq!(v["Code"], "InvalidParameter.ChannelTypeNotSupport");
    let q = format!("ChannelType=WHATSAPP&{}", demo_query("SBXGRP003", None));
    let v = json(&engine.handle(v3(LCGP, &q, &demo_creds(), t0(), &nonce())));
    assert_eq!(v["Code"], "OK");
}

#[test]
fn missing_required_parameters_are_named() {
    let engine = demo_engine();
    let cases = [
        (
            "BusinessNumber=8613800001234&CustSpaceId=cams-sandbox-1",
            "MissingGroupId",
            "GroupId is mandatory for this action.",
        ),
        (
            "BusinessNumber=8613800001234&CustSpaceId=cams-sandbox-1&GroupId=",
            "MissingGroupId",
            "GroupId is mandatory for this action.",
        ),
        (
            "CustSpaceId=cams-sandbox-1&GroupId=SBXGRP003",
            "MissingBusinessNumber",
            "BusinessNumber is mandatory for this action.",
        ),
        (
            "BusinessNumber=8613800001234&GroupId=SBXGRP003",
            "MissingCustSpaceId",
            "CustSpaceId is mandatory for this action.",
        ),
    ];
    for (q, code, message) in cases {
        for req in [
            v3(LCGP, q, &demo_creds(), t0(), &nonce()),
            v1(LCGP, q, &demo_creds(), t0(), &nonce()),
        ] {
            let v = assert_gateway_error(&engine.handle(req), 400, code);
            assert_eq!(v["Message"], message);
        }
    }
}

#[test]
fn v1_signed_requests_work() {
    let engine = demo_engine();
    let q = demo_query("SBXGRP057", Some(r#"{"Index":3,"Size":20}"#));
    let resp = engine.handle(v1(LCGP, &q, &demo_creds(), t0(), &nonce()));
    assert_eq!(resp.status(), 200, "{:?}", resp.body());
    let v = json(&resp);
    assert_eq!(v["Data"]["Total"], 57);
    assert_eq!(members(&v), expected_main(57)[40..]);
}

/// A fixture whose ids need encoding: spaces, `*`, `+`, `/`, non-ASCII.
fn odd_fixture() -> Fixture {
    Fixture::from_json(
        r#"{"credentials":[{"access_key_id":"ak","access_key_secret":"sk"}],
            "groups":[{"cust_space_id":"cams-k~1234_5.6","business_number":"+86 138-0000*1234",
                       "group_id":"a b*c~d/e+f=g&h%i中文!'()","participants":["1","2"]}]}"#,
    )
    .unwrap()
}

#[test]
fn plus_encoded_spaces_on_the_wire_verify_and_decode_v3_and_v1() {
    let engine = engine_at(odd_fixture(), t0());
    let creds = Credentials::new("ak", "sk");
    let canonical = lcgp_query(
        "cams-k~1234_5.6",
        "+86 138-0000*1234",
        "a b*c~d/e+f=g&h%i中文!'()",
        Some(r#"{"Index":1,"Size":20}"#),
    );
    assert!(canonical.contains("%20"));
    // Python `urlencode` style: space → '+', '+' → %2B.
    let python_wire = canonical.replace("%20", "+");
    // TS style: `*!()` raw.
    let ts_wire = canonical
        .replace("%2A", "*")
        .replace("%21", "!")
        .replace("%28", "(")
        .replace("%29", ")");
    for wire in [canonical.clone(), python_wire.clone(), ts_wire] {
        let req = with_wire_query(v3(LCGP, &canonical, &creds, t0(), &nonce()), &wire);
        let resp = engine.handle(req);
        assert_eq!(
            resp.status(),
            200,
            "{wire}: {}",
            String::from_utf8_lossy(resp.body())
        );
        assert_eq!(members(&json(&resp)), ["1", "2"]);
    }
    // V1: the signer puts the canonical query on the wire; rewrite it Python-style.
    let req = v1(LCGP, &canonical, &creds, t0(), &nonce());
    let wire = query_of(&req).replace("%20", "+");
    let resp = engine.handle(with_wire_query(req, &wire));
    assert_eq!(
        resp.status(),
        200,
        "{}",
        String::from_utf8_lossy(resp.body())
    );
    assert_eq!(members(&json(&resp)), ["1", "2"]);
    // A literal '+' that was meant as a plus (not encoded as %2B) is a space: the signature breaks.
    let req = v3(LCGP, &canonical, &creds, t0(), &nonce());
    let broken = canonical.replace("%2B86", "+86");
    assert_gateway_error(
        &engine.handle(with_wire_query(req, &broken)),
        400,
        "SignatureDoesNotMatch",
    );
}

#[test]
fn tampered_requests_are_signature_does_not_match() {
    let engine = demo_engine();
    // V3: change the query after signing.
    let req = v3(
        LCGP,
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        t0(),
        &nonce(),
    );
    let tampered = with_wire_query(req, &demo_query("SBXGRP057", None));
    let v = assert_gateway_error(&engine.handle(tampered), 400, "SignatureDoesNotMatch");
    assert!(v["Message"].as_str().unwrap().contains("string to sign"));
    // V3: change a signed header.
    let mut req = v3(
        LCGP,
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        t0(),
        &nonce(),
    );
    req.headers_mut()
        .insert("x-acs-signature-nonce", "other-nonce".parse().unwrap());
    assert_gateway_error(&engine.handle(req), 400, "SignatureDoesNotMatch");
    // V3: flip one hex digit of the signature.
    let mut req = v3(
        LCGP,
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        t0(),
        &nonce(),
    );
    let auth = req.headers()["authorization"].to_str().unwrap().to_owned();
    let last = if auth.ends_with('0') { "1" } else { "0" };
    let flipped = format!("{}{last}", &auth[..auth.len() - 1]);
    req.headers_mut()
        .insert("authorization", flipped.parse().unwrap());
    assert_gateway_error(&engine.handle(req), 400, "SignatureDoesNotMatch");
    // V1: change a business parameter after signing.
    let req = v1(
        LCGP,
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        t0(),
        &nonce(),
    );
    let wire = query_of(&req).replace("SBXGRP003", "SBXGRP057");
    let v = assert_gateway_error(
        &engine.handle(with_wire_query(req, &wire)),
        400,
        "SignatureDoesNotMatch",
    );
    assert!(v["Message"].as_str().unwrap().contains("POST&%2F&"));
}

#[test]
fn wrong_secret_and_unknown_key() {
    let engine = demo_engine();
    let wrong = Credentials::new(cams_sandbox::DEMO_ACCESS_KEY_ID, "not-the-secret");
    let q = demo_query("SBXGRP003", None);
    assert_gateway_error(
        &engine.handle(v3(LCGP, &q, &wrong, t0(), &nonce())),
        400,
        "SignatureDoesNotMatch",
    );
    assert_gateway_error(
        &engine.handle(v1(LCGP, &q, &wrong, t0(), &nonce())),
        400,
        "SignatureDoesNotMatch",
    );
    let unknown = Credentials::new("who-is-this", "x");
    assert_gateway_error(
        &engine.handle(v3(LCGP, &q, &unknown, t0(), &nonce())),
        404,
        "InvalidAccessKeyId.NotFound",
    );
    assert_gateway_error(
        &engine.handle(v1(LCGP, &q, &unknown, t0(), &nonce())),
        404,
        "InvalidAccessKeyId.NotFound",
    );
}

#[test]
fn replayed_nonces_are_refused() {
    let engine = demo_engine();
    let q = demo_query("SBXGRP003", None);
    let req = v3(LCGP, &q, &demo_creds(), t0(), "replay-me");
    let copy = req.clone();
    assert_eq!(engine.handle(req).status(), 200);
    assert_gateway_error(&engine.handle(copy), 400, "SignatureNonceUsed");
    // V1 too, and the same nonce with a fresh signature is still a replay.
    let req = v1(LCGP, &q, &demo_creds(), t0(), "replay-me-v1");
    assert_eq!(engine.handle(req.clone()).status(), 200);
    assert_gateway_error(&engine.handle(req), 400, "SignatureNonceUsed");
    let again = v3(
        LCGP,
        &q,
        &demo_creds(),
        t0() + Duration::from_secs(1),
        "replay-me",
    );
    assert_gateway_error(&engine.handle(again), 400, "SignatureNonceUsed");
    // A refused request (bad signature) does not burn the nonce.
    let wrong = Credentials::new(cams_sandbox::DEMO_ACCESS_KEY_ID, "nope");
    assert_eq!(
        engine.handle(v3(LCGP, &q, &wrong, t0(), "fresh")).status(),
        400
    );
    assert_eq!(
        engine
            .handle(v3(LCGP, &q, &demo_creds(), t0(), "fresh"))
            .status(),
        200
    );
}

#[test]
fn timestamps_more_than_15_minutes_off_are_expired() {
    let engine = demo_engine();
    let q = demo_query("SBXGRP003", None);
    let min = |m: u64| Duration::from_secs(60 * m);
    for t in [t0() - min(16), t0() + min(16), t0() - min(24 * 60)] {
        assert_gateway_error(
            &engine.handle(v3(LCGP, &q, &demo_creds(), t, &nonce())),
            400,
            "InvalidTimeStamp.Expired",
        );
        assert_gateway_error(
            &engine.handle(v1(LCGP, &q, &demo_creds(), t, &nonce())),
            400,
            "InvalidTimeStamp.Expired",
        );
    }
    for t in [t0() - min(14), t0() + min(14)] {
        assert_eq!(
            engine
                .handle(v3(LCGP, &q, &demo_creds(), t, &nonce()))
                .status(),
            200
        );
    }
}

#[test]
fn sts_tokens_must_match() {
    let engine = demo_engine();
    let q = demo_query("SBXGRP003", None);
    let right = Sandbox::demo_sts_credentials();
    assert_eq!(
        engine.handle(v3(LCGP, &q, &right, t0(), &nonce())).status(),
        200
    );
    assert_eq!(
        engine.handle(v1(LCGP, &q, &right, t0(), &nonce())).status(),
        200
    );
    let wrong = Credentials::new(
        cams_sandbox::DEMO_STS_ACCESS_KEY_ID,
        cams_sandbox::DEMO_STS_ACCESS_KEY_SECRET,
    )
    .with_security_token("stolen-token");
    let missing = Credentials::new(
        cams_sandbox::DEMO_STS_ACCESS_KEY_ID,
        cams_sandbox::DEMO_STS_ACCESS_KEY_SECRET,
    );
    for creds in [wrong, missing] {
        for req in [
            v3(LCGP, &q, &creds, t0(), &nonce()),
            v1(LCGP, &q, &creds, t0(), &nonce()),
        ] {
            let resp = engine.handle(req);
            assert_eq!(
                resp.status(),
                400,
                "{}",
                String::from_utf8_lossy(resp.body())
            );
            assert!(
                json(&resp)["Code"]
                    .as_str()
                    .unwrap()
                    .starts_with("InvalidSecurityToken")
            );
        }
    }
}

#[test]
fn unknown_action_or_version_is_not_found() {
    let engine = demo_engine();
    let q = demo_query("SBXGRP003", None);
    let c = demo_creds();
    for req in [
        v3("ListChatGroupParticipantz", &q, &c, t0(), &nonce()),
        v3_version(LCGP, "2017-05-25", &q, &c, t0(), &nonce()),
        v1("NoSuchAction", &q, &c, t0(), &nonce()),
        v1_version(LCGP, "2020-06-07", &q, &c, t0(), &nonce()),
    ] {
        assert_gateway_error(&engine.handle(req), 404, "InvalidAction.NotFound");
    }
}

#[test]
fn missing_or_malformed_signatures_are_incomplete() {
    let engine = demo_engine();
    let q = demo_query("SBXGRP003", None);
    // no signature at all
    let req = Request::post(format!("http://{HOST}/?{q}"))
        .header("host", HOST)
        .header("x-acs-action", LCGP)
        .header("x-acs-version", "2020-06-06")
        .body(Bytes::new())
        .unwrap();
    assert_gateway_error(&engine.handle(req), 400, "IncompleteSignature");
    // Authorization without Signature=
    let mut req = v3(LCGP, &q, &demo_creds(), t0(), &nonce());
    let auth = req.headers()["authorization"].to_str().unwrap().to_owned();
    let cut = auth.split(",Signature=").next().unwrap().to_owned();
    req.headers_mut()
        .insert("authorization", cut.parse().unwrap());
    assert_gateway_error(&engine.handle(req), 400, "IncompleteSignature");
    // garbage
    let mut req = v3(LCGP, &q, &demo_creds(), t0(), &nonce());
    req.headers_mut().insert(
        "authorization",
        "ACS3-HMAC-SHA256 nonsense".parse().unwrap(),
    );
    assert_gateway_error(&engine.handle(req), 400, "IncompleteSignature");
}

#[test]
fn only_get_and_post_slash_are_the_api() {
    let engine = demo_engine();
    let put = Request::put(format!("http://{HOST}/"))
        .body(Bytes::new())
        .unwrap();
    assert_gateway_error(&engine.handle(put), 405, "UnsupportedHTTPMethod");
    let other = Request::post(format!("http://{HOST}/other"))
        .body(Bytes::new())
        .unwrap();
    let v = assert_gateway_error(&engine.handle(other), 404, "InvalidAction.NotFound");
    assert_eq!(v["HostId"], HOST);
}

#[test]
fn request_ids_are_unique() {
    let engine = demo_engine();
    let mut ids = HashSet::new();
    for i in 0..200 {
        let resp = if i % 2 == 0 {
            engine.handle(v3(
                LCGP,
                &demo_query("SBXGRP003", None),
                &demo_creds(),
                t0(),
                &nonce(),
            ))
        } else {
            engine.handle(Request::put("/").body(Bytes::new()).unwrap())
        };
        assert!(ids.insert(json(&resp)["RequestId"].as_str().unwrap().to_owned()));
    }
}

#[test]
fn a_panicking_handler_is_a_500_and_the_engine_keeps_working() {
    let engine = Engine::builder(Fixture::demo())
        .time_source(cams_auth::FixedTimeSource(t0()))
        .panic_on_action("ListChatGroup")
        .build();
    let q = "BusinessNumber=8613800001234&CustSpaceId=cams-sandbox-1&Page=%7B%22Index%22%3A1%2C%22Size%22%3A10%7D";
    assert_gateway_error(
        &engine.handle(v3("ListChatGroup", q, &demo_creds(), t0(), &nonce())),
        500,
        "InternalError",
    );
    let v = json(&engine.handle(v3(
        LCGP,
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        t0(),
        &nonce(),
    )));
    assert_eq!(v["Code"], "OK");
}

#[test]
fn list_chat_group_lists_the_groups_of_a_space() {
    let engine = demo_engine();
    let page = |p: &str| {
        cams_auth::canonical_query([
            ("BusinessNumber", DEMO_BUSINESS_NUMBER),
            ("CustSpaceId", DEMO_CUST_SPACE_ID),
            ("Page", p),
        ])
    };
    let v = json(&engine.handle(v3(
        "ListChatGroup",
        &page(r#"{"Index":1,"Size":3}"#),
        &demo_creds(),
        t0(),
        &nonce(),
    )));
    assert_eq!(v["Code"], "OK", "{v}");
    assert_eq!(v["Data"]["Total"], 4);
    let ids: Vec<_> = v["Data"]["List"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["GroupId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["SBXGRP000", "SBXGRP003", "SBXGRP057"]);
    assert_eq!(v["Data"]["List"][2]["TotalParticipantCount"], 57);
    let v = json(&engine.handle(v1(
        "ListChatGroup",
        &page(r#"{"Index":2,"Size":3}"#),
        &demo_creds(),
        t0(),
        &nonce(),
    )));
    assert_eq!(v["Data"]["List"][0]["GroupId"], "SBXGRP250");
    let v = json(&engine.handle(v3(
        "ListChatGroup",
        &page(r#"{"Size":3}"#),
        &demo_creds(),
        t0(),
        &nonce(),
    )));
    assert_eq!(v["Code"], "InvalidParameter.PageInvalid");
    let q = "BusinessNumber=8613800001234&CustSpaceId=cams-sandbox-1";
    assert_gateway_error(
        &engine.handle(v3("ListChatGroup", q, &demo_creds(), t0(), &nonce())),
        400,
        "MissingPage",
    );
}

#[tokio::test]
async fn through_the_in_process_transport() {
    let transport = SandboxTransport::new(demo_engine());
    // No host header: the transport adds it from the URI, like an HTTP stack would.
    let (mut parts, body) =
        Request::post(format!("https://{HOST}/?{}", demo_query("SBXGRP057", None)))
            .header("x-acs-action", LCGP)
            .header("x-acs-version", "2020-06-06")
            .body(Bytes::new())
            .unwrap()
            .into_parts();
    parts.headers.insert("host", HOST.parse().unwrap());
    let (creds, signing_nonce) = (demo_creds(), nonce());
    let params = cams_auth::SigningParams::new(&creds, t0(), &signing_nonce);
    cams_auth::SignerV3::new()
        .sign(&mut parts, &params)
        .unwrap();
    parts.headers.remove("host");
    let resp = transport
        .send(Request::from_parts(parts, body))
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        200,
        "{}",
        String::from_utf8_lossy(resp.body())
    );
    assert_eq!(members(&json(&resp)).len(), 20);
    // demo() uses the system clock: a request signed now passes.
    let demo = SandboxTransport::demo();
    let req = v3(
        LCGP,
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        std::time::SystemTime::now(),
        &nonce(),
    );
    assert_eq!(demo.send(req).await.unwrap().status(), 200);
}

#[test]
fn concurrent_requests_share_one_engine() {
    let engine = demo_engine();
    std::thread::scope(|s| {
        for _ in 0..8 {
            let engine = engine.clone();
            s.spawn(move || {
                for _ in 0..50 {
                    let v = call_v3(&engine, "SBXGRP250", Some(r#"{"Index":2,"Size":100}"#));
                    assert_eq!(members(&v), expected_main(250)[100..200]);
                }
            });
        }
    });
}
