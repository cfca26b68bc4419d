//! JSON text read strictly for a flag: a key given twice in one object is an error (serde_json
//! keeps the last one silently), so `--Page '{"Index":1,"Index":2}'` is refused, not guessed.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;

/// What is wrong with a flag's JSON text.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum JsonFault {
    /// A key appears twice in one object.
    DuplicateKey(String),
    /// Not JSON: serde_json's description (line and column).
    Malformed(String),
}

/// Parses `text`, refusing a duplicate key at any depth.
pub(crate) fn parse(text: &str) -> Result<Value, JsonFault> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = StrictValue.deserialize(&mut de).map_err(classify)?;
    de.end().map_err(classify)?;
    Ok(value)
}

const DUPLICATE: &str = "duplicate key ";

fn classify(e: serde_json::Error) -> JsonFault {
    let text = e.to_string();
    match text.strip_prefix(DUPLICATE) {
        Some(rest) => {
            let key = rest.split(" at line").next().unwrap_or(rest);
            JsonFault::DuplicateKey(key.trim_matches('"').to_owned())
        }
        None => JsonFault::Malformed(text),
    }
}

struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!("{DUPLICATE}{key:?}")));
            }
            let value = map.next_value_seed(StrictValue)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_key_is_named_at_any_depth() {
        assert_eq!(
            parse(r#"{"Index":1,"Index":2}"#),
            Err(JsonFault::DuplicateKey("Index".into()))
        );
        assert_eq!(
            parse(r#"[{"A":{"B":1,"B":1}}]"#),
            Err(JsonFault::DuplicateKey("B".into()))
        );
        assert_eq!(
            parse(r#"{"Index":1,"Size":[1,2.5,"x",null,true]}"#),
            Ok(serde_json::json!({"Index":1,"Size":[1,2.5,"x",null,true]}))
        );
        assert!(matches!(parse("{Index:1"), Err(JsonFault::Malformed(_))));
        assert!(matches!(parse("{} x"), Err(JsonFault::Malformed(_))));
    }
}
