//! `DeleteChatGroupInviteLink`: clears a group's invite link (`Result` 1, with or without one).

use super::{Call, Refusal};
use bytes::Bytes;
use cams_model::DeleteChatGroupInviteLinkResponse;
use http::Response;

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let key = call.group_key()?;
    call.check_channel()?;
    call.state
        .update_group(&key, call.now_millis(), |g| g.invite_link = None)?;
    success!(call, DeleteChatGroupInviteLinkResponse, result = Some(1))
}
