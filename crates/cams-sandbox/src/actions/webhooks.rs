//! `UpdateAccountWebhook` and `UpdatePhoneWebhook`: keep the URLs and flags (see
//! `src/webhooks.rs` for what they decide), answer like the metadata.

use super::generic::metadata_body;
use super::{Call, Refusal};
use crate::gateway_error::json_response;
use crate::webhooks::Hook;
use bytes::Bytes;
use http::{Response, StatusCode};

/// `UpdateAccountWebhook`: `CustSpaceId`; `HttpFlag`, `QueueFlag`, `StatusCallbackUrl`.
pub(crate) fn update_account(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let body = metadata_body(call)?;
    let space = call.params.required("CustSpaceId")?;
    let mut hook = hook(call);
    hook.up_url = None;
    call.receipts.webhooks().update_account(space, &hook);
    Ok(json_response(StatusCode::OK, call.request_id, &body))
}

/// `UpdatePhoneWebhook`: `CustSpaceId`, `PhoneNumber`; `HttpFlag`, `QueueFlag`,
/// `StatusCallbackUrl`, `UpCallbackUrl`.
pub(crate) fn update_phone(call: &Call<'_>) -> Result<Response<Bytes>, Refusal> {
    let body = metadata_body(call)?;
    let space = call.params.required("CustSpaceId")?;
    let number = call.params.required("PhoneNumber")?;
    let hook = hook(call);
    call.receipts.webhooks().update_phone(space, number, &hook);
    Ok(json_response(StatusCode::OK, call.request_id, &body))
}

/// The settings a call gives; an absent or empty one is left as it was. Like every other
/// operation's, values are not checked: a flag other than `Y`/`N` counts as not given, and a
/// URL is kept as given (read back as is; one that is not an absolute `http(s)` URL is never
/// pushed to).
fn hook(call: &Call<'_>) -> Hook {
    let flag = |name: &str| match call.params.optional(name).map(str::trim) {
        Some(v) if v.eq_ignore_ascii_case("Y") => Some(true),
        Some(v) if v.eq_ignore_ascii_case("N") => Some(false),
        _ => None,
    };
    let url = |name: &str| call.params.optional(name).map(|v| v.trim().to_owned());
    Hook {
        http_flag: flag("HttpFlag"),
        queue_flag: flag("QueueFlag"),
        status_url: url("StatusCallbackUrl"),
        up_url: url("UpCallbackUrl"),
    }
}
