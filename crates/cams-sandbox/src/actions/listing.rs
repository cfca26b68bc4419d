//! The paging of a schema-shaped listing: every paginated operation without a stateful handler
//! lists [`LISTING_TOTAL`] items, served page by page as the request asks (`Page {Index, Size}`,
//! `PageIndex`/`PageNo` + `PageSize`, or `NextToken` + `MaxResults`), an empty page past the
//! end, `Total` where the schema has one and an empty `NextToken` on the last page.

use super::Params;
use cams_catalog::{ParamInfo, ParamKind as Kind, ResponseField};

/// How many items every schema-shaped listing has in all.
pub(crate) const LISTING_TOTAL: usize = 23;
/// The page size when the request gives none.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 10;
/// The largest page served, whatever the request asks.
pub(crate) const MAX_PAGE_SIZE: usize = 1000;

/// Parameters that make an operation paginated.
const PAGING_PARAMS: [&str; 9] = [
    "Page",
    "PageIndex",
    "PageNo",
    "PageNumber",
    "CurrentPage",
    "NextToken",
    "MaxResults",
    "PageKey",
    "After",
];

/// The request parameters that carry a cursor from the previous page.
const TOKEN_PARAMS: [&str; 3] = ["NextToken", "PageKey", "After"];

/// The answer fields that carry the next page's cursor (`NextToken`, Messenger's `NextPage`,
/// Graph-style `Paging.Cursors.After`).
pub(crate) const NEXT_TOKEN_FIELDS: [&str; 3] = ["NextToken", "NextPage", "After"];

/// The page of the listing a request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Listing {
    /// Where the listed array is: a top-level field, or a member of one (`Data.List`).
    pub(crate) path: String,
    /// Items before this page.
    pub(crate) offset: usize,
    /// Items on this page.
    pub(crate) count: usize,
    /// The token of the next page, empty on the last.
    pub(crate) next_token: String,
}

impl Listing {
    /// The page `params` ask for, when an operation with request parameters `request` pages and
    /// its answer (`response`) has a list.
    pub(crate) fn of(
        request: &[ParamInfo],
        response: &[ResponseField],
        params: Params<'_>,
    ) -> Option<Listing> {
        if !request.iter().any(|p| PAGING_PARAMS.contains(&p.name)) {
            return None;
        }
        let path = list_path(response)?;
        let number = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| params.optional(n))
                .and_then(|v| v.trim().parse::<i64>().ok())
        };
        let page_object = params
            .optional("Page")
            .and_then(|p| serde_json::from_str::<serde_json::Value>(p).ok());
        let member = |key: &str| page_object.as_ref().and_then(|p| p.get(key)?.as_i64());
        let size = member("Size")
            .or_else(|| number(&["PageSize", "MaxResults", "Limit", "Size"]))
            .map_or(DEFAULT_PAGE_SIZE, |s| {
                usize::try_from(s.max(1)).unwrap_or(1).min(MAX_PAGE_SIZE)
            });
        let offset = match TOKEN_PARAMS.iter().find_map(|t| params.optional(t)) {
            Some(token) => token
                .strip_prefix(TOKEN_PREFIX)
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(LISTING_TOTAL),
            None => {
                let index = member("Index")
                    .or_else(|| number(&["PageIndex", "PageNo", "PageNumber", "CurrentPage"]))
                    .unwrap_or(1)
                    .max(1);
                usize::try_from(index - 1)
                    .unwrap_or(usize::MAX)
                    .saturating_mul(size)
            }
        };
        let count = LISTING_TOTAL.saturating_sub(offset).min(size);
        let next = offset.saturating_add(count);
        let next_token = match next < LISTING_TOTAL && count > 0 {
            true => format!("{TOKEN_PREFIX}{next}"),
            false => String::new(),
        };
        Some(Listing {
            path,
            offset,
            count,
            next_token,
        })
    }
}

/// Tokens name the offset of the page they start (an unknown token is past the end).
const TOKEN_PREFIX: &str = "sandbox-page-";

/// The first list of an answer: a top-level array, or an array member of a top-level object.
fn list_path(fields: &[ResponseField]) -> Option<String> {
    fields.iter().find_map(|f| match f.shape.kind {
        Kind::Array => Some(f.name.to_owned()),
        Kind::Object => f.shape.fields.iter().find_map(|m| {
            matches!(m.shape.kind, Kind::Array).then(|| format!("{}.{}", f.name, m.name))
        }),
        _ => None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    use crate::actions::test_shapes::{fields, params as request};

    /// The request parameters and the response of an operation, from their metadata JSON.
    fn op(params: &str, response: &str) -> (&'static [ParamInfo], &'static [ResponseField]) {
        (request(params), fields(response))
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn pages_cover_the_total_once_then_come_back_empty() {
        let op = op(
            r#"[{"name":"Page"}]"#,
            r#"[{"name":"Data","type":"object","fields":[{"name":"List","type":"array","items":{"type":"string"}},{"name":"Total","type":"long"}]}]"#,
        );
        let mut seen = 0;
        for index in 1..=4 {
            let p = pairs(&[("Page", &format!(r#"{{"Index":{index},"Size":10}}"#))]);
            let page = Listing::of(op.0, op.1, Params(&p)).unwrap();
            assert_eq!(page.path, "Data.List");
            assert_eq!(page.offset, (index - 1) * 10);
            assert_eq!(page.next_token.is_empty(), index >= 3);
            seen += page.count;
        }
        assert_eq!(seen, LISTING_TOTAL, "pages 1-3 hold 10, 10, 3; page 4 none");
    }

    #[test]
    fn tokens_lead_to_the_end_and_an_unknown_token_is_past_it() {
        let op = op(
            r#"[{"name":"NextToken"},{"name":"MaxResults"}]"#,
            r#"[{"name":"Items","type":"array"}]"#,
        );
        let mut token = String::new();
        let mut seen = 0;
        for _ in 0..10 {
            let mut p = pairs(&[("MaxResults", "7")]);
            if !token.is_empty() {
                p.push(("NextToken".into(), token.clone()));
            }
            let page = Listing::of(op.0, op.1, Params(&p)).unwrap();
            seen += page.count;
            token = page.next_token;
            if token.is_empty() {
                break;
            }
        }
        assert_eq!(seen, LISTING_TOTAL);
        let p = pairs(&[("NextToken", "bogus")]);
        assert_eq!(Listing::of(op.0, op.1, Params(&p)).unwrap().count, 0);
        let graph = self::op(
            r#"[{"name":"After"},{"name":"Limit"}]"#,
            r#"[{"name":"Model","type":"object","fields":[{"name":"Data","type":"array"}]}]"#,
        );
        let p = pairs(&[("Limit", "20"), ("After", "sandbox-page-20")]);
        let page = Listing::of(graph.0, graph.1, Params(&p)).unwrap();
        assert_eq!(
            (page.path.as_str(), page.offset, page.count),
            ("Model.Data", 20, 3)
        );
        let p = pairs(&[("NextToken", "bogus")]);
        assert_eq!(Listing::of(op.0, op.1, Params(&p)).unwrap().count, 0);
        let none = self::op(r#"[{"name":"Id"}]"#, r#"[{"name":"Items","type":"array"}]"#);
        assert_eq!(Listing::of(none.0, none.1, Params(&[])), None);
    }
}
