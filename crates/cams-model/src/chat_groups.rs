//! Short names and conveniences for the chat-group family, kept from before the API was
//! generated (the emulator and users build pages and member lists with them).

use crate::{
    DeleteChatGroupParticipantsRequestBuilder, DeleteChatGroupParticipantsRequestList,
    ListChatGroupParticipantsResponseData, ListChatGroupParticipantsResponseDataList,
    ListChatGroupResponseData, ListChatGroupResponseDataList,
};

/// One chat group, as `ListChatGroup` lists it.
pub type ChatGroup = ListChatGroupResponseDataList;
/// `Data` of a `ListChatGroup` response: the page.
pub type ListChatGroupData = ListChatGroupResponseData;
/// One member of a chat group, as `ListChatGroupParticipants` lists it.
pub type ChatGroupParticipant = ListChatGroupParticipantsResponseDataList;
/// `Data` of a `ListChatGroupParticipants` response: the page.
pub type ListChatGroupParticipantsData = ListChatGroupParticipantsResponseData;

impl ChatGroupParticipant {
    /// A participant with the given number.
    pub fn new(number: impl Into<String>) -> Self {
        ChatGroupParticipant {
            participant_number: Some(number.into()),
        }
    }
}

impl ListChatGroupParticipantsData {
    /// A page with a total and members.
    pub fn new(total: Option<i64>, list: Vec<ChatGroupParticipant>) -> Self {
        ListChatGroupParticipantsData { total, list }
    }
}

impl ListChatGroupData {
    /// A page with a total and groups.
    pub fn new(total: Option<i64>, list: Vec<ChatGroup>) -> Self {
        ListChatGroupData { total, list }
    }
}

impl DeleteChatGroupParticipantsRequestBuilder {
    /// Adds one member to `List`, by phone number.
    pub fn participant(mut self, number: impl Into<String>) -> Self {
        self.inner
            .list
            .push(DeleteChatGroupParticipantsRequestList::default().participant_number(number));
        self
    }

    /// Adds members to `List`, by phone number.
    pub fn participants<I, S>(mut self, numbers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.inner.list.extend(
            numbers
                .into_iter()
                .map(|n| DeleteChatGroupParticipantsRequestList::default().participant_number(n)),
        );
        self
    }
}
