//! How providers send their HTTP calls: through a [`Transport`], by default one built for the
//! provider alone with its own short timeouts and the proxies of the provider's environment.

use crate::env::Env;
use crate::error::{Error, Result};
use bytes::Bytes;
use cams_transport::{HttpRequest, HttpResponse, SharedTransport, TransportSettings};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// A provider's transport: the one it was given, or a default built at first use.
#[derive(Debug, Clone)]
pub(crate) struct HttpClient {
    given: Option<SharedTransport>,
    settings: TransportSettings,
    /// Where the default transport reads `HTTP(S)_PROXY` / `NO_PROXY` from.
    env: Env,
    built: Arc<OnceLock<std::result::Result<SharedTransport, String>>>,
}

impl HttpClient {
    /// A client whose default transport waits `connect` to connect and `read` for the answer,
    /// with the proxies `env` names.
    pub(crate) fn new(env: Env, connect: Duration, read: Duration) -> HttpClient {
        HttpClient {
            given: None,
            env,
            settings: TransportSettings::default()
                .with_connect_timeout(connect)
                .with_read_timeout(read)
                .with_max_response_body(1024 * 1024),
            built: Arc::new(OnceLock::new()),
        }
    }

    /// Uses an already shared transport.
    pub(crate) fn set_shared(&mut self, transport: Option<SharedTransport>) {
        if transport.is_some() {
            self.given = transport;
        }
    }

    fn transport(&self) -> Result<SharedTransport> {
        if let Some(t) = &self.given {
            return Ok(t.clone());
        }
        self.built
            .get_or_init(|| default_transport(self.settings, &self.env))
            .clone()
            .map_err(|reason| {
                if reason.is_empty() {
                    Error::NoTransport
                } else {
                    Error::BadResponse {
                        service: "HTTP transport",
                        reason,
                    }
                }
            })
    }

    /// Sends `request`; a failure to get an answer is [`Error::Transport`] naming `service`.
    pub(crate) async fn send(
        &self,
        service: &'static str,
        request: HttpRequest,
    ) -> Result<HttpResponse> {
        let transport = self.transport()?;
        transport.send(request).await.map_err(|e| {
            let unreachable = e.is_connect() || (e.is_timeout() && !e.maybe_sent());
            let message = if e.is_timeout() {
                let (what, limit) = if e.maybe_sent() {
                    ("read", self.settings.read_timeout)
                } else {
                    ("connect", self.settings.connect_timeout)
                };
                format!("{what} timeout after {}", seconds(limit))
            } else {
                e.to_string()
            };
            Error::Transport {
                service,
                message,
                unreachable,
            }
        })
    }
}

fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// hyper when its feature is on (the default: the cheaper per call, see docs/benchmarks.md),
/// else reqwest, else none (an empty reason).
/// The proxies come from the provider's environment (an injected one included), never from a
/// process environment the provider was told not to read.
fn default_transport(
    settings: TransportSettings,
    env: &Env,
) -> std::result::Result<SharedTransport, String> {
    #[cfg(any(feature = "reqwest", feature = "hyper"))]
    let builder = cams_transport::TransportBuilder::new()
        .settings(settings)
        .proxy(cams_transport::ProxyConfig::from_lookup(|name| {
            env.get(name)
        }));
    #[cfg(all(feature = "reqwest", not(feature = "hyper")))]
    return builder
        .build_reqwest()
        .map(SharedTransport::new)
        .map_err(|e| e.to_string());
    #[cfg(feature = "hyper")]
    return builder
        .build_hyper()
        .map(SharedTransport::new)
        .map_err(|e| e.to_string());
    #[cfg(not(any(feature = "reqwest", feature = "hyper")))]
    {
        let _ = (settings, env);
        Err(String::new())
    }
}

/// A request with an empty body.
pub(crate) fn request(
    method: http::Method,
    uri: &str,
    service: &'static str,
) -> Result<http::request::Builder> {
    let uri: http::Uri = uri.parse().map_err(|_| {
        Error::invalid(
            format!("{service} endpoint"),
            format!("{uri:?} is not a URL"),
        )
    })?;
    Ok(http::Request::builder().method(method).uri(uri))
}

/// Finishes a request built by [`request`].
pub(crate) fn body(
    builder: http::request::Builder,
    body: Bytes,
    service: &'static str,
) -> Result<HttpRequest> {
    builder
        .body(body)
        .map_err(|e| Error::invalid(format!("{service} request"), e.to_string()))
}

/// `http://host` for a bare host, the URL itself otherwise; no trailing `/`.
pub(crate) fn base_url(endpoint: &str, default_scheme: &str) -> String {
    let e = endpoint.trim().trim_end_matches('/');
    if e.contains("://") {
        e.to_owned()
    } else {
        format!("{default_scheme}://{e}")
    }
}
