//! Request parameters in the order the operation defines them, each with its location.

use serde::Serialize;
use std::borrow::Cow;

/// Where a parameter travels: in the query string, or in an
/// `application/x-www-form-urlencoded` body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Location {
    /// The query string (every operation but one).
    #[default]
    Query,
    /// The form body (`GetPreValidatePhoneId`).
    Body,
}

/// The parameters of one request, as (API name, wire value, location) before any encoding.
///
/// Unset fields are absent; an empty string is present with an empty value, exactly
/// as the official SDKs send it. The signer sorts and encodes them. Names and values borrow
/// where they can (static names, strings of the request); computed ones (numbers, JSON) are owned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params<'a> {
    entries: Vec<(Cow<'a, str>, Cow<'a, str>, Location)>,
}

impl<'a> Params<'a> {
    /// An empty set with room for `n` parameters.
    pub fn with_capacity(n: usize) -> Self {
        Params {
            entries: Vec::with_capacity(n),
        }
    }

    /// Adds a query parameter: a `&str` is borrowed, a `String` kept.
    pub fn push(&mut self, name: &'static str, value: impl Into<Cow<'a, str>>) {
        self.push_to(Location::Query, name, value);
    }

    /// Adds a query parameter when it is set.
    pub fn push_opt<V: Into<Cow<'a, str>>>(&mut self, name: &'static str, value: Option<V>) {
        self.push_opt_to(Location::Query, name, value);
    }

    /// Adds a parameter in `location`; the name may be computed (raw calls).
    pub fn push_to(
        &mut self,
        location: Location,
        name: impl Into<Cow<'a, str>>,
        value: impl Into<Cow<'a, str>>,
    ) {
        self.entries.push((name.into(), value.into(), location));
    }

    /// Adds a parameter in `location` when it is set.
    pub fn push_opt_to<V: Into<Cow<'a, str>>>(
        &mut self,
        location: Location,
        name: &'static str,
        value: Option<V>,
    ) {
        if let Some(v) = value {
            self.push_to(location, name, v);
        }
    }

    /// The value of `name`, if present (in either location).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _, _)| k == name)
            .map(|(_, v, _)| v.as_ref())
    }

    /// Every parameter in insertion order, whatever its location.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.entries
            .iter()
            .map(|(k, v, _)| (k.as_ref(), v.as_ref()))
    }

    /// Every parameter with its location, in insertion order.
    pub fn iter_located(&self) -> impl ExactSizeIterator<Item = (&str, &str, Location)> + '_ {
        self.entries
            .iter()
            .map(|(k, v, l)| (k.as_ref(), v.as_ref(), *l))
    }

    /// The query parameters, in insertion order.
    pub fn query(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.located(Location::Query)
    }

    /// The form-body parameters, in insertion order.
    pub fn body(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.located(Location::Body)
    }

    /// Whether any parameter goes in the form body.
    pub fn has_body(&self) -> bool {
        self.entries.iter().any(|(_, _, l)| *l == Location::Body)
    }

    fn located(&self, location: Location) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.entries
            .iter()
            .filter(move |(_, _, l)| *l == location)
            .map(|(k, v, _)| (k.as_ref(), v.as_ref()))
    }

    /// How many parameters there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The compact JSON the official SDK sends for a JSON-style parameter: `,`/`:` separators,
/// keys in field order, non-ASCII not escaped.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    // The generated types have string keys and no floats of their own, so serializing
    // cannot fail; an empty value would be refused by the service, never silently accepted.
    serde_json::to_string(value).unwrap_or_default()
}

/// A top-level boolean as this SDK sends it: `true` / `false` (the Go, Java and TypeScript SDKs' form).
pub fn bool_str(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_split_query_and_body() {
        let mut p = Params::with_capacity(3);
        p.push("A", "1");
        p.push_to(Location::Body, "B", String::from("2"));
        p.push_opt::<&str>("C", None);
        assert_eq!(p.query().collect::<Vec<_>>(), vec![("A", "1")]);
        assert_eq!(p.body().collect::<Vec<_>>(), vec![("B", "2")]);
        assert!(p.has_body());
        assert_eq!(p.get("B"), Some("2"));
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn json_is_compact_and_unescaped() {
        let v = serde_json::json!({"a": ["中", true]});
        assert_eq!(to_json(&v), r#"{"a":["中",true]}"#);
        assert_eq!(bool_str(false), "false");
    }
}
