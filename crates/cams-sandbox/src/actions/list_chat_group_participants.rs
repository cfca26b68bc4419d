//! `ListChatGroupParticipants`: the members of one group, a page at a time, in fixture order.

use super::page::PageRequest;
use super::{Call, business_error, channel_type_refusal};
use crate::gateway_error::{GatewayError, json_response};
use bytes::Bytes;
use cams_model::{
    AccessDeniedDetail, ChatGroupParticipant, ListChatGroupParticipantsData,
    ListChatGroupParticipantsResponse,
};
use http::{Response, StatusCode};

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, GatewayError> {
    let number = call.params.required("BusinessNumber")?;
    let space = call.params.required("CustSpaceId")?;
    let group_id = call.params.required("GroupId")?;
    if let Some(resp) = channel_type_refusal(call) {
        return Ok(resp);
    }
    let page = match PageRequest::parse(call.params.get("Page"), false) {
        Ok(p) => p,
        Err(msg) => {
            return Ok(business_error(
                call.request_id,
                "InvalidParameter.PageInvalid",
                &msg,
            ));
        }
    };
    let group = match call.state.group(space, number, group_id) {
        Ok(g) => g,
        Err(nf) => return Ok(business_error(call.request_id, nf.code, &nf.message)),
    };
    let list = page
        .slice(&group.participants)
        .iter()
        .map(ChatGroupParticipant::new)
        .collect();
    let total = i64::try_from(group.participants.len()).unwrap_or(i64::MAX);
    let mut body = ListChatGroupParticipantsResponse::default();
    body.request_id = Some(call.request_id.to_owned());
    body.code = Some("OK".to_owned());
    body.message = Some("None".to_owned());
    body.success = Some(true);
    body.access_denied_detail = Some(AccessDeniedDetail::Text("None".to_owned()));
    body.data = Some(ListChatGroupParticipantsData::new(Some(total), list));
    Ok(json_response(StatusCode::OK, call.request_id, &body))
}
