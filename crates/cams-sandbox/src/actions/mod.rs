//! One handler per API action, and what they share: parameters, common checks, pages, success
//! bodies and business errors.

/// A success answer (HTTP 200) of the cams-model response type `$ty`, with the common fields
/// (`RequestId`, `Code: "OK"`, `Message: "None"`, `Success: true`, `AccessDeniedDetail: "None"`)
/// and the given action fields.
macro_rules! success {
    ($call:expr, $ty:ty $(, $field:ident = $value:expr)* $(,)?) => {{
        let call: &$crate::actions::Call<'_> = $call;
        let mut body = <$ty>::default();
        body.request_id = Some(call.request_id.into());
        body.code = Some("OK".into());
        body.message = Some("None".into());
        body.success = Some(true);
        body.access_denied_detail = Some(cams_model::AccessDeniedDetail::Text("None".into()));
        $( body.$field = $value; )*
        Ok($crate::gateway_error::json_response(
            http::StatusCode::OK,
            call.request_id,
            &body,
        ))
    }};
}

mod add_chat_group;
mod add_chat_group_invite_link;
mod create_template;
mod delete_chat_group;
mod delete_chat_group_invite_link;
mod delete_chat_group_participants;
mod form_body;
mod generic;
mod list_chat_group;
mod list_chat_group_participants;
mod listing;
mod page;
mod phone_numbers;
mod send_message;
#[cfg(test)]
mod test_shapes;
mod update_chat_group;
mod webhooks;

pub(crate) use form_body::merge_form_body;

use crate::gateway_error::{GatewayErrorReply, json_response};
use crate::receipts::ReceiptRouter;
use crate::state::{GroupKey, NotFound, State};
use bytes::Bytes;
use http::{Response, StatusCode};
use serde::Serialize;
use std::time::{SystemTime, UNIX_EPOCH};

/// What a handler sees of a verified request.
#[derive(Debug)]
pub(crate) struct Call<'a> {
    /// The action asked for (`x-acs-action` or `Action`).
    pub(crate) action: &'a str,
    pub(crate) state: &'a State,
    /// Where the receipts a call causes go (and the webhook settings).
    pub(crate) receipts: &'a ReceiptRouter,
    pub(crate) params: Params<'a>,
    pub(crate) request_id: &'a str,
    /// The engine's clock when the request arrived.
    pub(crate) now: SystemTime,
}

/// Why a handler did not succeed: a gateway refusal (HTTP 4xx) or a business error
/// (HTTP 200, `Success: false`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    Gateway(GatewayErrorReply),
    Business { code: &'static str, message: String },
}

impl Refusal {
    /// A business error with `code`.
    pub(crate) fn business(code: &'static str, message: impl Into<String>) -> Self {
        Refusal::Business {
            code,
            message: message.into(),
        }
    }

    /// The answer: a business error body, or the gateway error for the engine to render.
    pub(crate) fn into_reply(self, request_id: &str) -> Result<Response<Bytes>, GatewayErrorReply> {
        match self {
            Refusal::Gateway(e) => Err(e),
            Refusal::Business { code, message } => Ok(business_error(request_id, code, &message)),
        }
    }
}

impl From<GatewayErrorReply> for Refusal {
    fn from(e: GatewayErrorReply) -> Self {
        Refusal::Gateway(e)
    }
}

impl From<NotFound> for Refusal {
    fn from(nf: NotFound) -> Self {
        Refusal::business(nf.code, nf.message)
    }
}

/// A handler answers a verified call with a success body, or refuses it.
pub(crate) type Handler = fn(&Call<'_>) -> Result<Response<Bytes>, Refusal>;

/// The handler of `action`: the stateful one of a chat-group, webhook, number-query, send or
/// template-creation action, the metadata-driven one of any other action of the API, `None` for an action the API does not have.
pub(crate) fn handler(action: &str) -> Option<Handler> {
    match action {
        "AddChatGroup" => Some(add_chat_group::handle),
        "AddChatGroupInviteLink" => Some(add_chat_group_invite_link::handle),
        "DeleteChatGroup" => Some(delete_chat_group::handle),
        "DeleteChatGroupInviteLink" => Some(delete_chat_group_invite_link::handle),
        "DeleteChatGroupParticipants" => Some(delete_chat_group_participants::handle),
        "ListChatGroup" => Some(list_chat_group::handle),
        "ListChatGroupParticipants" => Some(list_chat_group_participants::handle),
        "UpdateChatGroup" => Some(update_chat_group::handle),
        "UpdateAccountWebhook" => Some(webhooks::update_account),
        "UpdatePhoneWebhook" => Some(webhooks::update_phone),
        "QueryChatappPhoneNumbers" => Some(phone_numbers::query),
        "ChatappSyncPhoneNumber" => Some(phone_numbers::sync),
        "SendChatappMessage" => Some(send_message::single),
        "SendChatappMassMessage" => Some(send_message::mass),
        "CreateChatappTemplate" => Some(create_template::handle),
        _ => cams_catalog::find(action).map(|_| generic::handle as Handler),
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
    pub(crate) fn required(&self, name: &str) -> Result<&'a str, GatewayErrorReply> {
        match self.get(name) {
            Some(v) if !v.trim().is_empty() => Ok(v),
            _ => Err(GatewayErrorReply::missing_parameter(name)),
        }
    }

    /// The value of an optional parameter; an empty value counts as absent.
    pub(crate) fn optional(&self, name: &str) -> Option<&'a str> {
        self.get(name).filter(|v| !v.is_empty())
    }
}

/// `BusinessNumber` and `CustSpaceId`, which every chat-group action requires.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Owner<'a> {
    pub(crate) space: &'a str,
    pub(crate) number: &'a str,
}

impl<'a> Call<'a> {
    /// The required `BusinessNumber` and `CustSpaceId` (`Missing<Name>` otherwise).
    pub(crate) fn owner(&self) -> Result<Owner<'a>, Refusal> {
        let number = self.params.required("BusinessNumber")?;
        let space = self.params.required("CustSpaceId")?;
        Ok(Owner { space, number })
    }

    /// The group of a call: the owner and the required `GroupId`.
    pub(crate) fn group_key(&self) -> Result<GroupKey<'a>, Refusal> {
        let Owner { space, number } = self.owner()?;
        let group_id = self.params.required("GroupId")?;
        Ok(GroupKey {
            space,
            number,
            group_id,
        })
    }

    /// Refuses a `ChannelType` other than `WHATSAPP` (absent or empty is fine). Called after
    /// the required parameters are checked, as the gateway checks those first.
    pub(crate) fn check_channel(&self) -> Result<(), Refusal> {
        match self.params.get("ChannelType") {
            None | Some("") | Some("WHATSAPP") => Ok(()),
            Some(other) => Err(Refusal::business(
                "InvalidParameter.ChannelTypeNotSupport",
                format!("The ChannelType {other:?} is not supported."),
            )),
        }
    }

    /// [`Call::now`] in milliseconds since the epoch (`GmtModifier`).
    pub(crate) fn now_millis(&self) -> i64 {
        self.now
            .duration_since(UNIX_EPOCH)
            .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
            .unwrap_or(0)
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

/// A random token of `len` ASCII letters and digits.
pub(crate) fn random_token(len: usize) -> String {
    use rand::Rng;
    rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}
