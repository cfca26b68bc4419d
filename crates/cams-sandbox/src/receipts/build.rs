//! The receipts the emulator makes, with the documented wire names, and the fixture rules:
//! a message goes `Sent` → `Delivered` → `Read`, except to [`UNDELIVERABLE_NUMBER`] (`Sent`
//! → `Failed`, `131026`); a template goes `auditing` → `pass`, or → `fail` with a `Reason`
//! when its name starts with `reject`.

use super::{Receipt, ReceiptEvent};
use crate::webhooks::normalize_number;
use cams_model::receipts::{ReceiptError, ReceiptType, UnknownReceipt};
use serde_json::{Map, Value, json};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The demo recipient that cannot receive messages: `Sent`, then `Failed` with `131026`.
pub const UNDELIVERABLE_NUMBER: &str = "8613900009999";
/// `ErrorCode` of the undeliverable recipient (Meta's code, as CAMS forwards it).
pub const UNDELIVERABLE_ERROR_CODE: &str = "131026";
/// `ErrorDescription` of the undeliverable recipient, as CAMS documents it.
pub const UNDELIVERABLE_ERROR_DESCRIPTION: &str =
    "131026:Receiver is incapable of receiving this message(Message Undeliverable.)";
/// A template whose `Name` starts with this is rejected (`AuditStatus` `fail`).
pub const REJECTED_TEMPLATE_PREFIX: &str = "reject";
/// The `Reason` of a rejected template.
pub const REJECTED_TEMPLATE_REASON: &str =
    "INVALID_FORMAT: the sandbox rejects every template whose name starts with \"reject\"";

/// A fresh id: `hex_len` lowercase hex digits, unique in the process (a counter in the low
/// 32 bits) and unguessable (random above).
pub(crate) fn fresh_id(hex_len: usize) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = format!("{:032x}", rand::random::<u128>());
    let tail = format!("{:08x}", n as u32);
    let head_len = hex_len.saturating_sub(tail.len()).min(random.len());
    format!("{}{tail}", &random[..head_len])
}

/// One status step of a message: which status, and how many receipt delays after the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StatusStep {
    pub(crate) status: &'static str,
    pub(crate) step: u32,
}

/// What the status receipts of one sent message are built from.
#[derive(Debug, Clone)]
pub(crate) struct SentMessage<'a> {
    pub(crate) space: &'a str,
    pub(crate) from: &'a str,
    pub(crate) to: &'a str,
    pub(crate) message_id: &'a str,
    pub(crate) task_id: Option<&'a str>,
    /// `Type=template` (else a free-form message).
    pub(crate) template: bool,
    /// `MessageType` of a free-form message (`text`, `image`, …).
    pub(crate) message_type: Option<&'a str>,
    pub(crate) template_code: Option<&'a str>,
    pub(crate) template_name: Option<&'a str>,
    pub(crate) language: Option<&'a str>,
    /// The template's category (`UTILITY`, `MARKETING`, `AUTHENTICATION`).
    pub(crate) category: Option<&'a str>,
    /// The engine's clock at the request, in ms.
    pub(crate) now_ms: i64,
}

/// The steps of a message to `to`.
pub(crate) fn status_steps(to: &str) -> &'static [StatusStep] {
    const DELIVERED: [StatusStep; 3] = [
        StatusStep {
            status: "Sent",
            step: 0,
        },
        StatusStep {
            status: "Delivered",
            step: 1,
        },
        StatusStep {
            status: "Read",
            step: 2,
        },
    ];
    const FAILED: [StatusStep; 2] = [
        StatusStep {
            status: "Sent",
            step: 0,
        },
        StatusStep {
            status: "Failed",
            step: 1,
        },
    ];
    if normalize_number(to) == UNDELIVERABLE_NUMBER {
        &FAILED
    } else {
        &DELIVERED
    }
}

fn status_description(status: &str) -> &'static str {
    match status {
        "Sent" => "The message was sent.",
        "Delivered" => "The message was delivered to the recipient's device.",
        "Read" => "The recipient read the message.",
        _ => "The message could not be delivered.",
    }
}

/// A conversation id fixed by space, sender and recipient: 16 hex digits.
fn conversation_id(space: &str, from: &str, to: &str) -> String {
    let text = format!(
        "{space}\0{}\0{}",
        normalize_number(from),
        normalize_number(to)
    );
    let digest = cams_auth::inspect::sha256(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn at(now_ms: i64, delay: Duration) -> i64 {
    now_ms.saturating_add(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX))
}

/// The `ChatAppStatus` receipts of one message, step by step.
pub(crate) fn status_events(m: &SentMessage<'_>, receipt_delay: Duration) -> Vec<ReceiptEvent> {
    let kind = if m.template {
        "TEMPLATE".to_owned()
    } else {
        m.message_type.unwrap_or("text").to_ascii_uppercase()
    };
    let conversation_type = if m.template {
        m.category.unwrap_or("MARKETING").to_ascii_lowercase()
    } else {
        "service".to_owned()
    };
    status_steps(m.to)
        .iter()
        .map(|s| {
            let delay = receipt_delay.saturating_mul(s.step);
            let mut r = Map::new();
            r.insert("MessageId".into(), json!(m.message_id));
            r.insert("From".into(), json!(m.from));
            r.insert("To".into(), json!(m.to));
            r.insert("Status".into(), json!(s.status));
            r.insert(
                "StatusDescription".into(),
                json!(status_description(s.status)),
            );
            r.insert("Timestamp".into(), json!(at(m.now_ms, delay)));
            let frame = if m.template { "template" } else { "message" };
            r.insert("MsgFrameType".into(), json!(frame));
            r.insert("Type".into(), json!(kind));
            r.insert("TaskId".into(), json!(m.task_id.unwrap_or(m.message_id)));
            r.insert("OriginPhoneNumber".into(), json!(m.from));
            r.insert(
                "ConversationId".into(),
                json!(conversation_id(m.space, m.from, m.to)),
            );
            r.insert("ConversationType".into(), json!(conversation_type));
            if m.template {
                for (name, value) in [
                    ("TemplateCode", m.template_code),
                    ("TemplateName", m.template_name),
                    ("Language", m.language),
                ] {
                    if let Some(v) = value {
                        r.insert(name.into(), json!(v));
                    }
                }
            }
            if s.status == "Failed" {
                r.insert("ErrorCode".into(), json!(UNDELIVERABLE_ERROR_CODE));
                r.insert(
                    "ErrorDescription".into(),
                    json!(UNDELIVERABLE_ERROR_DESCRIPTION),
                );
            }
            ReceiptEvent {
                cust_space_id: m.space.to_owned(),
                phone: Some(m.from.to_owned()),
                kind: ReceiptType::Status,
                receipt: typed(ReceiptType::Status, r),
                delay,
            }
        })
        .collect()
}

/// What the audit receipts of a new template are built from.
#[derive(Debug, Clone)]
pub(crate) struct AuditSchedule<'a> {
    pub(crate) space: &'a str,
    pub(crate) waba_id: &'a str,
    pub(crate) template_code: &'a str,
    pub(crate) name: &'a str,
    pub(crate) language: &'a str,
}

/// `auditing`, then `pass` (or `fail` with a `Reason` for a name starting with `reject`).
pub(crate) fn audit_events(a: &AuditSchedule<'_>, receipt_delay: Duration) -> Vec<ReceiptEvent> {
    let rejected = a.name.starts_with(REJECTED_TEMPLATE_PREFIX);
    let last = if rejected { "fail" } else { "pass" };
    [("auditing", 0u32), (last, 1)]
        .into_iter()
        .map(|(status, step)| {
            let reason = if status == "fail" {
                REJECTED_TEMPLATE_REASON
            } else {
                ""
            };
            ReceiptEvent {
                cust_space_id: a.space.to_owned(),
                phone: None,
                kind: ReceiptType::Audit,
                receipt: typed(
                    ReceiptType::Audit,
                    object(json!({
                        "WabaId": a.waba_id,
                        "TemplateCode": a.template_code,
                        "Language": a.language,
                        "AuditStatus": status,
                        "Reason": reason,
                    })),
                ),
                delay: receipt_delay.saturating_mul(step),
            }
        })
        .collect()
}

/// The `ChatAppInbound` receipt of a simulated user message: the given object with
/// `MessageId` set and `Timestamp`, `DisplayName`, `Name`, `NoticeType` filled in when absent,
/// typed by `cams-model` (whose error names the field a bad object breaks).
pub(crate) fn inbound_event(
    space: &str,
    business_number: &str,
    mut fields: Map<String, Value>,
    message_id: &str,
    now_ms: i64,
) -> Result<ReceiptEvent, ReceiptError> {
    fields.insert("MessageId".into(), json!(message_id));
    fields.entry("Timestamp").or_insert(json!(now_ms));
    fields.entry("DisplayName").or_insert(json!("Sandbox User"));
    fields.entry("Name").or_insert(json!("Sandbox User"));
    fields.entry("NoticeType").or_insert(json!("inbound"));
    let receipt = Receipt::from_object(fields, Some(ReceiptType::Inbound))?;
    Ok(ReceiptEvent {
        cust_space_id: space.to_owned(),
        phone: Some(business_number.to_owned()),
        kind: ReceiptType::Inbound,
        receipt,
        delay: Duration::ZERO,
    })
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Types an object the emulator built. It always fits its type; were it not to, it is pushed
/// as built (`Receipt::Unknown` keeps it whole).
fn typed(kind: ReceiptType, object: Map<String, Value>) -> Receipt {
    Receipt::from_object(object.clone(), Some(kind)).unwrap_or_else(|error| {
        Receipt::Unknown(UnknownReceipt {
            raw: object,
            error: Some(error),
        })
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn message(to: &str) -> SentMessage<'_> {
        SentMessage {
            space: "s",
            from: "8613800001234",
            to,
            message_id: "m1",
            task_id: None,
            template: true,
            message_type: None,
            template_code: Some("tc"),
            template_name: Some("hello"),
            language: Some("en"),
            category: Some("UTILITY"),
            now_ms: 1_000,
        }
    }

    #[test]
    fn a_template_message_goes_sent_delivered_read() {
        let events = status_events(&message("8613811112222"), Duration::from_millis(250));
        let statuses: Vec<String> = events
            .iter()
            .map(|e| e.to_json()["Status"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(statuses, ["Sent", "Delivered", "Read"]);
        let times: Vec<i64> = events
            .iter()
            .map(|e| e.to_json()["Timestamp"].as_i64().unwrap())
            .collect();
        assert_eq!(times, [1_000, 1_250, 1_500]);
        let r = &events[0].to_json();
        assert_eq!(r["TaskId"], "m1");
        assert_eq!(r["Type"], "TEMPLATE");
        assert_eq!(r["MsgFrameType"], "template");
        assert_eq!(r["ConversationType"], "utility");
        assert_eq!(r["TemplateName"], "hello");
        assert_eq!(r["ConversationId"].as_str().unwrap().len(), 16);
    }

    #[test]
    fn the_undeliverable_number_fails_with_131026() {
        let events = status_events(&message("+8613900009999"), Duration::from_secs(1));
        assert_eq!(events.len(), 2);
        assert_eq!(events[1].to_json()["Status"], "Failed");
        assert_eq!(events[1].to_json()["ErrorCode"], "131026");
        assert!(events[0].to_json().get("ErrorCode").is_none());
    }

    #[test]
    fn ids_are_unique_and_sized() {
        let a = fresh_id(24);
        assert_eq!(a.len(), 24);
        assert_ne!(a, fresh_id(24));
        assert_eq!(fresh_id(32).len(), 32);
    }

    #[test]
    fn a_reject_template_fails_with_a_reason() {
        let a = AuditSchedule {
            space: "s",
            waba_id: "w",
            template_code: "t",
            name: "reject_me",
            language: "en",
        };
        let events = audit_events(&a, Duration::from_secs(1));
        assert_eq!(events[0].to_json()["AuditStatus"], "auditing");
        assert_eq!(events[1].to_json()["AuditStatus"], "fail");
        assert_eq!(events[1].to_json()["Reason"], REJECTED_TEMPLATE_REASON);
        let ok = audit_events(&AuditSchedule { name: "hello", ..a }, Duration::ZERO);
        assert_eq!(ok[1].to_json()["AuditStatus"], "pass");
    }
}
