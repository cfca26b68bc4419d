//! `UpdateChatGroup`: change the subject, description or picture of a WhatsApp IM group.

use crate::error::Violations;
use crate::{ChannelType, Operation, Params, ValidationError};

chat_group_request! {
    /// Request of `UpdateChatGroup`. Build it with [`UpdateChatGroupRequest::builder`].
    ///
    /// ```
    /// use cams_model::{Operation, UpdateChatGroupRequest};
    ///
    /// let req = UpdateChatGroupRequest::builder()
    ///     .business_number("8613800001234")
    ///     .cust_space_id("cams-k1234567")
    ///     .group_id("EA9391234")
    ///     .subject("New subject")
    ///     .build();
    /// req.validate()?;
    /// # Ok::<(), cams_model::ValidationError>(())
    /// ```
    pub struct UpdateChatGroupRequest, builder UpdateChatGroupRequestBuilder {
        /// `GroupId` (required): the group, as ListChatGroup returns it.
        pub group_id: Option<String>,
        /// `Subject` (optional): the new group title.
        pub subject: Option<String>,
        /// `Description` (optional): the new description.
        pub description: Option<String>,
        /// `ProfilePictureFile` (optional): the new picture (JPEG, at most 5 MB, square, at least 192×192).
        pub profile_picture_file: Option<String>,
    }
}

impl UpdateChatGroupRequestBuilder {
    string_setters! {
        /// Sets `GroupId`.
        group_id, set_group_id;
        /// Sets `Subject`.
        subject, set_subject;
        /// Sets `Description`.
        description, set_description;
        /// Sets `ProfilePictureFile`.
        profile_picture_file, set_profile_picture_file;
    }
}

impl Operation for UpdateChatGroupRequest {
    const ACTION: &'static str = "UpdateChatGroup";
    const RAM_ACTION: &'static str = "cams:UpdateChatGroup";
    const IDEMPOTENT: bool = false;
    type Output = UpdateChatGroupResponse;

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
        let mut p = Params::with_capacity(10);
        p.push_opt("BusinessNumber", self.business_number.as_deref());
        p.push_opt(
            "ChannelType",
            self.channel_type.as_ref().map(ChannelType::as_str),
        );
        p.push_opt("CustSpaceId", self.cust_space_id.as_deref());
        p.push_opt("Description", self.description.as_deref());
        p.push_opt("GroupId", self.group_id.as_deref());
        p.push_opt("OwnerId", self.owner_id.map(|v| v.to_string()));
        p.push_opt("ProfilePictureFile", self.profile_picture_file.as_deref());
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
    /// Response of `UpdateChatGroup`.
    pub struct UpdateChatGroupResponse {
        /// `Result`: the number of affected rows.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub result: Option<i64>,
    }
}
