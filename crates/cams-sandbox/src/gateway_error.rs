//! Gateway error bodies (`{RequestId, HostId, Code, Message, Recommend}`) and request ids.

use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode, header};
use serde::Serialize;

/// The content type of every sandbox answer.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;charset=utf-8";

/// A request id like the gateway's: 8-4-4-4-12 upper-case hex, random.
pub(crate) fn new_request_id() -> String {
    let v: u128 = rand::random();
    let hex = format!("{v:032X}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The emulated gateway's refusal, as the sandbox answers it: an HTTP error status, a code and a
/// message (the client parses such an answer into its own `cams_api::GatewayErrorReply`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GatewayErrorReply {
    pub(crate) status: StatusCode,
    pub(crate) code: String,
    pub(crate) message: String,
}

impl GatewayErrorReply {
    pub(crate) fn new(status: StatusCode, code: impl Into<String>, msg: impl Into<String>) -> Self {
        GatewayErrorReply {
            status,
            code: code.into(),
            message: msg.into(),
        }
    }

    pub(crate) fn bad_request(code: impl Into<String>, msg: impl Into<String>) -> Self {
        GatewayErrorReply::new(StatusCode::BAD_REQUEST, code, msg)
    }

    /// `Missing<Name>`: a required business parameter is absent or empty.
    pub(crate) fn missing_parameter(name: &str) -> Self {
        GatewayErrorReply::bad_request(
            format!("Missing{name}"),
            format!("{name} is mandatory for this action."),
        )
    }

    pub(crate) fn internal() -> Self {
        GatewayErrorReply::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "The request processing has failed due to some unknown error, exception or failure.",
        )
    }

    /// The answer, with the gateway's body shape.
    pub(crate) fn into_response(self, request_id: &str, host_id: &str) -> Response<Bytes> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Body<'a> {
            request_id: &'a str,
            host_id: &'a str,
            code: &'a str,
            message: &'a str,
            recommend: String,
        }
        let recommend = format!(
            "https://api.aliyun.com/troubleshoot?q={}&product=cams&requestId={request_id}",
            cams_auth::percent_encode(&self.code)
        );
        let body = Body {
            request_id,
            host_id,
            code: &self.code,
            message: &self.message,
            recommend,
        };
        json_response(self.status, request_id, &body)
    }
}

/// A JSON answer with the sandbox's headers.
pub(crate) fn json_response<T: Serialize>(
    status: StatusCode,
    request_id: &str,
    body: &T,
) -> Response<Bytes> {
    let (status, bytes) = match serde_json::to_vec(body) {
        Ok(b) => (status, Bytes::from(b)),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Bytes::from_static(
                br#"{"Code":"InternalError","Message":"response serialization failed"}"#,
            ),
        ),
    };
    let mut resp = Response::new(bytes);
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(JSON_CONTENT_TYPE),
    );
    if let Ok(v) = HeaderValue::from_str(request_id) {
        headers.insert("x-acs-request-id", v);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_uuid_like_and_unique() {
        let a = new_request_id();
        let b = new_request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert!(
            a.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
        );
        assert_eq!(a.matches('-').count(), 4);
    }
}
