//! `codegen/overrides.json`: the rules the metadata cannot tell (families, idempotency
//! exceptions, paging the generator cannot derive), read and checked against the metadata.

use crate::metadata::Operation;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The overrides file, relative to the workspace root.
pub(crate) const OVERRIDES: &str = "codegen/overrides.json";

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Overrides {
    /// Prose for readers of the file.
    #[serde(default)]
    #[allow(dead_code)]
    about: String,
    /// Family name → the actions in it (every operation in exactly one).
    pub(crate) families: BTreeMap<String, Vec<String>>,
    pub(crate) idempotent: Idempotency,
    pub(crate) paging: PagingRules,
}

/// Which operations may be retried freely.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Idempotency {
    #[serde(default)]
    #[allow(dead_code)]
    about: String,
    /// An action starting with one of these only reads.
    pub(crate) prefixes: Vec<String>,
    /// Per action, the answer the prefixes get wrong.
    #[serde(default)]
    pub(crate) exceptions: BTreeMap<String, Exception>,
}

/// One idempotency exception.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Exception {
    pub(crate) idempotent: bool,
    #[allow(dead_code)]
    pub(crate) why: String,
}

/// Paging the generator cannot derive by itself.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PagingRules {
    #[serde(default)]
    #[allow(dead_code)]
    about: String,
    /// Cursor listings with other names than `NextToken`.
    #[serde(default)]
    pub(crate) token: BTreeMap<String, TokenPaging>,
    /// Listing-like operations that have no pages to walk → why.
    #[serde(default)]
    pub(crate) not_paged: BTreeMap<String, String>,
}

/// A cursor listing: where its cursor goes and comes back.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TokenPaging {
    /// The request parameter that takes the cursor.
    pub(crate) token: String,
    /// The request parameter that takes the page size.
    pub(crate) max: Option<String>,
    /// The dotted path of the next cursor in the answer.
    pub(crate) next: String,
    /// The dotted path of the list in the answer.
    pub(crate) items: String,
    #[allow(dead_code)]
    pub(crate) why: String,
}

impl Overrides {
    /// Parses the file and checks that it names only real operations, and every one once.
    pub(crate) fn parse(text: &str, ops: &[Operation]) -> Result<Self, String> {
        let o: Overrides = serde_json::from_str(text).map_err(|e| format!("{OVERRIDES}: {e}"))?;
        let known = |a: &str| ops.iter().any(|op| op.action == a);
        let mut family_of: BTreeMap<&str, &str> = BTreeMap::new();
        for (family, actions) in &o.families {
            for a in actions {
                if !known(a) {
                    return Err(format!(
                        "{OVERRIDES}: family {family:?} names unknown action {a}"
                    ));
                }
                if let Some(other) = family_of.insert(a, family) {
                    return Err(format!(
                        "{OVERRIDES}: {a} is in families {other:?} and {family:?}"
                    ));
                }
            }
        }
        if let Some(op) = ops
            .iter()
            .find(|op| !family_of.contains_key(op.action.as_str()))
        {
            return Err(format!("{OVERRIDES}: {} is in no family", op.action));
        }
        let named = o
            .idempotent
            .exceptions
            .keys()
            .chain(o.paging.token.keys())
            .chain(o.paging.not_paged.keys());
        for a in named {
            if !known(a) {
                return Err(format!("{OVERRIDES}: unknown action {a}"));
            }
        }
        if let Some(a) = o
            .paging
            .token
            .keys()
            .find(|a| o.paging.not_paged.contains_key(*a))
        {
            return Err(format!(
                "{OVERRIDES}: {a} is both a token listing and not paged"
            ));
        }
        Ok(o)
    }

    /// The family of `action` (checked to exist by [`Overrides::parse`]).
    pub(crate) fn family(&self, action: &str) -> String {
        self.families
            .iter()
            .find(|(_, list)| list.iter().any(|a| a == action))
            .map_or_else(String::new, |(f, _)| f.clone())
    }

    /// Whether `action` may be retried freely.
    pub(crate) fn idempotent(&self, action: &str) -> Result<bool, String> {
        let by_prefix = self
            .idempotent
            .prefixes
            .iter()
            .any(|p| action.starts_with(p.as_str()));
        match self.idempotent.exceptions.get(action) {
            Some(e) if e.idempotent == by_prefix => Err(format!(
                "{OVERRIDES}: the idempotency exception of {action} says what its prefix already does"
            )),
            Some(e) => Ok(e.idempotent),
            None => Ok(by_prefix),
        }
    }
}
