//! `AddChatGroup`: creates an `ACTIVE` group without members under a new `GroupId`. Like the
//! real API, the answer carries only a `UniqueCode`: find the group with `ListChatGroup`.

use super::{Call, Refusal};
use crate::state::NewGroup;
use bytes::Bytes;
use cams_model::AddChatGroupResponse;
use http::Response;

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let owner = call.owner()?;
    call.check_channel()?;
    call.state.add_group(NewGroup {
        space: owner.space,
        number: owner.number,
        subject: call.params.get("Subject").unwrap_or_default(),
        description: call.params.get("Description").unwrap_or_default(),
        group_link: call.params.optional("GroupLink"),
        now_ms: call.now_millis(),
    })?;
    let unique_code = format!("{:032x}", rand::random::<u128>());
    success!(
        call,
        AddChatGroupResponse,
        unique_code = Some(unique_code.into())
    )
}
