#![doc = include_str!("../README.md")]

mod chat_groups;
mod common;
pub mod dybaseapi;
pub mod dynamic;
pub mod error;
pub mod operation;
pub mod operations;
pub mod params;
pub mod receipts;
pub mod response;
mod wire;

pub use common::Page;
/// The string type of every response field: a `str` (it derefs to one) kept inline when it fits
/// in 24 bytes, as most ids, numbers, codes and names do, so reading a page does not allocate
/// once per string. `as_str()`, `to_string()` and `==` with `&str` work as on `String`; pass
/// one on to a request's setter with `as_str()` or by value.
pub use compact_str::CompactString;
pub use error::{Error, FieldViolation, ParseError, Rule, ValidationError};
pub use operation::{API_VERSION, Operation, PageStyle, Paginated};
pub use operations::*;
pub use params::{Location, Params};
pub use response::{AccessDeniedDetail, ServiceResponse};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_have_their_ram_action_and_version() {
        assert_eq!(
            <ListChatGroupRequest as Operation>::RAM_ACTION,
            "cams:ListChatGroup"
        );
        assert_eq!(
            <SendChatappMessageRequest as Operation>::VERSION,
            "2020-06-06"
        );
        const { assert!(!<GetChatappVerifyCodeRequest as Operation>::IDEMPOTENT) };
        const { assert!(<ReadChatFlowRequest as Operation>::IDEMPOTENT) };
    }
}
