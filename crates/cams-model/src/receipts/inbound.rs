//! `ChatAppInbound`: a message from an end user to the business number.

use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value};

use super::fields::{F, Fields};
use super::mask::{Keys, OptRedacted, Phone, Redacted, Shape};
use super::{ReceiptError, ReceiptType, repair};

const KIND: ReceiptType = ReceiptType::Inbound;

/// A `ChatAppInbound` receipt. Fields are named after the wire names (`MessageId` →
/// `message_id`); `Type` and `Message` together are [`content`](Self::content).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct InboundReceipt {
    /// `MessageId`: unique ID of the message (the identity of an inbound receipt).
    pub message_id: String,
    /// `CustSpaceId`: the channel (space) ID. Some documented examples omit it.
    pub cust_space_id: Option<String>,
    /// `WabaId`: the WhatsApp Business Account ID. Some documented examples omit it.
    pub waba_id: Option<String>,
    /// `From`: the end user's number, with or without a leading `+` as received.
    pub from: String,
    /// `To`: your business number, as received.
    pub to: String,
    /// `FromUserId` (also read from `UserId`): the user's business-scoped user ID.
    pub from_user_id: Option<String>,
    /// `FromParentUserId` (also read from `ParentUserId`).
    pub from_parent_user_id: Option<String>,
    /// `FromUserName` (also read from `UserName`): the user's account name.
    pub from_user_name: Option<String>,
    /// `Timestamp`: Unix time in milliseconds.
    pub timestamp: Option<i64>,
    /// `DisplayName`: the name shown for the sender.
    pub display_name: Option<String>,
    /// `Name`: the end user's name.
    pub name: Option<String>,
    /// `NoticeType`: `inbound` in the documented examples.
    pub notice_type: Option<String>,
    /// `Type` and `Message`: what the user sent.
    pub content: InboundContent,
    /// Fields the documentation does not list, keys trimmed, values as received.
    pub extra: Map<String, Value>,
}

/// The payload of an inbound message, tagged by its `Type` (compared without regard to case).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum InboundContent {
    /// `TEXT`: the text itself.
    Text(String),
    /// `IMAGE`.
    Image(Media),
    /// `VIDEO`.
    Video(Media),
    /// `AUDIO`.
    Audio(Media),
    /// `DOCUMENT`.
    Document(Media),
    /// `LOCATION`.
    Location(Location),
    /// `REPLY`: the user tapped a button.
    Reply(Reply),
    /// `CONTACTS`: undocumented payload, kept as received (a JSON-encoded string is decoded).
    Contacts(Value),
    /// `SYSTEM`: undocumented payload, kept as received (a JSON-encoded string is decoded).
    System(Value),
    /// Any other `Type`, with `Message` kept as received (`Null` when absent).
    Other {
        /// The `Type` as received.
        r#type: String,
        /// The `Message` as received.
        message: Value,
    },
}

/// A media message (`IMAGE`, `VIDEO`, `AUDIO`, `DOCUMENT`). Its URL stays valid for 7 days.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Media {
    /// `id`: the media ID (the docs' `ID` spelling is accepted).
    pub id: String,
    /// `url`: where to download it.
    pub url: String,
    /// `mimeType`: free text (the docs' "fixed" values are unreliable).
    pub mime_type: Option<String>,
    /// `caption` (images).
    pub caption: Option<String>,
    /// `name`.
    pub name: Option<String>,
    /// `filename` (also read from `fileName`).
    pub filename: Option<String>,
    /// `animated` (audio/stickers).
    pub animated: Option<bool>,
    /// Other keys of the payload.
    pub extra: Map<String, Value>,
}

/// A `LOCATION` payload. Coordinates are strings, as documented.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Location {
    /// `latitude`.
    pub latitude: String,
    /// `longitude`.
    pub longitude: String,
    /// `address`.
    pub address: Option<String>,
    /// `name`: description of the place.
    pub name: Option<String>,
    /// Other keys of the payload.
    pub extra: Map<String, Value>,
}

/// A `REPLY` payload: the button the user tapped.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Reply {
    /// `text`: the button's label.
    pub text: String,
    /// `payload`: the button payload you set.
    pub payload: Option<String>,
    /// Other keys of the payload.
    pub extra: Map<String, Value>,
}

impl InboundContent {
    /// The `Type` wire value (`TEXT`, `IMAGE`, …, or the received one for `Other`).
    pub fn type_name(&self) -> &str {
        match self {
            InboundContent::Text(_) => "TEXT",
            InboundContent::Image(_) => "IMAGE",
            InboundContent::Video(_) => "VIDEO",
            InboundContent::Audio(_) => "AUDIO",
            InboundContent::Document(_) => "DOCUMENT",
            InboundContent::Location(_) => "LOCATION",
            InboundContent::Reply(_) => "REPLY",
            InboundContent::Contacts(_) => "CONTACTS",
            InboundContent::System(_) => "SYSTEM",
            InboundContent::Other { r#type, .. } => r#type,
        }
    }

    pub(crate) fn parse(r#type: String, message: Option<Value>) -> Result<Self, ReceiptError> {
        let t = r#type.trim();
        let known = [
            "TEXT", "IMAGE", "VIDEO", "AUDIO", "DOCUMENT", "LOCATION", "REPLY", "CONTACTS",
            "SYSTEM",
        ]
        .into_iter()
        .find(|k| t.eq_ignore_ascii_case(k));
        let Some(known) = known else {
            return Ok(InboundContent::Other {
                r#type,
                message: message.unwrap_or(Value::Null),
            });
        };
        let message = message.ok_or(ReceiptError::Missing {
            kind: KIND,
            field: "Message",
        })?;
        if known == "TEXT" {
            return match message {
                Value::String(s) => Ok(InboundContent::Text(s)),
                _ => Err(invalid("Message", "a string for Type TEXT")),
            };
        }
        if known == "CONTACTS" || known == "SYSTEM" {
            let value = match message {
                Value::String(s) => decode(&s).unwrap_or(Value::String(s)),
                other => other,
            };
            return Ok(if known == "CONTACTS" {
                InboundContent::Contacts(value)
            } else {
                InboundContent::System(value)
            });
        }
        let mut obj = match message {
            Value::Object(m) => m,
            Value::String(s) => match decode(&s) {
                Some(Value::Object(m)) => m,
                _ => return Err(invalid("Message", "a JSON object or a string holding one")),
            },
            _ => return Err(invalid("Message", "a JSON object or a string holding one")),
        };
        Ok(match known {
            "LOCATION" => InboundContent::Location(Location {
                latitude: inner(&mut obj, "latitude", "Message.latitude")?
                    .ok_or(missing("Message.latitude"))?,
                longitude: inner(&mut obj, "longitude", "Message.longitude")?
                    .ok_or(missing("Message.longitude"))?,
                address: inner(&mut obj, "address", "Message.address")?,
                name: inner(&mut obj, "name", "Message.name")?,
                extra: obj,
            }),
            "REPLY" => InboundContent::Reply(Reply {
                text: inner(&mut obj, "text", "Message.text")?.ok_or(missing("Message.text"))?,
                payload: inner(&mut obj, "payload", "Message.payload")?,
                extra: obj,
            }),
            _ => {
                let media = Media {
                    id: inner(&mut obj, "id", "Message.id")?.ok_or(missing("Message.id"))?,
                    url: inner(&mut obj, "url", "Message.url")?.ok_or(missing("Message.url"))?,
                    mime_type: inner(&mut obj, "mimeType", "Message.mimeType")?,
                    caption: inner(&mut obj, "caption", "Message.caption")?,
                    name: inner(&mut obj, "name", "Message.name")?,
                    filename: inner(&mut obj, "filename", "Message.filename")?,
                    animated: match take_key(&mut obj, "animated") {
                        None | Some(Value::Null) => None,
                        Some(Value::Bool(b)) => Some(b),
                        Some(_) => return Err(invalid("Message.animated", "a boolean")),
                    },
                    extra: obj,
                };
                match known {
                    "IMAGE" => InboundContent::Image(media),
                    "VIDEO" => InboundContent::Video(media),
                    "AUDIO" => InboundContent::Audio(media),
                    _ => InboundContent::Document(media),
                }
            }
        })
    }

    /// The `Message` wire value: the text for `TEXT`, a JSON-encoded object for the documented
    /// object payloads (as the HTTP examples carry it), the received value otherwise.
    pub fn message_value(&self) -> Value {
        let object = |pairs: Vec<(&str, Option<Value>)>, extra: &Map<String, Value>| {
            let mut m = Map::new();
            for (k, v) in pairs {
                if let Some(v) = v {
                    m.insert(k.to_owned(), v);
                }
            }
            m.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
            Value::String(Value::Object(m).to_string())
        };
        let s = |v: &Option<String>| v.clone().map(Value::String);
        match self {
            InboundContent::Text(t) => Value::String(t.clone()),
            InboundContent::Image(m)
            | InboundContent::Video(m)
            | InboundContent::Audio(m)
            | InboundContent::Document(m) => object(
                vec![
                    ("id", Some(Value::String(m.id.clone()))),
                    ("url", Some(Value::String(m.url.clone()))),
                    ("mimeType", s(&m.mime_type)),
                    ("caption", s(&m.caption)),
                    ("name", s(&m.name)),
                    ("filename", s(&m.filename)),
                    ("animated", m.animated.map(Value::Bool)),
                ],
                &m.extra,
            ),
            InboundContent::Location(l) => object(
                vec![
                    ("latitude", Some(Value::String(l.latitude.clone()))),
                    ("longitude", Some(Value::String(l.longitude.clone()))),
                    ("address", s(&l.address)),
                    ("name", s(&l.name)),
                ],
                &l.extra,
            ),
            InboundContent::Reply(r) => object(
                vec![
                    ("text", Some(Value::String(r.text.clone()))),
                    ("payload", s(&r.payload)),
                ],
                &r.extra,
            ),
            InboundContent::Contacts(v) | InboundContent::System(v) => match v {
                Value::Object(_) | Value::Array(_) => Value::String(v.to_string()),
                other => other.clone(),
            },
            InboundContent::Other { message, .. } => message.clone(),
        }
    }
}

fn invalid(field: &'static str, expected: &'static str) -> ReceiptError {
    ReceiptError::Invalid {
        kind: KIND,
        field,
        expected,
    }
}

fn missing(field: &'static str) -> ReceiptError {
    ReceiptError::Missing { kind: KIND, field }
}

/// A JSON-encoded payload, repaired if it carries the documented defects (raw newlines).
fn decode(s: &str) -> Option<Value> {
    serde_json::from_str(s).ok().or_else(|| {
        let fixed = repair::repair(s.as_bytes())?;
        serde_json::from_slice(&fixed).ok()
    })
}

/// Removes a payload key compared after trimming and without regard to ASCII case.
/// The value of `name`: its exact spelling first, else the first spelling that differs only in
/// case or surrounding spaces. Every other spelling is dropped, so what is left over (the
/// `extra` map) never holds a second `name` that would overwrite the field when written back.
fn take_key(obj: &mut Map<String, Value>, name: &str) -> Option<Value> {
    let mut found = obj.remove(name);
    let others: Vec<String> = obj
        .keys()
        .filter(|k| k.trim().eq_ignore_ascii_case(name))
        .cloned()
        .collect();
    for key in others {
        let value = obj.remove(&key);
        if found.is_none() {
            found = value;
        }
    }
    found
}

fn inner(
    obj: &mut Map<String, Value>,
    name: &str,
    field: &'static str,
) -> Result<Option<String>, ReceiptError> {
    match take_key(obj, name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
        Some(_) => Err(invalid(field, "a string")),
    }
}

impl InboundReceipt {
    pub(crate) fn from_fields(f: &mut Fields) -> Result<Self, ReceiptError> {
        let message_id = f.required(KIND, F::MessageId)?;
        let r#type = f.required(KIND, F::Type)?;
        let message = f.take(F::Message);
        Ok(InboundReceipt {
            message_id,
            cust_space_id: f.string(KIND, F::CustSpaceId)?,
            waba_id: f.string(KIND, F::WabaId)?,
            from: f.required(KIND, F::From)?,
            to: f.required(KIND, F::To)?,
            from_user_id: f.string(KIND, F::FromUserId)?,
            from_parent_user_id: f.string(KIND, F::FromParentUserId)?,
            from_user_name: f.string(KIND, F::FromUserName)?,
            timestamp: f.millis(KIND, F::Timestamp)?,
            display_name: f.string(KIND, F::DisplayName)?,
            name: f.string(KIND, F::Name)?,
            notice_type: f.string(KIND, F::NoticeType)?,
            content: InboundContent::parse(r#type, message)?,
            extra: Map::new(),
        })
    }
}

impl Serialize for InboundReceipt {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("MessageId", &self.message_id)?;
        opt(&mut m, "CustSpaceId", &self.cust_space_id)?;
        opt(&mut m, "WabaId", &self.waba_id)?;
        m.serialize_entry("From", &self.from)?;
        m.serialize_entry("To", &self.to)?;
        opt(&mut m, "FromUserId", &self.from_user_id)?;
        opt(&mut m, "FromParentUserId", &self.from_parent_user_id)?;
        opt(&mut m, "FromUserName", &self.from_user_name)?;
        opt(&mut m, "Timestamp", &self.timestamp)?;
        opt(&mut m, "DisplayName", &self.display_name)?;
        m.serialize_entry("Type", self.content.type_name())?;
        m.serialize_entry("Message", &self.content.message_value())?;
        opt(&mut m, "Name", &self.name)?;
        opt(&mut m, "NoticeType", &self.notice_type)?;
        for (k, v) in &self.extra {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

pub(crate) fn opt<M: SerializeMap, T: Serialize>(
    m: &mut M,
    key: &str,
    v: &Option<T>,
) -> Result<(), M::Error> {
    match v {
        Some(v) => m.serialize_entry(key, v),
        None => Ok(()),
    }
}

impl fmt::Debug for InboundReceipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InboundReceipt")
            .field("message_id", &self.message_id)
            .field("cust_space_id", &self.cust_space_id)
            .field("waba_id", &self.waba_id)
            .field("from", &Phone(&self.from))
            .field("to", &Phone(&self.to))
            .field("from_user_id", &self.from_user_id.as_ref().map(|_| "<set>"))
            .field("from_user_name", &OptRedacted(&self.from_user_name))
            .field("timestamp", &self.timestamp)
            .field("display_name", &OptRedacted(&self.display_name))
            .field("name", &OptRedacted(&self.name))
            .field("notice_type", &self.notice_type)
            .field("content", &self.content)
            .field("extra", &Keys(&self.extra))
            .finish()
    }
}

impl fmt::Debug for InboundContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InboundContent::Text(t) => f
                .debug_tuple("Text")
                .field(&Redacted(t.chars().count()))
                .finish(),
            InboundContent::Image(m) => f.debug_tuple("Image").field(m).finish(),
            InboundContent::Video(m) => f.debug_tuple("Video").field(m).finish(),
            InboundContent::Audio(m) => f.debug_tuple("Audio").field(m).finish(),
            InboundContent::Document(m) => f.debug_tuple("Document").field(m).finish(),
            InboundContent::Location(l) => f.debug_tuple("Location").field(l).finish(),
            InboundContent::Reply(r) => f.debug_tuple("Reply").field(r).finish(),
            InboundContent::Contacts(v) => f.debug_tuple("Contacts").field(&Shape(v)).finish(),
            InboundContent::System(v) => f.debug_tuple("System").field(&Shape(v)).finish(),
            InboundContent::Other { r#type, message } => f
                .debug_struct("Other")
                .field("type", r#type)
                .field("message", &Shape(message))
                .finish(),
        }
    }
}

impl fmt::Debug for Media {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Media")
            .field("id", &self.id)
            .field("url", &"<redacted>")
            .field("mime_type", &self.mime_type)
            .field("caption", &OptRedacted(&self.caption))
            .field("name", &OptRedacted(&self.name))
            .field("filename", &OptRedacted(&self.filename))
            .field("animated", &self.animated)
            .field("extra", &Keys(&self.extra))
            .finish()
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Location")
            .field("latitude", &"<redacted>")
            .field("longitude", &"<redacted>")
            .field("address", &OptRedacted(&self.address))
            .field("name", &OptRedacted(&self.name))
            .field("extra", &Keys(&self.extra))
            .finish()
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("text", &Redacted(self.text.chars().count()))
            .field("payload", &OptRedacted(&self.payload))
            .field("extra", &Keys(&self.extra))
            .finish()
    }
}
