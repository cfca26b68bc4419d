//! Every operation of the metadata answers through the in-process transport: HTTP 200, `Code`
//! `OK`, every field of its response schema present with a value of its type, the same data for
//! the same request and a fresh `RequestId` per call.
#![allow(clippy::unwrap_used)]

mod common;
mod ops;

use cams_sandbox::SandboxTransport;
use common::{demo_creds, demo_engine, json, nonce, t0};
use ops::{CHAT_GROUP, Call, FRESH_IDS, operation, operations, send};
use serde_json::Value;
use std::collections::HashSet;

/// Checks `value` against a metadata shape; returns the path of the first mismatch.
fn conforms(shape: &Value, value: &Value, path: &str) -> Result<(), String> {
    let ok = match shape["type"].as_str().unwrap() {
        "string" => value.is_string(),
        "integer" | "long" => value.is_i64(),
        "boolean" => value.is_boolean(),
        "object" => {
            let Some(obj) = value.as_object() else {
                return Err(format!("{path}: not an object: {value}"));
            };
            for f in shape["fields"].as_array().into_iter().flatten() {
                let name = f["name"].as_str().unwrap();
                let member = obj
                    .get(name)
                    .ok_or_else(|| format!("{path}.{name}: absent"))?;
                conforms(f, member, &format!("{path}.{name}"))?;
            }
            true
        }
        "array" => {
            let Some(list) = value.as_array() else {
                return Err(format!("{path}: not an array: {value}"));
            };
            if !shape["items"].is_null() && !(1..=10).contains(&list.len()) {
                return Err(format!("{path}: {} items", list.len()));
            }
            for (i, item) in list.iter().enumerate() {
                conforms(&shape["items"], item, &format!("{path}[{i}]"))?;
            }
            true
        }
        "map" => value.as_object().is_some_and(|m| !m.is_empty()),
        _ => !value.is_null(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{path}: {value} is not a {}", shape["type"]))
    }
}

/// Asserts a success answer of `op`, returns its body.
fn assert_ok(op: &Value, resp: &http::Response<bytes::Bytes>) -> Value {
    let action = op["action"].as_str().unwrap();
    let body = json(resp);
    assert_eq!(resp.status(), 200, "{action}: {body}");
    let names: Vec<&str> = op["response"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    if names.contains(&"Code") {
        assert_eq!(body["Code"], "OK", "{action}: {body}");
    }
    if names.contains(&"Success") {
        assert_eq!(body["Success"], true, "{action}: {body}");
    }
    let rid = body["RequestId"].as_str().unwrap();
    assert_eq!(rid.len(), 36, "{action}");
    assert_eq!(resp.headers()["x-acs-request-id"], rid);
    if !CHAT_GROUP.contains(&action) {
        // `Code` is the string "OK" even where the metadata types it `long` (its example is "OK").
        let fields: Vec<&Value> = op["response"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["name"] != "Code")
            .collect();
        let schema = serde_json::json!({"type": "object", "fields": fields});
        conforms(&schema, &body, action).unwrap_or_else(|e| panic!("{e}\n{body}"));
    }
    body
}

/// The capture's call of `action`, asking for the first page of 3 where it pages (the
/// captures ask for pages such as 300, or carry cursors the emulator never gave, past the end
/// of its listings).
fn capture(action: &str) -> Call {
    let mut call = Call::from_capture(action)
        .without("NextToken")
        .without("PageKey")
        .without("After");
    let has = |call: &Call, name: &str| {
        call.query
            .iter()
            .chain(call.form.iter())
            .any(|(k, _)| k == name)
    };
    for (name, value) in [
        ("Page", r#"{"Index":1,"Size":3}"#),
        ("PageIndex", "1"),
        ("PageNo", "1"),
        ("PageNumber", "1"),
        ("CurrentPage", "1"),
        ("PageSize", "3"),
        ("MaxResults", "3"),
        ("Limit", "3"),
    ] {
        if has(&call, name) {
            call = call.with(name, value);
        }
    }
    call
}

fn without_request_id(mut body: Value) -> Value {
    body.as_object_mut().unwrap().remove("RequestId");
    body
}

#[test]
fn every_operation_answers_ok_signed_v3_and_v1() {
    let shared = SandboxTransport::new(demo_engine());
    let ops = operations();
    assert_eq!(ops.len(), 172);
    let mut answered = 0;
    for op in &ops {
        let action = op["action"].as_str().unwrap();
        let call = capture(action);
        // A chat-group write changes the state: each signature gets the fixture as it was.
        let fresh = || SandboxTransport::new(demo_engine());
        let transport = |t: &SandboxTransport| {
            if CHAT_GROUP.contains(&action) {
                fresh()
            } else {
                t.clone()
            }
        };
        let t = transport(&shared);
        assert_ok(op, &send(&t, call.v3(&demo_creds(), t0(), &nonce())));
        let t = transport(&shared);
        assert_ok(op, &send(&t, call.v1(&demo_creds(), t0(), &nonce())));
        answered += 1;
    }
    println!("all operations: {answered} answered OK with V3 and V1");
    assert_eq!(answered, 172);
}

#[test]
fn the_same_request_gives_the_same_data_and_a_new_request_id() {
    let transport = SandboxTransport::new(demo_engine());
    let mut ids = HashSet::new();
    for op in operations() {
        let action = op["action"].as_str().unwrap();
        if CHAT_GROUP.contains(&action) || FRESH_IDS.contains(&action) {
            continue;
        }
        let call = capture(action);
        let first = assert_ok(
            &op,
            &send(&transport, call.v3(&demo_creds(), t0(), &nonce())),
        );
        let again = assert_ok(
            &op,
            &send(&transport, call.v1(&demo_creds(), t0(), &nonce())),
        );
        assert!(ids.insert(first["RequestId"].as_str().unwrap().to_owned()));
        assert!(ids.insert(again["RequestId"].as_str().unwrap().to_owned()));
        assert_eq!(
            without_request_id(first),
            without_request_id(again),
            "{action}"
        );
    }
    assert_eq!(ids.len(), 2 * (172 - CHAT_GROUP.len() - FRESH_IDS.len()));
}

/// The success body of `call` signed V3, through `transport`.
fn answer(transport: &SandboxTransport, call: &Call) -> Value {
    let op = operation(&call.action);
    assert_ok(
        &op,
        &send(transport, call.v3(&demo_creds(), t0(), &nonce())),
    )
}

#[test]
fn another_engine_gives_the_same_data_too() {
    // The seed is the request, not the process, the clock or the engine.
    let call = capture("ListChatappTemplate");
    let x = answer(&SandboxTransport::new(demo_engine()), &call);
    let y = answer(&SandboxTransport::new(demo_engine()), &call);
    assert_eq!(without_request_id(x), without_request_id(y));
}

#[test]
fn other_parameters_give_other_data() {
    let transport = SandboxTransport::new(demo_engine());
    let call = capture("GetChatappTemplateDetail");
    let base = answer(&transport, &call);
    let changed = answer(&transport, &call.clone().with("CustWabaId", "another-waba"));
    assert_ne!(without_request_id(base), without_request_id(changed));
}

#[test]
fn parameters_echo_into_fields_of_the_same_name() {
    let call = capture("GetChatappTemplateDetail").with("TemplateCode", "tpl-echo-1");
    let body = answer(&SandboxTransport::new(demo_engine()), &call);
    assert_eq!(body["Data"]["TemplateCode"], "tpl-echo-1", "{body}");
}

#[test]
fn a_listing_pages_through_a_fixed_total_with_distinct_items() {
    let transport = SandboxTransport::new(demo_engine());
    let mut names = HashSet::new();
    let mut sizes = Vec::new();
    for index in 1..=4 {
        let call = capture("ListChatappTemplate")
            .with("Page", &format!(r#"{{"Index":{index},"Size":10}}"#));
        let op = operation(&call.action);
        let body = assert_ok_or_empty(
            &op,
            &send(&transport, call.v3(&demo_creds(), t0(), &nonce())),
        );
        assert_eq!(body["Total"], 23, "{body}");
        let list = body["ListTemplate"].as_array().unwrap();
        sizes.push(list.len());
        for item in list {
            assert!(
                names.insert(item["TemplateCode"].as_str().unwrap().to_owned()),
                "{item}"
            );
        }
    }
    assert_eq!(sizes, [10, 10, 3, 0]);
    // A template listing names no Chinese placeholder nor a masked number.
    for name in &names {
        assert!(name.is_ascii() && !name.contains('*'), "{name}");
    }
}

/// The body of a success answer whose listing may be empty (a page past the end).
fn assert_ok_or_empty(op: &Value, resp: &http::Response<bytes::Bytes>) -> Value {
    let body = json(resp);
    assert_eq!(resp.status(), 200, "{body}");
    assert_eq!(body["Code"], "OK", "{op}");
    body
}
