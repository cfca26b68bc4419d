//! `--header K=V`: extra headers added after signing, refused when they would change what
//! the signature covers or how the request is framed.

use crate::error::CliError;
use http::{HeaderName, HeaderValue};

/// Headers the signature covers (V3 signs `host`, `content-type` and every `x-acs-*`) or
/// that the client sets itself; adding any of them would break the signature or the request.
const REFUSED: &[&str] = &[
    "host",
    "authorization",
    "content-type",
    "content-length",
    "content-md5",
    "transfer-encoding",
    "connection",
    "date",
    "user-agent",
    "accept",
];

/// Parses one `--header` value (`Name=Value`, or `Name:Value`).
pub(crate) fn parse_header(text: &str) -> Result<(HeaderName, HeaderValue), CliError> {
    let (name, value) = text
        .split_once('=')
        .or_else(|| text.split_once(':'))
        .ok_or_else(|| CliError::usage(format!("--header: {text:?} is not Name=Value")))?;
    let name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
        CliError::usage(format!("--header: {:?} is not a header name", name.trim()))
    })?;
    let lower = name.as_str();
    if lower.starts_with("x-acs-") || REFUSED.contains(&lower) {
        let instead = match lower {
            "user-agent" => " (use --user-agent to append to it)",
            _ => "",
        };
        return Err(CliError::usage(format!(
            "--header: {lower} is refused: the client sets it or the signature covers it{instead}"
        )));
    }
    let value = HeaderValue::from_str(value.trim()).map_err(|_| {
        CliError::usage(format!(
            "--header: the value of {lower} is not a valid header value"
        ))
    })?;
    Ok((name, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_header_is_accepted_in_either_spelling() {
        let (n, v) = parse_header("X-Trace-Id=abc 1").expect("ok");
        assert_eq!((n.as_str(), v.to_str().ok()), ("x-trace-id", Some("abc 1")));
        let (n, v) = parse_header("x-debug: on").expect("ok");
        assert_eq!((n.as_str(), v.to_str().ok()), ("x-debug", Some("on")));
    }

    #[test]
    fn signed_and_framing_headers_are_refused_naming_the_flag() {
        for bad in [
            "Host=evil",
            "x-acs-action=Other",
            "X-Acs-Signature-Nonce=1",
            "Authorization=x",
            "Content-Type=text/plain",
            "user-agent=me",
            "novalue",
            "bad name=1",
            "x-ok=line\nbreak",
        ] {
            let err = parse_header(bad).expect_err(bad);
            assert!(err.to_string().starts_with("--header"), "{err}");
            assert_eq!(err.exit_code(), 2);
        }
    }
}
