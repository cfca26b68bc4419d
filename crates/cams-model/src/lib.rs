#![doc = include_str!("../README.md")]

pub mod catalog;
mod chat_groups;
mod common;
pub mod dynamic;
pub mod error;
pub mod operation;
pub mod operations;
pub mod params;
pub mod response;

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
    fn every_operation_has_its_ram_action_and_idempotency() {
        for op in catalog::operations() {
            let read = ["List", "Get", "Query", "Check", "Describe"]
                .iter()
                .any(|p| op.action.starts_with(p));
            assert_eq!(op.idempotent, read, "{}", op.action);
        }
        assert_eq!(
            <ListChatGroupRequest as Operation>::RAM_ACTION,
            "cams:ListChatGroup"
        );
        assert_eq!(
            catalog::find(<AddChatGroupRequest as Operation>::ACTION).map(|o| o.idempotent),
            Some(<AddChatGroupRequest as Operation>::IDEMPOTENT)
        );
        assert_eq!(
            <SendChatappMessageRequest as Operation>::VERSION,
            "2020-06-06"
        );
    }
}
