//! A recorded request with helpers for assertions.

use crate::HttpRequest;
use std::ops::Deref;

/// A request seen by an [`InMemoryTransport`](super::InMemoryTransport), with helpers to read
/// its query, form body and headers. Derefs to the [`HttpRequest`] itself.
#[derive(Debug, Clone)]
pub struct RecordedRequest(HttpRequest);

impl RecordedRequest {
    /// Wraps a request.
    pub fn new(request: HttpRequest) -> Self {
        RecordedRequest(request)
    }

    /// The request itself.
    pub fn into_inner(self) -> HttpRequest {
        self.0
    }

    /// The URI path.
    pub fn path(&self) -> &str {
        self.0.uri().path()
    }

    /// Every query parameter, percent-decoded, in order.
    pub fn query_params(&self) -> Vec<(String, String)> {
        parse_pairs(self.0.uri().query().unwrap_or(""))
    }

    /// The first query parameter called `name`, percent-decoded.
    pub fn query_param(&self, name: &str) -> Option<String> {
        find(self.query_params(), name)
    }

    /// Every parameter of an `application/x-www-form-urlencoded` body, decoded, in order.
    /// Empty if the body is not UTF-8.
    pub fn form_params(&self) -> Vec<(String, String)> {
        self.body_str().map(parse_pairs).unwrap_or_default()
    }

    /// The first form-body parameter called `name`, decoded.
    pub fn form_param(&self, name: &str) -> Option<String> {
        find(self.form_params(), name)
    }

    /// The first value of header `name` (case-insensitive), if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.0.headers().get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as UTF-8, if it is.
    pub fn body_str(&self) -> Option<&str> {
        std::str::from_utf8(self.0.body()).ok()
    }

    /// `METHOD uri`, for messages.
    pub fn summary(&self) -> String {
        format!("{} {}", self.0.method(), self.0.uri())
    }
}

impl Deref for RecordedRequest {
    type Target = HttpRequest;

    fn deref(&self) -> &HttpRequest {
        &self.0
    }
}

impl From<RecordedRequest> for HttpRequest {
    fn from(r: RecordedRequest) -> Self {
        r.0
    }
}

fn find(pairs: Vec<(String, String)>, name: &str) -> Option<String> {
    pairs.into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// Splits `a=1&b=2`, decoding `%XX` and `+` (as a space).
fn parse_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(hex),
                bytes.get(i + 2).and_then(hex),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_and_plus() {
        assert_eq!(decode("a%20b+c%2B%zz%4"), "a b c+%zz%4");
    }

    #[test]
    fn reads_query_form_and_headers() {
        let r = RecordedRequest::new(
            http::Request::post("https://h.example/p?Action=Send%20It&Empty")
                .header("x-acs-action", "SendMessage")
                .body(bytes::Bytes::from_static(b"To=%2B86&Msg=hi+there"))
                .unwrap(),
        );
        assert_eq!(r.path(), "/p");
        assert_eq!(r.query_param("Action").as_deref(), Some("Send It"));
        assert_eq!(r.query_param("Empty").as_deref(), Some(""));
        assert_eq!(r.query_param("Missing"), None);
        assert_eq!(r.form_param("To").as_deref(), Some("+86"));
        assert_eq!(r.form_param("Msg").as_deref(), Some("hi there"));
        assert_eq!(r.header("X-ACS-ACTION"), Some("SendMessage"));
    }
}
