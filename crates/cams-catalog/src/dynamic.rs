//! Operations by action name, for tools that read requests as JSON (the CLI, the vector tests):
//! a request from its wire-named fields, and a response parsed with its typed model.
//!
//! The dispatch is written here once; the table from action names to types is generated.

use crate::dynamic_table as table;
pub use cams_model::dynamic::DynOperation;
use cams_model::{Operation, ParseError};
use serde::de::DeserializeOwned;

/// Why a request or response could not be handled by action name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DynError {
    /// The API has no such action.
    #[error("unknown action {0}")]
    UnknownAction(String),
    /// A field of the inputs is unknown or has the wrong type.
    #[error("{action}: field {path}: {message}")]
    Input {
        /// The action.
        action: &'static str,
        /// Where the fault is (`Page.Index`, `List[0].ParticipantNumber`; `.` for the whole input).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The response body does not parse.
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// The typed request of `action` from its wire-named fields (`{"GroupId": "…", "Page": {"Index": 1}}`).
/// Unknown fields, at any depth, and wrong types are errors naming the field.
pub fn request_from_json(
    action: &str,
    inputs: &serde_json::Value,
) -> Result<Box<dyn DynOperation>, DynError> {
    table::request_from_json(action, inputs)
        .unwrap_or_else(|| Err(DynError::UnknownAction(action.to_owned())))
}

/// `body` parsed with the typed response of `action`, serialized back with the wire names
/// (unknown fields dropped). Never panics.
pub fn parse_response(action: &str, body: &[u8]) -> Result<serde_json::Value, DynError> {
    table::parse_response(action, body)
        .unwrap_or_else(|| Err(DynError::UnknownAction(action.to_owned())))
}

pub(crate) fn from_json<O>(inputs: &serde_json::Value) -> Result<Box<dyn DynOperation>, DynError>
where
    O: Operation + DeserializeOwned + std::fmt::Debug + 'static,
{
    match serde_path_to_error::deserialize::<_, O>(inputs) {
        Ok(op) => Ok(Box::new(op)),
        Err(e) => Err(DynError::Input {
            action: O::ACTION,
            path: e.path().to_string(),
            message: e.into_inner().to_string(),
        }),
    }
}

pub(crate) fn reparse<O>(body: &[u8]) -> Result<serde_json::Value, DynError>
where
    O: Operation,
    O::Output: serde::Serialize,
{
    let output = O::parse_response(body)?;
    serde_json::to_value(&output).map_err(|e| DynError::Parse(ParseError::from_json(O::ACTION, &e)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn requests_by_name_name_their_faults() {
        let ok = request_from_json(
            "ListChatGroup",
            &json!({"BusinessNumber": "1", "Page": {"Index": 1}}),
        );
        assert_eq!(ok.map(|r| r.action()).ok(), Some("ListChatGroup"));
        let unknown = request_from_json("ListChatGroup", &json!({"Page": {"Index": 1, "Nope": 2}}));
        match unknown {
            Err(DynError::Input { path, .. }) => assert_eq!(path, "Page.Nope"),
            other => panic!("{other:?}"),
        }
        let wrong = request_from_json("ListChatGroup", &json!({"GroupType": 5}));
        assert!(matches!(wrong, Err(DynError::Input { ref path, .. }) if path == "GroupType"));
        assert!(matches!(
            request_from_json("Nope", &json!({})),
            Err(DynError::UnknownAction(_))
        ));
    }

    #[test]
    fn responses_by_name_reserialize() {
        let v = parse_response(
            "ListChatGroup",
            br#"{"Code":"OK","Data":{"Total":1},"X":1}"#,
        );
        assert_eq!(
            v.ok(),
            Some(json!({"Code": "OK", "Data": {"Total": 1, "List": []}}))
        );
        assert!(parse_response("ListChatGroup", b"{").is_err());
    }
}
