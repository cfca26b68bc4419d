//! `ListChatGroupParticipants`: the members of one group, a page at a time, in order.

use super::page::PageRequest;
use super::{Call, Refusal};
use bytes::Bytes;
use cams_model::{
    ListChatGroupParticipantsResponse, ListChatGroupParticipantsResponseData as Data,
    ListChatGroupParticipantsResponseDataList as Participant,
};
use http::Response;

pub(crate) fn handle(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let key = call.group_key()?;
    call.check_channel()?;
    let page = PageRequest::from_param(call.params.get("Page"), false)?;
    let (list, total) = call.state.with_group(&key, |g| {
        let list: Vec<_> = page
            .slice(&g.participants)
            .iter()
            .map(|number| {
                let mut p = Participant::default();
                p.participant_number = Some(number.into());
                p
            })
            .collect();
        (list, g.participants.len())
    })?;
    let total = i64::try_from(total).unwrap_or(i64::MAX);
    success!(
        call,
        ListChatGroupParticipantsResponse,
        data = Some({
            let mut data = Data::default();
            data.total = Some(total);
            data.list = list;
            data
        }),
    )
}
