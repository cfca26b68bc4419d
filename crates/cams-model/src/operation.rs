//! The contract every CAMS operation implements, so the client stays generic.

use crate::{Params, ParseError, ServiceResponse, ValidationError};
use serde::de::DeserializeOwned;

/// The API version of every CAMS operation.
pub const API_VERSION: &str = "2020-06-06";

/// One CAMS operation: its name, its parameters and its response.
///
/// The client needs nothing else to validate, sign, send and parse a call. Every operation
/// of the API implements it in generated code (see `docs/adding-an-operation.md`).
pub trait Operation: Send + Sync {
    /// The action name, sent as `x-acs-action` (V3) or `Action` (V1).
    const ACTION: &'static str;
    /// The API version, sent as `x-acs-version` or `Version`.
    const VERSION: &'static str = API_VERSION;
    /// The RAM action a policy must allow: `cams:<Action>`.
    const RAM_ACTION: &'static str;
    /// Whether sending it twice has the same effect as once (so it may be retried freely).
    const IDEMPOTENT: bool;

    /// The parsed response body. It is `serde::Serialize` with the `serde-serialize` feature.
    type Output: ServiceResponse + DeserializeOwned + std::fmt::Debug + Send + 'static;

    /// Checks the request against the API's rules, reporting every violation.
    fn validate(&self) -> Result<(), ValidationError>;

    /// The request parameters exactly as the official SDK sends them (before encoding).
    fn to_params(&self) -> Params<'_>;

    /// Parses a response body.
    fn parse_response(body: &[u8]) -> Result<Self::Output, ParseError> {
        // One UTF-8 check over the whole body is cheaper than serde_json's check of every
        // string it reads from bytes.
        let text = std::str::from_utf8(body)
            .map_err(|e| ParseError::invalid_utf8(Self::ACTION, body, &e))?;
        serde_json::from_str(text).map_err(|e| ParseError::from_json(Self::ACTION, &e))
    }
}

/// How an operation asks for its next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageStyle {
    /// A 1-based page number (`Page.Index`, `PageIndex`, `PageNo`, `PageNumber`) and a size.
    Numbered,
    /// The token the previous page returned (`NextToken`).
    Token,
}

/// An operation whose results come in pages.
///
/// Numbered operations implement the `page_*` methods, token ones `set_page_token` and
/// `next_token`; the defaults do nothing.
pub trait Paginated: Operation + Clone {
    /// One item of a page. Its `Debug` text tells a repeated page (every field is in it).
    type Item: std::fmt::Debug + Send + 'static;
    /// How the next page is asked for.
    const STYLE: PageStyle;

    /// The page this request asks for, if set (numbered style).
    fn page_index(&self) -> Option<i64> {
        None
    }
    /// The page size this request asks for, if set (numbered style).
    fn page_size(&self) -> Option<i64> {
        None
    }
    /// Asks for page `index`, keeping the size (numbered style).
    fn set_page_index(&mut self, _index: i64) {}
    /// Asks for the page after `token` (token style).
    fn set_page_token(&mut self, _token: &str) {}
    /// The token of the next page, if the service gave one (token style).
    fn next_token(_output: &Self::Output) -> Option<&str> {
        None
    }
    /// How many items there are in all, if the service said.
    fn total(_output: &Self::Output) -> Option<i64> {
        None
    }
    /// The items of a page.
    fn items(output: &Self::Output) -> &[Self::Item];
    /// How many items a page holds.
    fn item_count(output: &Self::Output) -> usize {
        Self::items(output).len()
    }
    /// Moves the items out of a page.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}
