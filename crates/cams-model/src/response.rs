//! What every CAMS response carries.

use crate::CompactString;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// `AccessDeniedDetail`: a string in success bodies (often the text `None`), an object
/// in RAM denials (`AuthAction`, `PolicyType`, `NoPermissionType`, `EncodedDiagnosticMessage`, …).
#[derive(Debug, Clone, PartialEq)]
pub enum AccessDeniedDetail {
    /// The plain-text form.
    Text(CompactString),
    /// The structured form of a RAM denial, kept as the gateway sent it.
    Object(serde_json::Map<String, serde_json::Value>),
    /// Any other JSON value, kept rather than refused.
    Other(serde_json::Value),
}

/// Written as the value it holds.
impl Serialize for AccessDeniedDetail {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AccessDeniedDetail::Text(t) => t.serialize(s),
            AccessDeniedDetail::Object(o) => o.serialize(s),
            AccessDeniedDetail::Other(v) => v.serialize(s),
        }
    }
}

/// A string is `Text`, an object `Object`, anything else `Other`: never refused.
impl<'de> Deserialize<'de> for AccessDeniedDetail {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DetailVisitor)
    }
}

struct DetailVisitor;

impl<'de> Visitor<'de> for DetailVisitor {
    type Value = AccessDeniedDetail;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(AccessDeniedDetail::Text(CompactString::new(v)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let object = Deserialize::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(AccessDeniedDetail::Object(object))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let list = Deserialize::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(AccessDeniedDetail::Other(serde_json::Value::Array(list)))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(AccessDeniedDetail::Other(v.into()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(AccessDeniedDetail::Other(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(AccessDeniedDetail::Other(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(AccessDeniedDetail::Other(v.into()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(AccessDeniedDetail::Other(serde_json::Value::Null))
    }
}

/// The fields every CAMS response body has, so the client can tell success from an API error
/// without knowing the operation.
pub trait ServiceResponse {
    /// `RequestId`.
    fn request_id(&self) -> Option<&str>;
    /// `Code`: `OK` on success.
    fn code(&self) -> Option<&str>;
    /// `Message`.
    fn message(&self) -> Option<&str>;
    /// `Success`.
    fn success(&self) -> Option<bool>;
    /// `AccessDeniedDetail`.
    fn access_denied_detail(&self) -> Option<&AccessDeniedDetail>;

    /// Whether the body reports success: `Success` is not `false` and `Code`, when present, is `OK`.
    fn is_ok(&self) -> bool {
        self.success() != Some(false) && self.code().is_none_or(|c| c == "OK")
    }
}
