//! `--all-pages`: fetches every page, one after the other, and builds one document shaped like
//! a page whose list holds every item (`{"Data": {"List": [...], "Total": N}, ...}`).

use crate::call::{Outcome, execute};
use crate::client::CallClient;
use crate::error::CliError;
use crate::output::Json;
use crate::request::{Cursor, Prepared};
use cams_model::catalog::{PagingInfo, PagingStyle};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;

/// The pages' items merged into the first page; a dry run shows the first request only.
pub(crate) async fn all_pages(
    client: &CallClient,
    mut prepared: Prepared,
    paging: &PagingInfo,
) -> Result<Outcome, CliError> {
    let style = paging.style;
    let mut cursor = prepared.first_cursor(&style);
    let size = prepared.page_size(&style);
    let progress = progress_bar();
    let mut first: Option<Json> = None;
    let mut items: Vec<Json> = Vec::new();
    let mut previous: Option<Vec<Json>> = None;
    loop {
        prepared.set_cursor(&style, &cursor);
        let page = match execute(client, &prepared).await? {
            Outcome::Response(page) => page,
            dry @ Outcome::DryRun(_) => return Ok(dry),
        };
        let list = match page.get_path(&paging.items_path.join(".")) {
            Some(Json::Array(list)) => list.clone(),
            _ => Vec::new(),
        };
        let total = paging
            .total_path
            .and_then(|p| match page.get_path(&p.join(".")) {
                Some(Json::Number(n)) => n.as_u64(),
                _ => None,
            });
        if previous
            .as_ref()
            .is_some_and(|p| !list.is_empty() && *p == list)
        {
            progress.finish_and_clear();
            return Err(CliError::failure(format!(
                "--all-pages: the service returned the same page again at {cursor:?}; stopping"
            )));
        }
        let count = list.len();
        items.extend(list.iter().cloned());
        if let Some(total) = total {
            progress.set_length(total);
        }
        progress.set_position(items.len() as u64);
        let next = match (&style, &cursor) {
            (PagingStyle::Token { .. }, _) => {
                paging
                    .next_token_path
                    .and_then(|p| match page.get_path(&p.join(".")) {
                        Some(Json::String(t)) if !t.is_empty() => Some(Cursor::Token(t.clone())),
                        _ => None,
                    })
            }
            (_, Cursor::Index(n)) => {
                let complete = total.is_some_and(|t| items.len() as u64 >= t);
                let short = size.is_some_and(|s| (count as i64) < s);
                (count > 0 && !complete && !short).then(|| Cursor::Index(n + 1))
            }
            _ => None,
        };
        if first.is_none() {
            first = Some(page);
        }
        previous = Some(list);
        match next {
            Some(c) => cursor = c,
            None => break,
        }
    }
    progress.finish_and_clear();
    let mut merged = first.unwrap_or(Json::Null);
    if let Some(slot) = merged.get_path_mut(&paging.items_path.join(".")) {
        *slot = Json::Array(items);
    }
    if let Some(token_path) = paging.next_token_path {
        if let Some(slot) = merged.get_path_mut(&token_path.join(".")) {
            *slot = Json::String(String::new());
        }
    }
    Ok(Outcome::Response(merged))
}

/// Items so far / `Total` on stderr, only when stderr is a terminal.
fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos}/{len} items {wide_bar}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::CliTransport;
    use cams_transport::{HttpRequest, HttpResponse, SharedTransport, Transport, TransportError};
    use std::sync::{Arc, Mutex};

    /// Answers each request with the page its query asks for, and records the queries.
    #[derive(Debug)]
    struct Pages {
        answer: fn(&str) -> String,
        seen: Arc<Mutex<Vec<String>>>,
    }

    #[async_trait::async_trait]
    impl Transport for Pages {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            let query = request.uri().query().unwrap_or_default().to_owned();
            let body = (self.answer)(&query);
            if let Ok(mut seen) = self.seen.lock() {
                seen.push(query);
            }
            Ok(http::Response::new(bytes::Bytes::from(body)))
        }
    }

    fn client(answer: fn(&str) -> String) -> (CallClient, Arc<Mutex<Vec<String>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let pages = Pages {
            answer,
            seen: Arc::clone(&seen),
        };
        let transport = CliTransport::new(SharedTransport::new(pages), Vec::new());
        let server_date = transport.server_date();
        let client = cams_api::Client::builder()
            .region("ap-southeast-1")
            .credentials(cams_auth::Credentials::new("id", "secret"))
            .transport(transport)
            .retry_policy(cams_api::RetryPolicy::disabled())
            .build()
            .expect("client");
        let call = CallClient {
            client,
            access_key_id: "id".into(),
            host: "h".into(),
            server_date,
            dry_run: None,
            credential_origin: String::new(),
            attempts: Default::default(),
            connect_timeout: std::time::Duration::from_secs(1),
            read_timeout: std::time::Duration::from_secs(1),
            scheme_guessed: false,
        };
        (call, seen)
    }

    fn run(
        action: &str,
        flags: &[(&str, &str)],
        answer: fn(&str) -> String,
    ) -> (Json, Vec<String>) {
        let op = cams_model::catalog::find(action).expect("known");
        let flags: Vec<(String, String)> = flags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let prepared = Prepared::new(action, Some(op), &flags, false, true).expect("valid");
        let (call, seen) = client(answer);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let outcome = runtime
            .block_on(all_pages(&call, prepared, &op.paging.expect("paged")))
            .expect("pages");
        let Outcome::Response(doc) = outcome else {
            panic!("not a response");
        };
        let seen = seen.lock().expect("lock").clone();
        (doc, seen)
    }

    fn items(doc: &Json, path: &str) -> Vec<String> {
        match doc.get_path(path) {
            Some(Json::Array(items)) => items
                .iter()
                .map(|i| match i.get_path("Id") {
                    Some(Json::String(s)) => s.clone(),
                    _ => String::new(),
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn token_pages_follow_next_token_until_it_is_empty() {
        let (doc, seen) = run(
            "GetAutoGeneratedTemplate",
            &[("CustSpaceId", "c"), ("MaxResults", "2")],
            |query| {
                let (list, next) = if query.contains("NextToken=t2") {
                    (r#"[{"Id":"c"}]"#, "")
                } else if query.contains("NextToken=t1") {
                    (r#"[{"Id":"b"}]"#, "t2")
                } else {
                    (r#"[{"Id":"a"}]"#, "t1")
                };
                format!(
                    r#"{{"Code":"OK","RequestId":"r","Data":{{"List":{list},"NextToken":"{next}"}}}}"#
                )
            },
        );
        assert_eq!(items(&doc, "Data.List"), ["a", "b", "c"]);
        assert_eq!(
            doc.get_path("Data.NextToken"),
            Some(&Json::String(String::new()))
        );
        assert_eq!(seen.len(), 3);
        assert!(seen.iter().all(|q| q.contains("MaxResults=2")), "{seen:?}");
        assert!(!seen[0].contains("NextToken"), "{seen:?}");
    }

    #[test]
    fn flat_pages_count_up_to_the_total() {
        let (doc, seen) = run("ListDmAccount", &[("PageSize", "2")], |query| {
            let list = if query.contains("PageIndex=1") {
                r#"[{"Id":"a"},{"Id":"b"}]"#
            } else if query.contains("PageIndex=2") {
                r#"[{"Id":"c"},{"Id":"d"}]"#
            } else {
                r#"[{"Id":"e"}]"#
            };
            format!(r#"{{"Code":"OK","RequestId":"r","Data":{list},"Total":5}}"#)
        });
        assert_eq!(items(&doc, "Data"), ["a", "b", "c", "d", "e"]);
        assert_eq!(doc.get_path("Total"), Some(&Json::Number(5.into())));
        assert_eq!(seen.len(), 3, "{seen:?}");
    }
}
