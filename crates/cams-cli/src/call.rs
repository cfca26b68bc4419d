//! Sends a call (or, under `--dry-run`, shows it) and turns the outcome into output or a
//! `CliError` with the exit status of its kind.

use crate::client::CallClient;
use crate::error::{CliError, ServiceFailure};
use crate::net::describe_request;
use crate::output::Json;
use crate::request::Prepared;
use std::error::Error as _;

/// What a call produced.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The response body.
    Response(Json),
    /// `--dry-run`: the request that would have been sent, described.
    DryRun(String),
}

/// Sends one request.
pub(crate) async fn execute(client: &CallClient, prepared: &Prepared) -> Result<Outcome, CliError> {
    let request = prepared.request()?;
    match client.client.call(request).await {
        Ok(response) => Json::parse(&response.body)
            .map(Outcome::Response)
            .map_err(|e| {
                CliError::failure(format!(
                    "the response is not JSON ({e}); request id {}",
                    response.request_id.as_deref().unwrap_or("(none)")
                ))
            }),
        Err(e) => {
            if let Some(slot) = &client.dry_run {
                if let Some(request) = slot.lock().ok().and_then(|mut s| s.take()) {
                    return Ok(Outcome::DryRun(describe_request(&request)));
                }
            }
            Err(api_error(e, client))
        }
    }
}

/// A client error as the tool reports it.
pub(crate) fn api_error(e: cams_api::Error, client: &CallClient) -> CliError {
    use cams_api::Error as E;
    let raw_body = match &e {
        E::Gateway(g) => g.raw_body.clone(),
        _ => None,
    };
    let service = |status, code: Option<&str>, message: Option<&str>, request_id: Option<&str>| {
        CliError::Service(Box::new(ServiceFailure {
            status,
            code: code.map(str::to_owned),
            message: message.map(str::to_owned),
            request_id: request_id.map(str::to_owned),
            access_key_id: Some(client.access_key_id.clone()),
            server_date: client.server_date.lock().ok().and_then(|d| *d),
            credential_origin: Some(client.credential_origin.clone()),
            raw_body: raw_body.clone(),
        }))
    };
    match &e {
        E::InvalidRequest(v) => CliError::usage(v.to_string()),
        E::Transport(t) => CliError::Transport {
            host: t.host().unwrap_or(&client.host).to_owned(),
            cause: transport_cause(t, client),
        },
        E::OperationTimeout { after, attempts } => CliError::Transport {
            host: client.host.clone(),
            cause: format!(
                "no answer within the {} operation timeout ({})",
                seconds(*after),
                attempts_text(*attempts)
            ),
        },
        E::Gateway(_) | E::Api(_) => service(e.status(), e.code(), e.message(), e.request_id()),
        E::Credentials(c) => CliError::usage(format!(
            "no usable credentials: {c} (give --profile, --access-key-id/--access-key-secret, or run `cams configure set`)"
        )),
        _ => CliError::failure(e.to_string()),
    }
}

/// `10 s`, `0.5 s`.
fn seconds(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{s} s")
    }
}

fn attempts_text(n: u32) -> String {
    match n {
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    }
}

/// What went wrong on the wire, in the user's terms: which timeout ran out (its length and
/// the attempts made), or that an `https` endpoint met a plain-HTTP server.
fn transport_cause(t: &cams_transport::TransportError, client: &CallClient) -> String {
    use cams_transport::TransportErrorKind as K;
    let chain = cause_chain(t);
    let attempts = client
        .attempts
        .load(std::sync::atomic::Ordering::Relaxed)
        .max(1);
    match t.kind() {
        K::Timeout => {
            let connecting = chain.to_ascii_lowercase().contains("connect");
            let (which, length, flag) = match connecting {
                true => ("connect", client.connect_timeout, "--connect-timeout"),
                false => ("read", client.read_timeout, "--read-timeout"),
            };
            let what = match connecting {
                true => "no connection",
                false => "no answer",
            };
            format!(
                "{what} within the {} {which} timeout ({}; {flag} and --retry-count change them)",
                seconds(length),
                attempts_text(attempts)
            )
        }
        K::Tls | K::Io | K::Connect if client.scheme_guessed && looks_like_plain_http(&chain) => {
            format!(
                "{chain} (the endpoint was given without a scheme, so HTTPS was used; for a plain-HTTP server such as the sandbox write --endpoint http://{})",
                client.host
            )
        }
        _ => chain,
    }
}

/// Whether a TLS failure reads like the server answered in plain HTTP.
fn looks_like_plain_http(chain: &str) -> bool {
    let lower = chain.to_ascii_lowercase();
    [
        "tls",
        "handshake",
        "corrupt",
        "invalidcontenttype",
        "wrong version",
        "record",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// The error's kind and every cause below it, URLs cut to their host (a V1 URL carries the
/// signature and any token in its query).
fn cause_chain(t: &cams_transport::TransportError) -> String {
    let mut parts = vec![t.kind().to_string()];
    let mut next = t.source();
    while let Some(cause) = next {
        let text = strip_urls(&cause.to_string());
        if parts.last() != Some(&text) {
            parts.push(text);
        }
        next = cause.source();
    }
    parts.join(": ")
}

/// Replaces each `http(s)://host/...` in `text` by `http(s)://host`.
fn strip_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("http") {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let scheme_len = if tail.starts_with("https://") {
            8
        } else if tail.starts_with("http://") {
            7
        } else {
            out.push_str("http");
            rest = &tail[4..];
            continue;
        };
        let end = tail
            .find(|c: char| c.is_whitespace() || c == ')' || c == '"')
            .unwrap_or(tail.len());
        let url = &tail[..end];
        let host_end = url[scheme_len..]
            .find(['/', '?'])
            .map_or(url.len(), |i| i + scheme_len);
        out.push_str(&url[..host_end]);
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_causes_keep_only_their_host() {
        assert_eq!(
            strip_urls(
                "error sending request for url (http://127.0.0.1:9/?Signature=abc&SecurityToken=t): refused"
            ),
            "error sending request for url (http://127.0.0.1:9): refused"
        );
        assert_eq!(strip_urls("no url here, httpx"), "no url here, httpx");
        assert_eq!(strip_urls("https://h.example"), "https://h.example");
    }
}
