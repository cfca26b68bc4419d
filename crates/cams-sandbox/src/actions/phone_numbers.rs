//! `QueryChatappPhoneNumbers` and `ChatappSyncPhoneNumber`: the numbers of a space with the
//! receipt settings `UpdatePhoneWebhook` / `UpdateAccountWebhook` gave them.
//!
//! A space's numbers are the business numbers of its fixture groups and the numbers given a
//! webhook in it. Each item is the metadata's (every field present, examples as values) with
//! `PhoneNumber`, `StatusCallbackUrl` (the number's, else the account's; empty if none),
//! `UpCallbackUrl`, and `StatusQueue`/`UpQueue` (a queue name when `QueueFlag` is `Y`, else
//! empty) set. A space with no number at all is answered from the metadata alone.

use super::generic::metadata_body;
use super::{Call, Refusal};
use crate::gateway_error::json_response;
use crate::webhooks::{normalize_number, queue_name};
use bytes::Bytes;
use cams_model::receipts::ReceiptType;
use http::{Response, StatusCode};
use serde_json::{Value, json};
use std::collections::BTreeSet;

pub(crate) fn query(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    answer(call)
}

pub(crate) fn sync(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    answer(call)
}

fn answer(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let mut body = metadata_body(call)?;
    let spaces: Vec<String> = match call.params.optional("CustSpaceId") {
        Some(space) => vec![space.to_owned()],
        None => {
            let mut all: BTreeSet<String> = call.state.spaces().into_iter().collect();
            all.extend(call.receipts.webhooks().spaces());
            all.into_iter().collect()
        }
    };
    let mut numbers: Vec<(String, String)> = Vec::new();
    for space in &spaces {
        let mut of_space: BTreeSet<String> = call
            .state
            .numbers_of(space)
            .iter()
            .map(|n| normalize_number(n).to_owned())
            .collect();
        of_space.extend(call.receipts.webhooks().numbers_of(space));
        numbers.extend(of_space.into_iter().map(|n| (space.clone(), n)));
    }
    let template = body
        .get("PhoneNumbers")
        .and_then(|l| l.get(0))
        .cloned()
        .unwrap_or_else(|| json!({}));
    if !numbers.is_empty() {
        let items: Vec<Value> = numbers
            .iter()
            .map(|(space, number)| item(call, &template, space, number))
            .collect();
        if let Some(obj) = body.as_object_mut() {
            obj.insert("PhoneNumbers".to_owned(), Value::Array(items));
        }
    }
    Ok(json_response(StatusCode::OK, call.request_id, &body))
}

fn item(call: &Call<'_>, template: &Value, space: &str, number: &str) -> Value {
    let view = call.receipts.webhooks().view(space, number);
    let mut item = template.clone();
    if let Some(obj) = item.as_object_mut() {
        let queue = |kind| {
            if view.queue {
                queue_name(space, kind)
            } else {
                String::new()
            }
        };
        obj.insert("PhoneNumber".into(), json!(number));
        obj.insert(
            "StatusCallbackUrl".into(),
            json!(view.status_url.unwrap_or_default()),
        );
        obj.insert(
            "UpCallbackUrl".into(),
            json!(view.up_url.unwrap_or_default()),
        );
        obj.insert("StatusQueue".into(), json!(queue(ReceiptType::Status)));
        obj.insert("UpQueue".into(), json!(queue(ReceiptType::Inbound)));
    }
    item
}
