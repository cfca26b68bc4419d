//! The one error type of the crate. No variant ever holds a secret, a security token, an OIDC
//! token or a metadata token: response bodies are never copied into errors.

use std::path::PathBuf;

/// Why a provider could not produce credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The source is not configured here (a variable unset, a file absent, a switch off): the
    /// chain moves on to the next source.
    #[error("{0}")]
    NotConfigured(String),
    /// A setting has a value the provider cannot use.
    #[error("invalid {field}: {reason}")]
    InvalidConfig {
        /// The setting (an environment variable, a file key, a builder field).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file could not be read or written.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        message: String,
    },
    /// A file is not in the expected format.
    #[error("{}: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// What could not be parsed (line and column for JSON).
        message: String,
    },
    /// A profile of `~/.aliyun/config.json` uses a mode this crate does not support.
    #[error("profile {profile:?}: mode {mode:?} is not supported")]
    UnsupportedMode {
        /// The profile name.
        profile: String,
        /// The mode it names.
        mode: String,
    },
    /// A profile is not in the file.
    #[error("profile {0:?} not found")]
    ProfileNotFound(String),
    /// `source_profile` links loop, or go deeper than the limit.
    #[error("profile chain {chain}: {reason}")]
    ProfileChain {
        /// The profiles followed, `a -> b -> a`.
        chain: String,
        /// `cycle` or the depth limit.
        reason: String,
    },
    /// An `External` profile's command failed, timed out or printed something unusable.
    #[error("profile {profile:?}: external command {reason}")]
    External {
        /// The profile name.
        profile: String,
        /// What went wrong (exit status, timeout, parse error; never the command's output).
        reason: String,
    },
    /// The HTTP call did not get an answer (connect failure, timeout).
    #[error("{service}: {message}")]
    Transport {
        /// The service called (`ECS metadata`, `STS`, `credentials URI`).
        service: &'static str,
        /// The transport's message (`connect timeout after 1 s`).
        message: String,
        /// Whether the address could not be reached at all (connect failure or connect timeout).
        unreachable: bool,
    },
    /// STS refused the call.
    #[error("STS {action} failed: HTTP {status}, Code {code}, RequestId {request_id}: {message}")]
    Sts {
        /// `AssumeRole` or `AssumeRoleWithOIDC`.
        action: &'static str,
        /// The HTTP status.
        status: u16,
        /// STS's error code (`SignatureDoesNotMatch`, `InvalidParameter.OIDCToken`...).
        code: String,
        /// STS's request id.
        request_id: String,
        /// STS's message.
        message: String,
    },
    /// A service answered with an error status or a body that is not credentials.
    #[error("{service}: {reason}")]
    BadResponse {
        /// The service called.
        service: &'static str,
        /// The status or the missing field (never the body, which may hold secrets).
        reason: String,
    },
    /// The credentials expired and could not be refreshed.
    #[error("credentials expired and the refresh failed: {0}")]
    Expired(Box<Error>),
    /// No source of the chain produced credentials; each is listed with the reason.
    #[error("no credentials found: {}", format_attempts(.0))]
    Chain(Vec<(&'static str, String)>),
    /// A provider given by the caller (the source credentials of a role assumption) failed.
    #[error("{0}")]
    Provider(#[source] cams_auth::CredentialsError),
    /// No HTTP transport: build with the `reqwest` or `hyper` feature, or give one to the builder.
    #[error(
        "no HTTP transport: enable the `reqwest` or `hyper` feature, or set one on the builder"
    )]
    NoTransport,
}

fn format_attempts(attempts: &[(&'static str, String)]) -> String {
    let parts: Vec<String> = attempts
        .iter()
        .map(|(name, why)| format!("{name}: {why}"))
        .collect();
    parts.join("; ")
}

impl Error {
    /// Whether the chain should treat this as "not here" rather than as a failure.
    pub fn is_not_configured(&self) -> bool {
        matches!(self, Error::NotConfigured(_))
    }

    pub(crate) fn io(path: impl Into<PathBuf>, e: &std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            message: e.to_string(),
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidConfig {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Kept whole as the source of [`cams_auth::CredentialsError::Provider`]: callers of the client
/// get it back with `downcast_ref::<cams_credentials::Error>()`.
impl From<Error> for cams_auth::CredentialsError {
    fn from(e: Error) -> Self {
        cams_auth::CredentialsError::provider(e)
    }
}

/// A provider's error back as this crate's: unwrapped when it is one, else
/// [`Error::Provider`] (a source given by the caller, such as a role assumption's).
impl From<cams_auth::CredentialsError> for Error {
    fn from(e: cams_auth::CredentialsError) -> Self {
        e.downcast::<Error>().unwrap_or_else(Error::Provider)
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
