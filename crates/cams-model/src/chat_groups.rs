//! Conveniences of the chat-group family: members named by phone number alone.

use crate::{DeleteChatGroupParticipantsRequestBuilder, DeleteChatGroupParticipantsRequestList};

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
