//! Which operations page, how, and where their items, total and next token are.

use crate::code::{Code, lit};
use crate::metadata::{Field, Operation};
use crate::names::field_ident;
use crate::overrides::{OVERRIDES, PagingRules, TokenPaging};
use crate::types::{Holder, Side, holder, shape_type};

/// How a request asks for a page.
#[derive(Debug)]
pub(crate) enum Style<'m> {
    /// `Page {Index, Size}` as one JSON parameter.
    PageObject {
        param: &'m Field,
        index: &'m Field,
        size: &'m Field,
    },
    /// `PageIndex`/`PageNo`/`PageNumber` and `PageSize` parameters.
    Flat { index: &'m Field, size: &'m Field },
    /// A cursor (`NextToken`, or the parameter the overrides name) and a page size.
    Token {
        token: &'m Field,
        max: Option<&'m Field>,
    },
}

/// An operation that pages.
#[derive(Debug)]
pub(crate) struct Paging<'m> {
    pub(crate) style: Style<'m>,
    pub(crate) items: Vec<&'m Field>,
    pub(crate) total: Option<Vec<&'m Field>>,
    pub(crate) next_token: Option<Vec<&'m Field>>,
}

/// Whether an operation pages.
#[derive(Debug)]
pub(crate) enum Classified<'m> {
    Pages(Paging<'m>),
    NotPaged,
}

/// What the metadata alone says of an operation.
#[derive(Debug)]
enum Detected<'m> {
    Pages(Paging<'m>),
    /// It looks like a listing, but the generator cannot tell how its pages work.
    Unclear(String),
    NotPaged,
}

/// Request parameters that say an operation may be a listing.
const PAGING_PARAMS: [&str; 14] = [
    "Page",
    "PageIndex",
    "PageNo",
    "PageNumber",
    "CurrentPage",
    "PageSize",
    "NextToken",
    "MaxResults",
    "Limit",
    "Offset",
    "Cursor",
    "PageKey",
    "After",
    "Before",
];

/// Why `op` looks like a listing (a paging parameter, or a list in its answer), if it does.
fn listing_like(op: &Operation) -> Option<String> {
    if let Some(f) = op
        .request
        .iter()
        .find(|f| PAGING_PARAMS.contains(&f.name.as_str()))
    {
        return Some(format!("it takes `{}`", f.name));
    }
    find_path(&op.response, &|f| f.shape.ty == "array")
        .map(|path| format!("its answer has the list `{}`", dotted(&path)))
}

fn dotted(path: &[&Field]) -> String {
    path.iter()
        .map(|f| f.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// Classifies `op` from its parameters and answer, and the overrides; fails when it looks like
/// a listing but is neither classified nor listed as not paged, or when an override is stale.
pub(crate) fn classify<'m>(
    op: &'m Operation,
    rules: &PagingRules,
) -> Result<Classified<'m>, String> {
    let a = &op.action;
    if let Some(t) = rules.token.get(a) {
        return token_override(op, t).map(Classified::Pages);
    }
    match (detect(op), rules.not_paged.contains_key(a)) {
        (Detected::Pages(p), false) => Ok(Classified::Pages(p)),
        (Detected::Pages(p), true) => Err(format!(
            "{OVERRIDES} lists {a} as not paged, but it pages ({})",
            p.style_name()
        )),
        (Detected::Unclear(_) | Detected::NotPaged, true) if listing_like(op).is_some() => {
            Ok(Classified::NotPaged)
        }
        (_, true) => Err(format!(
            "{OVERRIDES} lists {a} as not paged, but it does not look like a listing"
        )),
        (Detected::Unclear(why), false) => Err(format!(
            "{a} looks like a listing ({why}) but is neither classified nor in {OVERRIDES}'s paging.not_paged"
        )),
        (Detected::NotPaged, false) => match listing_like(op) {
            Some(why) => Err(format!(
                "{a} looks like a listing ({why}) but is neither classified nor in {OVERRIDES}'s paging.not_paged"
            )),
            None => Ok(Classified::NotPaged),
        },
    }
}

/// The fields a dotted path names, from `fields` down through objects.
fn resolve<'m>(fields: &'m [Field], path: &str) -> Result<Vec<&'m Field>, String> {
    let mut out: Vec<&'m Field> = Vec::new();
    let mut here = fields;
    for name in path.split('.') {
        let f = here
            .iter()
            .find(|f| f.name == name)
            .ok_or_else(|| format!("{OVERRIDES}: no field `{name}` on the path `{path}`"))?;
        here = f.shape.object_fields();
        out.push(f);
    }
    Ok(out)
}

fn token_override<'m>(op: &'m Operation, t: &TokenPaging) -> Result<Paging<'m>, String> {
    let param = |name: &str, types: &[&str]| {
        op.request
            .iter()
            .find(|f| f.name == name && types.contains(&f.shape.ty.as_str()))
            .ok_or_else(|| {
                format!(
                    "{OVERRIDES}: {} has no parameter `{name}` of type {}",
                    op.action,
                    types.join(" or ")
                )
            })
    };
    let token = param(&t.token, &["string"])?;
    let max = t
        .max
        .as_deref()
        .map(|m| param(m, &["integer", "long"]))
        .transpose()?;
    let items = resolve(&op.response, &t.items)?;
    let next = resolve(&op.response, &t.next)?;
    if items.last().is_none_or(|f| f.shape.ty != "array") {
        return Err(format!(
            "{OVERRIDES}: {}: `{}` is not a list",
            op.action, t.items
        ));
    }
    if next.last().is_none_or(|f| f.shape.ty != "string") {
        return Err(format!(
            "{OVERRIDES}: {}: `{}` is not a string",
            op.action, t.next
        ));
    }
    Ok(Paging {
        style: Style::Token { token, max },
        items,
        total: None,
        next_token: Some(next),
    })
}

fn request_field<'m>(op: &'m Operation, names: &[&str]) -> Option<&'m Field> {
    names
        .iter()
        .find_map(|n| op.request.iter().find(|f| f.name == *n))
}

/// The first array reached through objects (never inside an array), depth first.
fn find_path<'m>(fields: &'m [Field], pred: &dyn Fn(&Field) -> bool) -> Option<Vec<&'m Field>> {
    for f in fields {
        if pred(f) {
            return Some(vec![f]);
        }
        if f.shape.ty == "object" {
            if let Some(mut rest) = find_path(f.shape.object_fields(), pred) {
                rest.insert(0, f);
                return Some(rest);
            }
        }
    }
    None
}

fn is_count(f: &Field) -> bool {
    matches!(f.name.as_str(), "Total" | "TotalCount")
        && matches!(f.shape.ty.as_str(), "integer" | "long")
}

/// What the metadata alone says of `op`: its request parameters and response fields.
fn detect(op: &Operation) -> Detected<'_> {
    let page = op
        .request
        .iter()
        .find(|f| f.name == "Page" && f.shape.ty == "object");
    let style = if let Some(param) = page {
        let inner = param.shape.object_fields();
        match (
            inner.iter().find(|f| f.name == "Index"),
            inner.iter().find(|f| f.name == "Size"),
        ) {
            (Some(index), Some(size)) => Style::PageObject { param, index, size },
            _ => return Detected::Unclear("`Page` without `Index` and `Size`".to_owned()),
        }
    } else if let Some(token) = request_field(op, &["NextToken"]) {
        Style::Token {
            token,
            max: request_field(op, &["MaxResults"]),
        }
    } else if let Some(index) =
        request_field(op, &["PageIndex", "PageNo", "PageNumber", "CurrentPage"])
    {
        match request_field(op, &["PageSize"]) {
            Some(size) => Style::Flat { index, size },
            None => {
                return Detected::Unclear(format!("`{}` without `PageSize`", index.name));
            }
        }
    } else if let Some(f) =
        request_field(op, &["PageSize", "Limit", "MaxResults", "Offset", "Cursor"])
    {
        return Detected::Unclear(format!("`{}` but no page index or token", f.name));
    } else {
        return Detected::NotPaged;
    };
    let Some(items) = find_path(&op.response, &|f| f.shape.ty == "array") else {
        return Detected::Unclear("no list in the response".to_owned());
    };
    let parent = &items[..items.len() - 1];
    let siblings = parent
        .last()
        .map_or(&op.response[..], |p| p.shape.object_fields());
    let total = find_path(siblings, &is_count)
        .map(|t| parent.iter().copied().chain(t).collect::<Vec<_>>())
        .or_else(|| op.response.iter().find(|f| is_count(f)).map(|f| vec![f]));
    let next_token = find_path(&op.response, &|f| {
        f.name == "NextToken" && f.shape.ty == "string"
    });
    if matches!(style, Style::Token { .. }) && next_token.is_none() {
        return Detected::Unclear("`NextToken` asked but never returned".to_owned());
    }
    Detected::Pages(Paging {
        style,
        items,
        total,
        next_token,
    })
}

/// `let x = output; let Some(x) = x.a.as_ref() else { return D };` … up to the last field.
fn walk(path: &[&Field], owned: bool, default: &str) -> String {
    let mut out = String::from("let x = output;\n");
    for f in &path[..path.len() - 1] {
        let ident = field_ident(&f.name);
        let access = if owned {
            format!("x.{ident}")
        } else {
            format!("x.{ident}.as_ref()")
        };
        if default == "None" {
            out.push_str(&format!("let x = {access}?;\n"));
        } else {
            out.push_str(&format!(
                "let Some(x) = {access} else {{ return {default}; }};\n"
            ));
        }
    }
    out
}

fn last_ident(path: &[&Field]) -> String {
    path.last()
        .map(|f| field_ident(&f.name))
        .unwrap_or_default()
}

fn wire_path(path: &[&Field]) -> String {
    let names: Vec<String> = path.iter().map(|f| lit(&f.name)).collect();
    format!("&[{}]", names.join(", "))
}

/// How a numeric or string request field reads as and is set from an `i64` page number.
fn read_number(expr: &str, f: &Field) -> String {
    match f.shape.ty.as_str() {
        "integer" => format!("{expr}.map(i64::from)"),
        "string" => format!("{expr}.as_deref().and_then(|s| s.trim().parse().ok())"),
        _ => expr.to_owned(),
    }
}

fn number_from(f: &Field) -> &'static str {
    match f.shape.ty.as_str() {
        "integer" => "i32::try_from(index).unwrap_or(i32::MAX)",
        "string" => "index.to_string()",
        _ => "index",
    }
}

impl Paging<'_> {
    /// The `Paginated` impl of `request`.
    pub(crate) fn emit_impl(&self, code: &mut Code, request: &str) -> Result<(), String> {
        let last = self.items.last().ok_or("empty items path")?;
        let (item, vec_ref, vec_owned) = match holder(last, Side::Response, false)? {
            Holder::AlwaysList(t) => (t, ".as_slice()", ""),
            Holder::Optional(_) => (
                shape_type(
                    last.shape.items.as_deref().ok_or("list without items")?,
                    Side::Response,
                )?,
                ".as_deref().unwrap_or(&[])",
                ".unwrap_or_default()",
            ),
        };
        let list = last_ident(&self.items);
        code.line(format!("impl crate::Paginated for {request} {{"));
        code.line(format!("type Item = {item};"));
        match &self.style {
            Style::PageObject { param, index, size } => {
                let (p, i, s) = (
                    field_ident(&param.name),
                    field_ident(&index.name),
                    field_ident(&size.name),
                );
                code.line("const STYLE: crate::PageStyle = crate::PageStyle::Numbered;");
                let get = |f: &Field, n: &str| {
                    read_number(&format!("self.{p}.as_ref().and_then(|p| p.{n})"), f)
                };
                code.line(format!(
                    "fn page_index(&self) -> Option<i64> {{ {} }}",
                    get(index, &i)
                ));
                code.line(format!(
                    "fn page_size(&self) -> Option<i64> {{ {} }}",
                    get(size, &s)
                ));
                code.line(format!(
                    "fn set_page_index(&mut self, index: i64) {{ self.{p}.get_or_insert_with(Default::default).{i} = Some({}); }}",
                    number_from(index)
                ));
            }
            Style::Flat { index, size } => {
                let (i, s) = (field_ident(&index.name), field_ident(&size.name));
                code.line("const STYLE: crate::PageStyle = crate::PageStyle::Numbered;");
                code.line(format!(
                    "fn page_index(&self) -> Option<i64> {{ {} }}",
                    read_number(&format!("self.{i}"), index)
                ));
                code.line(format!(
                    "fn page_size(&self) -> Option<i64> {{ {} }}",
                    read_number(&format!("self.{s}"), size)
                ));
                code.line(format!(
                    "fn set_page_index(&mut self, index: i64) {{ self.{i} = Some({}); }}",
                    number_from(index)
                ));
            }
            Style::Token { token, .. } => {
                code.line("const STYLE: crate::PageStyle = crate::PageStyle::Token;");
                code.line(format!(
                    "fn set_page_token(&mut self, token: &str) {{ self.{} = Some(token.to_owned()); }}",
                    field_ident(&token.name)
                ));
            }
        }
        if let Some(path) = &self.next_token {
            code.line("fn next_token(output: &Self::Output) -> Option<&str> {");
            code.line(walk(path, false, "None"));
            code.line(format!("x.{}.as_deref() }}", last_ident(path)));
        }
        if let Some(path) = &self.total {
            let conv = match path.last().map(|f| f.shape.ty.as_str()) {
                Some("integer") => ".map(i64::from)",
                _ => "",
            };
            code.line("fn total(output: &Self::Output) -> Option<i64> {");
            code.line(walk(path, false, "None"));
            code.line(format!("x.{}{conv} }}", last_ident(path)));
        }
        code.line("fn items(output: &Self::Output) -> &[Self::Item] {");
        code.line(walk(&self.items, false, "&[]"));
        code.line(format!("x.{list}{vec_ref} }}"));
        code.line("fn into_items(output: Self::Output) -> Vec<Self::Item> {");
        code.line(walk(&self.items, true, "Vec::new()"));
        code.line(format!("x.{list}{vec_owned} }}"));
        code.line("}");
        Ok(())
    }

    /// The catalog's `PagingInfo` of this operation.
    pub(crate) fn info(&self) -> String {
        let style = match &self.style {
            Style::PageObject { param, index, size } => format!(
                "PagingStyle::PageObject {{ param: {}, index: {}, size: {} }}",
                lit(&param.name),
                lit(&index.name),
                lit(&size.name)
            ),
            Style::Flat { index, size } => format!(
                "PagingStyle::Flat {{ index: {}, size: {} }}",
                lit(&index.name),
                lit(&size.name)
            ),
            Style::Token { token, max } => format!(
                "PagingStyle::Token {{ token: {}, max: {} }}",
                lit(&token.name),
                max.map_or("None".to_owned(), |m| format!("Some({})", lit(&m.name)))
            ),
        };
        let opt = |p: &Option<Vec<&Field>>| {
            p.as_ref()
                .map_or("None".to_owned(), |p| format!("Some({})", wire_path(p)))
        };
        format!(
            "Some(PagingInfo {{ style: {style}, items_path: {}, total_path: {}, next_token_path: {} }})",
            wire_path(&self.items),
            opt(&self.total),
            opt(&self.next_token)
        )
    }

    /// `page-object`, `flat` or `token`, for the docs.
    pub(crate) fn style_name(&self) -> &'static str {
        match self.style {
            Style::PageObject { .. } => "Page {Index, Size}",
            Style::Flat { .. } => "page number + PageSize",
            Style::Token { .. } => "cursor (`NextToken`, or as the overrides name it)",
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::overrides::PagingRules;

    fn op(json: &str) -> Operation {
        serde_json::from_str(json).unwrap()
    }

    const LISTING: &str = r#"{"action": "ListThings", "py_method": "list_things",
        "request": [{"name": "Limit", "type": "long"}, {"name": "Cursor", "type": "string"}],
        "response": [{"name": "Things", "type": "array", "items": {"type": "string"}}]}"#;

    #[test]
    fn an_unclassified_listing_fails_the_generator() {
        let op = op(LISTING);
        let err = classify(&op, &PagingRules::default()).unwrap_err();
        assert!(
            err.contains("ListThings") && err.contains("not_paged"),
            "{err}"
        );
    }

    #[test]
    fn a_list_in_the_answer_alone_makes_a_listing() {
        let op = op(
            r#"{"action": "GetThing", "py_method": "get_thing", "request": [],
            "response": [{"name": "Data", "type": "object", "model": "D", "fields": [
                {"name": "Parts", "type": "array", "items": {"type": "string"}}]}]}"#,
        );
        let err = classify(&op, &PagingRules::default()).unwrap_err();
        assert!(err.contains("Data.Parts"), "{err}");
        let mut rules = PagingRules::default();
        rules
            .not_paged
            .insert("GetThing".to_owned(), "one record".to_owned());
        assert!(matches!(classify(&op, &rules), Ok(Classified::NotPaged)));
    }

    #[test]
    fn a_stale_not_paged_entry_fails() {
        let op = op(r#"{"action": "SendThing", "py_method": "send_thing",
            "request": [{"name": "Text", "type": "string"}], "response": []}"#);
        let mut rules = PagingRules::default();
        rules
            .not_paged
            .insert("SendThing".to_owned(), "x".to_owned());
        assert!(classify(&op, &rules).is_err());
    }

    #[test]
    fn a_token_override_pages_with_the_named_fields() {
        let op = op(r#"{"action": "ListThings", "py_method": "list_things",
            "request": [{"name": "Limit", "type": "long"}, {"name": "PageKey", "type": "string"}],
            "response": [{"name": "Things", "type": "array", "items": {"type": "string"}},
                         {"name": "NextPage", "type": "string"}]}"#);
        let mut rules = PagingRules::default();
        rules.token.insert(
            "ListThings".to_owned(),
            serde_json::from_str(
                r#"{"token": "PageKey", "max": "Limit", "next": "NextPage", "items": "Things", "why": "x"}"#,
            )
            .unwrap(),
        );
        let Ok(Classified::Pages(p)) = classify(&op, &rules) else {
            panic!("not paged")
        };
        assert!(matches!(p.style, Style::Token { token, .. } if token.name == "PageKey"));
        assert_eq!(
            p.next_token.map(|n| dotted(&n)),
            Some("NextPage".to_owned())
        );
    }
}
