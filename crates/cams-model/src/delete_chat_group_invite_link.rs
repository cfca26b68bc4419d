//! `DeleteChatGroupInviteLink`: delete the invite link of a WhatsApp IM group.

use crate::error::Violations;
use crate::{ChannelType, Operation, Params, ValidationError};

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
        let mut v = Violations::default();
        v.required_str("BusinessNumber", self.business_number.as_deref());
        v.required_str("CustSpaceId", self.cust_space_id.as_deref());
        v.required_str("GroupId", self.group_id.as_deref());
        v.not_empty(
            "ChannelType",
            self.channel_type.as_ref().map(ChannelType::as_str),
        );
        v.finish()
    }

    fn to_params(&self) -> Params<'_> {
        // Alphabetical, as the official model's `to_map`.
        let mut p = Params::with_capacity(7);
        p.push_opt("BusinessNumber", self.business_number.as_deref());
        p.push_opt(
            "ChannelType",
            self.channel_type.as_ref().map(ChannelType::as_str),
        );
        p.push_opt("CustSpaceId", self.cust_space_id.as_deref());
        p.push_opt("GroupId", self.group_id.as_deref());
        p.push_opt("OwnerId", self.owner_id.map(|v| v.to_string()));
        p.push_opt(
            "ResourceOwnerAccount",
            self.resource_owner_account.as_deref(),
        );
        p.push_opt(
            "ResourceOwnerId",
            self.resource_owner_id.map(|v| v.to_string()),
        );
        p
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
