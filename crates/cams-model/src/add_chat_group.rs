//! `AddChatGroup`: create a WhatsApp IM group.

use crate::{Operation, Params, ValidationError};

chat_group_request! {
    /// Request of `AddChatGroup`. Build it with [`AddChatGroupRequest::builder`].
    ///
    /// The response carries no `GroupId`: find the new group with `ListChatGroup`.
    ///
    /// ```
    /// use cams_model::{AddChatGroupRequest, Operation};
    ///
    /// let req = AddChatGroupRequest::builder()
    ///     .business_number("8613800001234")
    ///     .cust_space_id("cams-k1234567")
    ///     .subject("Team chat")
    ///     .build();
    /// req.validate()?;
    /// assert_eq!(req.to_params().get("Subject"), Some("Team chat"));
    /// # Ok::<(), cams_model::ValidationError>(())
    /// ```
    pub struct AddChatGroupRequest, builder AddChatGroupRequestBuilder {
        /// `Subject` (optional): the group title.
        pub subject: Option<String>,
        /// `Description` (optional): the group description.
        pub description: Option<String>,
        /// `GroupLink` (optional): the group link.
        pub group_link: Option<String>,
    }
}

impl AddChatGroupRequestBuilder {
    string_setters! {
        /// Sets `Subject`.
        subject, set_subject;
        /// Sets `Description`.
        description, set_description;
        /// Sets `GroupLink`.
        group_link, set_group_link;
    }
}

impl Operation for AddChatGroupRequest {
    const ACTION: &'static str = "AddChatGroup";
    const RAM_ACTION: &'static str = "cams:AddChatGroup";
    const IDEMPOTENT: bool = false;
    type Output = AddChatGroupResponse;

    fn validate(&self) -> Result<(), ValidationError> {
        self.check(|_| {})
    }

    fn to_params(&self) -> Params<'_> {
        self.params(|p| {
            p.push_opt("Description", self.description.as_deref());
            p.push_opt("GroupLink", self.group_link.as_deref());
            p.push_opt("Subject", self.subject.as_deref());
        })
    }
}

chat_group_response! {
    /// Response of `AddChatGroup`.
    pub struct AddChatGroupResponse {
        /// `UniqueCode`: the unique request code.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub unique_code: Option<String>,
    }
}
