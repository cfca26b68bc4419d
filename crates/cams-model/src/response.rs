//! What every CAMS response carries.

use serde::{Deserialize, Serialize};

/// `AccessDeniedDetail`: a string in success bodies (often the text `None`), an object
/// in RAM denials (`AuthAction`, `PolicyType`, `NoPermissionType`, `EncodedDiagnosticMessage`, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AccessDeniedDetail {
    /// The plain-text form.
    Text(String),
    /// The structured form of a RAM denial, kept as the gateway sent it.
    Object(serde_json::Map<String, serde_json::Value>),
    /// Any other JSON value, kept rather than refused.
    Other(serde_json::Value),
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
