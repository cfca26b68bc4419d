#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod settings;
mod shared;

#[cfg(any(feature = "reqwest", feature = "hyper"))]
mod body;
#[cfg(any(feature = "reqwest", feature = "hyper"))]
mod builder;
#[cfg(any(feature = "reqwest", feature = "hyper"))]
mod classify;
#[cfg(feature = "hyper")]
mod hyper_transport;
#[cfg(feature = "in-memory")]
pub mod in_memory;
#[cfg(any(feature = "reqwest", feature = "hyper"))]
mod proxy;
#[cfg(feature = "reqwest")]
mod reqwest_transport;
#[cfg(any(feature = "reqwest", feature = "hyper"))]
mod tls;

#[cfg(any(feature = "reqwest", feature = "hyper"))]
pub use builder::TransportBuilder;
pub use error::{TlsFailure, TransportError, TransportErrorKind, TransportFailure};
#[cfg(any(feature = "reqwest", feature = "hyper"))]
pub use proxy::ProxyConfig;
pub use settings::TransportSettings;
pub use shared::{SharedTransport, Transport};

#[cfg(feature = "hyper")]
pub use hyper_transport::HyperTransport;
#[cfg(feature = "in-memory")]
pub use in_memory::{InMemoryTransport, RecordedRequest};
#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;

/// The request type every transport sends: a whole body in memory.
pub type HttpRequest = http::Request<bytes::Bytes>;
/// The response type every transport returns: a whole body in memory, capped in size.
pub type HttpResponse = http::Response<bytes::Bytes>;

/// The host (and port, when given) of a request, for error messages.
#[cfg(feature = "in-memory")]
pub(crate) fn host_of(uri: &http::Uri) -> String {
    uri.authority()
        .map_or_else(|| uri.to_string(), |a| a.as_str().to_owned())
}

/// The authority of a request, kept cheaply (a reference-counted clone) so the host is
/// formatted only when an error needs it.
#[cfg(any(feature = "hyper", feature = "reqwest"))]
pub(crate) fn authority_of(uri: &http::Uri) -> Option<http::uri::Authority> {
    uri.authority().cloned()
}

/// Attaches the host to an error from the authority kept by [`authority_of`].
#[cfg(any(feature = "hyper", feature = "reqwest"))]
pub(crate) fn attach_host(
    e: TransportError,
    authority: Option<&http::uri::Authority>,
) -> TransportError {
    match authority {
        Some(a) => e.with_host(a.as_str()),
        None => e,
    }
}
