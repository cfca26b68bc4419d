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
            if !shape["items"].is_null() && !(1..=3).contains(&list.len()) {
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
        let call = Call::from_capture(action);
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
        let call = Call::from_capture(action);
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
    let call = Call::from_capture("ListChatappTemplate");
    let x = answer(&SandboxTransport::new(demo_engine()), &call);
    let y = answer(&SandboxTransport::new(demo_engine()), &call);
    assert_eq!(without_request_id(x), without_request_id(y));
}

#[test]
fn other_parameters_give_other_data() {
    let transport = SandboxTransport::new(demo_engine());
    let call = Call::from_capture("GetChatappTemplateDetail");
    let base = answer(&transport, &call);
    let changed = answer(&transport, &call.clone().with("CustWabaId", "another-waba"));
    assert_ne!(without_request_id(base), without_request_id(changed));
}

#[test]
fn parameters_echo_into_fields_of_the_same_name() {
    let call = Call::from_capture("GetChatappTemplateDetail").with("TemplateCode", "tpl-echo-1");
    let body = answer(&SandboxTransport::new(demo_engine()), &call);
    assert_eq!(body["Data"]["TemplateCode"], "tpl-echo-1", "{body}");
}

#[test]
fn lists_have_two_items_and_totals_count_them() {
    let call = Call::from_capture("ListChatappTemplate");
    let body = answer(&SandboxTransport::new(demo_engine()), &call);
    assert_eq!(body["ListTemplate"].as_array().unwrap().len(), 2, "{body}");
    assert_eq!(body["Total"], 2, "{body}");
}
