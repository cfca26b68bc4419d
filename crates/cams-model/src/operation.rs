//! The contract every CAMS operation implements, so the client stays generic.

use crate::{Params, ParseError, ServiceResponse, ValidationError};
use serde::de::DeserializeOwned;

/// The API version of every CAMS operation.
pub const API_VERSION: &str = "2020-06-06";

/// One CAMS operation: its name, its parameters and its response.
///
/// The client needs nothing else to validate, sign, send and parse a call; adding an
/// operation is one file that implements this trait (see `docs/adding-an-operation.md`).
pub trait Operation: Send + Sync {
    /// The action name, sent as `x-acs-action` (V3) or `Action` (V1).
    const ACTION: &'static str;
    /// The API version, sent as `x-acs-version` or `Version`.
    const VERSION: &'static str = API_VERSION;
    /// The RAM action a policy must allow: `cams:<Action>`.
    const RAM_ACTION: &'static str;
    /// Whether sending it twice has the same effect as once (so it may be retried freely).
    const IDEMPOTENT: bool;

    /// The parsed response body.
    type Output: ServiceResponse + DeserializeOwned + Send + 'static;

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

/// An operation whose results come in numbered pages (`Page {Index, Size}`, 1-based).
pub trait Paginated: Operation + Clone {
    /// One item of a page.
    type Item: Send + 'static;

    /// The page this request asks for (`Page.Index`), if set.
    fn page_index(&self) -> Option<i64>;
    /// The page size this request asks for (`Page.Size`), if set.
    fn page_size(&self) -> Option<i64>;
    /// Sets `Page.Index`, keeping the size.
    fn set_page_index(&mut self, index: i64);
    /// `Total` of a page: how many items there are in all, if the service said.
    fn total(output: &Self::Output) -> Option<i64>;
    /// The items of a page.
    fn items(output: &Self::Output) -> &[Self::Item];
    /// How many items a page holds.
    fn item_count(output: &Self::Output) -> usize {
        Self::items(output).len()
    }
    /// Moves the items out of a page.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}
