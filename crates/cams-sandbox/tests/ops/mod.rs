//! Requests for every operation of the metadata, built from the official-SDK captures and signed
//! with the demo key, for the tests of the metadata-driven actions.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use bytes::Bytes;
use cams_auth::{Credentials, SignerV1, SignerV3, SigningParams, V1_COMMON_PARAMS};
use cams_sandbox::{DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, DEMO_HOST, SandboxTransport};
use cams_transport::Transport;
use http::{Request, Response};
use serde_json::Value;
use std::sync::OnceLock;
use std::time::SystemTime;

/// The metadata the sandbox embeds.
pub fn metadata() -> Value {
    let text = include_str!("../../../../codegen/cams-2020-06-06.json");
    serde_json::from_str(text).unwrap()
}

/// The operations of the metadata, by action.
pub fn operations() -> Vec<Value> {
    metadata()["operations"].as_array().unwrap().clone()
}

/// The operation `action` of the metadata.
pub fn operation(action: &str) -> Value {
    operations()
        .into_iter()
        .find(|o| o["action"] == action)
        .unwrap_or_else(|| panic!("no operation {action}"))
}

/// The required top-level parameters of `action`, in metadata order.
pub fn required_params(action: &str) -> Vec<String> {
    static META: OnceLock<Value> = OnceLock::new();
    let ops = META.get_or_init(metadata)["operations"].as_array().unwrap();
    let op = ops.iter().find(|o| o["action"] == action);
    let params = op.map_or(&[][..], |o| o["request"].as_array().unwrap());
    params
        .iter()
        .filter(|p| p["required"] == true)
        .map(|p| p["name"].as_str().unwrap().to_owned())
        .collect()
}

/// The stateful chat-group actions (answered from the fixture, not from the metadata).
pub const CHAT_GROUP: [&str; 8] = [
    "AddChatGroup",
    "AddChatGroupInviteLink",
    "DeleteChatGroup",
    "DeleteChatGroupInviteLink",
    "DeleteChatGroupParticipants",
    "ListChatGroup",
    "ListChatGroupParticipants",
    "UpdateChatGroup",
];

/// Operations whose answer carries a fresh id on every call (`MessageId`, `GroupMessageId`,
/// `TemplateCode`), so the same request does not give the same body.
pub const FRESH_IDS: [&str; 3] = [
    "CreateChatappTemplate",
    "SendChatappMassMessage",
    "SendChatappMessage",
];

/// One call: the action, its query parameters and its form-body parameters.
#[derive(Debug, Clone)]
pub struct Call {
    pub action: String,
    pub query: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
}

impl Call {
    /// The official SDK's parameters of the first capture row of `action` that has every
    /// required parameter (a vectors set may also hold sparse rows); for a chat-group action,
    /// pointed at the demo fixture's group `SBXGRP057` so that it succeeds.
    pub fn from_capture(action: &str) -> Call {
        static ROWS: OnceLock<Vec<Value>> = OnceLock::new();
        let rows =
            ROWS.get_or_init(|| cams_vectors::capture_rows("official-python-ops-captures.jsonl"));
        let required = required_params(action);
        let (mut query, form) = rows
            .iter()
            .filter(|r| cams_vectors::action_of(r) == action)
            .map(|row| {
                let mut query = cams_auth::decode_query(row["query"].as_str().unwrap_or_default());
                // a V1 row's query also holds the signature parameters: only business ones stay
                query.retain(|(k, _)| k != "Signature" && !V1_COMMON_PARAMS.contains(&k.as_str()));
                let form = cams_auth::decode_query(row["body"].as_str().unwrap_or_default());
                (query, form)
            })
            .find(|(query, form)| {
                required.iter().all(|name| {
                    query
                        .iter()
                        .chain(form)
                        .any(|(k, v)| k == name && !v.trim().is_empty())
                })
            })
            .unwrap_or_else(|| panic!("no capture of {action} with {required:?}"));
        if CHAT_GROUP.contains(&action) {
            for (k, v) in &mut query {
                match k.as_str() {
                    "CustSpaceId" => *v = DEMO_CUST_SPACE_ID.to_owned(),
                    "BusinessNumber" => *v = DEMO_BUSINESS_NUMBER.to_owned(),
                    "GroupId" => *v = "SBXGRP057".to_owned(),
                    "ChannelType" => *v = "WHATSAPP".to_owned(),
                    "Page" => *v = r#"{"Index":1,"Size":20}"#.to_owned(),
                    "List" => *v = r#"[{"ParticipantNumber":"8613800570001"}]"#.to_owned(),
                    "Subject" => *v = "all-operations".to_owned(),
                    _ => {}
                }
            }
        }
        Call {
            action: action.to_owned(),
            query,
            form,
        }
    }

    /// Removes parameter `name` wherever it is sent.
    pub fn without(mut self, name: &str) -> Call {
        self.query.retain(|(k, _)| k != name);
        self.form.retain(|(k, _)| k != name);
        self
    }

    /// Sets parameter `name` to `value` where it is sent (the query when it is absent).
    pub fn with(mut self, name: &str, value: &str) -> Call {
        let slot = self
            .query
            .iter_mut()
            .chain(self.form.iter_mut())
            .find(|(k, _)| k == name);
        match slot {
            Some((_, v)) => *v = value.to_owned(),
            None => self.query.push((name.to_owned(), value.to_owned())),
        }
        self
    }

    fn parts(&self) -> (http::request::Parts, Bytes) {
        let query = encode(&self.query);
        let mut builder = Request::post(format!("http://{}/?{query}", DEMO_HOST))
            .header("host", DEMO_HOST)
            .header("x-acs-action", &self.action)
            .header("x-acs-version", "2020-06-06");
        let body = Bytes::from(encode(&self.form));
        if !body.is_empty() {
            builder = builder.header("content-type", "application/x-www-form-urlencoded");
        }
        let (parts, ()) = builder.body(()).unwrap().into_parts();
        (parts, body)
    }

    /// Signed with V3 (the body hashed).
    pub fn v3(&self, creds: &Credentials, time: SystemTime, nonce: &str) -> Request<Bytes> {
        self.signed(true, creds, time, nonce)
    }

    /// Signed with V1 (the body parameters signed with the query's; the action and version
    /// travel in `x-acs-action`/`x-acs-version` too, as the official SDKs send them).
    pub fn v1(&self, creds: &Credentials, time: SystemTime, nonce: &str) -> Request<Bytes> {
        self.signed(false, creds, time, nonce)
    }

    fn signed(
        &self,
        v3: bool,
        creds: &Credentials,
        time: SystemTime,
        nonce: &str,
    ) -> Request<Bytes> {
        let (mut parts, body) = self.parts();
        let params = SigningParams::new(creds, time, nonce);
        let params = if body.is_empty() {
            params
        } else {
            params.with_form_body(&body)
        };
        if v3 {
            SignerV3::new().sign(&mut parts, &params).unwrap();
        } else {
            SignerV1::new().sign(&mut parts, &params).unwrap();
        }
        Request::from_parts(parts, body)
    }
}

fn encode(pairs: &[(String, String)]) -> String {
    cams_auth::canonical_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Sends `req` through the in-process transport.
pub fn send(transport: &SandboxTransport, req: Request<Bytes>) -> Response<Bytes> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(transport.send(req))
        .unwrap()
}
