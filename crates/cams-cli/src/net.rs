//! The transports the tool puts around the real one: extra `--header`s and the server's
//! clock (for the signature hint), and `--dry-run`'s recorder that never sends.

use cams_transport::{
    HttpRequest, HttpResponse, SharedTransport, Transport, TransportError, TransportErrorKind,
};
use http::{HeaderName, HeaderValue};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Adds the `--header`s to every request (after signing: they are not signed) and keeps the
/// `Date` of the last response.
#[derive(Debug)]
pub(crate) struct CliTransport {
    inner: SharedTransport,
    extra: Vec<(HeaderName, HeaderValue)>,
    server_date: Arc<Mutex<Option<SystemTime>>>,
    attempts: Arc<AtomicU32>,
}

impl CliTransport {
    /// Wraps `inner`.
    pub(crate) fn new(inner: SharedTransport, extra: Vec<(HeaderName, HeaderValue)>) -> Self {
        CliTransport {
            inner,
            extra,
            server_date: Arc::default(),
            attempts: Arc::default(),
        }
    }

    /// How many requests were sent (each attempt counts).
    pub(crate) fn attempts(&self) -> Arc<AtomicU32> {
        Arc::clone(&self.attempts)
    }

    /// Where the last response's `Date` is kept.
    pub(crate) fn server_date(&self) -> Arc<Mutex<Option<SystemTime>>> {
        Arc::clone(&self.server_date)
    }
}

#[async_trait::async_trait]
impl Transport for CliTransport {
    async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, TransportError> {
        // A repeated `--header` name sends every value given.
        for (name, value) in &self.extra {
            request.headers_mut().append(name.clone(), value.clone());
        }
        self.attempts.fetch_add(1, Ordering::Relaxed);
        let response = self.inner.send(request).await?;
        let date = response
            .headers()
            .get(http::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok());
        if let (Some(date), Ok(mut slot)) = (date, self.server_date.lock()) {
            *slot = Some(date);
        }
        Ok(response)
    }
}

/// `--dry-run`: keeps the signed request and answers with an error, so nothing is sent.
#[derive(Debug, Default)]
pub(crate) struct DryRunTransport {
    captured: Arc<Mutex<Option<HttpRequest>>>,
}

/// The error a dry run ends the call with (its request is kept, nothing was sent).
#[derive(Debug, thiserror::Error)]
#[error("dry run: nothing sent")]
struct DryRunStop;

impl DryRunTransport {
    /// Where the request is kept.
    pub(crate) fn captured(&self) -> Arc<Mutex<Option<HttpRequest>>> {
        Arc::clone(&self.captured)
    }
}

#[async_trait::async_trait]
impl Transport for DryRunTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if let Ok(mut slot) = self.captured.lock() {
            *slot = Some(request);
        }
        Err(TransportError::new(TransportErrorKind::Other, false).with_source(DryRunStop))
    }
}

/// The request as `--dry-run` prints it: method and URL, every header, the body; the
/// signature and any security token shown as `***`.
pub(crate) fn describe_request(request: &HttpRequest) -> String {
    let mut out = format!(
        "{} {}\n",
        request.method(),
        mask_query(&request.uri().to_string())
    );
    for (name, value) in request.headers() {
        let text = String::from_utf8_lossy(value.as_bytes());
        let shown = match name.as_str() {
            "authorization" => mask_after(&text, "Signature="),
            "x-acs-security-token" => "***".to_owned(),
            _ => text.into_owned(),
        };
        out.push_str(&format!("{name}: {shown}\n"));
    }
    if !request.body().is_empty() {
        out.push('\n');
        out.push_str(&mask_query(&String::from_utf8_lossy(request.body())));
        out.push('\n');
    }
    out
}

/// Replaces everything after `marker` (a V3 `Signature=` at the end of `authorization`).
fn mask_after(text: &str, marker: &str) -> String {
    match text.find(marker) {
        Some(at) => format!("{}***", &text[..at + marker.len()]),
        None => text.to_owned(),
    }
}

/// Masks the V1 `Signature` and `SecurityToken` parameters of a URL or form body.
fn mask_query(text: &str) -> String {
    let (head, query) = match text.split_once('?') {
        Some((h, q)) => (Some(h), q),
        None if text.contains('=') => (None, text),
        None => return text.to_owned(),
    };
    let masked: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if k == "Signature" || k == "SecurityToken" => format!("{k}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    match head {
        Some(h) => format!("{h}?{}", masked.join("&")),
        None => masked.join("&"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    #[test]
    fn signature_and_tokens_are_masked_in_the_description() {
        let request = http::Request::post(
            "https://cams.ap-southeast-1.aliyuncs.com/?GroupId=G&Signature=abc%3D&SecurityToken=tok",
        )
        .header("host", "cams.ap-southeast-1.aliyuncs.com")
        .header(
            "authorization",
            "ACS3-HMAC-SHA256 Credential=AK1,SignedHeaders=host;x-acs-date,Signature=0123abcd",
        )
        .header("x-acs-security-token", "very-secret-token")
        .body(Bytes::new())
        .expect("valid request");
        let text = describe_request(&request);
        assert!(text.starts_with(
            "POST https://cams.ap-southeast-1.aliyuncs.com/?GroupId=G&Signature=***&SecurityToken=***\n"
        ));
        assert!(text.contains(
            "authorization: ACS3-HMAC-SHA256 Credential=AK1,SignedHeaders=host;x-acs-date,Signature=***\n"
        ));
        assert!(text.contains("x-acs-security-token: ***\n"));
        for secret in ["0123abcd", "very-secret-token", "abc%3D", "=tok"] {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }

    #[tokio::test]
    async fn the_dry_run_transport_keeps_the_request_and_sends_nothing() {
        let dry = DryRunTransport::default();
        let slot = dry.captured();
        let extra = vec![(
            HeaderName::from_static("x-trace"),
            HeaderValue::from_static("1"),
        )];
        let transport = CliTransport::new(SharedTransport::new(dry), extra);
        let request = http::Request::post("http://127.0.0.1:9/")
            .body(Bytes::new())
            .expect("valid request");
        let err = transport.send(request).await.expect_err("never sends");
        assert!(!err.maybe_sent());
        let kept = slot.lock().expect("lock").take().expect("captured");
        assert_eq!(kept.headers()["x-trace"], "1");
    }
}
