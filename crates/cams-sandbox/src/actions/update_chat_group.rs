//! `UpdateChatGroup`: changes the given `Subject`, `Description` and `ProfilePictureFile`
//! (`Result` 1). A `Subject` that is present but blank is `InvalidParameter`.

use super::{Call, Refusal};
use bytes::Bytes;
use cams_model::UpdateChatGroupResponse;
use http::Response;

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let key = call.group_key()?;
    call.check_channel()?;
    let subject = call.params.get("Subject");
    if subject.is_some_and(|s| s.trim().is_empty()) {
        return Err(Refusal::business(
            "InvalidParameter",
            "The parameter Subject must not be empty.",
        ));
    }
    let description = call.params.get("Description");
    let picture = call.params.optional("ProfilePictureFile");
    call.state.update_group(&key, call.now_millis(), |g| {
        if let Some(s) = subject {
            g.subject = s.to_owned();
        }
        if let Some(d) = description {
            g.description = d.to_owned();
        }
        if let Some(p) = picture {
            g.profile_picture_file = Some(p.to_owned());
        }
    })?;
    success!(call, UpdateChatGroupResponse, result = Some(1))
}
