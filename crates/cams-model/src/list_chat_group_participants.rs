//! `ListChatGroupParticipants`: list the members of a WhatsApp IM group.

use crate::error::Violations;
use crate::{AccessDeniedDetail, Operation, Paginated, Params, ValidationError};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt::{self, Write as _};

/// The messaging channel of a chat group. Only WhatsApp exists today; any other
/// value is kept and sent as given, since the service may add channels.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChannelType {
    /// WhatsApp, sent as `WHATSAPP`.
    WhatsApp,
    /// A value this SDK does not know, sent verbatim.
    Other(String),
}

impl ChannelType {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            ChannelType::WhatsApp => "WHATSAPP",
            ChannelType::Other(s) => s,
        }
    }
}

impl From<&str> for ChannelType {
    fn from(s: &str) -> Self {
        match s {
            "WHATSAPP" => ChannelType::WhatsApp,
            other => ChannelType::Other(other.to_owned()),
        }
    }
}

impl From<String> for ChannelType {
    fn from(s: String) -> Self {
        if s == "WHATSAPP" {
            ChannelType::WhatsApp
        } else {
            ChannelType::Other(s)
        }
    }
}

impl fmt::Display for ChannelType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which page to return: `Index` is 1-based, `Size` is the number of members per page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Page {
    /// `Page.Index`, 1-based.
    pub index: Option<i64>,
    /// `Page.Size`.
    pub size: Option<i64>,
}

impl Page {
    /// A page with both fields set.
    pub fn new(index: i64, size: i64) -> Self {
        Page {
            index: Some(index),
            size: Some(size),
        }
    }

    /// The compact JSON the official SDK sends: keys in `Index`, `Size` order, only the set ones.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(24);
        out.push('{');
        if let Some(i) = self.index {
            let _ = write!(out, "\"Index\":{i}");
        }
        if let Some(s) = self.size {
            if self.index.is_some() {
                out.push(',');
            }
            let _ = write!(out, "\"Size\":{s}");
        }
        out.push('}');
        out
    }
}

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
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListChatGroupParticipantsRequest {
    /// `BusinessNumber` (required): the business phone number.
    pub business_number: Option<String>,
    /// `CustSpaceId` (required): the ISV sub-customer space ID or instance ID.
    pub cust_space_id: Option<String>,
    /// `GroupId` (required): the group, as ListChatGroup returns it.
    pub group_id: Option<String>,
    /// `ChannelType` (optional): `WHATSAPP`.
    pub channel_type: Option<ChannelType>,
    /// `Page` (optional): `{Index, Size}`.
    pub page: Option<Page>,
    /// `OwnerId`: a hidden POP common parameter; rarely used.
    pub owner_id: Option<i64>,
    /// `ResourceOwnerAccount`: a hidden POP common parameter; rarely used.
    pub resource_owner_account: Option<String>,
    /// `ResourceOwnerId`: a hidden POP common parameter; rarely used.
    pub resource_owner_id: Option<i64>,
}

impl ListChatGroupParticipantsRequest {
    /// A builder with nothing set.
    pub fn builder() -> ListChatGroupParticipantsRequestBuilder {
        ListChatGroupParticipantsRequestBuilder::default()
    }
}

/// Builder of [`ListChatGroupParticipantsRequest`]. `build` never fails: validation is a
/// separate step ([`Operation::validate`]) that the client runs before sending.
#[derive(Debug, Clone, Default)]
pub struct ListChatGroupParticipantsRequestBuilder {
    inner: ListChatGroupParticipantsRequest,
}

macro_rules! string_setters {
    ($($(#[$doc:meta])* $name:ident, $set:ident;)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: impl Into<String>) -> Self {
            self.inner.$name = Some(value.into());
            self
        }
        /// Sets or clears the field.
        pub fn $set(mut self, value: Option<String>) -> Self {
            self.inner.$name = value;
            self
        }
    )*};
}

impl ListChatGroupParticipantsRequestBuilder {
    string_setters! {
        /// Sets `BusinessNumber`.
        business_number, set_business_number;
        /// Sets `CustSpaceId`.
        cust_space_id, set_cust_space_id;
        /// Sets `GroupId`.
        group_id, set_group_id;
        /// Sets `ResourceOwnerAccount`.
        resource_owner_account, set_resource_owner_account;
    }

    /// Sets `ChannelType` (`ChannelType::WhatsApp`, or any string).
    pub fn channel_type(mut self, value: impl Into<ChannelType>) -> Self {
        self.inner.channel_type = Some(value.into());
        self
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

    /// Sets `OwnerId`.
    pub fn owner_id(mut self, value: i64) -> Self {
        self.inner.owner_id = Some(value);
        self
    }

    /// Sets `ResourceOwnerId`.
    pub fn resource_owner_id(mut self, value: i64) -> Self {
        self.inner.resource_owner_id = Some(value);
        self
    }

    /// The request, as set. Never fails; see [`Operation::validate`].
    pub fn build(self) -> ListChatGroupParticipantsRequest {
        self.inner
    }
}

impl Operation for ListChatGroupParticipantsRequest {
    const ACTION: &'static str = "ListChatGroupParticipants";
    const RAM_ACTION: &'static str = "cams:ListChatGroupParticipants";
    const IDEMPOTENT: bool = true;
    type Output = ListChatGroupParticipantsResponse;

    fn validate(&self) -> Result<(), ValidationError> {
        let mut v = Violations::default();
        v.required_str("BusinessNumber", self.business_number.as_deref());
        v.required_str("CustSpaceId", self.cust_space_id.as_deref());
        v.required_str("GroupId", self.group_id.as_deref());
        v.not_empty(
            "ChannelType",
            self.channel_type.as_ref().map(ChannelType::as_str),
        );
        if let Some(page) = &self.page {
            v.at_least("Page.Index", page.index, 1);
            v.at_least("Page.Size", page.size, 1);
        }
        v.finish()
    }

    fn to_params(&self) -> Params {
        // Insertion order follows the official model's `to_map` (alphabetical); the
        // signer sorts anyway, so it only matters for readability of debug output.
        let mut p = Params::with_capacity(8);
        p.push_opt("BusinessNumber", self.business_number.as_deref());
        p.push_opt(
            "ChannelType",
            self.channel_type.as_ref().map(ChannelType::as_str),
        );
        p.push_opt("CustSpaceId", self.cust_space_id.as_deref());
        p.push_opt("GroupId", self.group_id.as_deref());
        p.push_opt("OwnerId", self.owner_id.map(|v| v.to_string()));
        p.push_opt("Page", self.page.as_ref().map(Page::to_json));
        p.push_opt(
            "ResourceOwnerAccount",
            self.resource_owner_account.as_deref(),
        );
        p.push_opt("ResourceOwnerId", self.resource_owner_id.map(|v| v.to_string()));
        p
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

    fn item_count(output: &Self::Output) -> usize {
        output.data.as_ref().map_or(0, |d| d.list.len())
    }

    fn into_items(output: Self::Output) -> Vec<Self::Item> {
        output.data.map(|d| d.list).unwrap_or_default()
    }
}

/// Response of `ListChatGroupParticipants`. Missing fields are `None`, unknown fields ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ListChatGroupParticipantsResponse {
    /// `RequestId`: quote it to support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `Code`: `OK` on success.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// `Message`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `Success`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub success: Option<bool>,
    /// `AccessDeniedDetail`: text or object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_denied_detail: Option<AccessDeniedDetail>,
    /// `Data`: the page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<ListChatGroupParticipantsData>,
}

crate::impl_service_response!(ListChatGroupParticipantsResponse);

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

fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}
