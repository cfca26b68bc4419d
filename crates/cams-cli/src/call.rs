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
    let service = |status, code: Option<&str>, message: Option<&str>, request_id: Option<&str>| {
        CliError::Service(Box::new(ServiceFailure {
            status,
            code: code.map(str::to_owned),
            message: message.map(str::to_owned),
            request_id: request_id.map(str::to_owned),
            access_key_id: Some(client.access_key_id.clone()),
            server_date: client.server_date.lock().ok().and_then(|d| *d),
        }))
    };
    match &e {
        E::InvalidRequest(v) => CliError::usage(v.to_string()),
        E::Transport(t) => CliError::Transport {
            host: t.host().unwrap_or(&client.host).to_owned(),
            cause: cause_chain(t),
        },
        E::OperationTimeout { after, attempts } => CliError::Transport {
            host: client.host.clone(),
            cause: format!("timed out after {after:?} ({attempts} attempt(s))"),
        },
        E::Gateway(_) | E::Api(_) => service(e.status(), e.code(), e.message(), e.request_id()),
        E::Credentials(c) => CliError::usage(format!(
            "no usable credentials: {c} (give --profile, --access-key-id/--access-key-secret, or run `cams configure set`)"
        )),
        _ => CliError::failure(e.to_string()),
    }
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
