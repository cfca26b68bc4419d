#![doc = include_str!("../README.md")]

mod dedupe;
mod dispatch;
mod error;
mod handler;
#[cfg(feature = "http")]
mod receiver;

pub use cams_model::receipts;
#[cfg(feature = "redis")]
pub use dedupe::RedisStore;
pub use dedupe::{Claim, DedupeStore, MIN_TTL, MemoryStore};
pub use dispatch::{DEFAULT_DEADLINE, DEFAULT_TTL, DispatchError, Dispatcher, Report, Verify};
pub use error::{ConfigError, HandlerError, StoreError};
pub use handler::{Batch, ReceiptHandler};
#[cfg(feature = "http")]
pub use receiver::{ACK_BODY, DEFAULT_MAX_BODY, ReceiptReceiver, serve};
