//! A minimal client of the MNS (SMQ) queue API, version 2015-06-06: batch receive with long
//! polling, delete, batch delete, change visibility. Requests are signed with
//! [`cams_auth::SignerMns`]; the credentials are per call, so a caller can use a
//! short-lived queue token (see [`TokenCache`](crate::TokenCache)).

mod error;
mod message;
pub mod xml;

pub use error::{FailedHandle, MnsErrorCode, MnsServiceError, QueueError};
pub use message::MnsMessage;

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use cams_auth::{Credentials, SignerMns, SystemTimeSource, TimeSource};
use cams_transport::{HttpRequest, SharedTransport, Transport};
use http::{HeaderValue, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// At most this many messages per batch receive (an MNS limit).
pub const MAX_BATCH: u8 = 16;
/// At most this long a receive waits for a message (an MNS limit).
pub const MAX_WAIT_SECONDS: u8 = 30;

/// Unreserved characters stay; everything else in a queue name or handle is escaped.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The documented Alicom queue endpoint for the China site (cn-hangzhou).
pub const ALICOM_ENDPOINT_CN_HANGZHOU: &str =
    "https://1943695596114318.mns.cn-hangzhou.aliyuncs.com";
/// The documented Alicom queue endpoint for the international site (ap-southeast-1).
pub const ALICOM_ENDPOINT_AP_SOUTHEAST_1: &str =
    "https://1493622401794734.mns.ap-southeast-1.aliyuncs.com";

/// The Alicom queue endpoint of a region: ap-southeast-1 and cn-hangzhou are documented; any
/// other region has none (give the endpoint yourself).
pub fn alicom_endpoint(region: &str) -> Option<&'static str> {
    match region {
        "cn-hangzhou" => Some(ALICOM_ENDPOINT_CN_HANGZHOU),
        "ap-southeast-1" => Some(ALICOM_ENDPOINT_AP_SOUTHEAST_1),
        _ => None,
    }
}

/// A client of one MNS endpoint. Cheap to clone.
#[derive(Clone, Debug)]
pub struct MnsClient {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    scheme: http::uri::Scheme,
    authority: http::uri::Authority,
    transport: SharedTransport,
    time: Arc<dyn TimeSource>,
}

impl MnsClient {
    /// A client of `endpoint` (`https://<account>.mns.<region>.aliyuncs.com`, or
    /// `http://127.0.0.1:PORT` for the emulator) sending with `transport`. The transport's
    /// read timeout must exceed the longest wait asked for (30 s).
    pub fn new(endpoint: &str, transport: impl Transport + 'static) -> Result<Self, QueueError> {
        Self::with_shared(endpoint, SharedTransport::new(transport))
    }

    /// As [`new`](Self::new), with the default transport (reqwest, else hyper) and a 40 s read
    /// timeout, above the longest long poll.
    #[cfg(any(feature = "reqwest", feature = "hyper"))]
    pub fn with_default_transport(endpoint: &str) -> Result<Self, QueueError> {
        let settings =
            cams_transport::TransportSettings::default().with_read_timeout(Duration::from_secs(40));
        #[cfg(feature = "reqwest")]
        let t = cams_transport::ReqwestTransport::with_settings(settings).map(SharedTransport::new);
        #[cfg(all(feature = "hyper", not(feature = "reqwest")))]
        let t = cams_transport::HyperTransport::with_settings(settings).map(SharedTransport::new);
        let t = t.map_err(|e| QueueError::InvalidRequest(format!("transport: {e}")))?;
        Self::with_shared(endpoint, t)
    }

    fn with_shared(endpoint: &str, transport: SharedTransport) -> Result<Self, QueueError> {
        let bad = |why: &str| QueueError::InvalidRequest(format!("endpoint {endpoint:?}: {why}"));
        let (scheme, rest) = match endpoint.split_once("://") {
            Some(("https", r)) => (http::uri::Scheme::HTTPS, r),
            Some(("http", r)) => (http::uri::Scheme::HTTP, r),
            Some(_) => return Err(bad("the scheme must be http or https")),
            None => (http::uri::Scheme::HTTPS, endpoint),
        };
        let rest = rest.trim_end_matches('/');
        let authority = rest
            .parse::<http::uri::Authority>()
            .map_err(|_| bad("not a host[:port]"))?;
        if rest.contains(['/', '@']) || rest.is_empty() {
            return Err(bad("only host[:port] is allowed"));
        }
        Ok(MnsClient {
            inner: Arc::new(Inner {
                scheme,
                authority,
                transport,
                time: Arc::new(SystemTimeSource),
            }),
        })
    }

    /// The same client signing with `time` (tests).
    pub fn with_time_source(self, time: impl TimeSource + 'static) -> Self {
        MnsClient {
            inner: Arc::new(Inner {
                scheme: self.inner.scheme.clone(),
                authority: self.inner.authority.clone(),
                transport: self.inner.transport.clone(),
                time: Arc::new(time),
            }),
        }
    }

    /// Receives up to `max` (1..=16) messages, waiting up to `wait` (at most 30 s, whole
    /// seconds) for the first. An empty queue is `Ok` of an empty list, not an error.
    pub async fn batch_receive(
        &self,
        credentials: &Credentials,
        queue: &str,
        max: u8,
        wait: Duration,
    ) -> Result<Vec<MnsMessage>, QueueError> {
        if !(1..=MAX_BATCH).contains(&max) {
            return Err(QueueError::InvalidRequest(format!(
                "numOfMessages must be 1..={MAX_BATCH}, got {max}"
            )));
        }
        let secs = wait.as_secs();
        if secs > u64::from(MAX_WAIT_SECONDS) {
            return Err(QueueError::InvalidRequest(format!(
                "waitseconds must be 0..={MAX_WAIT_SECONDS}, got {secs}"
            )));
        }
        let path = format!(
            "{}?numOfMessages={max}&waitseconds={secs}",
            messages_path(queue)?
        );
        match self.send(credentials, Method::GET, &path, None).await {
            Ok(body) => xml::parse_messages(&body),
            Err(QueueError::Service(e)) if e.code == MnsErrorCode::MessageNotExist => {
                Ok(Vec::new())
            }
            Err(e) => Err(e),
        }
    }

    /// Deletes one message by its receipt handle.
    pub async fn delete(
        &self,
        credentials: &Credentials,
        queue: &str,
        receipt_handle: &str,
    ) -> Result<(), QueueError> {
        let path = format!(
            "{}?ReceiptHandle={}",
            messages_path(queue)?,
            utf8_percent_encode(receipt_handle, COMPONENT)
        );
        self.send(credentials, Method::DELETE, &path, None)
            .await
            .map(drop)
    }

    /// Deletes up to 16 messages at once. A handle MNS refuses is reported in the error's
    /// [`failed_handles`](MnsServiceError::failed_handles); the others are deleted.
    pub async fn batch_delete(
        &self,
        credentials: &Credentials,
        queue: &str,
        receipt_handles: &[&str],
    ) -> Result<(), QueueError> {
        if receipt_handles.is_empty() || receipt_handles.len() > usize::from(MAX_BATCH) {
            return Err(QueueError::InvalidRequest(format!(
                "a batch delete takes 1..={MAX_BATCH} handles, got {}",
                receipt_handles.len()
            )));
        }
        let body = xml::receipt_handles(receipt_handles.iter().copied());
        let path = messages_path(queue)?;
        self.send(credentials, Method::DELETE, &path, Some(Bytes::from(body)))
            .await
            .map(drop)
    }

    /// Makes a received message invisible for `timeout` more (1 s to 12 h) from now; returns the
    /// new receipt handle and the new `NextVisibleTime` (ms). The old handle stops working.
    pub async fn change_visibility(
        &self,
        credentials: &Credentials,
        queue: &str,
        receipt_handle: &str,
        timeout: Duration,
    ) -> Result<(String, i64), QueueError> {
        let path = format!(
            "{}?ReceiptHandle={}&VisibilityTimeout={}",
            messages_path(queue)?,
            utf8_percent_encode(receipt_handle, COMPONENT),
            timeout.as_secs()
        );
        let body = self.send(credentials, Method::PUT, &path, None).await?;
        xml::parse_change_visibility(&body)
    }

    async fn send(
        &self,
        credentials: &Credentials,
        method: Method,
        path_and_query: &str,
        body: Option<Bytes>,
    ) -> Result<Bytes, QueueError> {
        let request = self.signed(credentials, method.clone(), path_and_query, body)?;
        let response = self
            .inner
            .transport
            .send(request)
            .await
            .map_err(|e| e.with_host(self.inner.authority.as_str()))?;
        let status = response.status().as_u16();
        let request_id = response
            .headers()
            .get("x-mns-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        if (200..300).contains(&status) {
            tracing::debug!(%method, status, request_id, "MNS request");
            return Ok(response.into_body());
        }
        let error = xml::parse_error(status, request_id.as_deref(), response.body());
        tracing::debug!(%method, status, code = %error.code, request_id = error.request_id, "MNS error");
        Err(error.into())
    }

    fn signed(
        &self,
        credentials: &Credentials,
        method: Method,
        path_and_query: &str,
        body: Option<Bytes>,
    ) -> Result<HttpRequest, QueueError> {
        let invalid = |e: &dyn std::fmt::Display| QueueError::InvalidRequest(e.to_string());
        let uri = http::Uri::builder()
            .scheme(self.inner.scheme.clone())
            .authority(self.inner.authority.clone())
            .path_and_query(path_and_query)
            .build()
            .map_err(|e| invalid(&e))?;
        let mut request = http::Request::new(body.clone().unwrap_or_default());
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        let h = request.headers_mut();
        h.insert(
            http::header::HOST,
            HeaderValue::from_str(self.inner.authority.as_str()).map_err(|e| invalid(&e))?,
        );
        h.insert(
            http::header::CONTENT_LENGTH,
            HeaderValue::from(body.as_ref().map_or(0, Bytes::len)),
        );
        if body.is_some() {
            h.insert(
                http::header::CONTENT_TYPE,
                HeaderValue::from_static("text/xml;charset=UTF-8"),
            );
        }
        let (mut parts, body) = request.into_parts();
        SignerMns::new()
            .sign(&mut parts, credentials, self.inner.time.now())
            .map_err(|e| invalid(&e))?;
        Ok(http::Request::from_parts(parts, body))
    }
}

fn messages_path(queue: &str) -> Result<String, QueueError> {
    let valid = !queue.is_empty()
        && queue.len() <= 256
        && queue
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !valid {
        return Err(QueueError::InvalidRequest(format!(
            "queue name {queue:?}: 1 to 256 ASCII letters, digits, '-' or '_'"
        )));
    }
    Ok(format!("/queues/{queue}/messages"))
}
