#![doc = include_str!("../README.md")]

pub use cams_api as api;
pub use cams_auth as auth;
pub use cams_credentials as credentials;
pub use cams_model as model;
#[cfg(feature = "sandbox")]
pub use cams_sandbox as sandbox;
pub use cams_transport as transport;

pub use cams_api::{Client, ClientBuilder, Error, RequestOptions, RetryPolicy, SignatureVersion};
pub use cams_auth::Credentials;

#[cfg(feature = "sandbox")]
mod sandbox_ext;
#[cfg(feature = "sandbox")]
pub use sandbox_ext::ClientBuilderSandboxExt;
