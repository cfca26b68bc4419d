//! Error types. None of them ever carries a secret, a security token or a signing key.

use std::time::SystemTime;

use http::HeaderName;

/// Why credentials could not be provided.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// A required environment variable is missing or empty.
    #[error("environment variable {name} is missing or empty")]
    MissingEnv {
        /// Name of the variable.
        name: &'static str,
    },
    /// A provider failed with an error of its own, kept whole as the source: downcast it
    /// ([`CredentialsError::downcast_ref`]) to the provider's type, e.g. `cams_credentials::Error`.
    /// Its message never contains a secret.
    #[error("{0}")]
    Provider(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
}

impl CredentialsError {
    /// Wraps a provider's own error, keeping it as the source.
    ///
    /// ```
    /// use cams_auth::CredentialsError;
    /// let e = CredentialsError::provider(std::io::Error::other("metadata service down"));
    /// assert!(e.downcast_ref::<std::io::Error>().is_some());
    /// assert_eq!(e.to_string(), "metadata service down");
    /// ```
    pub fn provider(error: impl Into<Box<dyn std::error::Error + Send + Sync + 'static>>) -> Self {
        CredentialsError::Provider(error.into())
    }

    /// The provider's error as its own type, when it is one.
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        match self {
            CredentialsError::Provider(e) => e.downcast_ref::<E>(),
            CredentialsError::MissingEnv { .. } => None,
        }
    }

    /// The provider's error as its own type, by value; `Err(self)` when it is not one.
    pub fn downcast<E: std::error::Error + 'static>(self) -> Result<E, Self> {
        match self {
            CredentialsError::Provider(e) => match e.downcast::<E>() {
                Ok(e) => Ok(*e),
                Err(e) => Err(CredentialsError::Provider(e)),
            },
            other => Err(other),
        }
    }
}

/// Why a request could not be signed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// The request has no `host` header (V3 signs it, so it must be set first).
    #[error("the request has no host header")]
    MissingHost,
    /// A header the signer reads is absent (V1 reads the action and version from
    /// `x-acs-action` and `x-acs-version`).
    #[error("the request has no {name} header")]
    MissingHeader {
        /// The header.
        name: HeaderName,
    },
    /// A header listed for signing is not present on the request.
    #[error("header {name} is listed for signing but not present on the request")]
    MissingSignedHeader {
        /// Lower-case header name.
        name: String,
    },
    /// A header name or value could not be represented (the value itself is not reported).
    #[error("invalid value for header {name}")]
    InvalidHeaderValue {
        /// Lower-case header name.
        name: String,
    },
    /// The rewritten URI was rejected by `http`.
    #[error("invalid request uri: {0}")]
    InvalidUri(String),
}

/// Signature schemes the [`Verifier`](crate::Verifier) understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `ACS3-HMAC-SHA256` in the `Authorization` header.
    V3,
    /// Legacy RPC `HMAC-SHA1`, `SignatureVersion=1.0`, `Signature` query parameter.
    V1,
}

/// What is wrong with the `SignedHeaders` list of a V3 `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignedHeadersError {
    /// The list is absent or empty.
    #[error("SignedHeaders is empty")]
    Empty,
    /// The list is longer than the verifier accepts.
    #[error("SignedHeaders is {len} bytes long, more than {max}")]
    TooLong {
        /// Its length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The list names more headers than the verifier accepts.
    #[error("SignedHeaders names more than {max} headers")]
    TooMany {
        /// The limit.
        max: usize,
    },
    /// Two `;` with nothing between them, or one at either end.
    #[error("SignedHeaders has an empty name")]
    EmptyName,
    /// A name that is not a lower-case header name.
    #[error("SignedHeaders names {name:?}, which is not a lower-case header name")]
    InvalidName {
        /// The name.
        name: String,
    },
    /// A name that does not sort after the one before it.
    #[error("SignedHeaders is not sorted: {name} comes after {previous}")]
    Unsorted {
        /// The name out of order.
        name: String,
        /// The name before it.
        previous: String,
    },
    /// A name listed twice.
    #[error("SignedHeaders names {name} twice")]
    Duplicate {
        /// The name.
        name: String,
    },
    /// A listed header the request does not carry.
    #[error("SignedHeaders names {name}, which the request does not carry")]
    Absent {
        /// The name.
        name: String,
    },
    /// `host` or an `x-acs-*` header the request carries but does not sign.
    #[error("header {name} is not signed")]
    Unsigned {
        /// The name.
        name: String,
    },
}

/// Why a request was rejected by the [`Verifier`](crate::Verifier).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// Neither an `Authorization` header nor a `Signature` query parameter.
    #[error("the request carries no signature")]
    MissingAuthorization,
    /// The `Authorization` header (or V1 parameter set) is not well formed.
    #[error("malformed authorization: {reason}")]
    MalformedAuthorization {
        /// What is wrong.
        reason: String,
    },
    /// The `SignedHeaders` list breaks a rule.
    #[error("invalid SignedHeaders: {0}")]
    SignedHeaders(#[from] SignedHeadersError),
    /// A header that must appear at most once (`authorization`, `host`, every signed `x-acs-*`)
    /// appears more than once: a proxy reading another copy would see another request.
    #[error("header {name} appears more than once")]
    RepeatedHeader {
        /// The header.
        name: HeaderName,
    },
    /// The algorithm named by the request is not supported.
    #[error("unsupported signature algorithm {0}")]
    UnsupportedAlgorithm(String),
    /// A required header is missing (V3).
    #[error("missing required header {name}")]
    MissingHeader {
        /// The header.
        name: HeaderName,
    },
    /// A signed header value is not UTF-8, or `x-acs-content-sha256` is not 64 lower-case hex
    /// digits (the value itself is not reported).
    #[error("invalid value for header {name}")]
    InvalidHeaderValue {
        /// The header.
        name: HeaderName,
    },
    /// The signature nonce is empty or not visible ASCII (never read as something else).
    #[error("the signature nonce is empty or not visible ASCII")]
    InvalidNonce,
    /// A required query parameter is missing (V1).
    #[error("missing required parameter {0}")]
    MissingParameter(&'static str),
    /// The access key id is not known to the lookup.
    #[error("unknown access key id {0}")]
    UnknownAccessKeyId(String),
    /// The STS security token does not match the one expected for the key id.
    #[error("security token mismatch")]
    SecurityTokenMismatch,
    /// `x-acs-content-sha256` is not the SHA-256 of the body.
    #[error("x-acs-content-sha256 does not match the body")]
    ContentHashMismatch,
    /// The request timestamp could not be parsed.
    #[error("malformed timestamp {0:?}")]
    MalformedTimestamp(String),
    /// The request timestamp is outside the allowed clock skew.
    #[error("timestamp outside the allowed clock skew")]
    TimestampExpired {
        /// Timestamp of the request.
        timestamp: SystemTime,
        /// The verifier's current time.
        now: SystemTime,
    },
    /// The recomputed signature differs; carries the server-side string to sign (like the gateway).
    #[error("signature mismatch; server string to sign: {string_to_sign:?}")]
    SignatureMismatch {
        /// The string to sign the verifier computed.
        string_to_sign: String,
    },
}
