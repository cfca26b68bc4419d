//! `AddChatGroup`: create a WhatsApp IM group.

use crate::error::Violations;
use crate::{ChannelType, Operation, Params, ValidationError};

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
        let mut v = Violations::default();
        v.required_str("BusinessNumber", self.business_number.as_deref());
        v.required_str("CustSpaceId", self.cust_space_id.as_deref());
        v.not_empty(
            "ChannelType",
            self.channel_type.as_ref().map(ChannelType::as_str),
        );
        v.finish()
    }

    fn to_params(&self) -> Params<'_> {
        // Alphabetical, as the official model's `to_map`.
        let mut p = Params::with_capacity(9);
        p.push_opt("BusinessNumber", self.business_number.as_deref());
        p.push_opt(
            "ChannelType",
            self.channel_type.as_ref().map(ChannelType::as_str),
        );
        p.push_opt("CustSpaceId", self.cust_space_id.as_deref());
        p.push_opt("Description", self.description.as_deref());
        p.push_opt("GroupLink", self.group_link.as_deref());
        p.push_opt("OwnerId", self.owner_id.map(|v| v.to_string()));
        p.push_opt(
            "ResourceOwnerAccount",
            self.resource_owner_account.as_deref(),
        );
        p.push_opt(
            "ResourceOwnerId",
            self.resource_owner_id.map(|v| v.to_string()),
        );
        p.push_opt("Subject", self.subject.as_deref());
        p
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
