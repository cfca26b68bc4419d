//! The crate-wide generated files: the module list, the catalog table, the response shapes and the
//! dynamic dispatch table.

use crate::code::{Code, lit};
use crate::metadata::{Field, Operation, Shape};
use crate::model::type_names;
use crate::names::humanize;
use crate::paging::Classified;

/// `operations/mod.rs`: one module per operation, everything re-exported.
pub(crate) fn operations_mod(ops: &[Operation]) -> String {
    let mut c = Code::default();
    c.inner_doc("Every operation of CAMS 2020-06-06, one module each (request, builder, nested types, response).", None);
    for op in ops {
        c.line(format!("pub mod {};", op.name));
    }
    for op in ops {
        c.line(format!("pub use {}::*;", op.name));
    }
    c.0
}

fn kind(shape: &Shape) -> &'static str {
    match shape.ty.as_str() {
        "integer" => "ParamKind::Integer",
        "long" => "ParamKind::Long",
        "boolean" => "ParamKind::Boolean",
        "object" => "ParamKind::Object",
        "array" => "ParamKind::Array",
        "map" => "ParamKind::Map",
        "any" => "ParamKind::Any",
        _ => "ParamKind::String",
    }
}

/// The members shown under a parameter: an object's fields, or those of its list items or map values.
fn members(shape: &Shape) -> &[Field] {
    match shape.ty.as_str() {
        "array" => shape.items.as_deref().map_or(&[], members),
        "map" => shape.values.as_deref().map_or(&[], members),
        _ => shape.object_fields(),
    }
}

fn param_info(f: &Field, location: &str) -> String {
    let location = if f.location.is_some() {
        if f.in_body() {
            "Location::Body"
        } else {
            "Location::Query"
        }
    } else {
        location
    };
    let fields: Vec<String> = members(&f.shape)
        .iter()
        .map(|m| param_info(m, location))
        .collect();
    format!(
        "ParamInfo {{ name: {}, kind: {}, json: {}, required: {}, location: {location}, description: {}, fields: &[{}] }}",
        lit(&f.name),
        kind(&f.shape),
        f.is_json(),
        f.is_required(),
        lit(f.description.as_deref().unwrap_or("")),
        fields.join(", ")
    )
}

/// `catalog/table.rs`: every operation's name, family, parameters and paging, sorted by action.
pub(crate) fn catalog_table(ops: &[Operation], paging: &[Classified<'_>]) -> String {
    let mut c = Code::default();
    c.inner_doc(
        "The table behind [`operations`](crate::operations), sorted by action.",
        None,
    );
    c.line("use crate::{Location, OperationInfo, PagingInfo, PagingStyle, ParamInfo, ParamKind};");
    c.line("/// Every operation, sorted by action.");
    c.line("pub(super) static OPERATIONS: &[OperationInfo] = &[");
    for (op, p) in ops.iter().zip(paging) {
        let params: Vec<String> = op
            .request
            .iter()
            .map(|f| param_info(f, "Location::Query"))
            .collect();
        let paging = match p {
            Classified::Pages(p) => p.info(),
            _ => "None".to_owned(),
        };
        c.line(format!(
            "OperationInfo {{ action: {}, family: {}, description: {}, idempotent: {}, paging: {paging}, params: &[{}] }},",
            lit(&op.action),
            lit(&op.family),
            lit(&format!("{}.", humanize(&op.action))),
            op.idempotent,
            params.join(", ")
        ));
    }
    c.line("];");
    c.0
}

/// `shapes.rs`: every operation's response body, sorted by action. The members of each object
/// are a static of their own, named after the operation, so that nesting stays shallow enough
/// for rustfmt.
pub(crate) fn shapes_table(ops: &[Operation]) -> String {
    let mut c = Code::default();
    c.inner_doc(
        "The table behind [`OperationInfo::response`](crate::OperationInfo::response), sorted by action.",
        None,
    );
    c.line("use crate::{ParamKind, ResponseField, ResponseShape};");
    c.line("/// Each operation's action and the top-level fields of its response body, sorted by action.");
    c.line("pub(super) static RESPONSES: &[(&str, &[ResponseField])] = &[");
    for op in ops {
        c.line(format!(
            "({}, {}),",
            lit(&op.action),
            op.name.to_uppercase()
        ));
    }
    c.line("];");
    for op in ops {
        let mut statics = ShapeStatics {
            code: &mut c,
            action: &op.action,
            prefix: op.name.to_uppercase(),
            count: 0,
        };
        statics.fields(&op.response, None);
    }
    c.0
}

/// Writes the member statics of one operation's response.
struct ShapeStatics<'a> {
    code: &'a mut Code,
    action: &'a str,
    prefix: String,
    count: usize,
}

impl ShapeStatics<'_> {
    /// Writes a static holding `fields`, the members of the object at `path` (the body itself
    /// when `None`), and the statics of their own objects; returns its name.
    fn fields(&mut self, fields: &[Field], path: Option<&str>) -> String {
        let name = match self.count {
            0 => self.prefix.clone(),
            n => format!("{}_{n}", self.prefix),
        };
        self.count += 1;
        let members: Vec<String> = fields
            .iter()
            .map(|f| {
                let path = path.map_or_else(|| f.name.clone(), |p| format!("{p}.{}", f.name));
                format!(
                    "ResponseField {{ name: {}, shape: {} }}",
                    lit(&f.name),
                    self.shape(&f.shape, &path)
                )
            })
            .collect();
        let heading = match path {
            None => format!("`{}`: the fields of the response body.", self.action),
            Some(p) => format!("`{}`: the members of `{p}`.", self.action),
        };
        self.code.doc(&heading, None);
        self.code.line(format!(
            "static {name}: &[ResponseField] = &[{}];",
            members.join(", ")
        ));
        name
    }

    /// A `ResponseShape` literal for the value at `path`.
    fn shape(&mut self, shape: &Shape, path: &str) -> String {
        let fields = match shape.object_fields() {
            [] => "&[]".to_owned(),
            members => self.fields(members, Some(path)),
        };
        let mut nested = |s: &Option<Box<Shape>>, path: String| match s.as_deref() {
            Some(s) => format!("Some(&{})", self.shape(s, &path)),
            None => "None".to_owned(),
        };
        let items = nested(&shape.items, format!("{path}[]"));
        let values = nested(&shape.values, format!("{path}.*"));
        let example = shape
            .example
            .as_deref()
            .map_or_else(|| "None".to_owned(), |e| format!("Some({})", lit(e)));
        format!(
            "ResponseShape {{ kind: {}, example: {example}, fields: {fields}, items: {items}, values: {values} }}",
            kind(shape)
        )
    }
}

/// `dynamic/table.rs`: from an action name to its typed request and response.
pub(crate) fn dynamic_table(ops: &[Operation]) -> String {
    let mut c = Code::default();
    c.inner_doc("The dispatch behind [`request_from_json`](crate::dynamic::request_from_json) and [`parse_response`](crate::dynamic::parse_response).", None);
    c.line("use crate::dynamic::{DynError, DynOperation, from_json, reparse};");
    dispatch(
        &mut c,
        ops,
        "/// The typed request of `action` built from `inputs`; `None` for an unknown action.\n\
         pub(crate) fn request_from_json(action: &str, inputs: &serde_json::Value) -> Option<Result<Box<dyn DynOperation>, DynError>>",
        "from_json",
        "inputs",
    );
    dispatch(
        &mut c,
        ops,
        "/// `body` parsed with the typed response of `action`, as JSON; `None` for an unknown action.\n\
         pub(crate) fn parse_response(action: &str, body: &[u8]) -> Option<Result<serde_json::Value, DynError>>",
        "reparse",
        "body",
    );
    c.0
}

/// A function `signature` that calls `helper::<Request>(arg)` for the request of `action`.
fn dispatch(c: &mut Code, ops: &[Operation], signature: &str, helper: &str, arg: &str) {
    c.line(format!("{signature} {{"));
    c.line("Some(match action {");
    for op in ops {
        let (req, _, _) = type_names(&op.action);
        c.line(format!(
            "{} => {helper}::<cams_model::{req}>({arg}),",
            lit(&op.action)
        ));
    }
    c.line("_ => return None, }) }");
}
