//! `Page = {"Index":1,"Size":20}`: parsing and slicing, shared by the paginated actions.

use super::Refusal;
use serde_json::Value;

/// Smallest and largest accepted `Page.Size`.
pub(crate) const SIZE_RANGE: std::ops::RangeInclusive<i64> = 1..=100;
/// `Page.Size` when not given.
pub(crate) const DEFAULT_SIZE: i64 = 20;

/// A checked page request: 1-based index and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageRequest {
    pub(crate) index: i64,
    pub(crate) size: i64,
}

impl PageRequest {
    /// Parses the `Page` parameter. `None` means the defaults (Index 1, Size 20). With
    /// `require_both`, both keys must be present. The error is the message of
    /// `InvalidParameter.PageInvalid`.
    pub(crate) fn parse(raw: Option<&str>, require_both: bool) -> Result<PageRequest, String> {
        let mut page = PageRequest {
            index: 1,
            size: DEFAULT_SIZE,
        };
        let Some(raw) = raw else {
            return Ok(page);
        };
        let value: Value = serde_json::from_str(raw)
            .map_err(|e| format!("The parameter Page is not valid JSON: {e}."))?;
        let Value::Object(map) = value else {
            return Err("The parameter Page must be a JSON object.".to_owned());
        };
        for (key, slot) in [("Index", &mut page.index), ("Size", &mut page.size)] {
            match map.get(key) {
                None if require_both => {
                    return Err(format!("The parameter Page.{key} is mandatory."));
                }
                None | Some(Value::Null) => {}
                Some(v) => {
                    *slot = v
                        .as_i64()
                        .ok_or_else(|| format!("The parameter Page.{key} must be an integer."))?;
                }
            }
        }
        if page.index < 1 {
            return Err(format!(
                "The parameter Page.Index must be at least 1 (got {}).",
                page.index
            ));
        }
        if !SIZE_RANGE.contains(&page.size) {
            return Err(format!(
                "The parameter Page.Size must be between {} and {} (got {}).",
                SIZE_RANGE.start(),
                SIZE_RANGE.end(),
                page.size
            ));
        }
        Ok(page)
    }

    /// [`PageRequest::parse`], a bad page being `InvalidParameter.PageInvalid`.
    pub(crate) fn from_param(raw: Option<&str>, require_both: bool) -> Result<Self, Refusal> {
        PageRequest::parse(raw, require_both)
            .map_err(|msg| Refusal::business("InvalidParameter.PageInvalid", msg))
    }

    /// The items of this page; empty past the end.
    pub(crate) fn slice<'a, T>(&self, items: &'a [T]) -> &'a [T] {
        let start = usize::try_from(self.index - 1)
            .ok()
            .and_then(|i| i.checked_mul(usize::try_from(self.size).ok()?));
        match start {
            Some(s) if s < items.len() => {
                let end = items.len().min(s + usize::try_from(self.size).unwrap_or(0));
                &items[s..end]
            }
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_partial_pages() {
        assert_eq!(
            PageRequest::parse(None, false),
            Ok(PageRequest { index: 1, size: 20 })
        );
        assert_eq!(
            PageRequest::parse(Some("{}"), false),
            Ok(PageRequest { index: 1, size: 20 })
        );
        assert_eq!(
            PageRequest::parse(Some(r#"{"Size":50}"#), false),
            Ok(PageRequest { index: 1, size: 50 })
        );
        assert!(PageRequest::parse(Some(r#"{"Size":50}"#), true).is_err());
    }

    #[test]
    fn bad_pages_are_refused() {
        for bad in [
            "{",
            "[]",
            "1",
            r#"{"Index":0}"#,
            r#"{"Index":-1}"#,
            r#"{"Size":0}"#,
            r#"{"Size":101}"#,
            r#"{"Index":"1"}"#,
            r#"{"Index":1.5}"#,
        ] {
            assert!(PageRequest::parse(Some(bad), false).is_err(), "{bad}");
        }
    }

    #[test]
    fn slicing() {
        let items: Vec<i32> = (0..57).collect();
        let p = |index, size| PageRequest { index, size };
        assert_eq!(p(1, 20).slice(&items).len(), 20);
        assert_eq!(p(3, 20).slice(&items), &items[40..57]);
        assert!(p(4, 20).slice(&items).is_empty());
        assert!(p(i64::MAX, 100).slice(&items).is_empty());
    }
}
