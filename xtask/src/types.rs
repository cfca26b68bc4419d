//! Rust types of metadata shapes, and the structs an operation needs.

use crate::metadata::{Field, Shape};
use crate::names::{field_ident, struct_name};

/// Which side of the call a struct is on: requests refuse unknown fields, responses ignore them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Request,
    Response,
}

/// Whether an object is the `{Index, Size}` page of 64-bit numbers the hand-written
/// `cams_model::Page` models (shared by every operation that has one).
pub(crate) fn is_shared_page(shape: &Shape) -> bool {
    let names: Vec<(&str, &str)> = shape
        .object_fields()
        .iter()
        .map(|f| (f.name.as_str(), f.shape.ty.as_str()))
        .collect();
    shape.ty == "object" && names == [("Index", "long"), ("Size", "long")]
}

/// The Rust type of a value of `shape` on `side`. A response's strings are `CompactString`:
/// most (numbers, ids, codes, names) fit its 24 inline bytes, so reading a page allocates once per
/// list instead of once per string (docs/benchmarks.md, allocations).
pub(crate) fn shape_type(shape: &Shape, side: Side) -> Result<String, String> {
    Ok(match shape.ty.as_str() {
        "string" => match side {
            Side::Request => "String".to_owned(),
            Side::Response => "crate::CompactString".to_owned(),
        },
        "integer" => "i32".to_owned(),
        "long" => "i64".to_owned(),
        "boolean" => "bool".to_owned(),
        "any" => "serde_json::Value".to_owned(),
        "object" if is_shared_page(shape) => "crate::Page".to_owned(),
        "object" => struct_name(shape.model.as_deref().ok_or("object without a model")?),
        "array" => format!(
            "Vec<{}>",
            shape_type(shape.items.as_deref().ok_or("array without items")?, side)?
        ),
        "map" => format!(
            "std::collections::BTreeMap<String, {}>",
            shape_type(shape.values.as_deref().ok_or("map without values")?, side)?
        ),
        other => return Err(format!("unknown type {other}")),
    })
}

/// How a field is held in its struct.
#[derive(Debug, Clone)]
pub(crate) enum Holder {
    /// `Option<T>`: absent when unset.
    Optional(String),
    /// `Vec<T>` of a list of objects the SDK always writes (`[]` when unset).
    AlwaysList(String),
}

impl Holder {
    /// The field's full type.
    pub(crate) fn full(&self) -> String {
        match self {
            Holder::Optional(t) => format!("Option<{t}>"),
            Holder::AlwaysList(t) => format!("Vec<{t}>"),
        }
    }
}

/// The fields every gateway answer has keep one type whatever an operation's metadata says
/// (two operations declare `Code` a number, yet answer `"OK"`, which the SDK keeps).
pub(crate) fn envelope_type(name: &str) -> Option<&'static str> {
    match name {
        "RequestId" | "Code" | "Message" => Some("crate::CompactString"),
        "Success" => Some("bool"),
        "AccessDeniedDetail" => Some("crate::AccessDeniedDetail"),
        _ => None,
    }
}

/// How `field` is held; `top_response` marks the top level of a response, where
/// `AccessDeniedDetail` takes the shared type that also reads RAM denial objects.
pub(crate) fn holder(field: &Field, side: Side, top_response: bool) -> Result<Holder, String> {
    if top_response {
        if let Some(ty) = envelope_type(&field.name) {
            return Ok(Holder::Optional(ty.to_owned()));
        }
    }
    if field.always_emitted {
        let items = field
            .shape
            .items
            .as_deref()
            .ok_or_else(|| format!("{}: always emitted but not an array", field.name))?;
        return Ok(Holder::AlwaysList(shape_type(items, side)?));
    }
    shape_type(&field.shape, side)
        .map(Holder::Optional)
        .map_err(|e| format!("{}: {e}", field.name))
}

/// One struct to declare: its name, where it is used, and its fields.
#[derive(Debug)]
pub(crate) struct StructDef<'m> {
    pub(crate) name: String,
    pub(crate) path: String,
    pub(crate) fields: &'m [Field],
}

/// Every struct the fields need (objects at any depth), each once, outermost first.
pub(crate) fn nested_structs<'m>(fields: &'m [Field], prefix: &str, out: &mut Vec<StructDef<'m>>) {
    for f in fields {
        collect_shape(&f.shape, &format!("{prefix}{}", f.name), out);
    }
}

fn collect_shape<'m>(shape: &'m Shape, path: &str, out: &mut Vec<StructDef<'m>>) {
    match shape.ty.as_str() {
        "object" if !is_shared_page(shape) => {
            if let Some(model) = &shape.model {
                let name = struct_name(model);
                if !out.iter().any(|s| s.name == name) {
                    out.push(StructDef {
                        name,
                        path: path.to_owned(),
                        fields: shape.object_fields(),
                    });
                }
            }
            nested_structs(shape.object_fields(), &format!("{path}."), out);
        }
        "array" => {
            if let Some(items) = &shape.items {
                collect_shape(items, path, out);
            }
        }
        "map" => {
            if let Some(values) = &shape.values {
                collect_shape(values, path, out);
            }
        }
        _ => {}
    }
}

/// Refuses two fields of one struct with the same Rust name.
pub(crate) fn check_unique_idents(owner: &str, fields: &[Field]) -> Result<(), String> {
    let mut seen: Vec<String> = Vec::new();
    for f in fields {
        let ident = field_ident(&f.name);
        if seen.contains(&ident) {
            return Err(format!("{owner}: two fields named {ident}"));
        }
        seen.push(ident);
    }
    Ok(())
}
