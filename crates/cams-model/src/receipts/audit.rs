//! `ChatAppAudit`: template reviews (V1) and the ISV account events of V2.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::enums::{AuditEventType, AuditStatus};
use super::fields::{F, Fields};
use super::inbound::opt;
use super::mask::{Keys, OptPhone};
use super::{ReceiptError, ReceiptType};

const KIND: ReceiptType = ReceiptType::Audit;

/// A `ChatAppAudit` receipt. V1 (template review) has no `Type`; V2 events carry one and may
/// leave the V1 fields empty. Every field is optional: which are set depends on the event.
/// Identity: `WabaId`, `TemplateCode`, `Language`, `AuditStatus`, `Type`, `Status`,
/// `PhoneNumber` together.
#[derive(Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct AuditReceipt {
    /// `WabaId`: the WhatsApp Business Account ID.
    pub waba_id: Option<String>,
    /// `TemplateCode`: as `ListChatappTemplate` returns it.
    pub template_code: Option<String>,
    /// `Language`: the template's language, e.g. `en_US`.
    pub language: Option<String>,
    /// `AuditStatus`: `pass`, `fail`, `auditing`, `unaudit`, `disabled`, `paused` (open).
    pub audit_status: Option<AuditStatus>,
    /// `Reason`: why the template was rejected (with `fail`).
    pub reason: Option<String>,
    /// `Type` (V2): which event this is (open).
    pub r#type: Option<AuditEventType>,
    /// `PhoneNumber` (V2): for phone name, phone quality and WABA account events.
    pub phone_number: Option<String>,
    /// `Status` (V2): depends on `Type` (e.g. `APPROVED`, `GREEN`); kept as received.
    pub status: Option<String>,
    /// `CurrentLimit` (V2): the number's messaging limit, as received.
    pub current_limit: Option<String>,
    /// Fields the documentation does not list, keys trimmed, values as received.
    pub extra: Map<String, Value>,
}

impl AuditReceipt {
    pub(crate) fn from_fields(f: &mut Fields) -> Result<Self, ReceiptError> {
        Ok(AuditReceipt {
            waba_id: f.string(KIND, F::WabaId)?,
            template_code: f.string(KIND, F::TemplateCode)?,
            language: f.string(KIND, F::Language)?,
            audit_status: f
                .string(KIND, F::AuditStatus)?
                .map(|s| AuditStatus::from_wire(&s)),
            reason: f.string(KIND, F::Reason)?,
            r#type: f
                .string(KIND, F::Type)?
                .map(|s| AuditEventType::from_wire(&s)),
            phone_number: f.string(KIND, F::PhoneNumber)?,
            status: f.string(KIND, F::Status)?,
            current_limit: f.string(KIND, F::CurrentLimit)?,
            extra: Map::new(),
        })
    }
}

impl Serialize for AuditReceipt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        opt(&mut m, "WabaId", &self.waba_id)?;
        opt(&mut m, "TemplateCode", &self.template_code)?;
        opt(&mut m, "Language", &self.language)?;
        opt(&mut m, "AuditStatus", &self.audit_status)?;
        opt(&mut m, "Reason", &self.reason)?;
        opt(&mut m, "Type", &self.r#type)?;
        opt(&mut m, "PhoneNumber", &self.phone_number)?;
        opt(&mut m, "Status", &self.status)?;
        opt(&mut m, "CurrentLimit", &self.current_limit)?;
        for (k, v) in &self.extra {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl fmt::Debug for AuditReceipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditReceipt")
            .field("waba_id", &self.waba_id)
            .field("template_code", &self.template_code)
            .field("language", &self.language)
            .field("audit_status", &self.audit_status)
            .field("reason", &self.reason)
            .field("type", &self.r#type)
            .field("phone_number", &OptPhone(&self.phone_number))
            .field("status", &self.status)
            .field("current_limit", &self.current_limit)
            .field("extra", &Keys(&self.extra))
            .finish()
    }
}
