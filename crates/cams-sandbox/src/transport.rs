//! The in-process face: a [`Transport`] that hands requests to an [`Engine`], no sockets.

use crate::Engine;
use async_trait::async_trait;
use cams_transport::{HttpRequest, HttpResponse, Transport, TransportError};
use http::HeaderValue;

/// A [`Transport`] that answers from an [`Engine`] in the same process.
///
/// Like an HTTP stack, it sets the `host` header from the URI when the request has none.
///
/// ```
/// use cams_sandbox::SandboxTransport;
/// use cams_transport::Transport;
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let transport = SandboxTransport::demo();
/// let req = http::Request::put("https://cams.sandbox.local/").body(bytes::Bytes::new()).unwrap();
/// let resp = transport.send(req).await.unwrap();
/// assert_eq!(resp.status(), 405);
/// # });
/// ```
#[derive(Debug, Clone)]
pub struct SandboxTransport {
    engine: Engine,
}

impl SandboxTransport {
    /// A transport over `engine` (clone the engine to share it with a server).
    pub fn new(engine: Engine) -> Self {
        SandboxTransport { engine }
    }

    /// A transport over the built-in demo fixture.
    pub fn demo() -> Self {
        SandboxTransport::new(Engine::demo())
    }

    /// The engine behind this transport.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }
}

#[async_trait]
impl Transport for SandboxTransport {
    async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if !request.headers().contains_key(http::header::HOST) {
            let host = request
                .uri()
                .authority()
                .and_then(|a| HeaderValue::from_str(a.as_str()).ok());
            if let Some(h) = host {
                request.headers_mut().insert(http::header::HOST, h);
            }
        }
        Ok(self.engine.handle(request))
    }
}
