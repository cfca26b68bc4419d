//! Cursor listings named by `codegen/overrides.json`: `ListProduct` pages by `After` and
//! `Model.Paging.Cursors.After`, and ends on an empty page though the cursor comes back.
#![allow(clippy::unwrap_used)]

mod common;

use cams_transport::InMemoryTransport;
use common::*;
use futures_util::StreamExt;

#[tokio::test]
async fn list_product_follows_the_after_cursor_and_stops_at_an_empty_page() {
    let fake = InMemoryTransport::from_fn(|req| {
        let after = param(req, "After");
        let (items, next) = match after.as_deref() {
            None => (vec!["p1", "p2"], "c1"),
            Some("c1") => (vec!["p3"], "c2"),
            // Meta-style: the last page still names a cursor.
            _ => (vec![], "c3"),
        };
        let data: Vec<_> = items.iter().map(|i| serde_json::json!({"id": i})).collect();
        Ok(json_response(
            200,
            &serde_json::json!({"Code": "OK", "Model": {"Data": data,
                "Paging": {"Cursors": {"After": next, "Before": "b"}}}}),
        ))
    });
    let client = builder(fake.clone(), RecordingSleep::default())
        .build()
        .unwrap();
    let items: Vec<_> = client
        .list_product()
        .cust_space_id("cams-1")
        .waba_id("waba-1")
        .catalog_id("cat-1")
        .limit(2)
        .into_paginator()
        .items()
        .collect()
        .await;
    let ids: Vec<String> = items
        .into_iter()
        .map(|i| i.unwrap()["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    let sent = fake.requests();
    assert_eq!(sent.len(), 3);
    assert_eq!(param(&sent[0], "After"), None);
    assert_eq!(param(&sent[1], "After").as_deref(), Some("c1"));
    assert_eq!(param(&sent[2], "After").as_deref(), Some("c2"));
}
