//! Why a transport could not return a response.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

/// What kind of failure a [`TransportError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, DNS, proxy).
    Connect,
    /// The TLS handshake failed (certificate expired, for another host, from an unknown root).
    Tls,
    /// A connect or read timeout elapsed.
    Timeout,
    /// The response body was larger than the configured cap.
    BodyTooLarge,
    /// An I/O error on an open connection (reset, closed early, not HTTP).
    Io,
    /// Anything else (an invalid request, a bug in a custom transport).
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Tls => "TLS handshake failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::BodyTooLarge => "response body too large",
            TransportErrorKind::Io => "I/O error",
            TransportErrorKind::Other => "transport error",
        })
    }
}

/// Why a TLS handshake failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TlsFailure {
    /// The server's certificate chain does not lead to a trusted root (add the root with the
    /// transport builder's `add_root_certificate` when a TLS-inspecting proxy signs it).
    UnknownIssuer,
    /// The server's certificate has expired (or is not yet valid).
    Expired,
    /// The server's certificate is for another host name.
    WrongHostName,
    /// Any other handshake failure.
    Other,
}

impl fmt::Display for TlsFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TlsFailure::UnknownIssuer => "certificate signed by an unknown root",
            TlsFailure::Expired => "certificate expired or not yet valid",
            TlsFailure::WrongHostName => "certificate is for another host name",
            TlsFailure::Other => "handshake failed",
        })
    }
}

/// What exactly happened, when the transport could tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportFailure {
    /// Nothing listens on the port (the request was not sent).
    ConnectionRefused,
    /// The host name did not resolve.
    Dns,
    /// The connection could not be opened within the connect timeout.
    ConnectTimeout(Duration),
    /// The proxy refused or failed to open the tunnel.
    Proxy,
    /// The TLS handshake failed.
    Tls(TlsFailure),
    /// The peer reset the connection.
    ConnectionReset,
    /// The connection closed before a complete response arrived.
    ClosedBeforeResponse,
    /// The peer answered with something that is not HTTP.
    NotHttp,
    /// No complete response arrived within the read timeout.
    ReadTimeout(Duration),
}

impl TransportFailure {
    /// The kind this failure belongs to.
    pub fn kind(self) -> TransportErrorKind {
        match self {
            TransportFailure::ConnectionRefused
            | TransportFailure::Dns
            | TransportFailure::Proxy => TransportErrorKind::Connect,
            TransportFailure::ConnectTimeout(_) | TransportFailure::ReadTimeout(_) => {
                TransportErrorKind::Timeout
            }
            TransportFailure::Tls(_) => TransportErrorKind::Tls,
            TransportFailure::ConnectionReset
            | TransportFailure::ClosedBeforeResponse
            | TransportFailure::NotHttp => TransportErrorKind::Io,
        }
    }

    /// Whether the request may have reached the server.
    pub fn maybe_sent(self) -> bool {
        !matches!(
            self,
            TransportFailure::ConnectionRefused
                | TransportFailure::Dns
                | TransportFailure::ConnectTimeout(_)
                | TransportFailure::Proxy
                | TransportFailure::Tls(_)
        )
    }

    fn describe(self, f: &mut fmt::Formatter<'_>, host: &str) -> fmt::Result {
        match self {
            TransportFailure::ConnectionRefused => write!(f, "connection refused by {host}"),
            TransportFailure::Dns => write!(f, "host name {host} did not resolve"),
            TransportFailure::ConnectTimeout(d) => {
                write!(f, "connect timeout ({d:?}) elapsed connecting to {host}")
            }
            TransportFailure::Proxy => write!(f, "the proxy could not open a tunnel to {host}"),
            TransportFailure::Tls(t) => write!(f, "TLS handshake with {host} failed: {t}"),
            TransportFailure::ConnectionReset => write!(f, "connection reset by {host}"),
            TransportFailure::ClosedBeforeResponse => {
                write!(f, "{host} closed the connection before a complete response")
            }
            TransportFailure::NotHttp => write!(f, "{host} did not answer with HTTP"),
            TransportFailure::ReadTimeout(d) => {
                write!(f, "read timeout ({d:?}) elapsed waiting for {host}")
            }
        }
    }
}

/// A failure to get a response: its kind, whether the request may have reached the
/// server (which decides whether a non-idempotent call may be retried), the host, and the cause.
///
/// `Display` says what happened (refused, reset, closed early, not HTTP, which timeout and
/// its length, TLS) and names the host, never the URL (its query may hold a V1 signature or
/// an STS token) nor a header.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    maybe_sent: bool,
    failure: Option<TransportFailure>,
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
            failure: None,
            host: None,
            source: None,
        }
    }

    /// An error for a failure the transport identified (kind and `maybe_sent` follow from it).
    pub fn from_failure(failure: TransportFailure) -> Self {
        TransportError {
            failure: Some(failure),
            ..TransportError::new(failure.kind(), failure.maybe_sent())
        }
    }

    /// The same failure, seen while the connection was being opened: nothing was sent.
    #[cfg(any(feature = "reqwest", feature = "hyper"))]
    pub(crate) fn while_connecting(mut self) -> Self {
        if self.kind == TransportErrorKind::Io {
            self.kind = TransportErrorKind::Connect;
        }
        self.maybe_sent = false;
        self
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

    /// What exactly happened, when the transport could tell.
    pub fn failure(&self) -> Option<TransportFailure> {
        self.failure
    }

    /// Why the TLS handshake failed, for a [`TransportErrorKind::Tls`] error.
    pub fn tls_failure(&self) -> Option<TlsFailure> {
        match self.failure {
            Some(TransportFailure::Tls(t)) => Some(t),
            _ => None,
        }
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
        if let Some(failure) = self.failure {
            return failure.describe(f, self.host.as_deref().unwrap_or("the server"));
        }
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
