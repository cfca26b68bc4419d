//! Catalog entries built from metadata JSON, for the unit tests of the schema-shaped answers
//! (leaked, as the generated tables are `'static`).

use cams_catalog::{Location, ParamInfo, ParamKind, ResponseField, ResponseShape};
use serde_json::Value;

fn leak<T>(items: Vec<T>) -> &'static [T] {
    Vec::leak(items)
}

fn text(s: &str) -> &'static str {
    String::leak(s.to_owned())
}

fn kind(ty: &str) -> ParamKind {
    match ty {
        "string" => ParamKind::String,
        "integer" => ParamKind::Integer,
        "long" => ParamKind::Long,
        "boolean" => ParamKind::Boolean,
        "object" => ParamKind::Object,
        "array" => ParamKind::Array,
        "map" => ParamKind::Map,
        _ => ParamKind::Any,
    }
}

fn shape_of(v: &Value) -> ResponseShape {
    let nested = |v: &Value| (!v.is_null()).then(|| &*Box::leak(Box::new(shape_of(v))));
    ResponseShape {
        kind: kind(v["type"].as_str().unwrap_or("any")),
        example: v["example"].as_str().map(text),
        fields: fields_of(&v["fields"]),
        items: nested(&v["items"]),
        values: nested(&v["values"]),
    }
}

fn fields_of(v: &Value) -> &'static [ResponseField] {
    let list = v.as_array().map(Vec::as_slice).unwrap_or_default();
    leak(
        list.iter()
            .map(|f| ResponseField {
                name: text(f["name"].as_str().unwrap_or_default()),
                shape: shape_of(f),
            })
            .collect(),
    )
}

/// A response shape from its metadata JSON (`{"type":"long","example":"5"}`).
pub(crate) fn shape(json: &str) -> ResponseShape {
    shape_of(&serde_json::from_str(json).expect("shape JSON"))
}

/// Response fields from their metadata JSON (`[{"name":"Items","type":"array"}]`).
pub(crate) fn fields(json: &str) -> &'static [ResponseField] {
    fields_of(&serde_json::from_str(json).expect("fields JSON"))
}

/// Top-level request parameters from their metadata JSON (`[{"name":"Page"}]`).
pub(crate) fn params(json: &str) -> &'static [ParamInfo] {
    let list: Value = serde_json::from_str(json).expect("params JSON");
    let list = list.as_array().map(Vec::as_slice).unwrap_or_default();
    leak(
        list.iter()
            .map(|p| ParamInfo {
                name: text(p["name"].as_str().unwrap_or_default()),
                kind: kind(p["type"].as_str().unwrap_or("string")),
                json: false,
                required: p["required"] == true,
                location: Location::Query,
                description: "",
                fields: &[],
            })
            .collect(),
    )
}
