//! The `Transport` trait and its cheap-to-clone shared handle.

use crate::{HttpRequest, HttpResponse, TransportError};
use std::fmt;
use std::future::Future;
use std::sync::Arc;

/// Sends one HTTP request and returns its whole response.
///
/// Object-safe, `Send + Sync + Debug`. A transport knows HTTP, not CAMS: it does not sign,
/// retry or parse. It must not follow redirects or change signed headers (`host`, `x-acs-*`).
#[async_trait::async_trait]
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` and returns the response, whatever its status.
    ///
    /// A 4xx or 5xx status is a response, not an error: only a failure to get a response
    /// (connect, timeout, I/O, a body over the cap) is a [`TransportError`].
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}

/// A cheap-to-clone handle to any [`Transport`] (an `Arc<dyn Transport>` inside).
#[derive(Clone)]
pub struct SharedTransport(Arc<dyn Transport>);

impl SharedTransport {
    /// Wraps a transport.
    pub fn new(transport: impl Transport + 'static) -> Self {
        // A handle is kept as it is: wrapped again, every call would box its future twice.
        if let Some(shared) = (&transport as &dyn std::any::Any).downcast_ref::<SharedTransport>() {
            return shared.clone();
        }
        SharedTransport(Arc::new(transport))
    }

    /// Wraps an already shared transport.
    pub fn from_arc(transport: Arc<dyn Transport>) -> Self {
        SharedTransport(transport)
    }

    /// Sends a request through the wrapped transport (its own boxed future, not boxed again).
    pub fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> + Send + '_ {
        self.0.send(request)
    }
}

impl fmt::Debug for SharedTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedTransport").field(&self.0).finish()
    }
}

#[async_trait::async_trait]
impl Transport for SharedTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.0.send(request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Nothing;

    #[async_trait::async_trait]
    impl Transport for Nothing {
        async fn send(&self, _: HttpRequest) -> Result<HttpResponse, TransportError> {
            Ok(HttpResponse::new(bytes::Bytes::new()))
        }
    }

    #[test]
    fn a_handle_wrapped_again_is_the_same_handle() {
        let shared = SharedTransport::new(Nothing);
        let again = SharedTransport::new(shared.clone());
        assert!(Arc::ptr_eq(&shared.0, &again.0));
        assert!(!Arc::ptr_eq(&shared.0, &SharedTransport::new(Nothing).0));
    }
}
