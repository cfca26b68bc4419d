//! `ListChatGroupParticipants`: list the members of a WhatsApp IM group.

use crate::common::null_as_empty;
use crate::{Operation, Paginated, Params, ValidationError};
use serde::{Deserialize, Serialize};

pub use crate::common::{ChannelType, Page};

chat_group_request! {
    /// Request of `ListChatGroupParticipants`. Build it with [`ListChatGroupParticipantsRequest::builder`].
    ///
    /// ```
    /// use cams_model::{ListChatGroupParticipantsRequest, Operation};
    ///
    /// let req = ListChatGroupParticipantsRequest::builder()
    ///     .business_number("8613800001234")
    ///     .cust_space_id("cams-k1234567")
    ///     .group_id("EA9391234")
    ///     .page(1, 20)
    ///     .build();
    /// req.validate()?;
    /// assert_eq!(req.to_params().get("Page"), Some(r#"{"Index":1,"Size":20}"#));
    /// # Ok::<(), cams_model::ValidationError>(())
    /// ```
    pub struct ListChatGroupParticipantsRequest, builder ListChatGroupParticipantsRequestBuilder {
        /// `GroupId` (required): the group, as ListChatGroup returns it.
        pub group_id: Option<String>,
        /// `Page` (optional): `{Index, Size}`.
        pub page: Option<Page>,
    }
}

impl ListChatGroupParticipantsRequestBuilder {
    string_setters! {
        /// Sets `GroupId`.
        group_id, set_group_id;
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

impl Operation for ListChatGroupParticipantsRequest {
    const ACTION: &'static str = "ListChatGroupParticipants";
    const RAM_ACTION: &'static str = "cams:ListChatGroupParticipants";
    const IDEMPOTENT: bool = true;
    type Output = ListChatGroupParticipantsResponse;

    fn validate(&self) -> Result<(), ValidationError> {
        self.check(|v| {
            v.required_str("GroupId", self.group_id.as_deref());
            if let Some(page) = &self.page {
                v.at_least("Page.Index", page.index, 1);
                v.at_least("Page.Size", page.size, 1);
            }
        })
    }

    fn to_params(&self) -> Params<'_> {
        self.params(|p| {
            p.push_opt("GroupId", self.group_id.as_deref());
            p.push_opt("Page", self.page.as_ref().map(Page::to_json));
        })
    }
}

impl Paginated for ListChatGroupParticipantsRequest {
    type Item = ChatGroupParticipant;

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
    /// Response of `ListChatGroupParticipants`. Missing fields are `None`, unknown fields ignored.
    pub struct ListChatGroupParticipantsResponse {
        /// `Data`: the page.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub data: Option<ListChatGroupParticipantsData>,
    }
}

/// `Data` of [`ListChatGroupParticipantsResponse`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListChatGroupParticipantsData {
    /// `Total`: members in the whole group.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// `List`: the members of this page (empty when the body has none, or `null`).
    #[serde(deserialize_with = "null_as_empty")]
    pub list: Vec<ChatGroupParticipant>,
}

/// One member of a chat group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ChatGroupParticipant {
    /// `ParticipantNumber`: the member's phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub participant_number: Option<String>,
}

impl ChatGroupParticipant {
    /// A participant with the given number.
    pub fn new(number: impl Into<String>) -> Self {
        ChatGroupParticipant {
            participant_number: Some(number.into()),
        }
    }
}

impl ListChatGroupParticipantsData {
    /// A page with a total and members.
    pub fn new(total: Option<i64>, list: Vec<ChatGroupParticipant>) -> Self {
        ListChatGroupParticipantsData { total, list }
    }
}
