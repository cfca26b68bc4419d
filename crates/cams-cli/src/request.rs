//! The request of one call, typed (from the metadata) or raw (`--force`), and how the next
//! page of it is asked for.

use crate::error::CliError;
use crate::input::{self, flag_of_path};
use cams_api::RawRequest;
use cams_catalog::dynamic::{DynError, request_from_json};
use cams_catalog::{OperationInfo, PagingStyle, ParamKind};
use cams_model::params::Location;
use serde_json::{Map, Value};

/// The page size `--all-pages` asks for when the operation documents no largest one.
pub(crate) const DEFAULT_PAGE_SIZE: i64 = 50;

/// The page size `--all-pages` asks for when the user gives none: the largest the size
/// parameter's documentation allows ("Valid values: 1 to 1000"), else [`DEFAULT_PAGE_SIZE`].
pub(crate) fn page_size_for(op: &OperationInfo, style: &PagingStyle) -> i64 {
    documented_max_page_size(op, style).unwrap_or(DEFAULT_PAGE_SIZE)
}

/// The largest page size the size parameter's description documents, if it does.
pub(crate) fn documented_max_page_size(op: &OperationInfo, style: &PagingStyle) -> Option<i64> {
    let param = |name: &str| op.params.iter().find(|p| p.name == name);
    let info = match *style {
        PagingStyle::PageObject { param: p, size, .. } => {
            param(p).and_then(|p| p.fields.iter().find(|f| f.name == size))
        }
        PagingStyle::Flat { size, .. } => param(size),
        PagingStyle::Token { max, .. } => max.and_then(param),
    }?;
    let text = info.description.to_ascii_lowercase();
    // "Valid values: 1 to 1000", "Maximum value: 100", "at most 100".
    [
        "valid values:",
        "maximum value:",
        "maximum:",
        "at most",
        "up to",
    ]
    .iter()
    .filter_map(|marker| {
        let rest = &text[text.find(marker)? + marker.len()..];
        let rest = rest.split(['.', '\n']).next().unwrap_or(rest);
        rest.split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse::<i64>().ok())
            .max()
    })
    .max()
    .filter(|n| *n > 0)
}

/// What to send.
#[derive(Debug, Clone)]
pub(crate) enum Prepared {
    /// An operation of the metadata, from its typed inputs.
    Typed {
        /// The operation.
        op: &'static OperationInfo,
        /// Its inputs (wire names; JSON parameters as JSON values).
        inputs: Value,
    },
    /// `--force`: the action and parameters as given.
    Raw {
        /// The action.
        action: String,
        /// The operation, when the metadata has it.
        op: Option<&'static OperationInfo>,
        /// The parameters, as typed.
        params: Vec<(String, String)>,
    },
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cursor {
    /// A 1-based page number.
    Index(i64),
    /// A token from the previous page.
    Token(String),
}

impl Prepared {
    /// Reads the flags of a call. Without `--force` an unknown flag, a bad value or a broken
    /// rule is a usage error; every broken rule is listed.
    pub(crate) fn new(
        action: &str,
        op: Option<&'static OperationInfo>,
        flags: &[(String, String)],
        force: bool,
        all_pages: bool,
    ) -> Result<Prepared, CliError> {
        match (op, force) {
            (Some(op), false) => {
                let mut prepared = Prepared::Typed {
                    op,
                    inputs: input::inputs(op, flags)?,
                };
                if let (true, Some(paging)) = (all_pages, &op.paging) {
                    prepared.start_paging(op, &paging.style);
                }
                prepared.request()?;
                Ok(prepared)
            }
            (op, true) => {
                if let Some(op) = op {
                    let missing: Vec<String> = op
                        .params
                        .iter()
                        .filter(|p| p.required && !flags.iter().any(|(k, _)| k == p.name))
                        .map(|p| format!("--{}: required", p.name))
                        .collect();
                    if !missing.is_empty() {
                        return Err(CliError::usage(format!(
                            "invalid request: {}",
                            missing.join("; ")
                        )));
                    }
                }
                Ok(Prepared::Raw {
                    action: action.to_owned(),
                    op,
                    params: flags.to_vec(),
                })
            }
            (None, false) => Err(CliError::usage(format!("unknown action {action:?}"))),
        }
    }

    /// The request to send, checked as the library checks it.
    pub(crate) fn request(&self) -> Result<RawRequest, CliError> {
        match self {
            Prepared::Typed { op, inputs } => {
                let typed = request_from_json(op.action, inputs).map_err(|e| match e {
                    DynError::Input { path, message, .. } => CliError::usage(format!(
                        "{}: {}{}",
                        flag_of_path(&path),
                        plain_words(&message),
                        at(&path)
                    )),
                    other => CliError::usage(other.to_string()),
                })?;
                typed.validate().map_err(|v| {
                    let rules: Vec<String> = v
                        .violations
                        .iter()
                        .map(|f| format!("{}: {}{}", flag_of_path(f.field), f.rule, at(f.field)))
                        .collect();
                    CliError::usage(format!("invalid request: {}", rules.join("; ")))
                })?;
                Ok(RawRequest::from_operation(typed.as_ref()))
            }
            Prepared::Raw { action, op, params } => {
                let mut request =
                    RawRequest::new(action.clone()).idempotent(op.is_some_and(|o| o.idempotent));
                for (name, value) in params {
                    let body = op.is_some_and(|o| {
                        o.params
                            .iter()
                            .any(|p| p.name == name.as_str() && p.location == Location::Body)
                    });
                    request = if body {
                        request.body_param(name.clone(), value.clone())
                    } else {
                        request.param(name.clone(), value.clone())
                    };
                }
                Ok(request)
            }
        }
    }

    /// Under `--all-pages` the paging fields may be left out: the first page is asked for, and
    /// a page size none is given for is the largest documented ([`page_size_for`]).
    fn start_paging(&mut self, op: &OperationInfo, style: &PagingStyle) {
        let cursor = self.first_cursor(style);
        self.set_cursor(style, &cursor);
        // The largest page the operation documents (fewer requests), unless the user gave one.
        if self.page_size(style).is_none() {
            let size = page_size_for(op, style);
            match *style {
                PagingStyle::PageObject {
                    param,
                    size: member,
                    ..
                } => {
                    let mut object = self.object(param).unwrap_or_default();
                    object.insert(
                        member.to_owned(),
                        self.page_number(param, Some(member), size),
                    );
                    self.set(param, Value::Object(object));
                }
                PagingStyle::Flat { size: name, .. } => {
                    let value = self.page_number(name, None, size);
                    self.set(name, value);
                }
                PagingStyle::Token {
                    max: Some(name), ..
                } => {
                    let value = self.page_number(name, None, size);
                    self.set(name, value);
                }
                PagingStyle::Token { max: None, .. } => {}
            }
        }
    }

    /// The page the request asks for first (`Page.Index`, `PageNo`, `NextToken`; 1 when unset).
    pub(crate) fn first_cursor(&self, style: &PagingStyle) -> Cursor {
        match *style {
            PagingStyle::PageObject { param, index, .. } => Cursor::Index(
                number(self.object(param).and_then(|o| o.get(index).cloned())).unwrap_or(1),
            ),
            PagingStyle::Flat { index, .. } => Cursor::Index(number(self.get(index)).unwrap_or(1)),
            PagingStyle::Token { token, .. } => Cursor::Token(
                self.get(token)
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
            ),
        }
    }

    /// The page size the request asks for, if it says.
    pub(crate) fn page_size(&self, style: &PagingStyle) -> Option<i64> {
        match *style {
            PagingStyle::PageObject { param, size, .. } => {
                number(self.object(param).and_then(|o| o.get(size).cloned()))
            }
            PagingStyle::Flat { size, .. } => number(self.get(size)),
            PagingStyle::Token { max, .. } => max.and_then(|m| number(self.get(m))),
        }
    }

    /// Asks for the page at `cursor`.
    pub(crate) fn set_cursor(&mut self, style: &PagingStyle, cursor: &Cursor) {
        match (*style, cursor) {
            (PagingStyle::PageObject { param, index, .. }, Cursor::Index(n)) => {
                let mut object = self.object(param).unwrap_or_default();
                object.insert(index.to_owned(), self.page_number(param, Some(index), *n));
                self.set(param, Value::Object(object));
            }
            (PagingStyle::Flat { index, .. }, Cursor::Index(n)) => {
                let value = self.page_number(index, None, *n);
                self.set(index, value);
            }
            // The first page of a token listing sends no token at all.
            (PagingStyle::Token { token, .. }, Cursor::Token(t)) if t.is_empty() => {
                self.remove(token)
            }
            (PagingStyle::Token { token, .. }, Cursor::Token(t)) => {
                self.set(token, Value::String(t.clone()))
            }
            // A style and a cursor that do not match cannot be built by the pager.
            _ => {}
        }
    }

    /// `n` written in the metadata type of parameter `name` (or of its `member`): a string for
    /// a string parameter (`ListMarketingFlow`'s `PageIndex`), a number otherwise.
    fn page_number(&self, name: &str, member: Option<&str>, n: i64) -> Value {
        let op = match self {
            Prepared::Typed { op, .. } => Some(*op),
            Prepared::Raw { op, .. } => *op,
        };
        let param = op.and_then(|op| op.params.iter().find(|p| p.name == name));
        let param = match member {
            Some(m) => param.and_then(|p| p.fields.iter().find(|f| f.name == m)),
            None => param,
        };
        match param.map(|p| p.kind) {
            Some(ParamKind::String) => Value::String(n.to_string()),
            _ => Value::from(n),
        }
    }

    /// A parameter's value (raw parameters as strings).
    fn get(&self, name: &str) -> Option<Value> {
        match self {
            Prepared::Typed { inputs, .. } => inputs.get(name).cloned(),
            Prepared::Raw { params, .. } => params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| Value::String(v.clone())),
        }
    }

    /// A JSON object parameter (raw parameters parsed from their text).
    fn object(&self, name: &str) -> Option<Map<String, Value>> {
        match self.get(name)? {
            Value::Object(o) => Some(o),
            Value::String(text) => serde_json::from_str(&text).ok(),
            _ => None,
        }
    }

    fn remove(&mut self, name: &str) {
        match self {
            Prepared::Typed { inputs, .. } => {
                if let Value::Object(map) = inputs {
                    map.remove(name);
                }
            }
            Prepared::Raw { params, .. } => params.retain(|(k, _)| k != name),
        }
    }

    fn set(&mut self, name: &str, value: Value) {
        match self {
            Prepared::Typed { inputs, .. } => {
                if let Value::Object(map) = inputs {
                    map.insert(name.to_owned(), value);
                }
            }
            Prepared::Raw { params, .. } => {
                let text = match value {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                match params.iter_mut().find(|(k, _)| k == name) {
                    Some(slot) => slot.1 = text,
                    None => params.push((name.to_owned(), text)),
                }
            }
        }
    }
}

/// A number, or a string holding one (raw parameters are strings).
fn number(v: Option<Value>) -> Option<i64> {
    v.and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
}

fn at(field: &str) -> String {
    if field.contains(['.', '[']) {
        format!(" (at {field})")
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn participants() -> &'static OperationInfo {
        cams_catalog::find("ListChatGroupParticipants").expect("known")
    }

    #[test]
    fn every_broken_rule_is_listed_with_its_flag() {
        let err = Prepared::new(
            "ListChatGroupParticipants",
            Some(participants()),
            &[],
            false,
            false,
        )
        .expect_err("required fields missing");
        let text = err.to_string();
        for flag in ["--BusinessNumber", "--CustSpaceId", "--GroupId"] {
            assert!(text.contains(flag), "{flag} not in {text}");
        }
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn an_unknown_field_inside_json_names_the_flag() {
        let f = flags(&[
            ("BusinessNumber", "1"),
            ("CustSpaceId", "c"),
            ("GroupId", "g"),
            ("Page", r#"{"Index":1,"Bogus":2}"#),
        ]);
        let err = Prepared::new(
            "ListChatGroupParticipants",
            Some(participants()),
            &f,
            false,
            false,
        )
        .expect_err("unknown field");
        assert!(err.to_string().starts_with("--Page"), "{err}");
    }

    #[test]
    fn the_cursor_moves_the_page_index_of_typed_and_raw_requests() {
        let style = participants().paging.expect("paged").style;
        let f = flags(&[
            ("BusinessNumber", "1"),
            ("CustSpaceId", "c"),
            ("GroupId", "g"),
            ("Page", r#"{"Index":3,"Size":7}"#),
        ]);
        for force in [false, true] {
            let mut p = Prepared::new(
                "ListChatGroupParticipants",
                Some(participants()),
                &f,
                force,
                false,
            )
            .expect("valid");
            assert_eq!(p.first_cursor(&style), Cursor::Index(3));
            assert_eq!(p.page_size(&style), Some(7));
            p.set_cursor(&style, &Cursor::Index(4));
            assert_eq!(p.first_cursor(&style), Cursor::Index(4));
            assert_eq!(p.page_size(&style), Some(7));
        }
    }

    #[test]
    fn all_pages_fills_in_a_required_page_object() {
        let op = cams_catalog::find("ListChatGroup").expect("known");
        let f = flags(&[("BusinessNumber", "1"), ("CustSpaceId", "c")]);
        assert!(Prepared::new("ListChatGroup", Some(op), &f, false, false).is_err());
        let p = Prepared::new("ListChatGroup", Some(op), &f, false, true).expect("page filled in");
        let style = op.paging.expect("paged").style;
        assert_eq!(p.first_cursor(&style), Cursor::Index(1));
        assert_eq!(p.page_size(&style), Some(DEFAULT_PAGE_SIZE));
    }

    #[test]
    fn force_sends_unknown_actions_but_checks_required_fields_of_known_ones() {
        assert!(Prepared::new("BrandNewAction", None, &flags(&[("X", "1")]), true, false).is_ok());
        let err = Prepared::new(
            "ListChatGroupParticipants",
            Some(participants()),
            &[],
            true,
            false,
        )
        .expect_err("required");
        assert!(err.to_string().contains("--GroupId: required"), "{err}");
    }
}

/// A deserializer's message in the user's words: JSON kinds instead of Rust types
/// (`expected i64` → `expected an integer`, `expected struct Page` → `expected a JSON object`).
pub(crate) fn plain_words(message: &str) -> String {
    const WORDS: [(&str, &str); 16] = [
        ("expected i64", "expected an integer"),
        ("expected i32", "expected an integer"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected a sequence", "expected a JSON list"),
        ("expected a map", "expected a JSON object"),
        ("expected a boolean", "expected true or false"),
        ("expected a string", "expected a string (in quotes)"),
        ("invalid type: integer", "got the number"),
        ("invalid type: floating point", "got the number"),
        ("invalid type: string", "got the string"),
        ("invalid type: sequence", "got a JSON list"),
        ("invalid type: map", "got a JSON object"),
        ("invalid type: boolean", "got the boolean"),
    ];
    let mut out = message.to_owned();
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    // `expected struct Page` / `expected enum Kind`: the Rust type's name means nothing here.
    for (marker, instead) in [
        ("expected struct ", "expected a JSON object"),
        ("expected enum ", "expected one of the documented values"),
    ] {
        while let Some(at) = out.find(marker) {
            let rest = &out[at + marker.len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            out = format!("{}{instead}{}", &out[..at], &rest[end..]);
        }
    }
    out.replace('`', "")
}

#[cfg(test)]
mod plain_words_tests {
    use super::plain_words;

    #[test]
    fn rust_type_names_become_json_words() {
        assert_eq!(
            plain_words("invalid type: string \"x\", expected i64"),
            "got the string \"x\", expected an integer"
        );
        assert_eq!(
            plain_words("invalid type: sequence, expected struct Page"),
            "got a JSON list, expected a JSON object"
        );
        assert_eq!(
            plain_words("invalid type: integer `1`, expected a string"),
            "got the number 1, expected a string (in quotes)"
        );
    }
}
