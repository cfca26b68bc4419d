#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod shared;

#[cfg(feature = "in-memory")]
pub mod in_memory;
#[cfg(feature = "hyper")]
mod hyper_transport;
#[cfg(feature = "reqwest")]
mod reqwest_transport;
mod settings;

pub use error::{TransportError, TransportErrorKind};
pub use settings::TransportSettings;
pub use shared::{SharedTransport, Transport};

#[cfg(feature = "hyper")]
pub use hyper_transport::HyperTransport;
#[cfg(feature = "in-memory")]
pub use in_memory::InMemoryTransport;
#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;

/// The request type every transport sends: a whole body in memory.
pub type HttpRequest = http::Request<bytes::Bytes>;
/// The response type every transport returns: a whole body in memory, capped in size.
pub type HttpResponse = http::Response<bytes::Bytes>;
