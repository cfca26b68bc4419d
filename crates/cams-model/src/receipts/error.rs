//! The one error type of receipt parsing. Never carries a value that was received: message
//! text and phone numbers stay out of errors and logs.

use std::fmt;

use super::ReceiptType;

/// Why a body or an object is not a receipt. Names the field and the rule, never its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReceiptError {
    /// The body is not JSON (or is truncated), even after the documented defects are repaired.
    #[error("receipt body is not valid JSON ({kind}) at line {line} column {column}")]
    Syntax {
        /// What broke: `syntax` or `truncated`.
        kind: &'static str,
        /// 1-based line of the fault.
        line: usize,
        /// 1-based column of the fault.
        column: usize,
    },
    /// A push body that is valid JSON but not an array.
    #[error("receipt body must be a JSON array of objects")]
    NotAnArray,
    /// An item of the pushed array (0-based) that is not a JSON object.
    #[error("item {index} of the receipt array is not a JSON object")]
    NotAnObject {
        /// 0-based position in the array.
        index: usize,
    },
    /// A field the receipt type cannot do without is missing (or null).
    #[error("{kind} receipt: field {field} is required")]
    Missing {
        /// The receipt type being built.
        kind: ReceiptType,
        /// The wire name of the field.
        field: &'static str,
    },
    /// A field has the wrong JSON type or form.
    #[error("{kind} receipt: field {field} must be {expected}")]
    Invalid {
        /// The receipt type being built.
        kind: ReceiptType,
        /// The wire name of the field (`Message.url` for a field of the inbound payload).
        field: &'static str,
        /// The rule it broke, e.g. `a string`, `an integer of milliseconds`.
        expected: &'static str,
    },
}

impl ReceiptError {
    /// The wire name of the field at fault, when one is.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ReceiptError::Missing { field, .. } | ReceiptError::Invalid { field, .. } => {
                Some(field)
            }
            _ => None,
        }
    }

    pub(crate) fn from_json(err: &serde_json::Error) -> Self {
        ReceiptError::Syntax {
            kind: if err.is_eof() { "truncated" } else { "syntax" },
            line: err.line(),
            column: err.column(),
        }
    }
}

impl fmt::Display for ReceiptType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message_type())
    }
}
