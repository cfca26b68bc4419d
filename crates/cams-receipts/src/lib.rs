//! CAMS message receipts.
//!
//! The queue side: [`mns`], a minimal MNS (SMQ) client; [`TokenCache`], the cached
//! `Dybaseapi.QueryTokenForMnsQueue` token.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod mns;
mod token;

pub use token::{
    DEFAULT_EXPIRE_TIME_OFFSET, DEFAULT_REFRESH_BEFORE, DybaseapiTokenSource, QueueToken,
    RETRY_AFTER_FAILED_REFRESH, TokenCache, TokenSource, parse_expire_time,
};
