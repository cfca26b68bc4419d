//! A [`Transport`] over hyper 1 with a pooled client and rustls (ring provider).

mod connector;

use crate::body::CappedBody;
use crate::classify::classify;
use crate::{
    HttpRequest, HttpResponse, Transport, TransportBuilder, TransportError, TransportErrorKind,
    TransportFailure, TransportSettings,
};
use crate::{attach_host, authority_of};
use bytes::Bytes;
use connector::ProxyConnector;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::{Client, ResponseFuture};
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// How long an idle pooled connection is kept.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

type Connector = hyper_rustls::HttpsConnector<ProxyConnector>;

/// A [`Transport`] over hyper 1: one pooled client (keep-alive), HTTP/1.1, `https` (rustls
/// with the ring provider and the webpki roots) or plain `http`.
///
/// The connect timeout of the settings bounds the TCP connect; the read timeout bounds the
/// whole call, from sending the request to the end of the body; the body is capped. Redirects
/// are never followed. Through a proxy ([`ProxyConfig`](crate::ProxyConfig)), every request
/// goes through a `CONNECT` tunnel. Needs a Tokio runtime. Cloning is cheap: clones share the
/// pool.
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
    /// A transport with the default settings (5 s connect, 10 s read, 10 MiB body cap) and the
    /// proxies of the environment.
    pub fn new() -> Result<Self, TransportError> {
        Self::with_settings(TransportSettings::default())
    }

    /// A transport with `settings` (proxies from the environment).
    ///
    /// Fails only if the TLS configuration cannot be built.
    pub fn with_settings(settings: TransportSettings) -> Result<Self, TransportError> {
        TransportBuilder::new().settings(settings).build_hyper()
    }

    /// A builder for extra root certificates and proxies.
    pub fn builder() -> TransportBuilder {
        TransportBuilder::new()
    }

    pub(crate) fn from_builder(b: TransportBuilder) -> Result<Self, TransportError> {
        // hyper-rustls sets the ALPN protocols itself.
        let tls = crate::tls::client_config(&[], &b.extra_roots)?;
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(b.settings.connect_timeout));
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(ProxyConnector::new(http, &b.proxy));
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(https);
        Ok(HyperTransport {
            client,
            settings: b.settings,
        })
    }

    /// The settings in use.
    pub fn settings(&self) -> &TransportSettings {
        &self.settings
    }

    /// Hands the request to hyper; nothing is sent until the returned future is polled.
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
async fn receive(
    pending: ResponseFuture,
    settings: &TransportSettings,
) -> Result<HttpResponse, TransportError> {
    let response = pending.await.map_err(|e| map_client_error(e, settings))?;
    let (parts, mut incoming) = response.into_parts();
    let mut body = CappedBody::new(&parts.headers, settings.max_response_body)?;
    while let Some(frame) = incoming.frame().await {
        let frame = frame.map_err(|e| {
            let failure = classify(&e).unwrap_or(TransportFailure::ClosedBeforeResponse);
            TransportError::from_failure(failure).with_source(e)
        })?;
        if let Ok(data) = frame.into_data() {
            body.push_bytes(data)?;
        }
    }
    Ok(http::Response::from_parts(parts, body.finish()))
}

impl Transport for HyperTransport {
    // Written out rather than `async fn`: the request is handed to hyper before the future is
    // boxed, so the box holds only the wait: 528 bytes instead of 1,040, which was past glibc's
    // per-thread cache (1,032) and consolidated its free lists on every call (`perf`).
    fn send<'life0, 'async_trait>(
        &'life0 self,
        request: HttpRequest,
    ) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        let authority = authority_of(request.uri());
        let limit = self.settings.read_timeout;
        let started = self.start(request);
        Box::pin(async move {
            let result = match started {
                Ok(pending) => tokio::time::timeout(limit, receive(pending, &self.settings))
                    .await
                    .unwrap_or_else(|_elapsed| {
                        Err(TransportError::from_failure(TransportFailure::ReadTimeout(
                            limit,
                        )))
                    }),
                Err(e) => Err(e),
            };
            result.map_err(|e| attach_host(e, authority.as_ref()))
        })
    }
}

/// Maps a hyper-util client error to what happened and whether the request may have been sent.
fn map_client_error(
    e: hyper_util::client::legacy::Error,
    settings: &TransportSettings,
) -> TransportError {
    let failure = classify(&e);
    if e.is_connect() {
        let failure = match failure {
            // The connector reports its own timeout as an I/O `TimedOut`.
            None if has_timed_out(&e) => {
                Some(TransportFailure::ConnectTimeout(settings.connect_timeout))
            }
            other => other,
        };
        return match failure {
            Some(f) => TransportError::from_failure(f).while_connecting(),
            None => TransportError::new(TransportErrorKind::Connect, false),
        }
        .with_source(e);
    }
    match failure {
        Some(f) => TransportError::from_failure(f),
        None => TransportError::new(TransportErrorKind::Io, true),
    }
    .with_source(e)
}

/// Whether an I/O `TimedOut` error is somewhere in the source chain of `e`.
fn has_timed_out(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(e);
    while let Some(err) = current {
        if err
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
        {
            return true;
        }
        current = err.source();
    }
    false
}
