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
