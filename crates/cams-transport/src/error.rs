//! Why a transport could not return a response.

use std::error::Error as StdError;
use std::fmt;

/// What kind of failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect,
    /// A connect or read timeout elapsed.
    Timeout,
    /// The response body was larger than the configured cap.
    BodyTooLarge,
    /// An I/O error on an open connection.
    Io,
    /// Anything else (an invalid request, a bug in a custom transport).
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::BodyTooLarge => "response body too large",
            TransportErrorKind::Io => "I/O error",
            TransportErrorKind::Other => "transport error",
        })
    }
}

/// A failure to get a response: its kind, whether the request may have reached the
/// server (which decides whether a non-idempotent call may be retried), the host, and the cause.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    maybe_sent: bool,
    host: Option<String>,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl TransportError {
    /// A new error of `kind`. `maybe_sent` is `true` unless the transport knows the request
    /// never left (for example, the connection was refused).
    pub fn new(kind: TransportErrorKind, maybe_sent: bool) -> Self {
        TransportError {
            kind,
            maybe_sent,
            host: None,
            source: None,
        }
    }

    /// A connection failure: the request was not sent.
    pub fn connect(source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        TransportError::new(TransportErrorKind::Connect, false).with_source(source)
    }

    /// A timeout; the request may have reached the server.
    pub fn timeout() -> Self {
        TransportError::new(TransportErrorKind::Timeout, true)
    }

    /// A body over the cap of `limit` bytes.
    pub fn body_too_large(limit: usize) -> Self {
        TransportError::new(TransportErrorKind::BodyTooLarge, true)
            .with_source(format!("response body exceeds the {limit}-byte limit"))
    }

    /// Attaches the underlying error.
    pub fn with_source(mut self, source: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// Attaches the host the request was for (shown by `Display`).
    pub fn with_host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the request may have reached the server.
    pub fn maybe_sent(&self) -> bool {
        self.maybe_sent
    }

    /// The host the request was for, when known.
    pub fn host(&self) -> Option<&str> {
        self.host.as_deref()
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == TransportErrorKind::Timeout
    }

    /// Whether this is a connection failure.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.kind)?;
        if let Some(h) = &self.host {
            write!(f, " ({h})")?;
        }
        if let Some(s) = &self.source {
            write!(f, ": {s}")?;
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}
