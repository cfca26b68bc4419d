//! The MNS XML the emulator writes, and the one document it reads (`<ReceiptHandles>`).

use bytes::Bytes;
use http::{Response, StatusCode};

const XMLNS: &str = "http://mns.aliyuncs.com/doc/v1/";
const HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

/// Escapes text for an element.
pub(super) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// An MNS error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MnsError {
    pub(crate) status: StatusCode,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl MnsError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        MnsError {
            status,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "InvalidArgument", message)
    }

    pub(crate) fn into_response(self, request_id: &str, host: &str) -> Response<Bytes> {
        let body = format!(
            "{HEAD}<Error xmlns=\"{XMLNS}\"><Code>{}</Code><Message>{}</Message><RequestId>{}</RequestId><HostId>{}</HostId></Error>",
            self.code,
            escape(&self.message),
            escape(request_id),
            escape(&format!("http://{host}"))
        );
        xml_response(self.status, request_id, body)
    }
}

pub(super) fn xml_response(status: StatusCode, request_id: &str, body: String) -> Response<Bytes> {
    let mut resp = Response::new(Bytes::from(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/xml;charset=utf-8"),
    );
    if let Ok(v) = http::HeaderValue::from_str(request_id) {
        h.insert("x-mns-request-id", v);
    }
    resp
}

/// A received message, as written.
#[derive(Debug, Clone)]
pub(super) struct Received {
    pub(super) message_id: String,
    pub(super) receipt_handle: String,
    pub(super) body_md5: String,
    pub(super) body: String,
    pub(super) enqueue_time: i64,
    pub(super) first_dequeue_time: i64,
    pub(super) next_visible_time: i64,
    pub(super) dequeue_count: u64,
}

fn message(m: &Received, with_ns: bool) -> String {
    let ns = if with_ns {
        format!(" xmlns=\"{XMLNS}\"")
    } else {
        String::new()
    };
    format!(
        "<Message{ns}><MessageId>{}</MessageId><ReceiptHandle>{}</ReceiptHandle><MessageBodyMD5>{}</MessageBodyMD5><MessageBody>{}</MessageBody><EnqueueTime>{}</EnqueueTime><FirstDequeueTime>{}</FirstDequeueTime><NextVisibleTime>{}</NextVisibleTime><DequeueCount>{}</DequeueCount><Priority>8</Priority></Message>",
        escape(&m.message_id),
        escape(&m.receipt_handle),
        m.body_md5,
        escape(&m.body),
        m.enqueue_time,
        m.first_dequeue_time,
        m.next_visible_time,
        m.dequeue_count
    )
}

pub(super) fn one_message(m: &Received) -> String {
    format!("{HEAD}{}", message(m, true))
}

pub(super) fn messages(ms: &[Received]) -> String {
    let mut out = format!("{HEAD}<Messages xmlns=\"{XMLNS}\">");
    for m in ms {
        out.push_str(&message(m, false));
    }
    out.push_str("</Messages>");
    out
}

pub(super) fn change_visibility(handle: &str, next_visible_time: i64) -> String {
    format!(
        "{HEAD}<ChangeVisibility xmlns=\"{XMLNS}\"><ReceiptHandle>{}</ReceiptHandle><NextVisibleTime>{next_visible_time}</NextVisibleTime></ChangeVisibility>",
        escape(handle)
    )
}

/// One refused handle of a batch delete.
pub(super) struct FailedHandle {
    pub(super) code: &'static str,
    pub(super) message: &'static str,
    pub(super) handle: String,
}

pub(super) fn batch_delete_errors(failed: &[FailedHandle]) -> String {
    let mut out = format!("{HEAD}<Errors xmlns=\"{XMLNS}\">");
    for f in failed {
        out.push_str(&format!(
            "<Error><ErrorCode>{}</ErrorCode><ErrorMessage>{}</ErrorMessage><ReceiptHandle>{}</ReceiptHandle></Error>",
            f.code,
            f.message,
            escape(&f.handle)
        ));
    }
    out.push_str("</Errors>");
    out
}

/// The handles of `<ReceiptHandles><ReceiptHandle>h</ReceiptHandle>…</ReceiptHandles>`, or
/// `None` when the body is not that document.
pub(super) fn parse_receipt_handles(body: &[u8]) -> Option<Vec<String>> {
    let text = std::str::from_utf8(body).ok()?;
    let start = text.find("<ReceiptHandles")?;
    let end = text.rfind("</ReceiptHandles>")?;
    if end < start {
        return None;
    }
    let mut rest = &text[start..end];
    rest = &rest[rest.find('>')? + 1..];
    let mut handles = Vec::new();
    loop {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            break;
        }
        let inner = trimmed.strip_prefix("<ReceiptHandle>")?;
        let close = inner.find("</ReceiptHandle>")?;
        let value = &inner[..close];
        if value.contains('<') {
            return None;
        }
        handles.push(unescape(value.trim()));
        rest = &inner[close + "</ReceiptHandle>".len()..];
    }
    Some(handles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_receipt_handles_and_refuses_other_documents() {
        let b = br#"<?xml version="1.0" encoding="utf-8"?><ReceiptHandles xmlns="http://mns.aliyuncs.com/doc/v1/"><ReceiptHandle>a-1</ReceiptHandle>
  <ReceiptHandle>b&amp;2</ReceiptHandle></ReceiptHandles>"#;
        assert_eq!(
            parse_receipt_handles(b),
            Some(vec!["a-1".to_owned(), "b&2".to_owned()])
        );
        assert_eq!(parse_receipt_handles(b"<x/>"), None);
        assert_eq!(
            parse_receipt_handles(b"<ReceiptHandles><Bad>x</Bad></ReceiptHandles>"),
            None
        );
        assert_eq!(parse_receipt_handles(&[0xff, 0xfe]), None);
    }
}
