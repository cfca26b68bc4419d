//! The control paths under `/sandbox/`: unauthenticated test hooks that no API call uses.
//!
//! `POST /sandbox/inbound` simulates a user's message to a business number: a JSON object with
//! `CustSpaceId`, `From` (the user), `To` (the business number), `Type` (`TEXT`, `IMAGE`, …)
//! and `Message` (the text, or an object for the other types), plus any other documented field
//! (`DisplayName`, `Name`, `WabaId`, …), kept as given, typed by `cams-model` (an object that
//! breaks a rule of `ChatAppInbound`, e.g. an `IMAGE` without `id`, is refused). It answers 200 `{"MessageId": "…"}` and
//! pushes a `ChatAppInbound` receipt to the number's `UpCallbackUrl`. Bad input is a 400
//! `{"Code": "InvalidParameter", "Message": "…"}` naming the field.

use crate::receipts::{ReceiptRouter, fresh_id, inbound_event};
use bytes::Bytes;
use http::{Method, Request, Response, StatusCode};
use serde_json::{Map, Value, json};

/// The prefix of every control path.
pub(crate) const CONTROL_PREFIX: &str = "/sandbox/";

pub(crate) fn is_control(request: &Request<Bytes>) -> bool {
    request.uri().path().starts_with(CONTROL_PREFIX)
}

/// Answers a request under [`CONTROL_PREFIX`].
pub(crate) fn handle(
    receipts: &ReceiptRouter,
    request: &Request<Bytes>,
    now_ms: i64,
) -> Response<Bytes> {
    if request.uri().path() != "/sandbox/inbound" {
        return reply(
            StatusCode::NOT_FOUND,
            json!({"Code": "NotFound", "Message": "The only control path is POST /sandbox/inbound."}),
        );
    }
    if request.method() != Method::POST {
        return reply(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"Code": "UnsupportedHTTPMethod", "Message": "Use POST /sandbox/inbound."}),
        );
    }
    match inbound(receipts, request.body(), now_ms) {
        Ok(message_id) => reply(StatusCode::OK, json!({"MessageId": message_id})),
        Err(message) => reply(
            StatusCode::BAD_REQUEST,
            json!({"Code": "InvalidParameter", "Message": message}),
        ),
    }
}

fn inbound(receipts: &ReceiptRouter, body: &[u8], now_ms: i64) -> Result<String, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not valid JSON: {e}"))?;
    let Value::Object(fields) = value else {
        return Err("the body must be a JSON object".to_owned());
    };
    for name in ["CustSpaceId", "From", "To", "Type"] {
        match fields.get(name) {
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            Some(_) => return Err(format!("{name} must be a non-empty string")),
            None => return Err(format!("{name} is required")),
        }
    }
    if !fields.contains_key("Message") {
        return Err("Message is required".to_owned());
    }
    let text = |fields: &Map<String, Value>, name: &str| {
        fields
            .get(name)
            .and_then(Value::as_str)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let space = text(&fields, "CustSpaceId");
    let business = text(&fields, "To");
    let message_id = fresh_id(24);
    let event =
        inbound_event(&space, &business, fields, &message_id, now_ms).map_err(|e| e.to_string())?;
    receipts.emit(vec![event]);
    Ok(message_id)
}

fn reply(status: StatusCode, body: Value) -> Response<Bytes> {
    let mut resp = Response::new(Bytes::from(body.to_string()));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json;charset=utf-8"),
    );
    resp
}
