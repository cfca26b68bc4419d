#![doc = include_str!("../README.md")]

pub use cams_api as api;
pub use cams_auth as auth;
pub use cams_model as model;
pub use cams_transport as transport;
#[cfg(feature = "sandbox")]
pub use cams_sandbox as sandbox;
