//! Every operation of the metadata without a stateful handler: its required parameters are
//! checked like the gateway (`400 Missing<Name>`), then it answers a deterministic body shaped by
//! the operation's response schema.
//!
//! Values come from a seed hashed from the action and its parameters (never from the clock), so
//! the same request gives the same data; only `RequestId` changes from call to call.

use super::listing::{LISTING_TOTAL, Listing, NEXT_TOKEN_FIELDS};
use super::{Call, Params, Refusal};
use crate::gateway_error::{GatewayErrorReply, json_response};
use bytes::Bytes;
use cams_catalog::{OperationInfo, ParamKind as Kind, ResponseField, ResponseShape};
use http::{Response, StatusCode};
use serde_json::{Map, Value};

/// How many items a list of a synthesized answer has, unless it is a paginated listing
/// (see [`super::listing`]).
pub(crate) const LIST_LEN: usize = 2;

/// Answers `call.action` from the metadata.
pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let op = cams_catalog::find(call.action).ok_or_else(GatewayErrorReply::internal)?;
    check_required(op, call.params)?;
    let body = Synth::new(op, call).body(op.response());
    Ok(json_response(StatusCode::OK, call.request_id, &body))
}

/// The answer [`handle`] would give, as JSON, for a stateful handler to overlay its values on
/// (so its body keeps every field of the schema).
pub(crate) fn metadata_body(call: &Call<'_>) -> Result<Value, Refusal> {
    let op = cams_catalog::find(call.action).ok_or_else(GatewayErrorReply::internal)?;
    check_required(op, call.params)?;
    Ok(Synth::new(op, call).body(op.response()))
}

/// The first required parameter (metadata order) that is absent or blank, as `Missing<Name>`.
pub(crate) fn check_required(
    op: &OperationInfo,
    params: Params<'_>,
) -> Result<(), GatewayErrorReply> {
    for p in op.params.iter().filter(|p| p.required) {
        params.required(p.name)?;
    }
    Ok(())
}

/// Builds one answer: the seed of the request and its parameters (echoed where a response field
/// has a parameter's name and type).
struct Synth<'a> {
    seed: [u8; 32],
    params: Params<'a>,
    request_id: &'a str,
    /// The fixture's space and business number, for fields naming them.
    owner: Option<(&'a str, &'a str)>,
    /// The page of the operation's listing the request asks for, when it pages.
    listing: Option<Listing>,
}

impl<'a> Synth<'a> {
    fn new(op: &OperationInfo, call: &Call<'a>) -> Self {
        Synth {
            seed: Synth::new_seed(op.action, call.params),
            params: call.params,
            request_id: call.request_id,
            owner: call.state.first_owner(),
            listing: Listing::of(op.params, op.response(), call.params),
        }
    }

    /// The request's value of a field called `name`: a parameter of that name, or a member of
    /// that name of a JSON-object parameter (`Page.Index`, `Template.Name`).
    fn echoed(&self, name: &str) -> Option<String> {
        if let Some(v) = self.params.optional(name) {
            return Some(v.to_owned());
        }
        self.params.0.iter().find_map(|(_, v)| {
            if !v.trim_start().starts_with('{') {
                return None;
            }
            let object: Value = serde_json::from_str(v).ok()?;
            match object.get(name)? {
                Value::String(s) if !s.is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        })
    }

    /// The hash of the action and the parameters, whatever their order.
    fn new_seed(action: &str, params: Params<'_>) -> [u8; 32] {
        let mut pairs: Vec<&(String, String)> = params.0.iter().collect();
        pairs.sort();
        let mut text = action.to_owned();
        for (k, v) in pairs {
            text.push('\0');
            text.push_str(k);
            text.push('=');
            text.push_str(v);
        }
        cams_auth::inspect::sha256(text.as_bytes())
    }

    /// The whole body; the common fields say success where the schema has them.
    fn body(&self, response: &[ResponseField]) -> Value {
        let mut body = Map::new();
        for field in response {
            let value = match field.name {
                "RequestId" => Value::from(self.request_id),
                "Code" => Value::from("OK"),
                "Success" => Value::Bool(true),
                "Message" | "AccessDeniedDetail" => Value::from("None"),
                _ => self.value(field.name, &field.shape, field.name),
            };
            body.insert(field.name.to_owned(), value);
        }
        Value::Object(body)
    }

    /// A 64-bit number for the value at `path`, fixed by the request.
    fn hash(&self, path: &str) -> u64 {
        let mut data = self.seed.to_vec();
        data.extend_from_slice(path.as_bytes());
        let digest = cams_auth::inspect::sha256(&data);
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    }

    /// The value of a field called `name` at `path`.
    fn value(&self, name: &str, shape: &ResponseShape, path: &str) -> Value {
        let echoed = self.echoed(name);
        let echoed = echoed.as_deref();
        let example = shape.example.filter(|e| plain(e));
        match shape.kind {
            // The last page unless the listing has more: a paginator stops.
            Kind::String if name == "NextToken" => {
                Value::from(self.listing.as_ref().map_or("", |l| l.next_token.as_str()))
            }
            Kind::String if NEXT_TOKEN_FIELDS.contains(&name) && self.listing.is_some() => {
                Value::from(self.listing.as_ref().map_or("", |l| l.next_token.as_str()))
            }
            Kind::String if name == "Before" && self.listing.is_some() => Value::from(""),
            Kind::String => Value::from(match echoed.or_else(|| self.alias(name, path)) {
                Some(v) => v.to_owned(),
                None => self.text(name, example, path),
            }),
            Kind::Integer | Kind::Long if is_total(name) => {
                Value::from(self.listing.as_ref().map_or(LIST_LEN, |_| LISTING_TOTAL))
            }
            Kind::Integer => {
                let parsed = |s: &str| s.trim().parse::<i32>().ok();
                let n = echoed.and_then(parsed).or_else(|| example.and_then(parsed));
                Value::from(n.unwrap_or(1 + (self.hash(path) % 100) as i32))
            }
            Kind::Long => {
                let parsed = |s: &str| s.trim().parse::<i64>().ok();
                let n = echoed.and_then(parsed).or_else(|| example.and_then(parsed));
                Value::from(n.unwrap_or(1 + (self.hash(path) % 10_000) as i64))
            }
            Kind::Boolean => {
                let parsed = |s: &str| s.trim().to_ascii_lowercase().parse::<bool>().ok();
                let b = echoed.and_then(parsed).or_else(|| example.and_then(parsed));
                Value::Bool(b.unwrap_or(true))
            }
            Kind::Object => self.object(shape.fields, path),
            Kind::Array => match shape.items {
                Some(item) => {
                    // The listing's page holds its slice of the fixed total; other lists two.
                    let (first, count) = match &self.listing {
                        Some(l) if l.path == path => (l.offset, l.count),
                        _ => (0, LIST_LEN),
                    };
                    (first..first + count)
                        .map(|i| self.item(name, item, path, i))
                        .collect()
                }
                None => Value::Array(Vec::new()),
            },
            Kind::Map => {
                let key = format!("{name}Key");
                let value = match shape.values {
                    Some(v) => self.value(&key, v, &format!("{path}.{key}")),
                    None => self.any(&key, path),
                };
                Value::Object(Map::from_iter([(key, value)]))
            }
            Kind::Any => self.any(name, path),
        }
    }

    /// A request value under another name (`Name` for a single answer's `TemplateName`);
    /// never inside a list, whose items stay distinct.
    fn alias(&self, name: &str, path: &str) -> Option<&'a str> {
        const ALIASES: [(&str, &str); 1] = [("TemplateName", "Name")];
        if path.contains('[') {
            return None;
        }
        let (_, request) = ALIASES.iter().find(|(field, _)| *field == name)?;
        self.params.optional(request)
    }

    /// A string field the request did not give: the fixture's space or number, a fresh id, a
    /// phone number, the documentation's example when it is plain, else a plain placeholder.
    /// Items of a list after the first differ from it.
    fn text(&self, name: &str, example: Option<&str>, path: &str) -> String {
        let n = self.hash(path);
        if let Some((space, number)) = self.owner {
            match name {
                "CustSpaceId" => return space.to_owned(),
                "BusinessNumber" | "From" | "PhoneNumber" | "Sender" => return number.to_owned(),
                _ => {}
            }
        }
        if is_id(name) {
            return format!("{}-{:012x}", id_prefix(name), n & 0xffff_ffff_ffff);
        }
        if is_phone(name) {
            return format!("861390{:07}", n % 10_000_000);
        }
        let item = item_index(path);
        match example {
            // An enum-like example (`APPROVED`, `text`) stays as it is in every item.
            Some(e) if item == 0 || is_enum_like(e) => e.to_owned(),
            Some(e) => format!("{e} {}", item + 1),
            None => format!("sample {} {}", words(name), item + 1),
        }
    }
    /// Item `i` of the list at `path`, distinct from the others: when its values would repeat
    /// another item's (every field from a fixed set), its first string says its number.
    fn item(&self, name: &str, shape: &ResponseShape, path: &str, i: usize) -> Value {
        let mut value = self.value(name, shape, &format!("{path}[{i}]"));
        let other = self.value(name, shape, &format!("{path}[{}]", i + 1));
        if value == other {
            let first_string = match &mut value {
                Value::Object(map) => map.values_mut().find(|v| v.is_string()),
                v @ Value::String(_) => Some(v),
                _ => None,
            };
            if let Some(Value::String(s)) = first_string {
                s.push_str(&format!(" {}", i + 1));
            }
        }
        value
    }

    fn object(&self, fields: &[ResponseField], path: &str) -> Value {
        let members = fields.iter().map(|f| {
            let value = self.value(f.name, &f.shape, &format!("{path}.{}", f.name));
            (f.name.to_owned(), value)
        });
        Value::Object(members.collect())
    }

    fn any(&self, name: &str, path: &str) -> Value {
        Value::from(format!("{name}-{:08x}", self.hash(path) as u32))
    }
}

/// A count of the listed items (`Total`, `TotalCount`): the length of the synthesized lists.
fn is_total(name: &str) -> bool {
    matches!(name, "Total" | "TotalCount")
}

/// Whether a documentation example reads as real data: not the Chinese placeholder (`示例值`),
/// not a masked number (`86138****1234`), not empty.
fn plain(example: &str) -> bool {
    !example.trim().is_empty() && example.is_ascii() && !example.contains('*')
}

/// Fields holding an identifier the service makes up (`MessageId`, `TemplateCode`, `TaskId`).
fn is_id(name: &str) -> bool {
    (name.ends_with("Id") && name != "CustSpaceId")
        || matches!(name, "TemplateCode" | "FlowCode" | "Uuid" | "JobCode")
}

/// Fields holding a customer's phone number.
fn is_phone(name: &str) -> bool {
    matches!(name, "To" | "Phone" | "Mobile" | "WaId") || name.ends_with("PhoneNumber")
}

/// A lower-case prefix for ids of field `name` (`MessageId` → `message`).
fn id_prefix(name: &str) -> String {
    let stem = name
        .strip_suffix("Id")
        .or_else(|| name.strip_suffix("Code"))
        .filter(|s| !s.is_empty())
        .unwrap_or(name);
    stem.to_ascii_lowercase()
}

/// `TemplateName` → `template name`.
fn words(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// The index of the innermost list item `path` is in (0 outside lists).
fn item_index(path: &str) -> usize {
    path.rsplit('[')
        .next()
        .filter(|_| path.contains('['))
        .and_then(|tail| tail.split(']').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// `APPROVED`, `text`, `en_US`: a value from a fixed set, which numbering would break.
fn is_enum_like(example: &str) -> bool {
    !example.contains(' ')
        && (example
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            || example
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            || example.len() <= 5)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn synth<'a>(params: &'a [(String, String)]) -> Synth<'a> {
        Synth {
            seed: [7; 32],
            params: Params(params),
            request_id: "RID",
            owner: Some(("space-1", "8613800001234")),
            listing: None,
        }
    }

    use crate::actions::test_shapes::shape;

    #[test]
    fn examples_are_used_only_when_they_fit_the_type() {
        let s = synth(&[]);
        let long_ok = shape(r#"{"type":"long","example":"OK"}"#);
        assert!(s.value("Count", &long_ok, "Count").is_i64());
        let long_n = shape(r#"{"type":"long","example":"1700617436633"}"#);
        assert_eq!(s.value("Time", &long_n, "Time"), 1_700_617_436_633_i64);
        let int_big = shape(r#"{"type":"integer","example":"9999999999"}"#);
        let v = s.value("Size", &int_big, "Size").as_i64().unwrap();
        assert!((1..=100).contains(&v), "{v}");
        let no = shape(r#"{"type":"boolean","example":"false"}"#);
        assert_eq!(s.value("Enabled", &no, "Enabled"), false);
        let text = shape(r#"{"type":"string"}"#);
        assert!(
            s.value("Id", &text, "Id")
                .as_str()
                .unwrap()
                .starts_with("id-")
        );
    }

    #[test]
    fn parameters_of_the_same_name_and_type_are_echoed() {
        let params = [
            ("Name".to_owned(), "mine".to_owned()),
            ("PageSize".to_owned(), "30".to_owned()),
            ("Flag".to_owned(), "not-a-bool".to_owned()),
        ];
        let s = synth(&params);
        let text = shape(r#"{"type":"string","example":"x"}"#);
        assert_eq!(s.value("Name", &text, "Name"), "mine");
        let int = shape(r#"{"type":"integer","example":"5"}"#);
        assert_eq!(s.value("PageSize", &int, "PageSize"), 30);
        let b = shape(r#"{"type":"boolean","example":"false"}"#);
        assert_eq!(s.value("Flag", &b, "Flag"), false);
    }

    #[test]
    fn containers_are_filled() {
        let s = synth(&[]);
        let list = shape(
            r#"{"type":"array","items":{"type":"object","fields":[
                {"name":"Id","type":"string"},{"name":"Tags","type":"array","items":{"type":"string"}}]}}"#,
        );
        let v = s.value("List", &list, "List");
        let items = v.as_array().unwrap();
        assert_eq!(items.len(), LIST_LEN);
        assert_eq!(items[0]["Tags"].as_array().unwrap().len(), LIST_LEN);
        assert_ne!(items[0]["Id"], items[1]["Id"], "items differ by position");
        let map = shape(r#"{"type":"map","values":{"type":"any"}}"#);
        let v = s.value("Data", &map, "Data");
        assert_eq!(
            v.as_object().unwrap().keys().collect::<Vec<_>>(),
            ["DataKey"]
        );
        let bare = shape(r#"{"type":"array"}"#);
        assert_eq!(s.value("L", &bare, "L"), Value::Array(Vec::new()));
        let token = shape(r#"{"type":"string","example":"abc"}"#);
        assert_eq!(s.value("NextToken", &token, "NextToken"), "");
        let total = shape(r#"{"type":"long","example":"70"}"#);
        assert_eq!(s.value("Total", &total, "Total"), LIST_LEN);
    }

    #[test]
    fn answers_read_as_real_data() {
        let params = [(
            "Page".to_owned(),
            r#"{"Index":2,"Name":"welcome_msg"}"#.to_owned(),
        )];
        let s = synth(&params);
        let text = |example: &str| shape(&format!(r#"{{"type":"string","example":"{example}"}}"#));
        // Members of a JSON parameter are echoed too.
        assert_eq!(
            s.value("Name", &text("hello_whatsapp"), "Data.Name"),
            "welcome_msg"
        );
        // The docs' placeholders and masked numbers are not shown.
        let v = s.value("Data", &text("示例值示例值"), "Data");
        assert_eq!(v, "sample data 1");
        let v = s.value("To", &text("86138****1234"), "To");
        assert!(
            v.as_str().unwrap().chars().all(|c| c.is_ascii_digit()),
            "{v}"
        );
        // The fixture's space and number.
        assert_eq!(
            s.value("CustSpaceId", &text("cs-1"), "CustSpaceId"),
            "space-1"
        );
        assert_eq!(s.value("From", &text("86***"), "From"), "8613800001234");
        // Ids differ by place; list items differ but enum values stay.
        let a = s.value("MessageId", &text("abc"), "Data[0].MessageId");
        let b = s.value("MessageId", &text("abc"), "Data[1].MessageId");
        assert_ne!(a, b);
        assert!(a.as_str().unwrap().starts_with("message-"), "{a}");
        assert_eq!(
            s.value("Status", &text("APPROVED"), "Data[1].Status"),
            "APPROVED"
        );
        assert_eq!(
            s.value("Title", &text("Spring sale"), "Data[1].Title"),
            "Spring sale 2"
        );
    }

    #[test]
    fn the_seed_depends_on_the_action_and_parameters_only() {
        let a = [
            ("A".to_owned(), "1".to_owned()),
            ("B".to_owned(), "2".to_owned()),
        ];
        let b = [
            ("B".to_owned(), "2".to_owned()),
            ("A".to_owned(), "1".to_owned()),
        ];
        let c = [
            ("A".to_owned(), "1".to_owned()),
            ("B".to_owned(), "3".to_owned()),
        ];
        let seed = |p: &[(String, String)]| Synth::new_seed("X", Params(p));
        assert_eq!(seed(&a), seed(&b));
        assert_ne!(seed(&a), seed(&c));
    }
}
