//! One method per operation. Each is a line: the generic path in `invoke.rs` does the work.

use super::Client;
use crate::Error;
use crate::paginator::Paginator;
use cams_model::{
    AddChatGroupInviteLinkRequest, AddChatGroupInviteLinkResponse, AddChatGroupRequest,
    AddChatGroupResponse, ChannelType, DeleteChatGroupInviteLinkRequest,
    DeleteChatGroupInviteLinkResponse, DeleteChatGroupParticipantsRequest,
    DeleteChatGroupParticipantsResponse, DeleteChatGroupRequest, DeleteChatGroupResponse,
    ListChatGroupParticipantsRequest, ListChatGroupParticipantsRequestBuilder,
    ListChatGroupParticipantsResponse, ListChatGroupRequest, ListChatGroupResponse, Page,
    UpdateChatGroupRequest, UpdateChatGroupResponse,
};

/// The other chat-group operations: each takes its request (built with `<Request>::builder()`).
impl Client {
    /// `AddChatGroup`: create a WhatsApp IM group. It returns no group id: find it with `list_chat_group`.
    pub async fn add_chat_group(
        &self,
        request: AddChatGroupRequest,
    ) -> Result<AddChatGroupResponse, Error> {
        self.execute(&request).await
    }

    /// `AddChatGroupInviteLink`: create or reset a group's invite link.
    pub async fn add_chat_group_invite_link(
        &self,
        request: AddChatGroupInviteLinkRequest,
    ) -> Result<AddChatGroupInviteLinkResponse, Error> {
        self.execute(&request).await
    }

    /// `ListChatGroup`: one page of the groups of a business number; [`Client::paginate`] gives them all.
    pub async fn list_chat_group(
        &self,
        request: ListChatGroupRequest,
    ) -> Result<ListChatGroupResponse, Error> {
        self.execute(&request).await
    }

    /// `UpdateChatGroup`: change a group's subject, description or picture.
    pub async fn update_chat_group(
        &self,
        request: UpdateChatGroupRequest,
    ) -> Result<UpdateChatGroupResponse, Error> {
        self.execute(&request).await
    }

    /// `DeleteChatGroup`: delete a group.
    pub async fn delete_chat_group(
        &self,
        request: DeleteChatGroupRequest,
    ) -> Result<DeleteChatGroupResponse, Error> {
        self.execute(&request).await
    }

    /// `DeleteChatGroupInviteLink`: revoke a group's invite link.
    pub async fn delete_chat_group_invite_link(
        &self,
        request: DeleteChatGroupInviteLinkRequest,
    ) -> Result<DeleteChatGroupInviteLinkResponse, Error> {
        self.execute(&request).await
    }

    /// `DeleteChatGroupParticipants`: remove members from a group.
    pub async fn delete_chat_group_participants(
        &self,
        request: DeleteChatGroupParticipantsRequest,
    ) -> Result<DeleteChatGroupParticipantsResponse, Error> {
        self.execute(&request).await
    }
}

impl Client {
    /// `ListChatGroupParticipants`: the members of a WhatsApp IM group, one page with
    /// [`send`](ListChatGroupParticipantsFluentBuilder::send), every page with
    /// [`into_paginator`](ListChatGroupParticipantsFluentBuilder::into_paginator).
    pub fn list_chat_group_participants(&self) -> ListChatGroupParticipantsFluentBuilder {
        ListChatGroupParticipantsFluentBuilder {
            client: self.clone(),
            inner: ListChatGroupParticipantsRequest::builder(),
        }
    }
}

/// The fluent form of [`ListChatGroupParticipantsRequest`], bound to a client.
#[derive(Debug, Clone)]
pub struct ListChatGroupParticipantsFluentBuilder {
    client: Client,
    inner: ListChatGroupParticipantsRequestBuilder,
}

macro_rules! delegate {
    ($($(#[$doc:meta])* $name:ident($ty:ty);)*) => {$(
        $(#[$doc])*
        pub fn $name(mut self, value: $ty) -> Self {
            self.inner = self.inner.$name(value);
            self
        }
    )*};
}

impl ListChatGroupParticipantsFluentBuilder {
    delegate! {
        /// Sets `BusinessNumber` (required).
        business_number(impl Into<String>);
        /// Sets `CustSpaceId` (required).
        cust_space_id(impl Into<String>);
        /// Sets `GroupId` (required).
        group_id(impl Into<String>);
        /// Sets `ChannelType` (`WHATSAPP`).
        channel_type(impl Into<ChannelType>);
        /// Sets `Page` with any combination of fields.
        set_page(Option<Page>);
        /// Sets `OwnerId`.
        owner_id(i64);
        /// Sets `ResourceOwnerAccount`.
        resource_owner_account(impl Into<String>);
        /// Sets `ResourceOwnerId`.
        resource_owner_id(i64);
    }

    /// Sets `Page` to `{Index: index, Size: size}` (`Index` is 1-based).
    pub fn page(mut self, index: i64, size: i64) -> Self {
        self.inner = self.inner.page(index, size);
        self
    }

    /// The request as built so far.
    pub fn as_request(&self) -> ListChatGroupParticipantsRequest {
        self.inner.clone().build()
    }

    /// Sends the request and returns one page.
    // Not an `async fn`: its future would keep room for the builder for its whole life, next
    // to the request built from it. Building first keeps the future small, so it moves less
    // and a spawned task around it stays an allocation the allocator caches per thread.
    pub fn send(
        self,
    ) -> impl std::future::Future<Output = Result<ListChatGroupParticipantsResponse, Error>> {
        let Self { client, inner } = self;
        let request = inner.build();
        async move { client.execute(&request).await }
    }

    /// Every page, lazily, starting at the request's `Page.Index` (1 if unset).
    pub fn into_paginator(self) -> Paginator<ListChatGroupParticipantsRequest> {
        self.client.paginate(self.inner.build())
    }
}
