//! What every CAMS response carries.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `AccessDeniedDetail`: a string in success bodies (often the text `None`), an object
/// in RAM denials (`AuthAction`, `PolicyType`, `NoPermissionType`, `EncodedDiagnosticMessage`, …).
#[derive(Debug, Clone, PartialEq)]
pub enum AccessDeniedDetail {
    /// The plain-text form.
    Text(String),
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
        Ok(match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(t) => AccessDeniedDetail::Text(t),
            serde_json::Value::Object(o) => AccessDeniedDetail::Object(o),
            other => AccessDeniedDetail::Other(other),
        })
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
