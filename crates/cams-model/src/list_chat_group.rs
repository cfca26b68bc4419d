//! `ListChatGroup`: list the WhatsApp IM groups of a business number.

use crate::common::null_as_empty;
use crate::{Operation, Page, Paginated, Params, ValidationError};
use serde::{Deserialize, Serialize};

chat_group_request! {
    /// Request of `ListChatGroup`. Build it with [`ListChatGroupRequest::builder`].
    ///
    /// `Page` is required here, with both `Index` and `Size`.
    ///
    /// ```
    /// use cams_model::{ListChatGroupRequest, Operation};
    ///
    /// let req = ListChatGroupRequest::builder()
    ///     .business_number("8613800001234")
    ///     .cust_space_id("cams-k1234567")
    ///     .group_status("ACTIVE")
    ///     .page(1, 20)
    ///     .build();
    /// req.validate()?;
    /// assert_eq!(req.to_params().get("Page"), Some(r#"{"Index":1,"Size":20}"#));
    /// # Ok::<(), cams_model::ValidationError>(())
    /// ```
    pub struct ListChatGroupRequest, builder ListChatGroupRequestBuilder {
        /// `Page` (required): `{Index, Size}`, both required and at least 1.
        pub page: Option<Page>,
        /// `Subject` (optional): filter by group title.
        pub subject: Option<String>,
        /// `GroupLink` (optional): filter by group link.
        pub group_link: Option<String>,
        /// `GroupStatus` (optional): `ACTIVE`, `INACTIVE`, `SUSPENDED`, `CREATING`, `DELETING`
        /// or `UPDATING`.
        pub group_status: Option<String>,
        /// `GroupType` (optional): filter by group type.
        pub group_type: Option<String>,
    }
}

impl ListChatGroupRequestBuilder {
    string_setters! {
        /// Sets `Subject`.
        subject, set_subject;
        /// Sets `GroupLink`.
        group_link, set_group_link;
        /// Sets `GroupStatus`.
        group_status, set_group_status;
        /// Sets `GroupType`.
        group_type, set_group_type;
    }

    /// Sets `Page` to `{Index: index, Size: size}`.
    pub fn page(mut self, index: i64, size: i64) -> Self {
        self.inner.page = Some(Page::new(index, size));
        self
    }

    /// Sets `Page` with any combination of fields.
    pub fn set_page(mut self, page: Option<Page>) -> Self {
        self.inner.page = page;
        self
    }
}

impl Operation for ListChatGroupRequest {
    const ACTION: &'static str = "ListChatGroup";
    const RAM_ACTION: &'static str = "cams:ListChatGroup";
    const IDEMPOTENT: bool = true;
    type Output = ListChatGroupResponse;

    fn validate(&self) -> Result<(), ValidationError> {
        self.check(|v| {
            v.required("Page", self.page.as_ref());
            if let Some(page) = &self.page {
                v.required("Page.Index", page.index.as_ref());
                v.at_least("Page.Index", page.index, 1);
                v.required("Page.Size", page.size.as_ref());
                v.at_least("Page.Size", page.size, 1);
            }
        })
    }

    fn to_params(&self) -> Params<'_> {
        self.params(|p| {
            p.push_opt("GroupLink", self.group_link.as_deref());
            p.push_opt("GroupStatus", self.group_status.as_deref());
            p.push_opt("GroupType", self.group_type.as_deref());
            p.push_opt("Page", self.page.as_ref().map(Page::to_json));
            p.push_opt("Subject", self.subject.as_deref());
        })
    }
}

impl Paginated for ListChatGroupRequest {
    type Item = ChatGroup;

    fn page_index(&self) -> Option<i64> {
        self.page.and_then(|p| p.index)
    }

    fn page_size(&self) -> Option<i64> {
        self.page.and_then(|p| p.size)
    }

    fn set_page_index(&mut self, index: i64) {
        self.page.get_or_insert_with(Page::default).index = Some(index);
    }

    fn total(output: &Self::Output) -> Option<i64> {
        output.data.as_ref().and_then(|d| d.total)
    }

    fn items(output: &Self::Output) -> &[Self::Item] {
        output.data.as_ref().map_or(&[], |d| d.list.as_slice())
    }

    fn into_items(output: Self::Output) -> Vec<Self::Item> {
        output.data.map(|d| d.list).unwrap_or_default()
    }
}

chat_group_response! {
    /// Response of `ListChatGroup`.
    pub struct ListChatGroupResponse {
        /// `Data`: the page.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub data: Option<ListChatGroupData>,
    }
}

/// `Data` of [`ListChatGroupResponse`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListChatGroupData {
    /// `Total`: groups matching the filters, in all pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// `List`: the groups of this page (empty when the body has none, or `null`).
    #[serde(deserialize_with = "null_as_empty")]
    pub list: Vec<ChatGroup>,
}

impl ListChatGroupData {
    /// A page with a total and groups.
    pub fn new(total: Option<i64>, list: Vec<ChatGroup>) -> Self {
        ListChatGroupData { total, list }
    }
}

/// One chat group, as `ListChatGroup` lists it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ChatGroup {
    /// `BusinessNumber`: the business phone number that owns the group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_number: Option<String>,
    /// `BusinessRole`: the role of the business number in the group (e.g. `ADMIN`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_role: Option<String>,
    /// `Description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `GmtModifier`: when the group was last updated (milliseconds since the epoch).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gmt_modifier: Option<i64>,
    /// `GroupId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    /// `GroupLink`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_link: Option<String>,
    /// `GroupStatus`: `ACTIVE`, `INACTIVE`, `SUSPENDED`, `CREATING`, `DELETING` or `UPDATING`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_status: Option<String>,
    /// `GroupType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_type: Option<String>,
    /// `InviteLink`: the invite link, if one was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invite_link: Option<String>,
    /// `ProfilePictureFile`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_picture_file: Option<String>,
    /// `Subject`: the group title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// `TotalParticipantCount`: how many members the group has.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_participant_count: Option<i64>,
}
