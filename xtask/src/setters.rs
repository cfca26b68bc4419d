//! The setters of a request struct, shared by the model's builders and the client's fluent builders.

use crate::metadata::Field;
use crate::names::{bare, field_ident, summary};
use crate::types::{Holder, Side, holder};

/// One setter: `pub fn {name}(mut self, {params}) -> Self`, which assigns `{value}` to `{field}`.
#[derive(Debug)]
pub(crate) struct Setter {
    pub(crate) name: String,
    pub(crate) params: String,
    pub(crate) args: String,
    pub(crate) field: String,
    pub(crate) value: String,
    pub(crate) doc: String,
}

/// Names the builders use for themselves.
const RESERVED: [&str; 9] = [
    "new",
    "with_options",
    "build",
    "builder",
    "send",
    "as_request",
    "into_paginator",
    "validate",
    "to_params",
];

/// The setters of `fields`: `x(value)` sets a field, `set_x(Option)` sets or clears it.
pub(crate) fn setters(fields: &[Field]) -> Result<Vec<Setter>, String> {
    let mut out = Vec::new();
    for f in fields {
        let ident = field_ident(&f.name);
        let name = bare(&ident);
        if RESERVED.contains(&name) {
            return Err(format!("{}: a setter would be named {name}", f.name));
        }
        let required = if f.is_required() { " (required)" } else { "" };
        let about = f.description.as_deref().map(summary).unwrap_or_default();
        let doc = format!("Sets `{}`{required}. {about}", f.name);
        let h = holder(f, Side::Request, false)?;
        let (set, t) = match &h {
            Holder::Optional(t) if t == "String" => (
                Setter {
                    name: ident.clone(),
                    params: "value: impl Into<String>".to_owned(),
                    args: "value".to_owned(),
                    field: ident.clone(),
                    value: "Some(value.into())".to_owned(),
                    doc: doc.clone(),
                },
                t.clone(),
            ),
            Holder::Optional(t) if t == "crate::Page" => (
                Setter {
                    name: ident.clone(),
                    params: "index: i64, size: i64".to_owned(),
                    args: "index, size".to_owned(),
                    field: ident.clone(),
                    value: "Some(crate::Page::new(index, size))".to_owned(),
                    doc: format!(
                        "Sets `{}` to `{{Index: index, Size: size}}`{required}.",
                        f.name
                    ),
                },
                "crate::Page".to_owned(),
            ),
            Holder::Optional(t) => (
                Setter {
                    name: ident.clone(),
                    params: format!("value: {t}"),
                    args: "value".to_owned(),
                    field: ident.clone(),
                    value: "Some(value)".to_owned(),
                    doc: doc.clone(),
                },
                t.clone(),
            ),
            Holder::AlwaysList(t) => (
                Setter {
                    name: ident.clone(),
                    params: format!("value: Vec<{t}>"),
                    args: "value".to_owned(),
                    field: ident.clone(),
                    value: "value".to_owned(),
                    doc: doc.clone(),
                },
                format!("Vec<{t}>"),
            ),
        };
        let clear = match &h {
            Holder::AlwaysList(_) => "value.unwrap_or_default()",
            Holder::Optional(_) => "value",
        };
        out.push(set);
        out.push(Setter {
            name: format!("set_{name}"),
            params: format!("value: Option<{t}>"),
            args: "value".to_owned(),
            field: ident.clone(),
            value: clear.to_owned(),
            doc: format!("Sets or clears `{}`.", f.name),
        });
    }
    Ok(out)
}

impl Setter {
    /// The setter's type with `crate::` paths as seen from another crate.
    pub(crate) fn params_outside(&self) -> String {
        self.params.replace("crate::", "cams_model::")
    }
}
