//! `AddChatGroupInviteLink`: sets or replaces a group's invite link
//! (`https://chat.whatsapp.com/` and a random 22-character token) and returns it.

use super::{Call, Refusal, random_token};
use bytes::Bytes;
use cams_model::AddChatGroupInviteLinkResponse;
use http::Response;

/// Where WhatsApp invite links start.
const INVITE_LINK_PREFIX: &str = "https://chat.whatsapp.com/";

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let key = call.group_key()?;
    call.check_channel()?;
    let link = format!("{INVITE_LINK_PREFIX}{}", random_token(22));
    call.state.update_group(&key, call.now_millis(), |g| {
        g.invite_link = Some(link.clone())
    })?;
    success!(
        call,
        AddChatGroupInviteLinkResponse,
        invite_link = Some(link.into())
    )
}
