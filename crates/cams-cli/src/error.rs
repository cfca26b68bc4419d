//! The one error type of the tool, and the exit status of each kind: 1 a service error,
//! 2 a usage or validation error, 3 a transport error, 130 an interrupt.

use std::fmt;
use std::time::{Duration, SystemTime};

/// Everything the tool can fail with. Messages never hold a secret.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CliError {
    /// Bad arguments or a request that breaks the API's rules: nothing was sent (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The service answered with an error (exit 1).
    #[error("{0}")]
    Service(Box<ServiceFailure>),
    /// No answer came back (exit 3).
    #[error("cannot reach {host}: {cause}")]
    Transport {
        /// The host (and port) that was called.
        host: String,
        /// What went wrong.
        cause: String,
    },
    /// Anything else that stops the command: a config file that cannot be read, a response
    /// that cannot be parsed (exit 1).
    #[error("{0}")]
    Failure(String),
    /// Ctrl-C (exit 130).
    #[error("interrupted")]
    Interrupted,
}

impl CliError {
    /// A usage error.
    pub(crate) fn usage(message: impl Into<String>) -> CliError {
        CliError::Usage(message.into())
    }

    /// A failure that is not the user's input nor the service's answer.
    pub(crate) fn failure(message: impl Into<String>) -> CliError {
        CliError::Failure(message.into())
    }

    /// The process exit status.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Service(_) | CliError::Failure(_) => 1,
            CliError::Transport { .. } => 3,
            CliError::Interrupted => 130,
        }
    }
}

/// What the service said, and what the tool knows that may explain it.
#[derive(Debug, Default)]
pub(crate) struct ServiceFailure {
    /// HTTP status, when there was a response.
    pub(crate) status: Option<u16>,
    /// `Code`.
    pub(crate) code: Option<String>,
    /// `Message`.
    pub(crate) message: Option<String>,
    /// `RequestId`.
    pub(crate) request_id: Option<String>,
    /// The access key id the request was signed with (an id is not a secret).
    pub(crate) access_key_id: Option<String>,
    /// The server's `Date`, when the response had one.
    pub(crate) server_date: Option<SystemTime>,
}

impl fmt::Display for ServiceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.code.as_deref().unwrap_or("UnknownError");
        match self.status {
            Some(status) => writeln!(f, "the service refused the call (HTTP {status})")?,
            None => writeln!(f, "the service refused the call")?,
        }
        writeln!(f, "  Code:      {code}")?;
        writeln!(
            f,
            "  Message:   {}",
            self.message.as_deref().unwrap_or("(none)")
        )?;
        write!(
            f,
            "  RequestId: {}",
            self.request_id.as_deref().unwrap_or("(none)")
        )?;
        if code == "SignatureDoesNotMatch" || code.starts_with("InvalidAccessKeyId") {
            write!(f, "\n  Hint:      {}", self.signature_hint())?;
        }
        Ok(())
    }
}

impl ServiceFailure {
    fn signature_hint(&self) -> String {
        let mut hint = match &self.access_key_id {
            Some(id) => format!(
                "the request was signed with access key id {id:?}: check that the secret belongs to it"
            ),
            None => "check the access key secret".to_owned(),
        };
        hint.push_str(" (see `cams configure list`, --profile, --access-key-secret)");
        if let Some(date) = self.server_date {
            let skew = clock_skew(date, SystemTime::now());
            if skew >= Duration::from_secs(60) {
                hint.push_str(&format!(
                    "; the server's clock differs from this machine's by {} s: signatures older than 15 minutes are refused",
                    skew.as_secs()
                ));
            } else {
                hint.push_str("; the clocks agree (skew under a minute)");
            }
        }
        hint
    }
}

/// How far apart two instants are, either way round.
pub(crate) fn clock_skew(a: SystemTime, b: SystemTime) -> Duration {
    a.duration_since(b)
        .or_else(|_| b.duration_since(a))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_has_its_exit_status() {
        assert_eq!(CliError::usage("x").exit_code(), 2);
        assert_eq!(
            CliError::Service(Box::default()).exit_code(),
            1,
            "service errors exit 1"
        );
        let t = CliError::Transport {
            host: "h:1".into(),
            cause: "refused".into(),
        };
        assert_eq!(t.exit_code(), 3);
        assert_eq!(t.to_string(), "cannot reach h:1: refused");
        assert_eq!(CliError::Interrupted.exit_code(), 130);
    }

    #[test]
    fn a_signature_mismatch_names_the_key_id_and_the_clock_skew() {
        let failure = ServiceFailure {
            status: Some(400),
            code: Some("SignatureDoesNotMatch".into()),
            message: Some("Specified signature does not match our calculation.".into()),
            request_id: Some("RID-1".into()),
            access_key_id: Some("sandbox-demo-ak".into()),
            server_date: Some(SystemTime::now() - Duration::from_secs(3600)),
        };
        let text = failure.to_string();
        for want in [
            "Code:      SignatureDoesNotMatch",
            "RequestId: RID-1",
            "\"sandbox-demo-ak\"",
            "differs from this machine's by 3",
        ] {
            assert!(text.contains(want), "{want} in {text}");
        }
    }

    #[test]
    fn other_codes_carry_no_signature_hint() {
        let failure = ServiceFailure {
            code: Some("Throttling.User".into()),
            ..ServiceFailure::default()
        };
        assert!(!failure.to_string().contains("Hint"));
    }
}
