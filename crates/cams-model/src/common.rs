//! Pieces the generated operations share: [`Page`] and the list reader of
//! the responses.

use serde::{Deserialize, Deserializer};
use std::fmt::Write as _;

/// Which page to return: `Index` is 1-based, `Size` is the number of items per page.
///
/// Every operation whose `Page` has 64-bit `Index` and `Size` shares this type; it is sent
/// as one JSON string with the set keys only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Page {
    /// `Page.Index`, 1-based.
    pub index: Option<i64>,
    /// `Page.Size`.
    pub size: Option<i64>,
}

crate::wire::wire_struct!(Page, strict: true, { "Index" => index, "Size" => size });

impl Page {
    /// A page with both fields set.
    pub fn new(index: i64, size: i64) -> Self {
        Page {
            index: Some(index),
            size: Some(size),
        }
    }

    /// The compact JSON the official SDK sends: keys in `Index`, `Size` order, only the set ones.
    ///
    /// ```
    /// use cams_model::Page;
    /// assert_eq!(Page::new(1, 20).to_json(), r#"{"Index":1,"Size":20}"#);
    /// assert_eq!(Page::default().to_json(), "{}");
    /// ```
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(24);
        out.push('{');
        if let Some(i) = self.index {
            let _ = write!(out, "\"Index\":{i}");
        }
        if let Some(s) = self.size {
            if self.index.is_some() {
                out.push(',');
            }
            let _ = write!(out, "\"Size\":{s}");
        }
        out.push('}');
        out
    }
}

/// Deserializes a list that may be missing (with `#[serde(default)]`) or `null` as empty.
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_option(ListVisitor(std::marker::PhantomData))
}

/// Reads a JSON list (or `null`) into a `Vec` sized for a whole default page at once: serde's
/// own `Vec` starts empty when the length is unknown (always, for JSON) and reallocates four
/// times on the way to 20 members.
struct ListVisitor<T>(std::marker::PhantomData<T>);

/// The service's default page size: the usual length of a list.
const USUAL_LIST_LEN: usize = 20;

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list or null")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(USUAL_LIST_LEN).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_json_has_only_the_set_keys_in_order() {
        assert_eq!(Page::new(1, 20).to_json(), r#"{"Index":1,"Size":20}"#);
        let size_only = Page {
            index: None,
            size: Some(50),
        };
        assert_eq!(size_only.to_json(), r#"{"Size":50}"#);
        let index_only = Page {
            index: Some(3),
            size: None,
        };
        assert_eq!(index_only.to_json(), r#"{"Index":3}"#);
        assert_eq!(Page::default().to_json(), "{}");
        assert_eq!(
            Page::new(-1, i64::MAX).to_json(),
            r#"{"Index":-1,"Size":9223372036854775807}"#
        );
    }

    #[test]
    fn page_serializes_like_its_json() {
        let page = Page::new(2, 50);
        assert_eq!(crate::params::to_json(&page), page.to_json());
        let back: Page = serde_json::from_str(r#"{"Size":5}"#).unwrap_or_default();
        assert_eq!(
            back,
            Page {
                index: None,
                size: Some(5)
            }
        );
        assert!(serde_json::from_str::<Page>(r#"{"Other":1}"#).is_err());
    }
}
