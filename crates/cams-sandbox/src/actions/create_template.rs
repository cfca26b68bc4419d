//! `CreateChatappTemplate`: a unique `TemplateCode`, and its `ChatAppAudit` receipts to the
//! account's URL: `auditing`, then `pass` (`fail` with a `Reason` for a name starting with
//! `reject`). The template is remembered so that a message naming its `TemplateCode` gets
//! its name, language and category in its status receipts.

use super::generic::metadata_body;
use super::{Call, Refusal};
use crate::gateway_error::json_response;
use crate::receipts::{AuditSchedule, TemplateInfo, audit_events, fresh_id};
use bytes::Bytes;
use http::{Response, StatusCode};
use serde_json::{Value, json};

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let mut body = metadata_body(call)?;
    let name = call.params.required("Name")?;
    let language = call.params.required("Language")?;
    let category = call.params.optional("Category").unwrap_or("MARKETING");
    let code = fresh_id(32);
    let space = call.params.optional("CustSpaceId").unwrap_or_default();
    let waba = call
        .params
        .optional("CustWabaId")
        .map(str::to_owned)
        .unwrap_or_else(|| format!("waba-{space}"));
    call.receipts.remember_template(
        &code,
        TemplateInfo {
            name: name.to_owned(),
            language: language.to_owned(),
            category: category.to_owned(),
        },
    );
    let events = audit_events(
        &AuditSchedule {
            space,
            waba_id: &waba,
            template_code: &code,
            name,
            language,
        },
        call.receipts.config().receipt_delay,
    );
    call.receipts.emit(events);
    if let Some(data) = body.get_mut("Data").and_then(Value::as_object_mut) {
        data.insert("TemplateCode".to_owned(), json!(code));
        data.insert("TemplateName".to_owned(), json!(name));
    }
    Ok(json_response(StatusCode::OK, call.request_id, &body))
}
