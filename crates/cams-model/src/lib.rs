#![doc = include_str!("../README.md")]

#[macro_use]
mod common;

pub mod add_chat_group;
pub mod add_chat_group_invite_link;
pub mod delete_chat_group;
pub mod delete_chat_group_invite_link;
pub mod delete_chat_group_participants;
pub mod error;
pub mod list_chat_group;
pub mod list_chat_group_participants;
pub mod operation;
pub mod params;
pub mod response;
pub mod update_chat_group;

pub use add_chat_group::{AddChatGroupRequest, AddChatGroupRequestBuilder, AddChatGroupResponse};
pub use add_chat_group_invite_link::{
    AddChatGroupInviteLinkRequest, AddChatGroupInviteLinkRequestBuilder,
    AddChatGroupInviteLinkResponse,
};
pub use common::{ChannelType, Page};
pub use delete_chat_group::{
    DeleteChatGroupRequest, DeleteChatGroupRequestBuilder, DeleteChatGroupResponse,
};
pub use delete_chat_group_invite_link::{
    DeleteChatGroupInviteLinkRequest, DeleteChatGroupInviteLinkRequestBuilder,
    DeleteChatGroupInviteLinkResponse,
};
pub use delete_chat_group_participants::{
    DeleteChatGroupParticipantsRequest, DeleteChatGroupParticipantsRequestBuilder,
    DeleteChatGroupParticipantsResponse,
};
pub use error::{Error, FieldViolation, ParseError, Rule, ValidationError};
pub use list_chat_group::{
    ChatGroup, ListChatGroupData, ListChatGroupRequest, ListChatGroupRequestBuilder,
    ListChatGroupResponse,
};
pub use list_chat_group_participants::{
    ChatGroupParticipant, ListChatGroupParticipantsData, ListChatGroupParticipantsRequest,
    ListChatGroupParticipantsRequestBuilder, ListChatGroupParticipantsResponse,
};
pub use operation::{API_VERSION, Operation, Paginated};
pub use params::Params;
pub use response::{AccessDeniedDetail, ServiceResponse};
pub use update_chat_group::{
    UpdateChatGroupRequest, UpdateChatGroupRequestBuilder, UpdateChatGroupResponse,
};

#[cfg(test)]
mod tests {
    use super::*;

    /// (ACTION, RAM_ACTION, IDEMPOTENT, VERSION) of an operation.
    fn meta<O: Operation>() -> (&'static str, &'static str, bool, &'static str) {
        (O::ACTION, O::RAM_ACTION, O::IDEMPOTENT, O::VERSION)
    }

    #[test]
    fn every_operation_has_its_ram_action_and_idempotency() {
        let ops = [
            (meta::<AddChatGroupRequest>(), false),
            (meta::<AddChatGroupInviteLinkRequest>(), false),
            (meta::<ListChatGroupRequest>(), true),
            (meta::<ListChatGroupParticipantsRequest>(), true),
            (meta::<UpdateChatGroupRequest>(), false),
            (meta::<DeleteChatGroupRequest>(), false),
            (meta::<DeleteChatGroupInviteLinkRequest>(), false),
            (meta::<DeleteChatGroupParticipantsRequest>(), false),
        ];
        let mut actions = Vec::new();
        for ((action, ram, idempotent, version), want_idempotent) in ops {
            assert_eq!(ram, format!("cams:{action}"));
            assert_eq!(idempotent, want_idempotent, "{action}");
            assert_eq!(version, "2020-06-06");
            actions.push(action);
        }
        actions.sort_unstable();
        actions.dedup();
        assert_eq!(actions.len(), 8);
    }
}
