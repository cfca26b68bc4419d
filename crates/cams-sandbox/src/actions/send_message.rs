//! `SendChatappMessage` and `SendChatappMassMessage`: a unique `MessageId` per recipient and
//! the `ChatAppStatus` receipts of each (see `src/receipts/build.rs` for the fixture rules).
//!
//! The space is `CustSpaceId`, else the space that owns `From` (its fixture groups or its
//! webhooks). Values are not checked, as for every operation: a `Type` other than `template`
//! is a free-form message.

use super::generic::metadata_body;
use super::{Call, Refusal};
use crate::gateway_error::json_response;
use crate::receipts::{ReceiptEvent, SentMessage, TemplateInfo, fresh_id, status_events};
use crate::webhooks::normalize_number;
use bytes::Bytes;
use http::{Response, StatusCode};
use serde_json::{Value, json};

/// Length of a `MessageId` (the documented example has 24 hex digits).
const MESSAGE_ID_LEN: usize = 24;

pub(crate) fn single(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let mut body = metadata_body(call)?;
    let from = call.params.required("From")?;
    let to = call.params.required("To")?;
    let message_id = fresh_id(MESSAGE_ID_LEN);
    let template = call
        .params
        .get("Type")
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("template"));
    let events = message_events(call, from, to, &message_id, template);
    call.receipts.emit(events);
    set(&mut body, "MessageId", json!(message_id));
    Ok(json_response(StatusCode::OK, call.request_id, &body))
}

/// Each recipient of `SenderList` (`[{"To": "…"}, …]`; items without a `To` are skipped)
/// gets its own `MessageId` and receipts; the answer carries a new `GroupMessageId`.
pub(crate) fn mass(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let mut body = metadata_body(call)?;
    let from = call.params.required("From")?;
    let list: Value = match call.params.optional("SenderList") {
        None => Value::Array(Vec::new()),
        Some(text) => serde_json::from_str(text).map_err(|e| {
            Refusal::business(
                "InvalidParameter",
                format!("SenderList is not valid JSON: {e}"),
            )
        })?,
    };
    let Some(items) = list.as_array() else {
        return Err(Refusal::business(
            "InvalidParameter",
            "SenderList must be a JSON array of objects with a To.",
        ));
    };
    let mut events = Vec::new();
    for to in items
        .iter()
        .filter_map(|i| i.get("To").and_then(Value::as_str))
    {
        let to = to.trim();
        if to.is_empty() {
            continue;
        }
        let message_id = fresh_id(MESSAGE_ID_LEN);
        events.extend(message_events(call, from, to, &message_id, true));
    }
    call.receipts.emit(events);
    set(&mut body, "GroupMessageId", json!(fresh_id(MESSAGE_ID_LEN)));
    Ok(json_response(StatusCode::OK, call.request_id, &body))
}

fn set(body: &mut Value, name: &str, value: Value) {
    if let Some(obj) = body.as_object_mut() {
        obj.insert(name.to_owned(), value);
    }
}

fn message_events(
    call: &Call<'_>,
    from: &str,
    to: &str,
    message_id: &str,
    template: bool,
) -> Vec<ReceiptEvent> {
    let space = space_of(call, from);
    let code = call.params.optional("TemplateCode");
    let known: Option<TemplateInfo> = code.and_then(|c| call.receipts.template(c));
    let name = call
        .params
        .optional("TemplateName")
        .map(str::to_owned)
        .or_else(|| known.as_ref().map(|t| t.name.clone()));
    let language = call
        .params
        .optional("Language")
        .map(str::to_owned)
        .or_else(|| known.as_ref().map(|t| t.language.clone()));
    let category = call
        .params
        .optional("Category")
        .map(str::to_owned)
        .or_else(|| known.as_ref().map(|t| t.category.clone()));
    let message = SentMessage {
        space: &space,
        from,
        to,
        message_id,
        task_id: call.params.optional("TaskId"),
        template,
        message_type: call.params.optional("MessageType"),
        template_code: code,
        template_name: name.as_deref(),
        language: language.as_deref(),
        category: category.as_deref(),
        now_ms: call.now_millis(),
    };
    status_events(&message, call.receipts.config().receipt_delay)
}

/// `CustSpaceId`, else the first space (in name order) owning `from`, else empty.
fn space_of(call: &Call<'_>, from: &str) -> String {
    if let Some(space) = call.params.optional("CustSpaceId") {
        return space.to_owned();
    }
    let from = normalize_number(from);
    let mut spaces = call.state.spaces();
    spaces.extend(call.receipts.webhooks().spaces());
    spaces.sort();
    spaces
        .into_iter()
        .find(|s| {
            call.state
                .numbers_of(s)
                .iter()
                .any(|n| normalize_number(n) == from)
                || call.receipts.webhooks().numbers_of(s).contains(from)
        })
        .unwrap_or_default()
}
