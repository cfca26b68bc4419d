#![doc = include_str!("../README.md")]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod cli_config;
mod env;
mod error;

pub use env::Env;
pub use error::{Error, Result};
