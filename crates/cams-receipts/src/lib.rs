#![doc = include_str!("../README.md")]
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod consumer;
mod dedupe;
mod dispatch;
mod error;
mod handler;
pub mod mns;
#[cfg(feature = "http")]
mod receiver;
mod token;

pub use cams_model::receipts;
pub use consumer::{QueueConsumer, QueueConsumerBuilder, QueueHandler, QueueHandlerError};
#[cfg(feature = "redis")]
pub use dedupe::RedisStore;
pub use dedupe::{Claim, DedupeStore, MIN_TTL, MemoryStore};
pub use dispatch::{DEFAULT_DEADLINE, DEFAULT_TTL, DispatchError, Dispatcher, Report, Verify};
pub use error::{ConfigError, HandlerError, StoreError};
pub use handler::{Batch, ReceiptHandler};
#[cfg(feature = "http")]
pub use receiver::{ACK_BODY, DEFAULT_MAX_BODY, ReceiptReceiver, serve};
pub use token::{
    DEFAULT_EXPIRE_TIME_OFFSET, DEFAULT_REFRESH_BEFORE, DybaseapiTokenSource, QueueToken,
    RETRY_AFTER_FAILED_REFRESH, TokenCache, TokenSource, parse_expire_time,
};
