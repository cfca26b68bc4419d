//! `validate` and `to_params` bodies of a request.

use crate::code::lit;
use crate::metadata::Field;
use crate::names::field_ident;
use crate::types::{Holder, Side, holder, is_shared_page};

/// Statements that report every missing required field of `fields` (read through `base`,
/// named `prefix` + wire name) into the violations `v`, descending into objects and lists.
pub(crate) fn required_checks(
    fields: &[Field],
    base: &str,
    prefix: &str,
    depth: usize,
) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for f in fields {
        let path = format!("{prefix}{}", f.name);
        let access = format!("{base}.{}", field_ident(&f.name));
        let h = holder(f, Side::Request, false)?;
        if f.is_required() {
            out.push(match (&h, f.shape.ty.as_str()) {
                (Holder::AlwaysList(_), _) => {
                    format!(
                        "v.required_items({}, Some({access}.as_slice()));",
                        lit(&path)
                    )
                }
                (_, "string") => format!("v.required_str({}, {access}.as_deref());", lit(&path)),
                (_, "array") => format!("v.required_items({}, {access}.as_deref());", lit(&path)),
                _ => format!("v.required({}, {access}.as_ref());", lit(&path)),
            });
        }
        let var = format!("o{depth}");
        let inner_prefix = format!("{path}.");
        match f.shape.ty.as_str() {
            "object" if !is_shared_page(&f.shape) || has_required(f.shape.object_fields()) => {
                let inner =
                    required_checks(f.shape.object_fields(), &var, &inner_prefix, depth + 1)?;
                if !inner.is_empty() {
                    out.push(format!("if let Some({var}) = &{access} {{"));
                    out.extend(inner);
                    out.push("}".to_owned());
                }
            }
            "array" => {
                let Some(items) = f.shape.items.as_deref() else {
                    continue;
                };
                if items.ty != "object" {
                    continue;
                }
                let inner = required_checks(items.object_fields(), &var, &inner_prefix, depth + 1)?;
                if !inner.is_empty() {
                    let iter = match h {
                        Holder::AlwaysList(_) => format!("&{access}"),
                        Holder::Optional(_) => format!("{access}.iter().flatten()"),
                    };
                    out.push(format!("for {var} in {iter} {{"));
                    out.extend(inner);
                    out.push("}".to_owned());
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn has_required(fields: &[Field]) -> bool {
    fields.iter().any(Field::is_required)
}

/// Statements that push the parameters of `fields` (the top level of a request) into `p`,
/// in metadata order, each in its location.
pub(crate) fn param_pushes(fields: &[Field]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for f in fields {
        let access = format!("self.{}", field_ident(&f.name));
        let name = lit(&f.name);
        let h = holder(f, Side::Request, false)?;
        let value = match (&h, f.shape.ty.as_str()) {
            (Holder::AlwaysList(_), _) if f.is_json() => {
                let loc = location(f);
                out.push(format!(
                    "p.push_to({loc}, {name}, crate::params::to_json(&{access}));"
                ));
                continue;
            }
            (_, _) if f.is_json() => format!("{access}.as_ref().map(crate::params::to_json)"),
            (_, "string") => format!("{access}.as_deref()"),
            (_, "integer" | "long") => format!("{access}.map(|v| v.to_string())"),
            (_, "boolean") => format!("{access}.map(crate::params::bool_str)"),
            _ => {
                return Err(format!(
                    "{}: a {} sent without JSON style",
                    f.name, f.shape.ty
                ));
            }
        };
        out.push(format!("p.push_opt_to({}, {name}, {value});", location(f)));
    }
    Ok(out)
}

fn location(f: &Field) -> &'static str {
    if f.in_body() {
        "crate::Location::Body"
    } else {
        "crate::Location::Query"
    }
}
