//! `ListChatGroup`: the groups of a space and business number, a page at a time, with filters.

use super::page::PageRequest;
use super::{Call, business_error, channel_type_refusal};
use crate::fixture::FixtureGroup;
use crate::gateway_error::{GatewayError, json_response};
use bytes::Bytes;
use http::{Response, StatusCode};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Body<'a> {
    request_id: &'a str,
    code: &'static str,
    message: &'static str,
    success: bool,
    access_denied_detail: &'static str,
    data: Data<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Data<'a> {
    total: usize,
    list: Vec<Item<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Item<'a> {
    business_number: &'a str,
    business_role: &'static str,
    description: &'a str,
    gmt_modifier: i64,
    group_id: &'a str,
    group_status: &'a str,
    group_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    invite_link: Option<&'a str>,
    subject: &'a str,
    total_participant_count: usize,
}

impl<'a> From<&'a FixtureGroup> for Item<'a> {
    fn from(g: &'a FixtureGroup) -> Self {
        Item {
            business_number: &g.business_number,
            business_role: "OWNER",
            description: &g.description,
            gmt_modifier: 1_735_689_600_000,
            group_id: &g.group_id,
            group_status: &g.status,
            group_type: "WHATSAPP",
            invite_link: g.invite_link.as_deref(),
            subject: &g.subject,
            total_participant_count: g.participants.len(),
        }
    }
}

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, GatewayError> {
    let number = call.params.required("BusinessNumber")?;
    let space = call.params.required("CustSpaceId")?;
    let raw_page = call.params.required("Page")?;
    if let Some(resp) = channel_type_refusal(call) {
        return Ok(resp);
    }
    let page = match PageRequest::parse(Some(raw_page), true) {
        Ok(p) => p,
        Err(msg) => {
            return Ok(business_error(
                call.request_id,
                "InvalidParameter.PageInvalid",
                &msg,
            ));
        }
    };
    if let Err(nf) = call.state.check_owner(space, number) {
        return Ok(business_error(call.request_id, nf.code, &nf.message));
    }
    let subject = call.params.get("Subject").filter(|s| !s.is_empty());
    let status = call.params.get("GroupStatus").filter(|s| !s.is_empty());
    let matching: Vec<&FixtureGroup> = call
        .state
        .groups_of(space, number)
        .filter(|g| subject.is_none_or(|s| g.subject.contains(s)))
        .filter(|g| status.is_none_or(|s| g.status == s))
        .collect();
    let body = Body {
        request_id: call.request_id,
        code: "OK",
        message: "None",
        success: true,
        access_denied_detail: "None",
        data: Data {
            total: matching.len(),
            list: page
                .slice(&matching)
                .iter()
                .map(|g| Item::from(*g))
                .collect(),
        },
    };
    Ok(json_response(StatusCode::OK, call.request_id, &body))
}
