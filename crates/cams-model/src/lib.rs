#![doc = include_str!("../README.md")]

pub mod error;
pub mod list_chat_group_participants;
pub mod operation;
pub mod params;
pub mod response;

pub use error::{Error, FieldViolation, ParseError, Rule, ValidationError};
pub use list_chat_group_participants::{
    ChannelType, ChatGroupParticipant, ListChatGroupParticipantsData,
    ListChatGroupParticipantsRequest, ListChatGroupParticipantsRequestBuilder,
    ListChatGroupParticipantsResponse, Page,
};
pub use operation::{API_VERSION, Operation, Paginated};
pub use params::Params;
pub use response::{AccessDeniedDetail, ServiceResponse};
