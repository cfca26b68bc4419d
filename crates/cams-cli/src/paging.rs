//! `--all-pages`: fetches every page, one after the other, and builds one document shaped like
//! a page whose list holds every item (`{"Data": {"List": [...], "Total": N}, ...}`). The
//! paging itself (which page next, when to stop) is the library's [`PageRules`].

use crate::call::{Outcome, execute};
use crate::client::CallClient;
use crate::error::CliError;
use crate::output::Json;
use crate::progress::Progress;
use crate::request::{Cursor, Prepared};
use cams_api::{PageCursor, PageFacts, PageRules};
use cams_catalog::{PagingInfo, PagingStyle};
use cams_model::PageStyle;

/// The pages' items merged into the first page; a dry run shows the first request only.
///
/// Pages are asked for and stopped by `cams-api`'s [`PageRules`], the stop rules of the
/// library's paginators: an empty page, a page shorter than the size asked for, `Total`
/// reached or no next cursor end the listing; a page or cursor repeated within the window, or
/// more than `max_pages` pages, is an error.
pub(crate) async fn all_pages(
    client: &CallClient,
    mut prepared: Prepared,
    paging: &PagingInfo,
    max_pages: u64,
    mut progress: Progress,
) -> Result<Outcome, CliError> {
    let style = paging.style;
    let first = match prepared.first_cursor(&style) {
        Cursor::Index(n) => Some(n),
        Cursor::Token(_) => None,
    };
    let page_style = match style {
        PagingStyle::Token { .. } => PageStyle::Token,
        _ => PageStyle::Numbered,
    };
    let mut rules =
        PageRules::new(page_style, first, prepared.page_size(&style)).max_pages(max_pages);
    let mut merged: Option<Json> = None;
    let mut items: Vec<Json> = Vec::new();
    let items_path = paging.items_path.join(".");
    loop {
        let cursor = match rules.next_page() {
            Ok(None) => break,
            Ok(Some(PageCursor::Index(n))) => Some(Cursor::Index(n)),
            Ok(Some(PageCursor::Token(Some(t)))) => Some(Cursor::Token(t.to_owned())),
            // The first page of a cursor listing: the token the user gave, if any.
            Ok(Some(PageCursor::Token(None))) => None,
            Err(e) => return Err(stuck(e, max_pages)),
        };
        if let Some(cursor) = &cursor {
            prepared.set_cursor(&style, cursor);
        }
        let page = match execute(client, &prepared).await? {
            Outcome::Response(page) => page,
            dry @ Outcome::DryRun(_) => return Ok(dry),
        };
        let list = match page.get_path(&items_path) {
            Some(Json::Array(list)) => list.as_slice(),
            _ => &[],
        };
        let total = paging
            .total_path
            .and_then(|p| match page.get_path(&p.join(".")) {
                Some(Json::Number(n)) => n.as_i64(),
                _ => None,
            });
        let next_token = paging
            .next_token_path
            .and_then(|p| match page.get_path(&p.join(".")) {
                Some(Json::String(t)) => Some(t.as_str()),
                _ => None,
            });
        let facts = PageFacts {
            count: list.len(),
            fingerprint: PageRules::fingerprint(&list),
            total,
            next_token,
        };
        rules.after_page(facts).map_err(|e| stuck(e, max_pages))?;
        items.extend(list.iter().cloned());
        progress.update(
            items.len() as u64,
            total.and_then(|t| u64::try_from(t).ok()),
        );
        if merged.is_none() {
            merged = Some(page);
        }
    }
    progress.clear();
    let mut merged = merged.unwrap_or(Json::Null);
    if let Some(slot) = merged.get_path_mut(&items_path) {
        *slot = Json::Array(items);
    }
    if let Some(token_path) = paging.next_token_path {
        if let Some(slot) = merged.get_path_mut(&token_path.join(".")) {
            *slot = Json::String(String::new());
        }
    }
    Ok(Outcome::Response(merged))
}

/// The library's paging error, in the CLI's words.
fn stuck(e: cams_api::Error, max_pages: u64) -> CliError {
    match e {
        cams_api::Error::PaginationStuck { page_index } => CliError::failure(format!(
            "--all-pages: stopped at page {page_index}: the service repeated a page or cursor, \
             or the listing reached --max-pages ({max_pages})"
        )),
        other => CliError::failure(format!("--all-pages: {other}")),
    }
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
        let op = cams_catalog::find(action).expect("known");
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
            .block_on(all_pages(
                &call,
                prepared,
                &op.paging.expect("paged"),
                cams_api::DEFAULT_MAX_PAGES,
                Progress::new(),
            ))
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
