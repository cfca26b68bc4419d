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
    /// Standard output was closed by its reader (`| head`): the command ends quietly (exit 0).
    #[error("standard output closed")]
    ClosedPipe,
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
            CliError::ClosedPipe => 0,
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
    /// Where the credentials came from, as the hint names it (`profile "p"`, the environment
    /// variables, the flags).
    pub(crate) credential_origin: Option<String>,
    /// The body, when it was not the JSON error shape (an HTML page from a proxy).
    pub(crate) raw_body: Option<String>,
}

impl fmt::Display for ServiceFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = self.code.as_deref().unwrap_or("UnknownError");
        match self.status {
            Some(status) => writeln!(f, "the service refused the call (HTTP {status})")?,
            None => writeln!(f, "the service refused the call")?,
        }
        writeln!(f, "  Code:      {code}")?;
        match (&self.message, &self.raw_body) {
            (Some(m), _) => writeln!(f, "  Message:   {m}")?,
            (None, Some(body)) => writeln!(f, "  Body:      {}", body_text(body))?,
            (None, None) => writeln!(f, "  Message:   (none)")?,
        }
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

/// At most this many characters of a non-JSON error body are shown.
const BODY_SHOWN: usize = 300;

/// A non-JSON body as one short line: tags and `<head>`/`<script>`/`<style>` contents taken
/// out, whitespace folded, cut at [`BODY_SHOWN`] characters.
pub(crate) fn body_text(body: &str) -> String {
    let mut text = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        let after = &rest[open..];
        let lower = after.get(..8).unwrap_or(after).to_ascii_lowercase();
        let skip_to = ["<script", "<style", "<head"].iter().find_map(|tag| {
            lower.starts_with(tag).then(|| {
                let close = format!("</{}", &tag[1..]);
                after.to_ascii_lowercase().find(&close)
            })?
        });
        let from = skip_to.unwrap_or(0);
        rest = match after[from..].find('>') {
            Some(end) => &after[from + end + 1..],
            None => "",
        };
    }
    text.push_str(rest);
    let folded: Vec<&str> = text.split_whitespace().collect();
    let line = folded.join(" ");
    if line.is_empty() {
        return "(empty)".to_owned();
    }
    match line.char_indices().nth(BODY_SHOWN) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

impl ServiceFailure {
    fn signature_hint(&self) -> String {
        let code = self.code.as_deref().unwrap_or("");
        let origin = self
            .credential_origin
            .as_deref()
            .unwrap_or("--profile, --access-key-id, --access-key-secret");
        let mut hint = match (&self.access_key_id, code) {
            (Some(id), "InvalidAccessKeyId.NotFound") => format!(
                "the service knows no access key id {id:?}: check the id itself (a typo, a deleted or disabled key, a key of another site); it came from {origin}"
            ),
            (None, "InvalidAccessKeyId.NotFound") => format!(
                "the service knows no such access key id: check the id (it came from {origin})"
            ),
            (Some(id), _) => format!(
                "the request was signed with access key id {id:?}: check that the secret belongs to it (it came from {origin})"
            ),
            (None, _) => format!("check the access key secret (it came from {origin})"),
        };
        if code.starts_with("InvalidAccessKeyId") {
            return hint;
        }
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
            ..ServiceFailure::default()
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
    fn an_unknown_key_id_is_hinted_at_with_its_origin() {
        let failure = ServiceFailure {
            code: Some("InvalidAccessKeyId.NotFound".into()),
            message: Some("Specified access key is not found.".into()),
            access_key_id: Some("LTAI-typo".into()),
            credential_origin: Some("ALIBABA_CLOUD_ACCESS_KEY_ID".into()),
            ..ServiceFailure::default()
        };
        let text = failure.to_string();
        assert!(
            text.contains("knows no access key id \"LTAI-typo\""),
            "{text}"
        );
        assert!(text.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{text}");
        assert!(!text.contains("secret"), "{text}");
    }

    #[test]
    fn an_html_body_is_shown_as_short_text() {
        let body = "<html><head><title>x</title><style>p{}</style></head><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>";
        assert_eq!(body_text(body), "502 Bad Gateway nginx");
        assert!(body_text(&"a ".repeat(1000)).chars().count() <= BODY_SHOWN + 1);
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
