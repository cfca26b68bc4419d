//! Typed CAMS message receipts: `ChatAppInbound`, `ChatAppStatus` and `ChatAppAudit`, as
//! CAMS pushes them over HTTP (a JSON array per push) or queues them (one object per message).
//! No I/O: the receiver and the dedupe stores live in `cams-receipts`.
//!
//! ```
//! use cams_model::receipts::{parse_batch, Receipt, Status};
//!
//! let body = br#"[{"MessageId":"m1","From":"8613100000001","To":"8613800000002",
//!   "Status":"Delivered","MsgFrameType":"template","Timestamp":1691043638000}]"#;
//! let receipts = parse_batch(body, None)?;
//! let Receipt::Status(s) = &receipts[0] else { unreachable!() };
//! assert_eq!(s.status, Status::Delivered);
//! assert_eq!(receipts[0].dedupe_key(), r#"status:["m1","8613800000002","Delivered"]"#);
//! # Ok::<(), cams_model::receipts::ReceiptError>(())
//! ```
//!
//! # Tolerance
//!
//! The documentation's own examples have defects; the parser accepts them:
//! keys are compared after trimming and without regard to ASCII case (`"Timestamp "`, `ID`);
//! `FromUserId`/`UserId` (and the parent and name fields) are one field; `Message` may be a
//! string, a JSON-encoded object or an object; `Timestamp` may be a number or a string of
//! digits; a string field given as a number keeps its JSON text; raw newlines inside strings
//! and a comma before `}` or `]` are repaired when the strict parse fails. Unknown fields are
//! kept in `extra`. Phone numbers are kept as received (with or without `+`); identities
//! ignore a leading `+`.
//!
//! # Classification
//!
//! No receipt object says which type it is. The type comes from the route it arrived on when
//! the caller knows it (a per-type callback URL, a per-type queue): pass `Some(ReceiptType)`.
//! Otherwise it is decided from the object's shape, in this order (the first rule that
//! matches wins; field names compared as above):
//!
//! 1. `NoticeType` is `inbound` → [`ReceiptType::Inbound`];
//! 2. `AuditStatus` is present, or `MessageId` is absent and one of `WabaId`,
//!    `TemplateCode`, `PhoneNumber`, `CurrentLimit` is present or `Type` is a V2 audit event
//!    type → [`ReceiptType::Audit`];
//! 3. `Status` is present together with `MsgFrameType`, or with `MessageId` and without
//!    `Message` and `DisplayName` → [`ReceiptType::Status`];
//! 4. `Message` or `DisplayName` is present → [`ReceiptType::Inbound`];
//! 5. otherwise the object is [`Receipt::Unknown`].
//!
//! An object of a known type that breaks a rule of that type (a missing `MessageId`, a
//! `Timestamp` that is not a number) is a [`ReceiptError`] naming the field from the strict
//! parsers ([`Receipt::from_slice`], [`Receipt::from_object`]); in a batch it is delivered as
//! [`Receipt::Unknown`] with that error, never dropped.

mod audit;
mod enums;
mod error;
mod fields;
mod inbound;
mod mask;
mod repair;
mod status;

use std::fmt;

use serde::de::{Deserializer as _, SeqAccess, Visitor};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

pub use audit::AuditReceipt;
pub use enums::{AuditEventType, AuditStatus, ConversationType, MsgFrameType, Status};
pub use error::ReceiptError;
pub use inbound::{InboundContent, InboundReceipt, Location, Media, Reply};
pub use status::StatusReceipt;

use fields::{F, Fields};

/// The three receipt types (the `MessageType` of the docs and of the queues).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReceiptType {
    /// `ChatAppInbound`: a message from an end user.
    Inbound,
    /// `ChatAppStatus`: the delivery status of a message you sent.
    Status,
    /// `ChatAppAudit`: a template review or an ISV account event.
    Audit,
}

impl ReceiptType {
    /// All three, in documentation order.
    pub const ALL: [ReceiptType; 3] = [
        ReceiptType::Inbound,
        ReceiptType::Status,
        ReceiptType::Audit,
    ];

    /// The documented `MessageType`: `ChatAppInbound`, `ChatAppStatus` or `ChatAppAudit`.
    pub fn message_type(self) -> &'static str {
        match self {
            ReceiptType::Inbound => "ChatAppInbound",
            ReceiptType::Status => "ChatAppStatus",
            ReceiptType::Audit => "ChatAppAudit",
        }
    }

    /// Reads a `MessageType` (`ChatAppStatus`) or a short name (`status`), ignoring ASCII case.
    pub fn parse(name: &str) -> Option<ReceiptType> {
        let name = name.trim();
        ReceiptType::ALL.into_iter().find(|t| {
            name.eq_ignore_ascii_case(t.message_type())
                || name.eq_ignore_ascii_case(&t.message_type()[7..])
        })
    }
}

impl Serialize for ReceiptType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.message_type())
    }
}

/// One receipt.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Receipt {
    /// `ChatAppInbound`.
    Inbound(InboundReceipt),
    /// `ChatAppStatus`.
    Status(StatusReceipt),
    /// `ChatAppAudit`.
    Audit(AuditReceipt),
    /// An object no rule recognises, or one that breaks its type's rules: kept whole.
    Unknown(UnknownReceipt),
}

/// An object that is not a typed receipt, kept as received (keys trimmed).
#[derive(Clone, PartialEq)]
pub struct UnknownReceipt {
    /// The object, keys trimmed, values as received.
    pub raw: Map<String, Value>,
    /// Why it is not typed: `None` when no classification rule matched, else the rule of its
    /// type that it breaks.
    pub error: Option<ReceiptError>,
}

impl fmt::Debug for UnknownReceipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnknownReceipt")
            .field("raw", &mask::Keys(&self.raw))
            .field("error", &self.error)
            .finish()
    }
}

impl Receipt {
    /// Parses one receipt object (a queue message body). `route` is the type when the caller
    /// knows it, else the shape decides (see the [module docs](self)).
    ///
    /// Errors: syntax, a body that is not an object, or an object of a known type that
    /// breaks one of its rules. An unrecognised object is `Ok(Receipt::Unknown)`.
    pub fn from_slice(body: &[u8], route: Option<ReceiptType>) -> Result<Receipt, ReceiptError> {
        let parse = |b: &[u8]| serde_json::from_slice::<Fields>(b);
        let fields = match parse(body) {
            Ok(f) => f,
            Err(e) => match repair::repair(body).map(|fixed| parse(&fixed)) {
                Some(Ok(f)) => f,
                _ if e.classify() == serde_json::error::Category::Data => {
                    return Err(ReceiptError::NotAnObject { index: 0 });
                }
                _ => return Err(ReceiptError::from_json(&e)),
            },
        };
        Receipt::try_from_fields(fields, route)
    }

    /// Types one parsed object, like [`Receipt::from_slice`].
    pub fn from_object(
        object: Map<String, Value>,
        route: Option<ReceiptType>,
    ) -> Result<Receipt, ReceiptError> {
        Receipt::try_from_fields(Fields::from_map(object), route)
    }

    fn try_from_fields(
        fields: Fields,
        route: Option<ReceiptType>,
    ) -> Result<Receipt, ReceiptError> {
        let Some(kind) = route.or_else(|| classify_fields(&fields)) else {
            return Ok(Receipt::Unknown(UnknownReceipt {
                raw: fields.into_raw(),
                error: None,
            }));
        };
        check(&fields, kind)?;
        build(fields, kind)
    }

    /// Like `try_from_fields`, but a receipt that breaks its type's rules becomes `Unknown`
    /// with the error. The rules are checked before anything moves, so nothing is copied.
    fn from_fields(fields: Fields, route: Option<ReceiptType>) -> Receipt {
        let Some(kind) = route.or_else(|| classify_fields(&fields)) else {
            return Receipt::Unknown(UnknownReceipt {
                raw: fields.into_raw(),
                error: None,
            });
        };
        if let Err(error) = check(&fields, kind) {
            return Receipt::Unknown(UnknownReceipt {
                raw: fields.into_raw(),
                error: Some(error),
            });
        }
        // `check` passed, so `build` cannot fail; the arm keeps the error if it ever did.
        build(fields, kind).unwrap_or_else(|error| {
            Receipt::Unknown(UnknownReceipt {
                raw: Map::new(),
                error: Some(error),
            })
        })
    }

    /// The type, or `None` for [`Receipt::Unknown`].
    pub fn receipt_type(&self) -> Option<ReceiptType> {
        match self {
            Receipt::Inbound(_) => Some(ReceiptType::Inbound),
            Receipt::Status(_) => Some(ReceiptType::Status),
            Receipt::Audit(_) => Some(ReceiptType::Audit),
            Receipt::Unknown(_) => None,
        }
    }

    /// The `MessageId` of an inbound or status receipt (safe to log).
    pub fn message_id(&self) -> Option<&str> {
        match self {
            Receipt::Inbound(r) => Some(&r.message_id),
            Receipt::Status(r) => Some(&r.message_id),
            _ => None,
        }
    }

    /// The identity of the receipt for deduplication: two pushes of the same receipt have the
    /// same key. Inbound: `MessageId`; status: `MessageId` + `To` + `Status`; audit: `WabaId`,
    /// `TemplateCode`, `Language`, `AuditStatus`, `Type`, `Status`, `PhoneNumber`; unknown: a
    /// 128-bit hash of the object. Phone numbers are compared without a leading `+`.
    pub fn dedupe_key(&self) -> String {
        fn join(kind: &str, parts: &[&str]) -> String {
            let mut key = String::with_capacity(
                kind.len() + 4 + parts.iter().map(|p| p.len() + 3).sum::<usize>(),
            );
            key.push_str(kind);
            key.push(':');
            // A JSON array: unambiguous whatever the parts contain.
            key.push_str(&serde_json::to_string(parts).unwrap_or_default());
            key
        }
        fn phone(p: &str) -> &str {
            p.trim().trim_start_matches('+')
        }
        match self {
            Receipt::Inbound(r) => join("inbound", &[&r.message_id]),
            Receipt::Status(r) => join("status", &[&r.message_id, phone(&r.to), r.status.as_str()]),
            Receipt::Audit(r) => {
                let s = |v: &Option<String>| v.as_deref().unwrap_or("").to_owned();
                let parts = [
                    s(&r.waba_id),
                    s(&r.template_code),
                    s(&r.language),
                    r.audit_status
                        .as_ref()
                        .map_or("", AuditStatus::as_str)
                        .to_owned(),
                    r.r#type
                        .as_ref()
                        .map_or("", AuditEventType::as_str)
                        .to_owned(),
                    s(&r.status),
                    phone(r.phone_number.as_deref().unwrap_or("")).to_owned(),
                ];
                join(
                    "audit",
                    &parts.iter().map(String::as_str).collect::<Vec<_>>(),
                )
            }
            Receipt::Unknown(u) => {
                let text = Value::Object(u.raw.clone()).to_string();
                format!(
                    "unknown:{:016x}{:016x}",
                    fnv1a(text.as_bytes(), 0xcbf2_9ce4_8422_2325),
                    fnv1a(text.as_bytes(), 0x6c62_272e_07bb_0142)
                )
            }
        }
    }
}

fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    bytes.iter().fold(seed, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl Serialize for Receipt {
    /// The receipt under its documented wire names (the object CAMS pushes).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Receipt::Inbound(r) => r.serialize(s),
            Receipt::Status(r) => r.serialize(s),
            Receipt::Audit(r) => r.serialize(s),
            Receipt::Unknown(u) => u.raw.serialize(s),
        }
    }
}

fn check(fields: &Fields, kind: ReceiptType) -> Result<(), ReceiptError> {
    match kind {
        ReceiptType::Inbound => {
            fields.check(kind, fields::INBOUND_RULES)?;
            let r#type = fields.peek(F::Type).map(|t| match t {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            });
            InboundContent::parse(r#type.unwrap_or_default(), fields.peek(F::Message).cloned())
                .map(drop)
        }
        ReceiptType::Status => fields.check(kind, fields::STATUS_RULES),
        ReceiptType::Audit => fields.check(kind, fields::AUDIT_RULES),
    }
}

fn build(mut fields: Fields, kind: ReceiptType) -> Result<Receipt, ReceiptError> {
    let mut receipt = match kind {
        ReceiptType::Inbound => Receipt::Inbound(InboundReceipt::from_fields(&mut fields)?),
        ReceiptType::Status => Receipt::Status(StatusReceipt::from_fields(&mut fields)?),
        ReceiptType::Audit => Receipt::Audit(AuditReceipt::from_fields(&mut fields)?),
    };
    // Known fields of the other types (and the undocumented ones) stay with the receipt.
    let leftover = fields.into_raw();
    match &mut receipt {
        Receipt::Inbound(r) => r.extra = leftover,
        Receipt::Status(r) => r.extra = leftover,
        Receipt::Audit(r) => r.extra = leftover,
        Receipt::Unknown(_) => {}
    }
    Ok(receipt)
}

/// The type an object's shape says it is, by the rules of the [module docs](self); `None`
/// when no rule matches.
pub fn classify(object: &Map<String, Value>) -> Option<ReceiptType> {
    classify_fields(&Fields::from_map(object.clone()))
}

fn classify_fields(f: &Fields) -> Option<ReceiptType> {
    if f.peek_str(F::NoticeType)
        .is_some_and(|n| n.trim().eq_ignore_ascii_case("inbound"))
    {
        return Some(ReceiptType::Inbound);
    }
    let audit_type = f.peek_str(F::Type).is_some_and(|t| {
        !matches!(
            AuditEventType::from_wire(t.trim()),
            AuditEventType::Other(_)
        )
    });
    if f.has(F::AuditStatus)
        || (!f.has(F::MessageId)
            && (f.has(F::WabaId)
                || f.has(F::TemplateCode)
                || f.has(F::PhoneNumber)
                || f.has(F::CurrentLimit)
                || audit_type))
    {
        return Some(ReceiptType::Audit);
    }
    let inbound_shape = f.has(F::Message) || f.has(F::DisplayName);
    if f.has(F::Status) && (f.has(F::MsgFrameType) || (f.has(F::MessageId) && !inbound_shape)) {
        return Some(ReceiptType::Status);
    }
    inbound_shape.then_some(ReceiptType::Inbound)
}

/// Parses an HTTP push body: a JSON array of receipt objects. `route` is the type when the
/// callback URL says it (see the [module docs](self) for classification by shape).
///
/// Every object of the array is returned, in order: one that is not a typed receipt is
/// [`Receipt::Unknown`]. Errors only when the body is not JSON, not an array, or has an item
/// that is not an object.
pub fn parse_batch(body: &[u8], route: Option<ReceiptType>) -> Result<Vec<Receipt>, ReceiptError> {
    match parse_batch_strict(body, route) {
        Err(err @ ReceiptError::Syntax { .. }) => match repair::repair(body) {
            Some(fixed) => parse_batch_strict(&fixed, route).map_err(|_| err),
            None => Err(err),
        },
        other => other,
    }
}

fn parse_batch_strict(
    body: &[u8],
    route: Option<ReceiptType>,
) -> Result<Vec<Receipt>, ReceiptError> {
    struct Batch {
        route: Option<ReceiptType>,
        out: Vec<Receipt>,
        entered: bool,
    }
    struct BatchVisitor<'a>(&'a mut Batch);
    impl<'de> Visitor<'de> for BatchVisitor<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON array of receipt objects")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            self.0.entered = true;
            if let Some(n) = seq.size_hint() {
                self.0.out.reserve(n);
            }
            while let Some(fields) = seq.next_element::<Fields>()? {
                let receipt = Receipt::from_fields(fields, self.0.route);
                self.0.out.push(receipt);
            }
            Ok(())
        }
    }
    let mut batch = Batch {
        route,
        out: Vec::new(),
        entered: false,
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let result = (&mut de)
        .deserialize_seq(BatchVisitor(&mut batch))
        .and_then(|()| de.end());
    match result {
        Ok(()) => Ok(batch.out),
        Err(e) if e.classify() == serde_json::error::Category::Data => Err(if batch.entered {
            ReceiptError::NotAnObject {
                index: batch.out.len(),
            }
        } else {
            ReceiptError::NotAnArray
        }),
        Err(e) => Err(ReceiptError::from_json(&e)),
    }
}

/// The objects of a push body as received, keys trimmed (values untouched), with the same
/// repairs and errors as [`parse_batch`]: for printing or forwarding receipts verbatim.
pub fn raw_objects(body: &[u8]) -> Result<Vec<Map<String, Value>>, ReceiptError> {
    let parse = |b: &[u8]| -> Result<Vec<Map<String, Value>>, ReceiptError> {
        let value: Value = serde_json::from_slice(b).map_err(|e| ReceiptError::from_json(&e))?;
        let Value::Array(items) = value else {
            return Err(ReceiptError::NotAnArray);
        };
        items
            .into_iter()
            .enumerate()
            .map(|(index, item)| match item {
                Value::Object(m) => Ok(m
                    .into_iter()
                    .map(|(k, v)| (k.trim().to_owned(), v))
                    .collect()),
                _ => Err(ReceiptError::NotAnObject { index }),
            })
            .collect()
    };
    match parse(body) {
        Err(err @ ReceiptError::Syntax { .. }) => match repair::repair(body) {
            Some(fixed) => parse(&fixed).map_err(|_| err),
            None => Err(err),
        },
        other => other,
    }
}
