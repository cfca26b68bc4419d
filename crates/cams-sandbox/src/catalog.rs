//! The API metadata (`codegen/cams-2020-06-06.json`, embedded at compile time), reduced to what
//! the emulator needs: each action's required parameters and the shape of its response body.

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The metadata the generated SDK code comes from, so the emulator answers the same operations.
const METADATA: &str = include_str!("../../../codegen/cams-2020-06-06.json");

/// Every operation of the metadata, by action name.
#[derive(Debug)]
pub(crate) struct Catalog {
    operations: HashMap<String, Operation>,
}

/// What the emulator knows of one operation.
#[derive(Debug, Deserialize)]
pub(crate) struct Operation {
    /// The action name, e.g. `SendChatappMessage`.
    pub(crate) action: String,
    /// Top-level request parameters, in metadata order.
    #[serde(rename = "request")]
    pub(crate) params: Vec<Param>,
    /// Top-level response-body fields, in metadata order.
    #[serde(rename = "response")]
    pub(crate) response: Vec<Field>,
}

/// A top-level request parameter.
#[derive(Debug, Deserialize)]
pub(crate) struct Param {
    /// The wire name.
    pub(crate) name: String,
    /// Whether the service refuses a request without it (`null` in the metadata means no).
    #[serde(default)]
    pub(crate) required: Option<bool>,
}

/// A named response field: its wire name and its shape.
#[derive(Debug, Deserialize)]
pub(crate) struct Field {
    /// The wire name.
    pub(crate) name: String,
    /// Its type, members and example.
    #[serde(flatten)]
    pub(crate) shape: Shape,
}

/// The type of a response value, with its members (objects), element (arrays), value (maps)
/// and the metadata's example.
#[derive(Debug, Deserialize)]
pub(crate) struct Shape {
    /// The metadata's `type`.
    #[serde(rename = "type")]
    pub(crate) kind: Kind,
    /// The metadata's example, always a string there whatever the type.
    #[serde(default)]
    pub(crate) example: Option<String>,
    /// Object members, in wire order.
    #[serde(default)]
    pub(crate) fields: Option<Vec<Field>>,
    /// Array element.
    #[serde(default)]
    pub(crate) items: Option<Box<Shape>>,
    /// Map value.
    #[serde(default)]
    pub(crate) values: Option<Box<Shape>>,
}

/// A metadata `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// A string.
    String,
    /// An `i32`.
    Integer,
    /// An `i64`.
    Long,
    /// `true` or `false`.
    Boolean,
    /// An object with named members.
    Object,
    /// A list.
    Array,
    /// An object with free keys.
    Map,
    /// Any JSON value; also every type newer than this list.
    #[serde(other)]
    Any,
}

#[derive(Deserialize)]
struct Metadata {
    operations: Vec<Operation>,
}

impl Param {
    /// Whether the metadata marks it required.
    pub(crate) fn is_required(&self) -> bool {
        self.required == Some(true)
    }
}

impl Catalog {
    /// Parses the metadata text.
    fn parse(text: &str) -> Result<Catalog, serde_json::Error> {
        let meta: Metadata = serde_json::from_str(text)?;
        let operations = meta
            .operations
            .into_iter()
            .map(|op| (op.action.clone(), op))
            .collect();
        Ok(Catalog { operations })
    }

    /// The operation named `action`, if the metadata has it.
    pub(crate) fn operation(&self, action: &str) -> Option<&Operation> {
        self.operations.get(action)
    }

    /// How many operations the metadata has.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.operations.len()
    }
}

/// The embedded metadata, parsed on first use. `None` only if the embedded file does not parse,
/// which the tests of this module rule out.
pub(crate) fn catalog() -> Option<&'static Catalog> {
    static CATALOG: OnceLock<Option<Catalog>> = OnceLock::new();
    CATALOG
        .get_or_init(|| Catalog::parse(METADATA).ok())
        .as_ref()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_metadata_parses_with_every_operation() {
        let catalog = catalog().expect("embedded metadata parses");
        assert_eq!(catalog.len(), 172);
        let op = catalog.operation("GetPreValidatePhoneId").unwrap();
        let required: Vec<_> = op
            .params
            .iter()
            .filter(|p| p.is_required())
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(required, ["PhoneNumber", "VerifyCode"]);
        let send = catalog.operation("SendChatappMessage").unwrap();
        assert!(send.params.iter().any(|p| p.name == "CustSpaceId"));
        assert!(send.response.iter().any(|f| f.name == "MessageId"));
        assert!(catalog.operation("NoSuchAction").is_none());
    }

    #[test]
    fn nested_shapes_are_kept() {
        let op = catalog().unwrap().operation("ListChatGroup").unwrap();
        let data = op.response.iter().find(|f| f.name == "Data").unwrap();
        let list = data.shape.fields.as_ref().unwrap();
        let list = list.iter().find(|f| f.name == "List").unwrap();
        assert_eq!(list.shape.kind, Kind::Array);
        let item = list.shape.items.as_ref().unwrap();
        assert!(
            item.fields
                .as_ref()
                .unwrap()
                .iter()
                .any(|f| f.name == "GroupId")
        );
    }

    #[test]
    fn bad_metadata_is_an_error_not_a_panic() {
        assert!(Catalog::parse("{").is_err());
        assert!(Catalog::parse(r#"{"operations":[{"action":1}]}"#).is_err());
    }
}
