//! A [`Transport`] over a pooled `reqwest::Client` with rustls (ring provider).

use crate::body::CappedBody;
use crate::shared::SendFuture;
use crate::{
    HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind, TransportSettings,
};
use crate::{attach_host, authority_of};
use std::future::Future;
use std::time::Duration;

/// How long an idle pooled connection is kept.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// A [`Transport`] over one pooled [`reqwest::Client`], reused for every call.
///
/// The client built by [`ReqwestTransport::new`] / [`ReqwestTransport::with_settings`] uses
/// rustls with the ring provider and the webpki roots, HTTP/1.1 and HTTP/2 (ALPN), the
/// connect timeout of the settings, and never follows a redirect (a signed request must not
/// be sent elsewhere). Each call is bounded by the read timeout, counted from the start of
/// the call to the end of the body, and the body by the cap of the settings.
///
/// Cloning is cheap: clones share the connection pool.
///
/// ```no_run
/// use cams_transport::{ReqwestTransport, SharedTransport, TransportSettings};
/// use std::time::Duration;
///
/// # fn main() -> Result<(), cams_transport::TransportError> {
/// let settings = TransportSettings::default().with_read_timeout(Duration::from_secs(30));
/// let transport = SharedTransport::new(ReqwestTransport::with_settings(settings)?);
/// # let _ = transport;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    settings: TransportSettings,
}

impl ReqwestTransport {
    /// A transport with the default settings (5 s connect, 10 s read, 10 MiB body cap).
    pub fn new() -> Result<Self, TransportError> {
        Self::with_settings(TransportSettings::default())
    }

    /// A transport with `settings`.
    ///
    /// Fails only if the TLS configuration or the client cannot be built.
    pub fn with_settings(settings: TransportSettings) -> Result<Self, TransportError> {
        let client = Self::client_builder(&settings)?
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, false).with_source(e))?;
        Ok(ReqwestTransport { client, settings })
    }

    /// The client builder [`with_settings`](Self::with_settings) uses: rustls with the ring
    /// provider and the webpki roots, the connect timeout of `settings`, a pool, no redirects.
    /// Customise it (proxy, user agent, ...) and pass the client to
    /// [`from_client`](Self::from_client).
    ///
    /// A `reqwest::Client` built without this (or without `use_preconfigured_tls`) panics in
    /// `build()` unless a process-wide rustls provider is installed, because this crate
    /// enables reqwest's `rustls-tls-webpki-roots-no-provider`.
    pub fn client_builder(
        settings: &TransportSettings,
    ) -> Result<reqwest::ClientBuilder, TransportError> {
        let tls = crate::tls::client_config(&[b"h2", b"http/1.1"])?;
        Ok(reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .connect_timeout(settings.connect_timeout)
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none()))
    }

    /// A transport over a client you already have (its pool, proxy and TLS setup are kept).
    ///
    /// The read timeout and body cap of `settings` apply to every call; the connect timeout
    /// and redirect policy are the client's own, so build it with
    /// `redirect(reqwest::redirect::Policy::none())`.
    pub fn from_client(client: reqwest::Client, settings: TransportSettings) -> Self {
        ReqwestTransport { client, settings }
    }

    /// The settings in use.
    pub fn settings(&self) -> &TransportSettings {
        &self.settings
    }

    /// The underlying client.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Converts the request for reqwest, bounded by the read timeout. Done before the boxed
    /// future of [`Transport::send`] exists, so that future never holds the `http` request;
    /// reqwest's own `execute` waits for the first poll, since it needs the tokio runtime.
    fn prepare(&self, request: HttpRequest) -> Result<reqwest::Request, TransportError> {
        let mut request = reqwest::Request::try_from(request)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, false).with_source(e))?;
        *request.timeout_mut() = Some(self.settings.read_timeout);
        Ok(request)
    }
}

/// Waits for the response and reads its body, never holding more than `max_body` bytes.
async fn receive(
    pending: impl Future<Output = reqwest::Result<reqwest::Response>>,
    max_body: usize,
) -> Result<HttpResponse, TransportError> {
    let mut response = pending.await.map_err(map_error)?;
    let mut body = CappedBody::new(response.headers(), max_body)?;
    while let Some(chunk) = response.chunk().await.map_err(map_error)? {
        body.push_bytes(chunk)?;
    }
    let mut out = http::Response::new(body.finish());
    *out.status_mut() = response.status();
    *out.version_mut() = response.version();
    *out.headers_mut() = std::mem::take(response.headers_mut());
    Ok(out)
}

// Written out rather than through `#[async_trait]`, whose future would keep a second copy of
// the request alive next to the response it waits for.
impl Transport for ReqwestTransport {
    fn send<'life0, 'async_trait>(&'life0 self, request: HttpRequest) -> SendFuture<'async_trait>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        let authority = authority_of(request.uri());
        let max_body = self.settings.max_response_body;
        let prepared = self.prepare(request);
        Box::pin(async move {
            let result = match prepared {
                Ok(request) => receive(self.client.execute(request), max_body).await,
                Err(e) => Err(e),
            };
            result.map_err(|e| attach_host(e, authority.as_ref()))
        })
    }
}

/// Maps a reqwest error to a kind and whether the request may have reached the server.
fn map_error(e: reqwest::Error) -> TransportError {
    let (kind, maybe_sent) = if e.is_timeout() {
        // A connect timeout never sent anything.
        (TransportErrorKind::Timeout, !e.is_connect())
    } else if e.is_connect() {
        (TransportErrorKind::Connect, false)
    } else if e.is_builder() {
        (TransportErrorKind::Other, false)
    } else if e.is_body() || e.is_decode() || e.is_request() {
        (TransportErrorKind::Io, true)
    } else {
        (TransportErrorKind::Other, true)
    };
    // The URL's query may carry a V1 `Signature` or an STS `SecurityToken`: keep it out of
    // every message (the host is attached separately).
    TransportError::new(kind, maybe_sent).with_source(e.without_url())
}
