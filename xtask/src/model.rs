//! One `cams-model` file per operation: request, builder, nested types, response, `Operation`
//! and `Paginated` impls.

use crate::checks::{param_pushes, required_checks};
use crate::code::{Code, lit};
use crate::metadata::{Field, Operation};
use crate::names::{field_ident, humanize};
use crate::paging::Classified;
use crate::setters::setters;
use crate::types::{Holder, Side, StructDef, check_unique_idents, holder, nested_structs};

/// The Rust names of an operation's request, builder and response.
pub(crate) fn type_names(action: &str) -> (String, String, String) {
    (
        format!("{action}Request"),
        format!("{action}RequestBuilder"),
        format!("{action}Response"),
    )
}

/// The source of one operation's file (before formatting).
pub(crate) fn operation_file(op: &Operation, paging: &Classified<'_>) -> Result<String, String> {
    let (req, builder, resp) = type_names(&op.action);
    let mut c = Code::default();
    c.inner_doc(
        &format!("`{}`: {} ({}).", op.action, humanize(&op.action), op.family),
        None,
    );
    c.line("");

    let example = example_doc(op, &req);
    emit_struct(
        &mut c,
        &req,
        &format!(
            "Request of `{}`. Build it with [`{req}::builder`].",
            op.action
        ),
        example.as_deref(),
        &op.request,
        Side::Request,
        false,
    )?;
    c.line(format!("impl {req} {{"));
    c.line("/// A builder with nothing set.");
    c.line(format!(
        "pub fn builder() -> {builder} {{ {builder}::default() }}"
    ));
    c.line("}");
    c.line(format!(
        "/// Builder of [`{req}`]. `build` never fails: validation is a separate step \
         ([`Operation::validate`](crate::Operation::validate)) that the client runs before sending."
    ));
    c.line("#[derive(Debug, Clone, Default)]");
    c.line(format!(
        "pub struct {builder} {{ pub(crate) inner: {req} }}"
    ));
    c.line(format!("impl {builder} {{"));
    emit_setters(&mut c, &op.request, "self.inner")?;
    c.line("/// The request, as set. Never fails; see [`Operation::validate`](crate::Operation::validate).");
    c.line(format!("pub fn build(self) -> {req} {{ self.inner }}"));
    c.line("}");

    let mut nested = Vec::new();
    nested_structs(&op.request, "", &mut nested);
    for s in &nested {
        emit_nested(&mut c, s, Side::Request)?;
        c.line(format!("impl {} {{", s.name));
        emit_setters(&mut c, s.fields, "self")?;
        c.line("}");
    }

    emit_operation(&mut c, op, &req, &resp)?;
    if let Classified::Pages(p) = paging {
        p.emit_impl(&mut c, &req)?;
    }

    emit_struct(
        &mut c,
        &resp,
        &format!(
            "Response of `{}`. Missing fields are `None`, unknown fields ignored.",
            op.action
        ),
        None,
        &op.response,
        Side::Response,
        true,
    )?;
    emit_service_response(&mut c, op, &resp);
    let mut nested = Vec::new();
    nested_structs(&op.response, "", &mut nested);
    for s in &nested {
        emit_nested(&mut c, s, Side::Response)?;
    }
    Ok(c.0)
}

fn emit_nested(c: &mut Code, s: &StructDef<'_>, side: Side) -> Result<(), String> {
    let what = match side {
        Side::Request => "Build it with `default()` and the setters.",
        Side::Response => "Missing fields are `None`, unknown fields ignored.",
    };
    emit_struct(
        c,
        &s.name,
        &format!("`{}`. {what}", s.path),
        None,
        s.fields,
        side,
        false,
    )
}

/// A doctest-free usage line for the request docs.
fn example_doc(op: &Operation, req: &str) -> Option<String> {
    let first = op
        .request
        .iter()
        .find(|f| f.is_required() && f.shape.ty == "string")?;
    Some(format!(
        "Required fields have setters like `{req}::builder().{}(\"…\")`.",
        field_ident(&first.name)
    ))
}

fn emit_struct(
    c: &mut Code,
    name: &str,
    heading: &str,
    more: Option<&str>,
    fields: &[Field],
    side: Side,
    top_response: bool,
) -> Result<(), String> {
    check_unique_idents(name, fields)?;
    c.doc(heading, more);
    c.line("#[derive(Debug, Clone, Default, PartialEq)]");
    c.line("#[non_exhaustive]");
    c.line(format!("pub struct {name} {{"));
    let mut holders = Vec::with_capacity(fields.len());
    for f in fields {
        let h = holder(f, side, top_response)?;
        let required = if side == Side::Request && f.is_required() {
            " (required)"
        } else {
            ""
        };
        c.doc(
            &format!("`{}`{required}.", f.name),
            f.description.as_deref(),
        );
        c.line(format!("pub {}: {},", field_ident(&f.name), h.full()));
        holders.push((f, h));
    }
    c.line("}");
    // The direction a program needs is always there; the other is a feature, because this
    // code is most of the crate's build time (docs/benchmarks.md, build weight).
    let (ser, de) = match side {
        Side::Request => (None, Some("serde-deserialize")),
        Side::Response => (Some("serde-serialize"), None),
    };
    emit_serialize(c, name, &holders, ser);
    emit_deserialize(c, name, &holders, side == Side::Request, de);
    Ok(())
}

fn cfg_line(c: &mut Code, feature: Option<&str>) {
    if let Some(f) = feature {
        c.line(format!("#[cfg(feature = {})]", lit(f)));
    }
}

/// `Serialize` with the wire names, unset fields left out (the JSON the official SDK writes).
fn emit_serialize(c: &mut Code, name: &str, fields: &[(&Field, Holder)], feature: Option<&str>) {
    cfg_line(c, feature);
    c.line(format!("impl serde::Serialize for {name} {{"));
    c.line("fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {");
    c.line("use serde::ser::SerializeMap as _;");
    let m = if fields.is_empty() { "m" } else { "mut m" };
    c.line(format!("let {m} = s.serialize_map(None)?;"));
    for (f, h) in fields {
        let key = lit(&f.name);
        let ident = field_ident(&f.name);
        c.line(match h {
            Holder::Optional(_) => format!("crate::wire::opt(&mut m, {key}, &self.{ident})?;"),
            Holder::AlwaysList(_) => format!("m.serialize_entry({key}, &self.{ident})?;"),
        });
    }
    c.line("m.end()");
    c.line("}");
    c.line("}");
}

/// `Deserialize` through `cams_model::wire::Fields`: one `match` over the wire names.
fn emit_deserialize(
    c: &mut Code,
    name: &str,
    fields: &[(&Field, Holder)],
    strict: bool,
    feature: Option<&str>,
) {
    cfg_line(c, feature);
    c.line(format!("impl<'de> serde::Deserialize<'de> for {name} {{"));
    c.line("fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> { crate::wire::object(d) }");
    c.line("}");
    cfg_line(c, feature);
    c.line(format!("impl crate::wire::Fields for {name} {{"));
    c.line(format!("const NAME: &'static str = {};", lit(name)));
    let keys: Vec<String> = fields.iter().map(|(f, _)| lit(&f.name)).collect();
    c.line(format!(
        "const KEYS: &'static [&'static str] = &[{}];",
        keys.join(", ")
    ));
    c.line(format!("const STRICT: bool = {strict};"));
    let map = if fields.is_empty() { "_map" } else { "map" };
    c.line(format!(
        "fn read<'de, A: serde::de::MapAccess<'de>>(&mut self, key: &str, {map}: &mut A) -> Result<bool, A::Error> {{"
    ));
    if fields.is_empty() {
        c.line("let _ = key;");
        c.line("Ok(false)");
    } else {
        c.line("match key {");
        for (f, h) in fields {
            let ident = field_ident(&f.name);
            c.line(match h {
                Holder::Optional(_) => {
                    format!("{} => self.{ident} = map.next_value()?,", lit(&f.name))
                }
                Holder::AlwaysList(_) => format!(
                    "{} => self.{ident} = crate::wire::list(map)?,",
                    lit(&f.name)
                ),
            });
        }
        c.line("_ => return Ok(false),");
        c.line("}");
        c.line("Ok(true)");
    }
    c.line("}");
    c.line("}");
}

fn emit_setters(c: &mut Code, fields: &[Field], target: &str) -> Result<(), String> {
    for s in setters(fields)? {
        c.doc(&s.doc, None);
        c.line(format!(
            "pub fn {}(mut self, {}) -> Self {{ {target}.{} = {}; self }}",
            s.name, s.params, s.field, s.value
        ));
    }
    Ok(())
}

fn emit_operation(c: &mut Code, op: &Operation, req: &str, resp: &str) -> Result<(), String> {
    let a = &op.action;
    c.line(format!("impl crate::Operation for {req} {{"));
    c.line(format!("const ACTION: &'static str = {};", lit(a)));
    c.line(format!(
        "const RAM_ACTION: &'static str = {};",
        lit(&format!("cams:{a}"))
    ));
    c.line(format!("const IDEMPOTENT: bool = {};", op.idempotent));
    c.line(format!("type Output = {resp};"));
    let checks = required_checks(&op.request, "self", "", 0)?;
    c.line("fn validate(&self) -> Result<(), crate::ValidationError> {");
    if checks.is_empty() {
        c.line("crate::error::Violations::default().finish()");
    } else {
        c.line("let mut v = crate::error::Violations::default();");
        for l in checks {
            c.line(l);
        }
        c.line("v.finish()");
    }
    c.line("}");
    let pushes = param_pushes(&op.request)?;
    c.line("fn to_params(&self) -> crate::Params<'_> {");
    if pushes.is_empty() {
        c.line("crate::Params::default()");
    } else {
        c.line(format!(
            "let mut p = crate::Params::with_capacity({});",
            pushes.len()
        ));
        for l in pushes {
            c.line(l);
        }
        c.line("p");
    }
    c.line("}");
    c.line("}");
    Ok(())
}

/// `ServiceResponse` over the common fields the response has (`None` for the others).
fn emit_service_response(c: &mut Code, op: &Operation, resp: &str) {
    let has = |name: &str| op.response.iter().any(|f| f.name == name);
    let str_field = |name: &str| {
        if has(name) {
            format!("self.{}.as_deref()", field_ident(name))
        } else {
            "None".to_owned()
        }
    };
    c.line(format!("impl crate::ServiceResponse for {resp} {{"));
    c.line(format!(
        "fn request_id(&self) -> Option<&str> {{ {} }}",
        str_field("RequestId")
    ));
    c.line(format!(
        "fn code(&self) -> Option<&str> {{ {} }}",
        str_field("Code")
    ));
    c.line(format!(
        "fn message(&self) -> Option<&str> {{ {} }}",
        str_field("Message")
    ));
    let success = if has("Success") {
        "self.success"
    } else {
        "None"
    };
    c.line(format!("fn success(&self) -> Option<bool> {{ {success} }}"));
    let detail = if has("AccessDeniedDetail") {
        "self.access_denied_detail.as_ref()"
    } else {
        "None"
    };
    c.line(format!(
        "fn access_denied_detail(&self) -> Option<&crate::AccessDeniedDetail> {{ {detail} }}"
    ));
    c.line("}");
}
