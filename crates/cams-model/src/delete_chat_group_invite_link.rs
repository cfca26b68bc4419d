//! `DeleteChatGroupInviteLink`: delete the invite link of a WhatsApp IM group.

use crate::{Operation, Params, ValidationError};

chat_group_request! {
    /// Request of `DeleteChatGroupInviteLink`. Build it with [`DeleteChatGroupInviteLinkRequest::builder`].
    ///
    /// ```
    /// use cams_model::{DeleteChatGroupInviteLinkRequest, Operation};
    ///
    /// let req = DeleteChatGroupInviteLinkRequest::builder()
    ///     .business_number("8613800001234")
    ///     .cust_space_id("cams-k1234567")
    ///     .group_id("EA9391234")
    ///     .build();
    /// req.validate()?;
    /// assert_eq!(req.to_params().get("GroupId"), Some("EA9391234"));
    /// # Ok::<(), cams_model::ValidationError>(())
    /// ```
    pub struct DeleteChatGroupInviteLinkRequest, builder DeleteChatGroupInviteLinkRequestBuilder {
        /// `GroupId` (required): the group, as ListChatGroup returns it.
        pub group_id: Option<String>,
    }
}

impl DeleteChatGroupInviteLinkRequestBuilder {
    string_setters! {
        /// Sets `GroupId`.
        group_id, set_group_id;
    }
}

impl Operation for DeleteChatGroupInviteLinkRequest {
    const ACTION: &'static str = "DeleteChatGroupInviteLink";
    const RAM_ACTION: &'static str = "cams:DeleteChatGroupInviteLink";
    const IDEMPOTENT: bool = false;
    type Output = DeleteChatGroupInviteLinkResponse;

    fn validate(&self) -> Result<(), ValidationError> {
        self.check(|v| v.required_str("GroupId", self.group_id.as_deref()))
    }

    fn to_params(&self) -> Params<'_> {
        self.params(|p| p.push_opt("GroupId", self.group_id.as_deref()))
    }
}

chat_group_response! {
    /// Response of `DeleteChatGroupInviteLink`.
    pub struct DeleteChatGroupInviteLinkResponse {
        /// `Result`: the number of affected rows.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub result: Option<i64>,
    }
}
