//! `DeleteChatGroup`: removes a group (`Result` 1); later calls on it are `GroupNotExist`.

use super::{Call, Refusal};
use bytes::Bytes;
use cams_model::DeleteChatGroupResponse;
use http::Response;

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let key = call.group_key()?;
    call.check_channel()?;
    call.state.remove_group(&key)?;
    success!(call, DeleteChatGroupResponse, result = Some(1))
}
