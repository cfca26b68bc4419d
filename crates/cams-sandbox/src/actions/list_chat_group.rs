//! `ListChatGroup`: the groups of a space and business number, a page at a time, with filters
//! (`Subject` substring, exact `GroupStatus` and `GroupLink`).

use super::page::PageRequest;
use super::{Call, Refusal};
use crate::state::Group;
use bytes::Bytes;
use cams_model::{
    ListChatGroupResponse, ListChatGroupResponseData as Data,
    ListChatGroupResponseDataList as ChatGroup,
};
use http::Response;

fn item(g: &Group) -> ChatGroup {
    let mut c = ChatGroup::default();
    c.business_number = Some(g.business_number.as_str().into());
    c.business_role = Some("OWNER".into());
    c.description = Some(g.description.as_str().into());
    c.gmt_modifier = Some(g.gmt_modifier);
    c.group_id = Some(g.group_id.as_str().into());
    c.group_link = g.group_link.as_deref().map(Into::into);
    c.group_status = Some(g.status.as_str().into());
    c.group_type = Some("WHATSAPP".into());
    c.invite_link = g.invite_link.as_deref().map(Into::into);
    c.profile_picture_file = g.profile_picture_file.as_deref().map(Into::into);
    c.subject = Some(g.subject.as_str().into());
    c.total_participant_count = Some(i64::try_from(g.participants.len()).unwrap_or(i64::MAX));
    c
}

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let owner = call.owner()?;
    let raw_page = call.params.required("Page")?;
    call.check_channel()?;
    let page = PageRequest::from_param(Some(raw_page), true)?;
    let subject = call.params.optional("Subject");
    let status = call.params.optional("GroupStatus");
    let link = call.params.optional("GroupLink");
    let (total, list) = call
        .state
        .with_groups_of(owner.space, owner.number, |groups| {
            let matching: Vec<&Group> = groups
                .into_iter()
                .filter(|g| subject.is_none_or(|s| g.subject.contains(s)))
                .filter(|g| status.is_none_or(|s| g.status == s))
                .filter(|g| link.is_none_or(|l| g.group_link.as_deref() == Some(l)))
                .collect();
            let list: Vec<ChatGroup> = page.slice(&matching).iter().map(|g| item(g)).collect();
            (matching.len(), list)
        })?;
    let total = i64::try_from(total).unwrap_or(i64::MAX);
    success!(
        call,
        ListChatGroupResponse,
        data = Some({
            let mut data = Data::default();
            data.total = Some(total);
            data.list = list;
            data
        }),
    )
}
