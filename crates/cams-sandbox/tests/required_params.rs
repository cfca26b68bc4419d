//! The metadata-driven actions check required parameters like the gateway: absent or blank is
//! HTTP 400 `Missing<Name>` with the gateway's error body, before any answer is made; and
//! `GetPreValidatePhoneId` reads its parameters from the form body.
#![allow(clippy::unwrap_used)]

mod common;
mod ops;

use cams_sandbox::SandboxTransport;
use common::{assert_gateway_error, demo_creds, demo_engine, json, nonce, t0};
use ops::{CHAT_GROUP, Call, operations, send};
use serde_json::Value;

fn required(op: &Value) -> Vec<String> {
    ops::required_params(op["action"].as_str().unwrap())
}

#[test]
fn every_required_parameter_absent_or_blank_is_missing_name() {
    let transport = SandboxTransport::new(demo_engine());
    let mut checked = 0;
    for op in operations() {
        let action = op["action"].as_str().unwrap();
        if CHAT_GROUP.contains(&action) {
            continue; // their own handlers, tested in engine.rs and write_actions.rs
        }
        for name in required(&op) {
            let code = format!("Missing{name}");
            let absent = Call::from_capture(action).without(&name);
            for req in [
                absent.v3(&demo_creds(), t0(), &nonce()),
                absent.v1(&demo_creds(), t0(), &nonce()),
            ] {
                let v = assert_gateway_error(&send(&transport, req), 400, &code);
                assert_eq!(
                    v["Message"],
                    format!("{name} is mandatory for this action.")
                );
            }
            for blank in ["", "  "] {
                let call = Call::from_capture(action).with(&name, blank);
                let req = call.v3(&demo_creds(), t0(), &nonce());
                assert_gateway_error(&send(&transport, req), 400, &code);
            }
            checked += 1;
        }
    }
    println!("required parameters: {checked} checked");
    // 282 required top-level fields, less the chat-group ones
    assert!(checked > 250, "{checked}");
}

#[test]
fn the_first_missing_parameter_in_metadata_order_is_named() {
    let transport = SandboxTransport::new(demo_engine());
    let names = ops::required_params("SendChatappMessage");
    assert!(names.len() >= 2, "{names:?}");
    let mut call = Call::from_capture("SendChatappMessage");
    for name in &names {
        call = call.without(name);
    }
    let req = call.v3(&demo_creds(), t0(), &nonce());
    assert_gateway_error(&send(&transport, req), 400, &format!("Missing{}", names[0]));
}

#[test]
fn optional_parameters_may_be_left_out() {
    let transport = SandboxTransport::new(demo_engine());
    for op in operations() {
        let action = op["action"].as_str().unwrap();
        if CHAT_GROUP.contains(&action) {
            continue;
        }
        let needed = required(&op);
        let mut call = Call::from_capture(action);
        call.query.retain(|(k, _)| needed.contains(k));
        call.form.retain(|(k, _)| needed.contains(k));
        let resp = send(&transport, call.v3(&demo_creds(), t0(), &nonce()));
        assert_eq!(resp.status(), 200, "{action}: {}", json(&resp));
    }
}

#[test]
fn get_pre_validate_phone_id_reads_its_form_body() {
    let transport = SandboxTransport::new(demo_engine());
    let call = Call::from_capture("GetPreValidatePhoneId");
    let names: Vec<&str> = call.form.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["PhoneNumber", "VerifyCode"]);
    assert!(call.query.is_empty());
    let call = call.with("PhoneNumber", "+8613800001234");
    for req in [
        call.v3(&demo_creds(), t0(), &nonce()),
        call.v1(&demo_creds(), t0(), &nonce()),
    ] {
        let resp = send(&transport, req);
        let v = json(&resp);
        assert_eq!(resp.status(), 200, "{v}");
        assert_eq!(v["Code"], "OK");
        // the body parameter echoes into the answer's field of the same name
        assert_eq!(v["Data"]["PhoneNumber"], "+8613800001234", "{v}");
    }
    let without = call.clone().without("VerifyCode");
    let req = without.v3(&demo_creds(), t0(), &nonce());
    assert_gateway_error(&send(&transport, req), 400, "MissingVerifyCode");
}

#[test]
fn a_form_body_that_does_not_match_its_v3_hash_is_refused() {
    let transport = SandboxTransport::new(demo_engine());
    let req = Call::from_capture("GetPreValidatePhoneId").v3(&demo_creds(), t0(), &nonce());
    let (parts, _) = req.into_parts();
    let tampered = http::Request::from_parts(
        parts,
        bytes::Bytes::from_static(b"PhoneNumber=1&VerifyCode=2"),
    );
    assert_gateway_error(&send(&transport, tampered), 400, "InvalidContentSha256");
}

#[test]
fn unknown_actions_are_still_not_found() {
    let transport = SandboxTransport::new(demo_engine());
    let mut call = Call::from_capture("SendChatappMessage");
    call.action = "SendChatappMessages".to_owned();
    for req in [
        call.v3(&demo_creds(), t0(), &nonce()),
        call.v1(&demo_creds(), t0(), &nonce()),
    ] {
        assert_gateway_error(&send(&transport, req), 404, "InvalidAction.NotFound");
    }
}
