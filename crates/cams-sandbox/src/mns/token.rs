//! `Dybaseapi.QueryTokenForMnsQueue` (version 2017-05-25): a temporary key, secret and token for
//! one receipt queue. The caller's signature has been verified by the engine, like any call.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{Response, StatusCode};
use serde_json::json;

use super::{DYBASEAPI_VERSION, MESSAGE_TYPES, MnsQueues, queue_name};
use crate::gateway_error::GatewayErrorReply;

/// `ExpireTime`/`CreateTime` are written in China Standard Time, UTC+8, like Alicom's.
const CST: Duration = Duration::from_secs(8 * 3600);

/// Whether a verified call is the token call (by its action and version).
pub(crate) fn is_token_call(action: &str, version: Option<&str>) -> bool {
    action == "QueryTokenForMnsQueue" && version == Some(DYBASEAPI_VERSION)
}

/// `yyyy-MM-dd HH:mm:ss` in UTC+8.
fn cst(t: SystemTime) -> String {
    let iso = cams_auth::format_timestamp(t + CST);
    let s = iso.as_str();
    format!("{} {}", &s[..10], &s[11..19])
}

pub(crate) fn handle(
    queues: &MnsQueues,
    params: &[(String, String)],
    request_id: &str,
) -> Result<Response<Bytes>, GatewayErrorReply> {
    let get = |k: &str| {
        params
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    };
    let message_type =
        get("MessageType").ok_or_else(|| GatewayErrorReply::missing_parameter("MessageType"))?;
    let queue =
        get("QueueName").ok_or_else(|| GatewayErrorReply::missing_parameter("QueueName"))?;
    if !MESSAGE_TYPES.contains(&message_type) {
        return Err(GatewayErrorReply::bad_request(
            "InvalidParameter.MessageType",
            format!("MessageType must be one of {}.", MESSAGE_TYPES.join(", ")),
        ));
    }
    if queue != queue_name(message_type) {
        return Err(GatewayErrorReply::new(
            StatusCode::NOT_FOUND,
            "InvalidParameter.QueueName",
            format!(
                "No {message_type} queue named {queue:?}; this account's is {}.",
                queue_name(message_type)
            ),
        ));
    }
    let now = queues.now();
    let (id, issued) = queues.issue(queue);
    let body = json!({
        "Code": "OK",
        "Message": "OK",
        "RequestId": request_id,
        "MessageTokenDTO": {
            "AccessKeyId": id,
            "AccessKeySecret": issued.secret,
            "SecurityToken": issued.token,
            "CreateTime": cst(now),
            "ExpireTime": cst(issued.expires),
        }
    });
    let mut resp = Response::new(Bytes::from(body.to_string()));
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json;charset=utf-8"),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_written_in_utc_plus_8() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000); // 2023-11-14 22:13:20 UTC
        assert_eq!(cst(t), "2023-11-15 06:13:20");
    }
}
