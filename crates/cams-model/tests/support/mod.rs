//! Shared by the integration tests: requests by action name from wire-named JSON, the
//! inverse of `to_params`, and an independent reading of the API's required-field rules.
#![allow(dead_code)]

use cams_catalog::dynamic::{self, DynOperation};
use cams_catalog::{self as catalog, ParamInfo, ParamKind};
use cams_model::Params;
use serde_json::{Map, Value};

/// API field name → JSON value, as in a capture row's `inputs`.
pub(crate) type Inputs = Map<String, Value>;

/// The request of `action` from wire-named inputs.
pub(crate) fn build(action: &str, inputs: &Inputs) -> Result<Box<dyn DynOperation>, String> {
    dynamic::request_from_json(action, &Value::Object(inputs.clone())).map_err(|e| e.to_string())
}

fn param<'a>(action: &str, name: &str) -> Option<&'a ParamInfo> {
    catalog::find(action)?
        .params
        .iter()
        .find(|p| p.name == name)
}

/// Turns parameters back into wire-named JSON inputs: numbers and booleans by the catalog's
/// kinds, JSON-string parameters parsed. The inverse of `to_params`.
pub(crate) fn params_to_inputs(action: &str, params: &Params<'_>) -> Result<Inputs, String> {
    let mut out = Inputs::new();
    for (name, value) in params.iter() {
        let info =
            param(action, name).ok_or_else(|| format!("{name}: not a parameter of {action}"))?;
        let v = if info.json {
            serde_json::from_str(value).map_err(|e| format!("{name}={value}: {e}"))?
        } else {
            match info.kind {
                ParamKind::Integer | ParamKind::Long => Value::from(
                    value
                        .parse::<i64>()
                        .map_err(|e| format!("{name}={value}: {e}"))?,
                ),
                ParamKind::Boolean => Value::from(
                    value
                        .parse::<bool>()
                        .map_err(|e| format!("{name}={value}: {e}"))?,
                ),
                _ => Value::from(value),
            }
        };
        if out.insert(name.to_owned(), v).is_some() {
            return Err(format!("{name} sent twice"));
        }
    }
    Ok(out)
}

/// Whether `action`'s parameter `name` is a boolean (compared case-insensitively on the wire).
pub(crate) fn is_boolean(action: &str, name: &str) -> bool {
    param(action, name).is_some_and(|p| p.kind == ParamKind::Boolean && !p.json)
}

/// The `X: required` lines the inputs should cause, worked out from the catalog, not the
/// generated validation: a required field missing (or a blank string, an empty list) at the
/// top level, or inside any object or list item that is present.
pub(crate) fn expected_violations(action: &str, inputs: &Inputs) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(op) = catalog::find(action) {
        walk(op.params, Some(inputs), "", &mut out);
    }
    out
}

fn walk(
    params: &[ParamInfo],
    obj: Option<&Map<String, Value>>,
    prefix: &str,
    out: &mut Vec<String>,
) {
    for p in params {
        let path = format!("{prefix}{}", p.name);
        let value = obj.and_then(|o| o.get(p.name)).filter(|v| !v.is_null());
        let blank = match value {
            None => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            Some(_) => false,
        };
        let line = format!("{path}: required");
        if p.required && blank && !out.contains(&line) {
            out.push(line);
        }
        let inner = format!("{path}.");
        match (p.kind, value) {
            (ParamKind::Object, Some(Value::Object(o))) => walk(p.fields, Some(o), &inner, out),
            (ParamKind::Array, Some(Value::Array(items))) => {
                for item in items {
                    if let Value::Object(o) = item {
                        walk(p.fields, Some(o), &inner, out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Removes every empty list, at any depth: a missing list of objects and `[]` count the same.
pub(crate) fn without_empty_lists(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::Object(
            o.iter()
                .filter(|(_, v)| !matches!(v, Value::Array(a) if a.is_empty()))
                .map(|(k, v)| (k.clone(), without_empty_lists(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_empty_lists).collect()),
        other => other.clone(),
    }
}
