//! `DeleteChatGroupParticipants`: remove members from a WhatsApp IM group.

use crate::{ChatGroupParticipant, Operation, Params, ValidationError};

chat_group_request! {
    /// Request of `DeleteChatGroupParticipants`. Build it with
    /// [`DeleteChatGroupParticipantsRequest::builder`].
    ///
    /// `List` is sent as one compact JSON string, as the official SDK does:
    ///
    /// ```
    /// use cams_model::{DeleteChatGroupParticipantsRequest, Operation};
    ///
    /// let req = DeleteChatGroupParticipantsRequest::builder()
    ///     .business_number("8613800001234")
    ///     .cust_space_id("cams-k1234567")
    ///     .group_id("EA9391234")
    ///     .participant("8613800000000")
    ///     .build();
    /// req.validate()?;
    /// assert_eq!(
    ///     req.to_params().get("List"),
    ///     Some(r#"[{"ParticipantNumber":"8613800000000"}]"#)
    /// );
    /// # Ok::<(), cams_model::ValidationError>(())
    /// ```
    pub struct DeleteChatGroupParticipantsRequest, builder DeleteChatGroupParticipantsRequestBuilder {
        /// `GroupId` (required): the group, as ListChatGroup returns it.
        pub group_id: Option<String>,
        /// `List` (required, not empty): the members to remove.
        pub list: Option<Vec<ChatGroupParticipant>>,
    }
}

impl DeleteChatGroupParticipantsRequestBuilder {
    string_setters! {
        /// Sets `GroupId`.
        group_id, set_group_id;
    }

    /// Adds one member to `List`, by phone number.
    pub fn participant(mut self, number: impl Into<String>) -> Self {
        self.inner
            .list
            .get_or_insert_with(Vec::new)
            .push(ChatGroupParticipant::new(number));
        self
    }

    /// Adds members to `List`, by phone number.
    pub fn participants<I, S>(mut self, numbers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.inner
            .list
            .get_or_insert_with(Vec::new)
            .extend(numbers.into_iter().map(ChatGroupParticipant::new));
        self
    }

    /// Sets or clears `List` as a whole.
    pub fn set_list(mut self, list: Option<Vec<ChatGroupParticipant>>) -> Self {
        self.inner.list = list;
        self
    }
}

impl DeleteChatGroupParticipantsRequest {
    /// The compact JSON sent as `List`: `[{"ParticipantNumber":"…"}]`, unset numbers left
    /// out (`{}`), non-ASCII not escaped, like the official SDK.
    fn list_json(list: &[ChatGroupParticipant]) -> String {
        // Serializing a list of structs with string fields cannot fail.
        serde_json::to_string(list).unwrap_or_default()
    }
}

impl Operation for DeleteChatGroupParticipantsRequest {
    const ACTION: &'static str = "DeleteChatGroupParticipants";
    const RAM_ACTION: &'static str = "cams:DeleteChatGroupParticipants";
    const IDEMPOTENT: bool = false;
    type Output = DeleteChatGroupParticipantsResponse;

    fn validate(&self) -> Result<(), ValidationError> {
        self.check(|v| {
            v.required_str("GroupId", self.group_id.as_deref());
            v.required_items("List", self.list.as_deref());
            let blank_number = |p: &ChatGroupParticipant| {
                p.participant_number
                    .as_deref()
                    .is_none_or(|n| n.trim().is_empty())
            };
            if self.list.iter().flatten().any(blank_number) {
                v.required_str("List.ParticipantNumber", None);
            }
        })
    }

    fn to_params(&self) -> Params<'_> {
        self.params(|p| {
            p.push_opt("GroupId", self.group_id.as_deref());
            p.push_opt("List", self.list.as_deref().map(Self::list_json));
        })
    }
}

chat_group_response! {
    /// Response of `DeleteChatGroupParticipants`.
    pub struct DeleteChatGroupParticipantsResponse {
        /// `Result`: the number of affected rows.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub result: Option<i64>,
    }
}
