//! Errors of the queue side: MNS service errors, transport failures, damaged answers, tokens.

use std::fmt;

/// An MNS error code as the service spells it. Open: codes this SDK does not know are kept.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MnsErrorCode {
    /// The queue is empty (the answer of a receive that found nothing).
    MessageNotExist,
    /// The queue does not exist.
    QueueNotExist,
    /// The credentials may not do this.
    AccessDenied,
    /// The access key id is not known (e.g. a temporary key past its lifetime).
    InvalidAccessKeyId,
    /// The signature does not match.
    SignatureDoesNotMatch,
    /// The STS token has expired.
    SecurityTokenExpired,
    /// The STS token is not valid.
    InvalidSecurityToken,
    /// The request's `Date` is too far from the service's clock.
    TimeExpired,
    /// The receipt handle is not valid any more (the message became visible again, or was
    /// deleted).
    ReceiptHandleError,
    /// A parameter is out of range or malformed.
    InvalidArgument,
    /// The request body is not the XML MNS expects.
    MalformedXml,
    /// The message is larger than the queue accepts.
    MessageTooLarge,
    /// Any other code, as sent.
    Other(String),
}

impl MnsErrorCode {
    /// The code of its wire spelling.
    pub fn parse(code: &str) -> Self {
        match code {
            "MessageNotExist" => Self::MessageNotExist,
            "QueueNotExist" => Self::QueueNotExist,
            "AccessDenied" => Self::AccessDenied,
            "InvalidAccessKeyId" => Self::InvalidAccessKeyId,
            "SignatureDoesNotMatch" => Self::SignatureDoesNotMatch,
            "SecurityTokenExpired" => Self::SecurityTokenExpired,
            "InvalidSecurityToken" => Self::InvalidSecurityToken,
            "TimeExpired" => Self::TimeExpired,
            "ReceiptHandleError" => Self::ReceiptHandleError,
            "InvalidArgument" => Self::InvalidArgument,
            "MalformedXML" => Self::MalformedXml,
            "MessageTooLarge" | "MessageBodyTooLarge" => Self::MessageTooLarge,
            other => Self::Other(other.to_owned()),
        }
    }

    /// Its wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::MessageNotExist => "MessageNotExist",
            Self::QueueNotExist => "QueueNotExist",
            Self::AccessDenied => "AccessDenied",
            Self::InvalidAccessKeyId => "InvalidAccessKeyId",
            Self::SignatureDoesNotMatch => "SignatureDoesNotMatch",
            Self::SecurityTokenExpired => "SecurityTokenExpired",
            Self::InvalidSecurityToken => "InvalidSecurityToken",
            Self::TimeExpired => "TimeExpired",
            Self::ReceiptHandleError => "ReceiptHandleError",
            Self::InvalidArgument => "InvalidArgument",
            Self::MalformedXml => "MalformedXML",
            Self::MessageTooLarge => "MessageTooLarge",
            Self::Other(s) => s,
        }
    }

    /// Whether a fresh token may cure it (the token expired or was refused).
    pub fn is_token_problem(&self) -> bool {
        matches!(
            self,
            Self::AccessDenied
                | Self::InvalidAccessKeyId
                | Self::SignatureDoesNotMatch
                | Self::SecurityTokenExpired
                | Self::InvalidSecurityToken
        )
    }
}

impl fmt::Display for MnsErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error answer of MNS: `<Error><Code/><Message/><RequestId/><HostId/></Error>`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct MnsServiceError {
    /// The HTTP status.
    pub status: u16,
    /// `Code`.
    pub code: MnsErrorCode,
    /// `Message`.
    pub message: String,
    /// `RequestId` (or the `x-mns-request-id` header).
    pub request_id: Option<String>,
    /// `HostId`.
    pub host_id: Option<String>,
    /// For a batch delete: the handles refused, each with its code and message.
    pub failed_handles: Vec<FailedHandle>,
}

/// One receipt handle a batch delete refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FailedHandle {
    /// `ErrorCode`.
    pub code: MnsErrorCode,
    /// `ErrorMessage`.
    pub message: String,
    /// `ReceiptHandle`.
    pub receipt_handle: String,
}

impl fmt::Display for MnsServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "MNS error {} (HTTP {}): {}",
            self.code, self.status, self.message
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " (RequestId {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for MnsServiceError {}

/// Why a queue operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum QueueError {
    /// MNS answered with an error.
    #[error(transparent)]
    Service(Box<MnsServiceError>),
    /// The request did not get an answer.
    #[error("MNS request failed: {0}")]
    Transport(#[from] cams_transport::TransportError),
    /// The answer is not the XML MNS sends.
    #[error("MNS answer is damaged: {0}")]
    Damaged(String),
    /// A request could not be built or signed.
    #[error("invalid MNS request: {0}")]
    InvalidRequest(String),
    /// `QueryTokenForMnsQueue` failed.
    #[error("QueryTokenForMnsQueue failed: {0}")]
    TokenRequest(#[source] Box<cams_api::Error>),
    /// The token's `ExpireTime` is missing or not `yyyy-MM-dd HH:mm:ss`.
    #[error("the queue token's ExpireTime {value:?} is not `yyyy-MM-dd HH:mm:ss`")]
    TokenUnparseable {
        /// The value received (not secret).
        value: Option<String>,
    },
    /// The token's `ExpireTime` is already past.
    #[error("the queue token expired at {expire_time} (before it was received)")]
    TokenExpired {
        /// The `ExpireTime` received.
        expire_time: String,
    },
    /// The token answer lacks a key, secret or token.
    #[error("the queue token answer has no {field}")]
    TokenIncomplete {
        /// The missing field.
        field: &'static str,
    },
}

impl From<MnsServiceError> for QueueError {
    fn from(e: MnsServiceError) -> Self {
        QueueError::Service(Box::new(e))
    }
}

impl QueueError {
    /// The MNS error code, if MNS answered with one.
    pub fn mns_code(&self) -> Option<&MnsErrorCode> {
        match self {
            QueueError::Service(e) => Some(&e.code),
            _ => None,
        }
    }

    /// The request id of a service error (MNS or Dybaseapi).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            QueueError::Service(e) => e.request_id.as_deref(),
            QueueError::TokenRequest(e) => e.request_id(),
            _ => None,
        }
    }
}
