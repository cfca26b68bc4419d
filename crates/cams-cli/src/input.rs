//! `--<Param> <value>` flags turned into the operation's inputs: each value parsed by the
//! parameter's type from the metadata (JSON text for objects and lists), every fault a usage
//! error naming the flag.

use crate::error::CliError;
use crate::strict_json::JsonFault;
use crate::suggest::did_you_mean;
use cams_catalog::{OperationInfo, ParamInfo, ParamKind};
use clap::CommandFactory;
use serde_json::{Map, Value};

/// A parameter's type as help shows it.
pub(crate) fn kind_label(param: &ParamInfo) -> String {
    let fields = || {
        let names: Vec<&str> = param.fields.iter().map(|f| f.name).collect();
        if names.is_empty() {
            String::new()
        } else {
            format!(" {{{}}}", names.join(", "))
        }
    };
    match param.kind {
        ParamKind::String => "string".to_owned(),
        ParamKind::Integer => "integer".to_owned(),
        ParamKind::Long => "long".to_owned(),
        ParamKind::Boolean => "boolean".to_owned(),
        ParamKind::Object => format!("JSON object{}", fields()),
        ParamKind::Array => match param.fields.is_empty() {
            true => "JSON list".to_owned(),
            false => format!("JSON list of objects{}", fields()),
        },
        ParamKind::Map => "JSON map".to_owned(),
        ParamKind::Any => "JSON".to_owned(),
    }
}

/// One flag's value as the JSON the typed request reads.
pub(crate) fn parse_value(param: &ParamInfo, text: &str) -> Result<Value, CliError> {
    let flag = param.name;
    match param.kind {
        ParamKind::String => Ok(Value::String(text.to_owned())),
        ParamKind::Integer | ParamKind::Long => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| CliError::usage(format!("--{flag}: {text:?} is not an integer"))),
        ParamKind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(CliError::usage(format!(
                "--{flag}: {text:?} is not a boolean (true or false)"
            ))),
        },
        ParamKind::Object | ParamKind::Array | ParamKind::Map | ParamKind::Any => {
            let value = crate::strict_json::parse(text).map_err(|fault| match fault {
                JsonFault::DuplicateKey(key) => CliError::usage(format!(
                    "--{flag}: key {key:?} is given more than once; give each key once"
                )),
                JsonFault::Malformed(e) => CliError::usage(format!(
                    "--{flag}: malformed JSON ({e}); expected {}",
                    kind_label(param)
                )),
            })?;
            let fits = match param.kind {
                ParamKind::Object | ParamKind::Map => value.is_object(),
                ParamKind::Array => value.is_array(),
                _ => true,
            };
            if !fits {
                return Err(CliError::usage(format!(
                    "--{flag}: expected {}, got {}",
                    kind_label(param),
                    json_kind(&value)
                )));
            }
            Ok(value)
        }
    }
}

/// What a JSON value is, in words.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a JSON list",
        Value::Object(_) => "a JSON object",
    }
}

/// The inputs of `op` from its flags, in the order given; an unknown or repeated flag is a
/// usage error naming it, with the closest parameter names.
pub(crate) fn inputs(op: &OperationInfo, flags: &[(String, String)]) -> Result<Value, CliError> {
    let mut out = Map::new();
    for (name, text) in flags {
        let Some(param) = op.params.iter().find(|p| p.name == name.as_str()) else {
            let global = crate::cli::Cli::command()
                .get_arguments()
                .filter_map(|a| a.get_long())
                .find(|l| l.eq_ignore_ascii_case(name))
                .map(str::to_owned);
            if let Some(global) = global {
                return Err(CliError::usage(format!(
                    "--{name}: {} has no such parameter; did you mean the flag --{global}?",
                    op.action
                )));
            }
            return Err(CliError::usage(format!(
                "--{name}: {} has no such parameter{} (see `cams {} --help`; --force sends it anyway)",
                op.action,
                did_you_mean(name, op.params.iter().map(|p| p.name), "--"),
                op.action
            )));
        };
        if out.contains_key(param.name) {
            return Err(CliError::usage(format!("--{name}: given more than once")));
        }
        out.insert(param.name.to_owned(), parse_value(param, text)?);
    }
    Ok(Value::Object(out))
}

/// The flag a faulty input path names: its first segment (`Page.Index` → `--Page`).
pub(crate) fn flag_of_path(path: &str) -> String {
    let head = path
        .split(['.', '['])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or(path);
    format!("--{head}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(action: &str) -> &'static OperationInfo {
        cams_catalog::find(action).expect("in the catalog")
    }

    fn flags(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn values_are_read_by_their_type() {
        let got = inputs(
            op("ListChatGroupParticipants"),
            &flags(&[
                ("GroupId", "G1"),
                ("Page", r#"{"Index":2,"Size":5}"#),
                ("OwnerId", "42"),
            ]),
        )
        .expect("valid");
        assert_eq!(
            got,
            serde_json::json!({"GroupId": "G1", "Page": {"Index": 2, "Size": 5}, "OwnerId": 42})
        );
    }

    #[test]
    fn bad_values_and_unknown_flags_name_the_flag() {
        let op = op("ListChatGroupParticipants");
        for (pairs, want) in [
            (
                flags(&[("OwnerId", "abc")]),
                "--OwnerId: \"abc\" is not an integer",
            ),
            (flags(&[("Page", "{Index:1")]), "--Page: malformed JSON"),
            (flags(&[("GroupIdd", "x")]), "did you mean --GroupId"),
            (
                flags(&[("GroupId", "a"), ("GroupId", "b")]),
                "--GroupId: given more than once",
            ),
            (
                flags(&[("Page", "[2,1]")]),
                "--Page: expected JSON object {Index, Size}, got a JSON list",
            ),
            (
                flags(&[("Page", r#"{"Index":1,"Index":2}"#)]),
                "--Page: key \"Index\" is given more than once",
            ),
        ] {
            let err = inputs(op, &pairs).expect_err(want);
            assert!(err.to_string().contains(want), "{err} lacks {want}");
            assert_eq!(err.exit_code(), 2);
        }
    }

    #[test]
    fn a_fault_path_names_its_top_level_flag() {
        assert_eq!(flag_of_path("Page.Index"), "--Page");
        assert_eq!(flag_of_path("List[0].ParticipantNumber"), "--List");
        assert_eq!(flag_of_path("GroupId"), "--GroupId");
    }
}
