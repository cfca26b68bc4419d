//! A [`Transport`] over a pooled `reqwest::Client` with rustls (ring provider).

use crate::body::CappedBody;
use crate::classify::classify;
use crate::{
    HttpRequest, HttpResponse, ProxyConfig, Transport, TransportBuilder, TransportError,
    TransportErrorKind, TransportFailure, TransportSettings,
};
use crate::{attach_host, authority_of};
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

    /// A transport with `settings` (proxies from the environment).
    ///
    /// Fails only if the TLS configuration or the client cannot be built.
    pub fn with_settings(settings: TransportSettings) -> Result<Self, TransportError> {
        TransportBuilder::new().settings(settings).build_reqwest()
    }

    /// A builder for extra root certificates and proxies.
    pub fn builder() -> TransportBuilder {
        TransportBuilder::new()
    }

    pub(crate) fn from_builder(b: TransportBuilder) -> Result<Self, TransportError> {
        let client = Self::configured(&b.settings, &b.extra_roots, &b.proxy)?
            .build()
            .map_err(|e| TransportError::new(TransportErrorKind::Other, false).with_source(e))?;
        Ok(ReqwestTransport {
            client,
            settings: b.settings,
        })
    }

    /// The client builder [`with_settings`](Self::with_settings) uses: rustls with the ring
    /// provider and the webpki roots, the connect timeout of `settings`, a pool, no redirects,
    /// the proxies of the environment. Customise it (user agent, ...) and pass the client to
    /// [`from_client`](Self::from_client).
    ///
    /// A `reqwest::Client` built without this (or without `use_preconfigured_tls`) panics in
    /// `build()` unless a process-wide rustls provider is installed, because this crate
    /// enables reqwest's `rustls-tls-webpki-roots-no-provider`.
    pub fn client_builder(
        settings: &TransportSettings,
    ) -> Result<reqwest::ClientBuilder, TransportError> {
        Self::configured(settings, &[], &ProxyConfig::from_env())
    }

    fn configured(
        settings: &TransportSettings,
        extra_roots: &[rustls::pki_types::CertificateDer<'static>],
        proxy: &ProxyConfig,
    ) -> Result<reqwest::ClientBuilder, TransportError> {
        let tls = crate::tls::client_config(&[b"h2", b"http/1.1"], extra_roots)?;
        // reqwest's own reading of the environment is off: the proxies come from `proxy`
        // only, the same rules as the hyper transport.
        let mut builder = reqwest::Client::builder()
            .use_preconfigured_tls(tls)
            .connect_timeout(settings.connect_timeout)
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        let no_proxy_list = proxy.no_proxy_list();
        let no_proxy = || {
            no_proxy_list
                .as_deref()
                .and_then(reqwest::NoProxy::from_string)
        };
        let bad_proxy = |e: reqwest::Error| {
            TransportError::new(TransportErrorKind::Other, false)
                .with_source(format!("invalid proxy URL: {}", e.without_url()))
        };
        if let Some(url) = proxy.http_url() {
            builder = builder.proxy(
                reqwest::Proxy::http(url)
                    .map_err(bad_proxy)?
                    .no_proxy(no_proxy()),
            );
        }
        if let Some(url) = proxy.https_url() {
            builder = builder.proxy(
                reqwest::Proxy::https(url)
                    .map_err(bad_proxy)?
                    .no_proxy(no_proxy()),
            );
        }
        Ok(builder)
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

    /// Converts the request for reqwest, bounded by the read timeout.
    fn prepare(&self, request: HttpRequest) -> Result<reqwest::Request, TransportError> {
        let mut request = reqwest::Request::try_from(request)
            .map_err(|e| TransportError::new(TransportErrorKind::Other, false).with_source(e))?;
        *request.timeout_mut() = Some(self.settings.read_timeout);
        Ok(request)
    }
}

/// Waits for the response and reads its body, never holding more than `max_body` bytes.
async fn receive(
    response: reqwest::Result<reqwest::Response>,
    settings: &TransportSettings,
) -> Result<HttpResponse, TransportError> {
    let mut response = response.map_err(|e| map_error(e, settings))?;
    let mut body = CappedBody::new(response.headers(), settings.max_response_body)?;
    while let Some(chunk) = response.chunk().await.map_err(|e| map_error(e, settings))? {
        body.push_bytes(chunk)?;
    }
    let mut out = http::Response::new(body.finish());
    *out.status_mut() = response.status();
    *out.version_mut() = response.version();
    *out.headers_mut() = std::mem::take(response.headers_mut());
    Ok(out)
}

#[async_trait::async_trait]
impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let authority = authority_of(request.uri());
        let result = match self.prepare(request) {
            // reqwest's `execute` needs the runtime, so it is called here, at the first poll,
            // never when the future is made.
            Ok(request) => receive(self.client.execute(request).await, &self.settings).await,
            Err(e) => Err(e),
        };
        result.map_err(|e| attach_host(e, authority.as_ref()))
    }
}

/// Maps a reqwest error to what happened and whether the request may have reached the server.
fn map_error(e: reqwest::Error, settings: &TransportSettings) -> TransportError {
    // The URL's query may carry a V1 `Signature` or an STS `SecurityToken`: keep it out of
    // every message (the host is attached separately).
    let e = e.without_url();
    let failure = if e.is_timeout() {
        Some(if e.is_connect() {
            TransportFailure::ConnectTimeout(settings.connect_timeout)
        } else {
            TransportFailure::ReadTimeout(settings.read_timeout)
        })
    } else {
        classify(&e)
    };
    if let Some(failure) = failure {
        let mut err = TransportError::from_failure(failure);
        // A failure while connecting (a reset during the handshake) never sent the request.
        if e.is_connect() {
            err = err.while_connecting();
        }
        return err.with_source(e);
    }
    let (kind, maybe_sent) = if e.is_connect() {
        (TransportErrorKind::Connect, false)
    } else if e.is_builder() {
        (TransportErrorKind::Other, false)
    } else if e.is_body() || e.is_decode() || e.is_request() {
        (TransportErrorKind::Io, true)
    } else {
        (TransportErrorKind::Other, true)
    };
    TransportError::new(kind, maybe_sent).with_source(e)
}
