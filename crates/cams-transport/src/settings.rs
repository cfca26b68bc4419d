//! Settings every built-in transport honours.

use std::time::Duration;

/// Timeouts and limits of a built-in transport. Defaults follow the official SDK:
/// 5 s to connect, 10 s to read, and a 10 MiB cap on a response body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransportSettings {
    /// Time allowed to open a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time allowed from sending the request to the end of the response body.
    pub read_timeout: Duration,
    /// The largest response body accepted, in bytes; a larger one is an error.
    pub max_response_body: usize,
}

impl Default for TransportSettings {
    fn default() -> Self {
        TransportSettings {
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(10),
            max_response_body: 10 * 1024 * 1024,
        }
    }
}

impl TransportSettings {
    /// Sets the connect timeout.
    pub fn with_connect_timeout(mut self, d: Duration) -> Self {
        self.connect_timeout = d;
        self
    }

    /// Sets the read timeout.
    pub fn with_read_timeout(mut self, d: Duration) -> Self {
        self.read_timeout = d;
        self
    }

    /// Sets the response body cap.
    pub fn with_max_response_body(mut self, bytes: usize) -> Self {
        self.max_response_body = bytes;
        self
    }
}
