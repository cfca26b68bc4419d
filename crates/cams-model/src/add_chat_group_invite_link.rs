//! `AddChatGroupInviteLink`: create an invite link for a WhatsApp IM group.

use crate::{Operation, Params, ValidationError};

chat_group_request! {
    /// Request of `AddChatGroupInviteLink`. Build it with [`AddChatGroupInviteLinkRequest::builder`].
    ///
    /// ```
    /// use cams_model::{AddChatGroupInviteLinkRequest, Operation};
    ///
    /// let req = AddChatGroupInviteLinkRequest::builder()
    ///     .business_number("8613800001234")
    ///     .cust_space_id("cams-k1234567")
    ///     .group_id("EA9391234")
    ///     .build();
    /// req.validate()?;
    /// # Ok::<(), cams_model::ValidationError>(())
    /// ```
    pub struct AddChatGroupInviteLinkRequest, builder AddChatGroupInviteLinkRequestBuilder {
        /// `GroupId` (required): the group, as ListChatGroup returns it.
        pub group_id: Option<String>,
    }
}

impl AddChatGroupInviteLinkRequestBuilder {
    string_setters! {
        /// Sets `GroupId`.
        group_id, set_group_id;
    }
}

impl Operation for AddChatGroupInviteLinkRequest {
    const ACTION: &'static str = "AddChatGroupInviteLink";
    const RAM_ACTION: &'static str = "cams:AddChatGroupInviteLink";
    const IDEMPOTENT: bool = false;
    type Output = AddChatGroupInviteLinkResponse;

    fn validate(&self) -> Result<(), ValidationError> {
        self.check(|v| v.required_str("GroupId", self.group_id.as_deref()))
    }

    fn to_params(&self) -> Params<'_> {
        self.params(|p| p.push_opt("GroupId", self.group_id.as_deref()))
    }
}

chat_group_response! {
    /// Response of `AddChatGroupInviteLink`.
    pub struct AddChatGroupInviteLinkResponse {
        /// `InviteLink`: the new invite link.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub invite_link: Option<String>,
    }
}
