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
