//! One handler per API action, and what they share: parameters, pages and business errors.

mod list_chat_group;
mod list_chat_group_participants;
mod page;

use crate::gateway_error::{GatewayError, json_response};
use crate::state::State;
use bytes::Bytes;
use http::{Response, StatusCode};
use serde::Serialize;

/// What a handler sees of a verified request.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    pub(crate) state: &'a State,
    pub(crate) params: Params<'a>,
    pub(crate) request_id: &'a str,
}

/// A handler answers a verified call: a response (success or business error, HTTP 200),
/// or a gateway refusal (HTTP 4xx).
pub(crate) type Handler = fn(&Call<'_>) -> Result<Response<Bytes>, GatewayError>;

/// The handler of `action`, if the sandbox knows it.
pub(crate) fn handler(action: &str) -> Option<Handler> {
    match action {
        "ListChatGroupParticipants" => Some(list_chat_group_participants::handle),
        "ListChatGroup" => Some(list_chat_group::handle),
        _ => None,
    }
}

/// The decoded business parameters of a request.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params<'a>(pub(crate) &'a [(String, String)]);

impl<'a> Params<'a> {
    /// The first value of `name`, if present.
    pub(crate) fn get(&self, name: &str) -> Option<&'a str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The value of a required parameter; absent or blank is `Missing<Name>`.
    pub(crate) fn required(&self, name: &str) -> Result<&'a str, GatewayError> {
        match self.get(name) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(GatewayError::missing_parameter(name)),
        }
    }
}

/// An HTTP 200 answer with `Success: false` and a CAMS business code.
pub(crate) fn business_error(request_id: &str, code: &str, message: &str) -> Response<Bytes> {
    #[derive(Serialize)]
    #[serde(rename_all = "PascalCase")]
    struct Body<'a> {
        request_id: &'a str,
        code: &'a str,
        message: &'a str,
        success: bool,
    }
    json_response(
        StatusCode::OK,
        request_id,
        &Body {
            request_id,
            code,
            message,
            success: false,
        },
    )
}

/// The refusal of an unsupported `ChannelType` (only `WHATSAPP` is), if any.
pub(crate) fn channel_type_refusal(call: &Call<'_>) -> Option<Response<Bytes>> {
    match call.params.get("ChannelType") {
        None | Some("") | Some("WHATSAPP") => None,
        Some(other) => Some(business_error(
            call.request_id,
            "InvalidParameter.ChannelTypeNotSupport",
            &format!("The ChannelType {other:?} is not supported."),
        )),
    }
}
