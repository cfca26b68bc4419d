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
