//! A JSON value that keeps object keys in the order they were read, so a response prints
//! with its keys as the service sent them.

use indexmap::IndexMap;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

/// A JSON document with object keys in source order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number as serde_json reads it.
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, keys in source order.
    Object(IndexMap<String, Json>),
}

impl Json {
    /// Parses JSON text.
    pub(crate) fn parse(text: &[u8]) -> Result<Json, serde_json::Error> {
        serde_json::from_slice(text)
    }

    /// The value at a dotted path of object keys (`Data.List`).
    pub(crate) fn get_path(&self, path: &str) -> Option<&Json> {
        path.split('.')
            .filter(|k| !k.is_empty())
            .try_fold(self, |v, key| match v {
                Json::Object(map) => map.get(key),
                _ => None,
            })
    }

    /// The value at a dotted path, to change it in place.
    pub(crate) fn get_path_mut(&mut self, path: &str) -> Option<&mut Json> {
        path.split('.')
            .filter(|k| !k.is_empty())
            .try_fold(self, |v, key| match v {
                Json::Object(map) => map.get_mut(key),
                _ => None,
            })
    }

    /// Pretty (2-space indent) or compact JSON text.
    pub(crate) fn to_text(&self, compact: bool) -> String {
        let out = if compact {
            serde_json::to_string(self)
        } else {
            serde_json::to_string_pretty(self)
        };
        // Serializing a tree of plain values with string keys cannot fail.
        out.unwrap_or_default()
    }

    /// The same document as a `serde_json::Value` (keys then sorted), for JMESPath.
    pub(crate) fn to_value(&self) -> serde_json::Value {
        match self {
            Json::Null => serde_json::Value::Null,
            Json::Bool(b) => serde_json::Value::Bool(*b),
            Json::Number(n) => serde_json::Value::Number(n.clone()),
            Json::String(s) => serde_json::Value::String(s.clone()),
            Json::Array(a) => serde_json::Value::Array(a.iter().map(Json::to_value).collect()),
            Json::Object(o) => serde_json::Value::Object(
                o.iter().map(|(k, v)| (k.clone(), v.to_value())).collect(),
            ),
        }
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(n) => n.serialize(s),
            Json::String(v) => s.serialize_str(v),
            Json::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Object(map) => {
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = IndexMap::with_capacity(map.size_hint().unwrap_or(0));
        while let Some((k, v)) = map.next_entry::<String, Json>()? {
            out.insert(k, v);
        }
        Ok(Json::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_print_in_source_order_with_two_space_indent() {
        let doc = Json::parse(br#"{"Zeta":1,"Alpha":{"b":true,"a":null},"Mid":[1.5,"x"]}"#)
            .expect("valid");
        assert_eq!(
            doc.to_text(false),
            "{\n  \"Zeta\": 1,\n  \"Alpha\": {\n    \"b\": true,\n    \"a\": null\n  },\n  \"Mid\": [\n    1.5,\n    \"x\"\n  ]\n}"
        );
        assert_eq!(
            doc.to_text(true),
            r#"{"Zeta":1,"Alpha":{"b":true,"a":null},"Mid":[1.5,"x"]}"#
        );
    }

    #[test]
    fn paths_reach_nested_objects_only() {
        let mut doc = Json::parse(br#"{"Data":{"List":[1],"Total":1}}"#).expect("valid");
        assert_eq!(doc.get_path("Data.Total"), Some(&Json::Number(1.into())));
        assert_eq!(doc.get_path("Data.List.x"), None);
        *doc.get_path_mut("Data.Total").expect("present") = Json::Null;
        assert_eq!(doc.get_path("Data.Total"), Some(&Json::Null));
    }

    #[test]
    fn non_ascii_and_html_are_not_escaped() {
        let doc = Json::parse("{\"m\":\"<b>你好</b>\"}".as_bytes()).expect("valid");
        assert_eq!(doc.to_text(true), "{\"m\":\"<b>你好</b>\"}");
    }
}
