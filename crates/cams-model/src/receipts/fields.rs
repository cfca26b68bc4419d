//! One pass over a receipt object: keys are trimmed and matched to the documented wire names
//! without regard to ASCII case (the docs write `"Timestamp "`, `ID`), the two spellings of
//! the user-id fields are one field, anything else goes to `extra`. Builds no intermediate
//! map: known values land in a slot by field.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::{ReceiptError, ReceiptType};

macro_rules! fields {
    ($( $variant:ident => $wire:literal $(| $alias:literal)* ),+ $(,)?) => {
        /// Every documented field of the three receipt types.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum F { $( $variant ),+ }

        const NAMES: &[&str] = &[ $( $wire ),+ ];
        const ALL: &[F] = &[ $( F::$variant ),+ ];

        impl F {
            pub(crate) fn wire(self) -> &'static str {
                NAMES[self as usize]
            }

            /// Exact spelling first (no work for well-formed pushes), then case-insensitive.
            /// The bool is whether `key` is the documented spelling.
            fn lookup(key: &str) -> Option<(F, bool)> {
                match key {
                    $( $wire => return Some((F::$variant, true)), )+
                    _ => {}
                }
                $(
                    if key.eq_ignore_ascii_case($wire) $(|| key.eq_ignore_ascii_case($alias))* {
                        return Some((F::$variant, false));
                    }
                )+
                None
            }
        }
    };
}

fields! {
    MessageId => "MessageId",
    CustSpaceId => "CustSpaceId",
    WabaId => "WabaId",
    From => "From",
    To => "To",
    FromUserId => "FromUserId" | "UserId",
    FromParentUserId => "FromParentUserId" | "ParentUserId",
    FromUserName => "FromUserName" | "UserName",
    Timestamp => "Timestamp",
    DisplayName => "DisplayName",
    Type => "Type",
    Message => "Message",
    Name => "Name",
    NoticeType => "NoticeType",
    Status => "Status",
    StatusDescription => "StatusDescription",
    ErrorCode => "ErrorCode",
    ErrorDescription => "ErrorDescription",
    ConversationType => "ConversationType",
    ConversationId => "ConversationId",
    ConversationExpirationTime => "ConversationExpirationTime",
    MsgFrameType => "MsgFrameType",
    TaskId => "TaskId",
    OriginPhoneNumber => "OriginPhoneNumber",
    TemplateCode => "TemplateCode",
    TemplateName => "TemplateName",
    Language => "Language",
    AuditStatus => "AuditStatus",
    Reason => "Reason",
    PhoneNumber => "PhoneNumber",
    CurrentLimit => "CurrentLimit",
}

const N: usize = NAMES.len();

/// The fields of one receipt object, before it is typed.
pub(crate) struct Fields {
    slots: [Option<Value>; N],
    /// Known fields that arrived under another spelling (kept for `raw`).
    renamed: Vec<(F, String)>,
    pub(crate) extra: Map<String, Value>,
}

impl Fields {
    fn new() -> Self {
        Fields {
            slots: std::array::from_fn(|_| None),
            renamed: Vec::new(),
            extra: Map::new(),
        }
    }

    /// From an already parsed object (keys trimmed like the streaming path).
    pub(crate) fn from_map(map: Map<String, Value>) -> Self {
        let mut fields = Fields::new();
        for (k, v) in map {
            fields.insert(&k, v);
        }
        fields
    }

    fn insert(&mut self, key: &str, value: Value) {
        let key = key.trim();
        match F::lookup(key) {
            Some((f, exact)) => {
                self.renamed.retain(|(g, _)| *g != f);
                if !exact {
                    self.renamed.push((f, key.to_owned()));
                }
                self.slots[f as usize] = Some(value);
            }
            None => {
                self.extra.insert(key.to_owned(), value);
            }
        }
    }

    /// Whether the field is present and not null.
    pub(crate) fn has(&self, f: F) -> bool {
        matches!(&self.slots[f as usize], Some(v) if !v.is_null())
    }

    pub(crate) fn peek_str(&self, f: F) -> Option<&str> {
        self.slots[f as usize].as_ref().and_then(Value::as_str)
    }

    pub(crate) fn take(&mut self, f: F) -> Option<Value> {
        self.slots[f as usize].take().filter(|v| !v.is_null())
    }

    /// An optional string field; a number or boolean is accepted as its JSON text.
    pub(crate) fn string(
        &mut self,
        kind: ReceiptType,
        f: F,
    ) -> Result<Option<String>, ReceiptError> {
        match self.take(f) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
            Some(_) => Err(ReceiptError::Invalid {
                kind,
                field: f.wire(),
                expected: "a string",
            }),
        }
    }

    pub(crate) fn required(&mut self, kind: ReceiptType, f: F) -> Result<String, ReceiptError> {
        self.string(kind, f)?.ok_or(ReceiptError::Missing {
            kind,
            field: f.wire(),
        })
    }

    /// Milliseconds: a JSON integer, or a string of digits (with an optional `+`).
    pub(crate) fn millis(&mut self, kind: ReceiptType, f: F) -> Result<Option<i64>, ReceiptError> {
        match self.take(f) {
            None => Ok(None),
            Some(v) => millis_of(&v).map(Some).ok_or(ReceiptError::Invalid {
                kind,
                field: f.wire(),
                expected: "an integer (milliseconds)",
            }),
        }
    }

    /// The object as received, keys trimmed (for `Receipt::Unknown`).
    pub(crate) fn into_raw(self) -> Map<String, Value> {
        let mut raw = Map::new();
        let Fields {
            slots,
            renamed,
            extra,
        } = self;
        for (f, value) in ALL.iter().zip(slots) {
            if let Some(value) = value {
                let key = renamed
                    .iter()
                    .find(|(g, _)| g == f)
                    .map_or_else(|| f.wire().to_owned(), |(_, k)| k.clone());
                raw.insert(key, value);
            }
        }
        raw.extend(extra);
        raw
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a receipt object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Fields::new();
        while let Some(Key(key)) = map.next_key()? {
            let value: Value = map.next_value()?;
            fields.insert(&key, value);
        }
        Ok(fields)
    }
}

/// A map key, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// What a typed receipt asks of a field (checked before anything is moved out, so a receipt
/// that breaks a rule can still be handed over whole as `Unknown`).
#[derive(Clone, Copy)]
pub(crate) enum Rule {
    /// A string (or a number/boolean kept as its text), required.
    Required,
    /// A string, optional.
    Text,
    /// Milliseconds, optional.
    Millis,
}

pub(crate) const INBOUND_RULES: &[(F, Rule)] = &[
    (F::MessageId, Rule::Required),
    (F::Type, Rule::Required),
    (F::From, Rule::Required),
    (F::To, Rule::Required),
    (F::CustSpaceId, Rule::Text),
    (F::WabaId, Rule::Text),
    (F::FromUserId, Rule::Text),
    (F::FromParentUserId, Rule::Text),
    (F::FromUserName, Rule::Text),
    (F::Timestamp, Rule::Millis),
    (F::DisplayName, Rule::Text),
    (F::Name, Rule::Text),
    (F::NoticeType, Rule::Text),
];

pub(crate) const STATUS_RULES: &[(F, Rule)] = &[
    (F::MessageId, Rule::Required),
    (F::Status, Rule::Required),
    (F::From, Rule::Required),
    (F::To, Rule::Required),
    (F::Timestamp, Rule::Millis),
    (F::FromUserId, Rule::Text),
    (F::FromParentUserId, Rule::Text),
    (F::FromUserName, Rule::Text),
    (F::StatusDescription, Rule::Text),
    (F::ErrorCode, Rule::Text),
    (F::ErrorDescription, Rule::Text),
    (F::ConversationType, Rule::Text),
    (F::ConversationId, Rule::Text),
    (F::ConversationExpirationTime, Rule::Millis),
    (F::MsgFrameType, Rule::Text),
    (F::Type, Rule::Text),
    (F::TaskId, Rule::Text),
    (F::OriginPhoneNumber, Rule::Text),
    (F::TemplateCode, Rule::Text),
    (F::TemplateName, Rule::Text),
    (F::Language, Rule::Text),
];

pub(crate) const AUDIT_RULES: &[(F, Rule)] = &[
    (F::WabaId, Rule::Text),
    (F::TemplateCode, Rule::Text),
    (F::Language, Rule::Text),
    (F::AuditStatus, Rule::Text),
    (F::Reason, Rule::Text),
    (F::Type, Rule::Text),
    (F::PhoneNumber, Rule::Text),
    (F::Status, Rule::Text),
    (F::CurrentLimit, Rule::Text),
];

impl Fields {
    /// The first rule broken, without moving anything.
    pub(crate) fn check(&self, kind: ReceiptType, rules: &[(F, Rule)]) -> Result<(), ReceiptError> {
        for &(f, rule) in rules {
            let value = self.slots[f as usize].as_ref().filter(|v| !v.is_null());
            let ok = match (rule, value) {
                (Rule::Required, None) => {
                    return Err(ReceiptError::Missing {
                        kind,
                        field: f.wire(),
                    });
                }
                (_, None) => true,
                (Rule::Required | Rule::Text, Some(v)) => {
                    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
                }
                (Rule::Millis, Some(v)) => millis_of(v).is_some(),
            };
            if !ok {
                return Err(ReceiptError::Invalid {
                    kind,
                    field: f.wire(),
                    expected: match rule {
                        Rule::Millis => "an integer (milliseconds)",
                        _ => "a string",
                    },
                });
            }
        }
        Ok(())
    }

    pub(crate) fn peek(&self, f: F) -> Option<&Value> {
        self.slots[f as usize].as_ref().filter(|v| !v.is_null())
    }
}

/// Milliseconds from a JSON integer or a string of digits with an optional `+`.
fn millis_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => {
            let t = s.trim();
            let t = t.strip_prefix('+').unwrap_or(t);
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            t.parse().ok()
        }
        _ => None,
    }
}
