//! CAMS message receipts.
//!
//! The queue side: [`mns`], a minimal MNS (SMQ) client; [`TokenCache`], the cached
//! `Dybaseapi.QueryTokenForMnsQueue` token.
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod consumer;
pub mod dedupe;
mod error;
pub mod mns;
mod token;

pub use consumer::{QueueConsumer, QueueConsumerBuilder, QueueHandler, QueueHandlerError};
pub use dedupe::{Claim, DedupeStore, MemoryStore};
pub use error::{ConfigError, HandlerError, StoreError};

pub use token::{
    DEFAULT_EXPIRE_TIME_OFFSET, DEFAULT_REFRESH_BEFORE, DybaseapiTokenSource, QueueToken,
    RETRY_AFTER_FAILED_REFRESH, TokenCache, TokenSource, parse_expire_time,
};
