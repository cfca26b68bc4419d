//! `ChatAppStatus`: the delivery status of a message you sent.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::enums::{ConversationType, MsgFrameType, Status};
use super::fields::{F, Fields};
use super::inbound::opt;
use super::mask::{Keys, OptPhone, OptRedacted, Phone};
use super::{ReceiptError, ReceiptType};

const KIND: ReceiptType = ReceiptType::Status;

/// A `ChatAppStatus` receipt. Identity: `MessageId` + `To` + `Status` (one documented example
/// carries one `MessageId` for two recipients).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct StatusReceipt {
    /// `MessageId`: the ID `SendChatappMessage` returned.
    pub message_id: String,
    /// `From`: your business number, as received.
    pub from: String,
    /// `To`: the recipient's number, as received.
    pub to: String,
    /// `Status`: `Sent`, `Delivered`, `Read`, `Failed`, … (open).
    pub status: Status,
    /// `Timestamp`: milliseconds; the time of the event.
    pub timestamp: Option<i64>,
    /// `FromUserId` (also read from `UserId`, the spelling of help.aliyun.com/en).
    pub from_user_id: Option<String>,
    /// `FromParentUserId` (also read from `ParentUserId`).
    pub from_parent_user_id: Option<String>,
    /// `FromUserName` (also read from `UserName`).
    pub from_user_name: Option<String>,
    /// `StatusDescription`: text describing the status.
    pub status_description: Option<String>,
    /// `ErrorCode`: the failure code, e.g. `131026`.
    pub error_code: Option<String>,
    /// `ErrorDescription`: the failure, e.g. `131026:Receiver is incapable of receiving this message(Message Undeliverable.)`.
    pub error_description: Option<String>,
    /// `ConversationType`: `service`, `utility`, `marketing`, `authentication` (open).
    pub conversation_type: Option<ConversationType>,
    /// `ConversationId`.
    pub conversation_id: Option<String>,
    /// `ConversationExpirationTime` (deprecated by CAMS; no effect under per-message billing).
    pub conversation_expiration_time: Option<i64>,
    /// `MsgFrameType`: `message` or `template` (open).
    pub msg_frame_type: Option<MsgFrameType>,
    /// `Type`: `image`, `TEMPLATE`, `INTERACTIVE`, … as received (the docs disagree on case).
    pub r#type: Option<String>,
    /// `TaskId`: your `TaskId` of the send request, else the `MessageId`.
    pub task_id: Option<String>,
    /// `OriginPhoneNumber`: the original sender number.
    pub origin_phone_number: Option<String>,
    /// `TemplateCode`: set for templates.
    pub template_code: Option<String>,
    /// `TemplateName`: in the template examples, not in the field table.
    pub template_name: Option<String>,
    /// `Language`: in the template examples, not in the field table.
    pub language: Option<String>,
    /// Fields the documentation does not list, keys trimmed, values as received.
    pub extra: Map<String, Value>,
}

impl StatusReceipt {
    pub(crate) fn from_fields(f: &mut Fields) -> Result<Self, ReceiptError> {
        let message_id = f.required(KIND, F::MessageId)?;
        let status = Status::from_wire(&f.required(KIND, F::Status)?);
        Ok(StatusReceipt {
            message_id,
            from: f.required(KIND, F::From)?,
            to: f.required(KIND, F::To)?,
            status,
            timestamp: f.millis(KIND, F::Timestamp)?,
            from_user_id: f.string(KIND, F::FromUserId)?,
            from_parent_user_id: f.string(KIND, F::FromParentUserId)?,
            from_user_name: f.string(KIND, F::FromUserName)?,
            status_description: f.string(KIND, F::StatusDescription)?,
            error_code: f.string(KIND, F::ErrorCode)?,
            error_description: f.string(KIND, F::ErrorDescription)?,
            conversation_type: f
                .string(KIND, F::ConversationType)?
                .map(|s| ConversationType::from_wire(&s)),
            conversation_id: f.string(KIND, F::ConversationId)?,
            conversation_expiration_time: f.millis(KIND, F::ConversationExpirationTime)?,
            msg_frame_type: f
                .string(KIND, F::MsgFrameType)?
                .map(|s| MsgFrameType::from_wire(&s)),
            r#type: f.string(KIND, F::Type)?,
            task_id: f.string(KIND, F::TaskId)?,
            origin_phone_number: f.string(KIND, F::OriginPhoneNumber)?,
            template_code: f.string(KIND, F::TemplateCode)?,
            template_name: f.string(KIND, F::TemplateName)?,
            language: f.string(KIND, F::Language)?,
            extra: Map::new(),
        })
    }
}

impl Serialize for StatusReceipt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("MessageId", &self.message_id)?;
        m.serialize_entry("From", &self.from)?;
        m.serialize_entry("To", &self.to)?;
        opt(&mut m, "FromUserId", &self.from_user_id)?;
        opt(&mut m, "FromParentUserId", &self.from_parent_user_id)?;
        opt(&mut m, "FromUserName", &self.from_user_name)?;
        opt(&mut m, "Timestamp", &self.timestamp)?;
        m.serialize_entry("Status", &self.status)?;
        opt(&mut m, "StatusDescription", &self.status_description)?;
        opt(&mut m, "ErrorCode", &self.error_code)?;
        opt(&mut m, "ErrorDescription", &self.error_description)?;
        opt(&mut m, "ConversationType", &self.conversation_type)?;
        opt(&mut m, "ConversationId", &self.conversation_id)?;
        opt(
            &mut m,
            "ConversationExpirationTime",
            &self.conversation_expiration_time,
        )?;
        opt(&mut m, "MsgFrameType", &self.msg_frame_type)?;
        opt(&mut m, "Type", &self.r#type)?;
        opt(&mut m, "TaskId", &self.task_id)?;
        opt(&mut m, "OriginPhoneNumber", &self.origin_phone_number)?;
        opt(&mut m, "TemplateCode", &self.template_code)?;
        opt(&mut m, "TemplateName", &self.template_name)?;
        opt(&mut m, "Language", &self.language)?;
        for (k, v) in &self.extra {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl fmt::Debug for StatusReceipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StatusReceipt")
            .field("message_id", &self.message_id)
            .field("from", &Phone(&self.from))
            .field("to", &Phone(&self.to))
            .field("status", &self.status)
            .field("timestamp", &self.timestamp)
            .field("from_user_id", &self.from_user_id.as_ref().map(|_| "<set>"))
            .field("from_user_name", &OptRedacted(&self.from_user_name))
            .field("status_description", &self.status_description)
            .field("error_code", &self.error_code)
            .field("error_description", &self.error_description)
            .field("conversation_type", &self.conversation_type)
            .field("conversation_id", &self.conversation_id)
            .field("msg_frame_type", &self.msg_frame_type)
            .field("type", &self.r#type)
            .field("task_id", &self.task_id)
            .field("origin_phone_number", &OptPhone(&self.origin_phone_number))
            .field("template_code", &self.template_code)
            .field("template_name", &self.template_name)
            .field("language", &self.language)
            .field("extra", &Keys(&self.extra))
            .finish()
    }
}
