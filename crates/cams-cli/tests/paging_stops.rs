//! `--all-pages` against listings that misbehave, through the real binary and a loopback HTTP
//! server: a listing that never ends (every page full, no `Total`), one that repeats its page,
//! one that ends on a short page and one that ends at `Total`.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::{SPACE, cams_with_stdin_secret};

/// How a fake listing answers page `index` (of size `size`).
#[derive(Clone, Copy)]
enum Listing {
    /// Every page full, items never repeat, no `Total`.
    Endless,
    /// The same full page whatever is asked.
    Repeats,
    /// Full pages, then a short third page.
    ShortThird,
    /// Full pages and `Total` 2.5 pages' worth: the third page is the last.
    Total,
}

fn page(listing: Listing, index: u64, size: u64) -> Value {
    let count = match (listing, index) {
        (Listing::ShortThird, 3) => size / 2,
        (Listing::ShortThird, i) if i > 3 => 0,
        (Listing::Total, 3) => size / 2,
        (Listing::Total, i) if i > 3 => 0,
        _ => size,
    };
    let first = match listing {
        Listing::Repeats => 0,
        _ => (index - 1) * size,
    };
    let list: Vec<Value> = (first..first + count)
        .map(|n| serde_json::json!({"ParticipantNumber": format!("8613900{n:06}")}))
        .collect();
    let mut data = serde_json::json!({"List": list});
    if let Listing::Total = listing {
        data["Total"] = Value::from(size * 2 + size / 2);
    }
    serde_json::json!({"RequestId": "R", "Code": "OK", "Success": true, "Data": data})
}

/// The `Page` parameter's Index and Size in a request line.
fn page_asked(line: &str) -> (u64, u64) {
    let query = line.split_whitespace().nth(1).unwrap_or("");
    let raw = query
        .split(['?', '&'])
        .find_map(|kv| kv.strip_prefix("Page="))
        .unwrap_or("%7B%7D");
    let decoded = raw
        .replace("%7B", "{")
        .replace("%7D", "}")
        .replace("%22", "\"")
        .replace("%3A", ":")
        .replace("%2C", ",");
    let page: Value = serde_json::from_str(&decoded).unwrap();
    (
        page["Index"].as_u64().unwrap_or(1),
        page["Size"].as_u64().unwrap_or(20),
    )
}

/// Serves `listing` on a loopback port; counts the requests.
fn serve(listing: Listing) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            seen.fetch_add(1, Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut length = 0;
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                if header.trim().is_empty() {
                    break;
                }
                if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let (index, size) = page_asked(&line);
            let text = page(listing, index, size).to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    (endpoint, count)
}

fn all_pages(endpoint: &str, more: &[&str]) -> support::Run {
    let home = tempfile::tempdir().unwrap();
    let mut args = vec![
        "ListChatGroupParticipants",
        "--all-pages",
        "--endpoint",
        endpoint,
        "--region",
        "ap-southeast-1",
        "--access-key-id",
        "a",
        "--GroupId",
        "G",
        "--Page",
        r#"{"Size":4}"#,
        "--output",
        "json-compact",
    ];
    args.extend(SPACE);
    args.extend(more);
    cams_with_stdin_secret(&args, home.path())
}

fn items(run: &support::Run) -> usize {
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    doc["Data"]["List"].as_array().unwrap().len()
}

#[test]
fn a_short_page_ends_the_listing() {
    let (endpoint, requests) = serve(Listing::ShortThird);
    let run = all_pages(&endpoint, &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(items(&run), 4 + 4 + 2);
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}

#[test]
fn total_ends_the_listing() {
    let (endpoint, requests) = serve(Listing::Total);
    let run = all_pages(&endpoint, &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(items(&run), 10);
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}

#[test]
fn a_repeated_page_is_an_error_after_two_requests() {
    let (endpoint, requests) = serve(Listing::Repeats);
    let run = all_pages(&endpoint, &[]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("--all-pages"), "{}", run.stderr);
    assert!(!run.stderr.contains("Index("), "{}", run.stderr);
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[test]
fn a_listing_that_never_ends_stops_at_the_page_cap() {
    let (endpoint, requests) = serve(Listing::Endless);
    let run = all_pages(&endpoint, &["--max-pages", "5"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("--max-pages"), "{}", run.stderr);
    assert_eq!(requests.load(Ordering::SeqCst), 5);
    // The default cap is bounded too (and said in --help).
    let help = support::cams(&["--help"], tempfile::tempdir().unwrap().path());
    assert!(help.stdout.contains("--max-pages"), "{}", help.stdout);
}
