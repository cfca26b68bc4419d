//! A [`Transport`] over hyper 1 with a pooled client and rustls (ring provider).

use crate::body::CappedBody;
use crate::shared::SendFuture;
use crate::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, TransportSettings,
};
use crate::{attach_host, authority_of};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::{Client, ResponseFuture};
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// How long an idle pooled connection is kept.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// A [`Transport`] over hyper 1: one pooled client (keep-alive), HTTP/1.1, `https` (rustls
/// with the ring provider and the webpki roots) or plain `http`.
///
/// The connect timeout of the settings bounds the TCP connect; the read timeout bounds the
/// whole call, from sending the request to the end of the body; the body is capped. Redirects
/// are never followed. Needs a Tokio runtime. Cloning is cheap: clones share the pool.
///
/// ```no_run
/// use cams_transport::{HyperTransport, SharedTransport};
///
/// # fn main() -> Result<(), cams_transport::TransportError> {
/// let transport = SharedTransport::new(HyperTransport::new()?);
/// # let _ = transport;
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct HyperTransport {
    client: Client<Connector, Full<Bytes>>,
    settings: TransportSettings,
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransport")
            .field("settings", &self.settings)
            .finish_non_exhaustive()
    }
}

impl HyperTransport {
    /// A transport with the default settings (5 s connect, 10 s read, 10 MiB body cap).
    pub fn new() -> Result<Self, TransportError> {
        Self::with_settings(TransportSettings::default())
    }

    /// A transport with `settings`.
    ///
    /// Fails only if the TLS configuration cannot be built.
    pub fn with_settings(settings: TransportSettings) -> Result<Self, TransportError> {
        // hyper-rustls sets the ALPN protocols itself.
        let tls = crate::tls::client_config(&[])?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(settings.connect_timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(https);
        Ok(HyperTransport { client, settings })
    }

    /// The settings in use.
    pub fn settings(&self) -> &TransportSettings {
        &self.settings
    }

    /// Hands the request to hyper. Nothing is sent until the returned future is polled; doing
    /// this before the boxed future of [`Transport::send`] exists keeps the request out of it,
    /// so that future stays small enough for the allocator's per-thread cache.
    fn start(&self, request: HttpRequest) -> Result<ResponseFuture, TransportError> {
        if request.uri().scheme().is_none() || request.uri().authority().is_none() {
            return Err(TransportError::new(TransportErrorKind::Other, false)
                .with_source("the request URI must be absolute (scheme and host)"));
        }
        let (mut parts, body) = request.into_parts();
        // This client speaks HTTP/1.1 only; the version is not part of the signature.
        if parts.version > http::Version::HTTP_11 {
            parts.version = http::Version::HTTP_11;
        }
        Ok(self
            .client
            .request(http::Request::from_parts(parts, Full::new(body))))
    }
}

/// Waits for the response and reads its body, never holding more than `max_body` bytes.
async fn receive(pending: ResponseFuture, max_body: usize) -> Result<HttpResponse, TransportError> {
    let response = pending.await.map_err(map_client_error)?;
    let (parts, mut incoming) = response.into_parts();
    let mut body = CappedBody::new(&parts.headers, max_body)?;
    while let Some(frame) = incoming.frame().await {
        let frame =
            frame.map_err(|e| TransportError::new(TransportErrorKind::Io, true).with_source(e))?;
        if let Ok(data) = frame.into_data() {
            body.push_bytes(data)?;
        }
    }
    Ok(http::Response::from_parts(parts, body.finish()))
}

// Written out rather than through `#[async_trait]`, whose future would keep the request (and a
// second copy of it) alive next to the response it waits for.
impl Transport for HyperTransport {
    fn send<'life0, 'async_trait>(&'life0 self, request: HttpRequest) -> SendFuture<'async_trait>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        let authority = authority_of(request.uri());
        let limit = self.settings.read_timeout;
        let max_body = self.settings.max_response_body;
        let started = self.start(request);
        Box::pin(async move {
            let result = match started {
                Ok(pending) => tokio::time::timeout(limit, receive(pending, max_body))
                    .await
                    .unwrap_or_else(|_elapsed| {
                        Err(TransportError::timeout()
                            .with_source(format!("no complete response within {limit:?}")))
                    }),
                Err(e) => Err(e),
            };
            result.map_err(|e| attach_host(e, authority.as_ref()))
        })
    }
}

/// Maps a hyper-util client error to a kind and whether the request may have been sent.
fn map_client_error(e: hyper_util::client::legacy::Error) -> TransportError {
    if e.is_connect() {
        let kind = if has_io_kind(&e, std::io::ErrorKind::TimedOut) {
            TransportErrorKind::Timeout
        } else {
            TransportErrorKind::Connect
        };
        TransportError::new(kind, false).with_source(e)
    } else {
        TransportError::new(TransportErrorKind::Io, true).with_source(e)
    }
}

/// Whether an I/O error of `kind` is somewhere in the source chain of `e`.
fn has_io_kind(e: &(dyn StdError + 'static), kind: std::io::ErrorKind) -> bool {
    let mut current = Some(e);
    while let Some(err) = current {
        if err
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == kind)
        {
            return true;
        }
        current = err.source();
    }
    false
}
