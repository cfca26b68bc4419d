#![doc = include_str!("../README.md")]

mod client;
mod endpoint;
mod error;
pub mod operation;
mod options;
pub mod paginator;
mod raw;
mod response;
pub mod retry;
pub mod sleep;
mod user_agent;

pub use client::{Client, ClientBuilder, SignatureVersion};
pub use endpoint::{Endpoint, Protocol};
pub use error::{ApiError, ConfigError, Error, GatewayError};
pub use options::RequestOptions;
pub use paginator::{DEFAULT_MAX_PAGES, Items, PageCursor, PageFacts, PageRules, Paginator};
pub use raw::{RawRequest, RawResponse};
pub use retry::RetryPolicy;
#[cfg(feature = "tokio")]
pub use sleep::TokioSleep;
pub use sleep::{AsyncSleep, SharedAsyncSleep};

pub use cams_auth as auth;
pub use cams_model as model;
pub use cams_transport as transport;
