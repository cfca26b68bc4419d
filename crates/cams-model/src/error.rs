//! Errors of the model layer: invalid requests and unparseable responses.

use std::fmt;

/// Everything that can go wrong in the model layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request breaks one or more rules of the API; nothing was sent.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The response body is not the JSON the operation returns.
    #[error(transparent)]
    Parse(#[from] ParseError),
}

/// The rule a field broke.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// The field is required but missing, empty or only whitespace.
    Required,
    /// The field, when set, must not be empty.
    NotEmpty,
    /// The number must be at least `min`.
    AtLeast {
        /// The smallest accepted value.
        min: i64,
        /// The value that was given.
        actual: i64,
    },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("required"),
            Rule::NotEmpty => f.write_str("must not be empty"),
            Rule::AtLeast { min, actual } => write!(f, "must be at least {min} (got {actual})"),
        }
    }
}

/// One field that broke one rule, named as the API names it (`GroupId`, `Page.Index`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldViolation {
    /// The API name of the field.
    pub field: &'static str,
    /// The rule it broke.
    pub rule: Rule,
}

impl fmt::Display for FieldViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.rule)
    }
}

/// A request that breaks the API's rules. Every violation is listed, not just the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The violations, in field order.
    pub violations: Vec<FieldViolation>,
}

impl ValidationError {
    /// Whether `field` broke `rule`.
    pub fn has(&self, field: &str, rule: &Rule) -> bool {
        self.violations
            .iter()
            .any(|v| v.field == field && &v.rule == rule)
    }

    /// Whether `field` broke any rule.
    pub fn names(&self, field: &str) -> bool {
        self.violations.iter().any(|v| v.field == field)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid request: ")?;
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// Collects violations while a request is checked. A field of list items that breaks a rule
/// in several items is reported once.
#[derive(Debug, Default)]
pub(crate) struct Violations(Vec<FieldViolation>);

impl Violations {
    fn push(&mut self, field: &'static str, rule: Rule) {
        if !self.0.iter().any(|v| v.field == field && v.rule == rule) {
            self.0.push(FieldViolation { field, rule });
        }
    }

    /// A required string: missing, empty or only whitespace is a violation.
    pub(crate) fn required_str(&mut self, field: &'static str, value: Option<&str>) {
        if value.is_none_or(|v| v.trim().is_empty()) {
            self.push(field, Rule::Required);
        }
    }

    /// A required value of any other type: missing is a violation.
    pub(crate) fn required<T>(&mut self, field: &'static str, value: Option<&T>) {
        if value.is_none() {
            self.push(field, Rule::Required);
        }
    }

    /// A required list: missing or empty is a violation.
    pub(crate) fn required_items<T>(&mut self, field: &'static str, value: Option<&[T]>) {
        if value.is_none_or(<[T]>::is_empty) {
            self.push(field, Rule::Required);
        }
    }

    pub(crate) fn finish(self) -> Result<(), ValidationError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations: self.0 })
        }
    }
}

/// A response body that could not be parsed, with the place where the JSON broke.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("response body is not valid {expected}: {message} at line {line} column {column}")]
pub struct ParseError {
    /// What the body should have been (`ListChatGroupParticipants response JSON`).
    pub expected: &'static str,
    /// serde_json's description of the fault.
    pub message: String,
    /// 1-based line of the fault (0 when unknown).
    pub line: usize,
    /// 1-based column of the fault (0 when unknown).
    pub column: usize,
    /// Whether the body ended too early (a truncated response).
    pub truncated: bool,
}

impl ParseError {
    /// A body that is not UTF-8, with the line and column of the first bad byte.
    pub fn invalid_utf8(expected: &'static str, body: &[u8], err: &std::str::Utf8Error) -> Self {
        let good = &body[..err.valid_up_to()];
        let line = 1 + good.iter().filter(|b| **b == b'\n').count();
        let column = 1 + good.iter().rev().take_while(|b| **b != b'\n').count();
        ParseError {
            expected,
            message: "invalid UTF-8".to_owned(),
            line,
            column,
            truncated: err.error_len().is_none(),
        }
    }

    /// Builds a parse error from serde_json's, keeping where it broke.
    pub fn from_json(expected: &'static str, err: &serde_json::Error) -> Self {
        let full = err.to_string();
        // serde_json appends " at line L column C"; the fields carry that already.
        let message = match full.rfind(" at line ") {
            Some(i) => full[..i].to_owned(),
            None => full,
        };
        ParseError {
            expected,
            message,
            line: err.line(),
            column: err.column(),
            truncated: err.is_eof(),
        }
    }
}
