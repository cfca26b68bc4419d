//! `UpdateChatGroup`: change the subject, description or picture of a WhatsApp IM group.

use crate::{Operation, Params, ValidationError};

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
        self.check(|v| v.required_str("GroupId", self.group_id.as_deref()))
    }

    fn to_params(&self) -> Params<'_> {
        self.params(|p| {
            p.push_opt("Description", self.description.as_deref());
            p.push_opt("GroupId", self.group_id.as_deref());
            p.push_opt("ProfilePictureFile", self.profile_picture_file.as_deref());
            p.push_opt("Subject", self.subject.as_deref());
        })
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
