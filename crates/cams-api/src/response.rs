//! Turning an HTTP response into the operation's output or a typed error.

use crate::Error;
use crate::error::{ApiError, GatewayError};
use cams_model::{AccessDeniedDetail, Operation, ParseError, ServiceResponse};
use cams_transport::HttpResponse;
use serde_json::{Map, Value};
use std::time::Duration;

/// 4xx/5xx → [`Error::Gateway`]; any other status but 2xx → [`Error::UnexpectedStatus`];
/// a body that does not parse → [`Error::Parse`]; a parsed body that reports failure →
/// [`Error::Api`]; else the output.
pub(crate) fn map_response<O: Operation>(response: HttpResponse) -> Result<O::Output, Error> {
    map_response_with(response, O::parse_response)
}

/// [`map_response`] with any parser of the body.
pub(crate) fn map_response_with<T: ServiceResponse>(
    response: HttpResponse,
    parse: impl FnOnce(&[u8]) -> Result<T, ParseError>,
) -> Result<T, Error> {
    let status = response.status().as_u16();
    let headers = response.headers();
    if status >= 400 {
        return Err(Error::Gateway(Box::new(gateway_error(
            status,
            headers,
            response.body(),
        ))));
    }
    if !response.status().is_success() {
        return Err(Error::UnexpectedStatus {
            status,
            location: header_str(headers, "location").map(str::to_owned),
            request_id: header_str(headers, "x-acs-request-id").map(str::to_owned),
        });
    }
    let output = parse(response.body()).map_err(|source| Error::Parse {
        status,
        source,
        request_id: header_str(headers, "x-acs-request-id").map(str::to_owned),
    })?;
    if output.is_ok() {
        return Ok(output);
    }
    Err(Error::Api(Box::new(ApiError {
        code: output.code().map(str::to_owned),
        message: output.message().map(str::to_owned),
        request_id: output.request_id().map(str::to_owned),
        success: output.success(),
        access_denied_detail: output.access_denied_detail().cloned(),
    })))
}

fn header_str<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Reads a gateway error body: JSON (keys in either case, as the official SDK accepts) or,
/// for `text/xml;charset=utf-8`, the `Error` element.
pub(crate) fn gateway_error(status: u16, headers: &http::HeaderMap, body: &[u8]) -> GatewayError {
    let retry_after = header_str(headers, "x-acs-retry-after")
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis);
    let mut err = GatewayError {
        status,
        code: None,
        message: None,
        request_id: None,
        host_id: None,
        recommend: None,
        access_denied_detail: None,
        retry_after,
        raw_body: None,
    };
    let is_xml = header_str(headers, "content-type")
        .is_some_and(|ct| ct.eq_ignore_ascii_case("text/xml;charset=utf-8"));
    let parsed = if is_xml {
        fill_from_xml(&mut err, body)
    } else {
        match serde_json::from_slice::<Map<String, Value>>(body) {
            Ok(map) => {
                fill_from_json(&mut err, map);
                true
            }
            Err(_) => false,
        }
    };
    if !parsed {
        let end = body.len().min(512);
        err.raw_body = Some(String::from_utf8_lossy(&body[..end]).into_owned());
    }
    if err.request_id.is_none() {
        err.request_id = header_str(headers, "x-acs-request-id").map(str::to_owned);
    }
    err
}

fn fill_from_json(err: &mut GatewayError, mut map: Map<String, Value>) {
    let mut take = |upper: &str, lower: &str| -> Option<String> {
        let v = map.remove(upper).or_else(|| map.remove(lower))?;
        match v {
            Value::String(s) => Some(s),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    };
    err.code = take("Code", "code");
    err.message = take("Message", "message");
    err.request_id = take("RequestId", "requestId");
    err.host_id = take("HostId", "hostId");
    err.recommend = take("Recommend", "recommend");
    let detail = map
        .remove("AccessDeniedDetail")
        .or_else(|| map.remove("accessDeniedDetail"));
    err.access_denied_detail = match detail {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(AccessDeniedDetail::Text(s.into())),
        Some(Value::Object(o)) => Some(AccessDeniedDetail::Object(o)),
        Some(other) => Some(AccessDeniedDetail::Other(other)),
    };
}

fn fill_from_xml(err: &mut GatewayError, body: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(body) else {
        return false;
    };
    let tag = |name: &str| -> Option<String> {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let start = text.find(&open)? + open.len();
        let len = text[start..].find(&close)?;
        Some(text[start..start + len].to_owned())
    };
    err.code = tag("Code");
    err.message = tag("Message");
    err.request_id = tag("RequestId");
    err.host_id = tag("HostId");
    err.recommend = tag("Recommend");
    err.code.is_some()
}
