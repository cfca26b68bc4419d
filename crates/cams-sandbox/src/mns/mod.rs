//! The receipt queues in queue mode (`QueueFlag=Y`): `Dybaseapi.QueryTokenForMnsQueue` and the
//! MNS queue API under `/queues/…`, both on the emulator's one listener.
//!
//! * Three queues per account: `Alicom-Queue-<ACCOUNT_UID>-ChatAppStatus|ChatAppInbound|
//!   ChatAppAudit`, fed by the same receipt events as the HTTP pushes (a `ReceiptSink`), one
//!   receipt per message, the body Base64 of its JSON.
//! * `QueryTokenForMnsQueue` (signed like every call) issues a temporary key, secret and token
//!   for one queue, valid for [`QueueConfig::token_ttl`]; `ExpireTime` is written in UTC+8.
//! * MNS requests must carry a valid `MNS` signature by such a key and its `security-token`.
//! * Messages stay until deleted; a received one is invisible for the visibility timeout, then
//!   delivered again with a higher `DequeueCount`. Long polls sleep on a notification (a new
//!   message or the next visibility expiry), never spin.
//! * Limits: [`QueueConfig::max_messages`] per queue (further messages are dropped, with a line
//!   on stderr), [`QueueConfig::max_body_bytes`] per message, [`QueueConfig::max_tokens`] live
//!   tokens, and the request limits of the server.

mod api;
mod store;
pub(crate) mod token;
mod xml;

pub(crate) use api::is_mns;
pub(crate) use store::{MnsQueues, QueueSink};
pub(crate) use token::is_token_call;

use std::time::Duration;

/// The account uid of the emulator's queues (the fixture's account, as in its role ARNs).
pub const ACCOUNT_UID: &str = "1234567890123456";
/// The API version of Dybaseapi.
pub const DYBASEAPI_VERSION: &str = "2017-05-25";

/// The name of the emulator's queue for a `MessageType`.
pub fn queue_name(message_type: &str) -> String {
    format!("Alicom-Queue-{ACCOUNT_UID}-{message_type}")
}

/// The receipt `MessageType`s, each with its queue.
pub const MESSAGE_TYPES: [&str; 3] = ["ChatAppStatus", "ChatAppInbound", "ChatAppAudit"];

/// Settings of the queue face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct QueueConfig {
    /// How long an issued queue token is valid (default 1 h).
    pub token_ttl: Duration,
    /// How long a received message stays invisible (default 30 s, MNS's default).
    pub visibility_timeout: Duration,
    /// The most messages a queue holds (default 10 000).
    pub max_messages: usize,
    /// The largest message body, Base64 included (default 64 KiB, MNS's limit).
    pub max_body_bytes: usize,
    /// The most live queue tokens (default 10 000; expired ones are dropped first).
    pub max_tokens: usize,
}

impl Default for QueueConfig {
    fn default() -> Self {
        QueueConfig {
            token_ttl: Duration::from_secs(3600),
            visibility_timeout: Duration::from_secs(30),
            max_messages: 10_000,
            max_body_bytes: 64 * 1024,
            max_tokens: 10_000,
        }
    }
}

impl QueueConfig {
    /// The same settings with another token lifetime.
    pub fn with_token_ttl(mut self, ttl: Duration) -> Self {
        self.token_ttl = ttl;
        self
    }

    /// The same settings with another visibility timeout.
    pub fn with_visibility_timeout(mut self, timeout: Duration) -> Self {
        self.visibility_timeout = timeout;
        self
    }

    /// The same settings with another queue length cap.
    pub fn with_max_messages(mut self, max: usize) -> Self {
        self.max_messages = max;
        self
    }
}
