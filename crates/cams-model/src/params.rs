//! Request parameters in the order the operation defines them.

use std::borrow::Cow;

/// The parameters of one request, as (API name, wire value) pairs before any encoding.
///
/// Unset fields are absent; an empty string is present with an empty value, exactly
/// as the official SDKs send it. The signer sorts and encodes them. Values borrow from the
/// request where they can (strings are not copied); computed ones (numbers, JSON) are owned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params<'a> {
    entries: Vec<(&'static str, Cow<'a, str>)>,
}

impl<'a> Params<'a> {
    /// An empty set with room for `n` parameters.
    pub fn with_capacity(n: usize) -> Self {
        Params {
            entries: Vec::with_capacity(n),
        }
    }

    /// Adds a parameter: a `&str` is borrowed, a `String` kept.
    pub fn push(&mut self, name: &'static str, value: impl Into<Cow<'a, str>>) {
        self.entries.push((name, value.into()));
    }

    /// Adds a parameter when it is set.
    pub fn push_opt<V: Into<Cow<'a, str>>>(&mut self, name: &'static str, value: Option<V>) {
        if let Some(v) = value {
            self.push(name, v);
        }
    }

    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// The parameters in insertion order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&'static str, &str)> + '_ {
        self.entries.iter().map(|(k, v)| (*k, v.as_ref()))
    }

    /// Orders the parameters by name (stable), as the official models' `to_map` does.
    pub(crate) fn sort_by_name(&mut self) {
        self.entries.sort_by_key(|(name, _)| *name);
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
