//! The metadata file's shape: operations, their request and response fields.

use serde::Deserialize;

/// The whole metadata file.
#[derive(Debug, Deserialize)]
pub(crate) struct Metadata {
    pub(crate) operations: Vec<Operation>,
}

/// One operation.
#[derive(Debug, Deserialize)]
pub(crate) struct Operation {
    pub(crate) action: String,
    /// The official SDKs' method name (`update_marketing_flow` for `UpdateMarketingFLow`).
    pub(crate) py_method: String,
    /// The Rust method and module name, from [`crate::names::method_name`]; set after loading.
    #[serde(skip)]
    pub(crate) name: String,
    /// The family, from the overrides; set after loading.
    #[serde(skip)]
    pub(crate) family: String,
    /// Whether it may be retried freely, from the overrides; set after loading.
    #[serde(skip)]
    pub(crate) idempotent: bool,
    pub(crate) request: Vec<Field>,
    pub(crate) response: Vec<Field>,
}

/// A named member of a request, a response or an object.
#[derive(Debug, Deserialize)]
pub(crate) struct Field {
    pub(crate) name: String,
    /// `query` or `body`, top-level request fields only.
    pub(crate) location: Option<String>,
    /// `json` when the value is sent as one compact JSON string.
    pub(crate) style: Option<String>,
    pub(crate) required: Option<bool>,
    pub(crate) description: Option<String>,
    /// A list of objects the SDK writes as `[]` when unset.
    #[serde(default)]
    pub(crate) always_emitted: bool,
    #[serde(flatten)]
    pub(crate) shape: Shape,
}

/// The type of a value: a scalar, an object with fields, an array or a map.
#[derive(Debug, Deserialize)]
pub(crate) struct Shape {
    #[serde(rename = "type")]
    pub(crate) ty: String,
    pub(crate) model: Option<String>,
    /// The documentation's example, always a string whatever the type.
    pub(crate) example: Option<String>,
    pub(crate) fields: Option<Vec<Field>>,
    pub(crate) items: Option<Box<Shape>>,
    pub(crate) values: Option<Box<Shape>>,
}

impl Field {
    /// Whether the metadata marks the field required.
    pub(crate) fn is_required(&self) -> bool {
        self.required == Some(true)
    }

    /// Whether the value is sent as one JSON string.
    pub(crate) fn is_json(&self) -> bool {
        self.style.as_deref() == Some("json")
    }

    /// Whether the field goes in the form body rather than the query.
    pub(crate) fn in_body(&self) -> bool {
        self.location.as_deref() == Some("body")
    }
}

impl Shape {
    /// The fields of an object (none for other shapes).
    pub(crate) fn object_fields(&self) -> &[Field] {
        self.fields.as_deref().unwrap_or(&[])
    }
}
