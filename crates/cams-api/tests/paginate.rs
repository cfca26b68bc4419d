//! The paginator: lazy, complete, bounded, `Send`, and a `Stream`.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::{Error, Paginator};
use cams_model::ListChatGroupParticipantsRequest;
use cams_transport::InMemoryTransport;
use common::*;
use futures_util::StreamExt;

fn client(fake: InMemoryTransport) -> cams_api::Client {
    builder(fake, RecordingSleep::default()).build().unwrap()
}

fn list(client: &cams_api::Client) -> cams_api::operation::list_chat_group_participants::builders::ListChatGroupParticipantsFluentBuilder{
    client
        .list_chat_group_participants()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .group_id("EA9391234")
}

#[tokio::test]
async fn every_member_once_in_order_for_all_sizes() {
    for n in [0usize, 1, 57, 250] {
        for size in [1i64, 7, 20, 100] {
            let all = members(n);
            let fake = paging_service(all.clone());
            let client = client(fake.clone());
            let got: Vec<String> = list(&client)
                .page(1, size)
                .into_paginator()
                .items()
                .try_collect()
                .await
                .unwrap()
                .into_iter()
                .map(|p| p.participant_number.unwrap().to_string())
                .collect();
            assert_eq!(got, all, "n={n} size={size}");
            // Stops at Total: no extra request past the last page (one request for an empty group).
            let pages = n.div_ceil(size as usize).max(1);
            fake.assert_request_count(pages);
        }
    }
}

#[tokio::test]
async fn pages_carry_their_index_and_size() {
    let fake = paging_service(members(57));
    let client = client(fake.clone());
    let mut pages = list(&client).page(1, 20).into_paginator();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().data.unwrap().list.len());
    }
    assert_eq!(sizes, vec![20, 20, 17]);
    let sent: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| param(r, "Page").unwrap())
        .collect();
    assert_eq!(
        sent,
        [
            r#"{"Index":1,"Size":20}"#,
            r#"{"Index":2,"Size":20}"#,
            r#"{"Index":3,"Size":20}"#
        ]
    );
}

#[tokio::test]
async fn default_page_size_and_starting_index() {
    let fake = paging_service(members(45));
    let client = client(fake.clone());
    let req = ListChatGroupParticipantsRequest::builder()
        .business_number("1")
        .cust_space_id("2")
        .group_id("3")
        .build();
    let n = client
        .paginate(req)
        .items()
        .try_collect()
        .await
        .unwrap()
        .len();
    assert_eq!(n, 45);
    assert_eq!(
        param(&fake.requests()[0], "Page").unwrap(),
        r#"{"Index":1}"#
    );

    let fake = paging_service(members(45));
    let client2 = crate::client(fake);
    let rest = list(&client2)
        .page(2, 20)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.len(), 25);
}

#[tokio::test]
async fn lazy_until_polled() {
    let fake = paging_service(members(10));
    let client = client(fake.clone());
    let pages = list(&client).into_paginator();
    fake.assert_request_count(0);
    drop(pages);
    fake.assert_request_count(0);
}

#[tokio::test]
async fn a_server_that_ignores_the_index_is_stopped() {
    // Same full page forever, with a Total that would never be reached.
    let fake = InMemoryTransport::from_fn(|_| {
        Ok(json_response(
            200,
            &participants_body(1_000_000, &members(20)),
        ))
    });
    let client = client(fake.clone());
    let mut pages = list(&client).page(1, 20).into_paginator();
    assert!(pages.next().await.unwrap().is_ok());
    let err = pages.next().await.unwrap().unwrap_err();
    assert!(
        matches!(err, Error::PaginationStuck { page_index: 2 }),
        "{err:?}"
    );
    assert!(pages.next().await.is_none());
    fake.assert_request_count(2);
}

#[tokio::test]
async fn no_total_stops_at_a_short_page() {
    let all = members(30);
    let fake = InMemoryTransport::from_fn(move |req| {
        let page: serde_json::Value = serde_json::from_str(&param(req, "Page").unwrap()).unwrap();
        let index = page["Index"].as_u64().unwrap() as usize;
        let chunk: Vec<_> = all.iter().skip((index - 1) * 20).take(20).collect();
        let list: Vec<_> = chunk
            .iter()
            .map(|n| serde_json::json!({"ParticipantNumber": n}))
            .collect();
        Ok(json_response(
            200,
            &serde_json::json!({"Code":"OK","Data":{"List": list}}),
        ))
    });
    let client = client(fake.clone());
    let got = list(&client)
        .page(1, 20)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got.len(), 30);
    fake.assert_request_count(2);
}

#[tokio::test]
async fn no_total_and_no_page_size_stops_at_an_empty_page() {
    let all = members(30);
    let fake = InMemoryTransport::from_fn(move |req| {
        let page: serde_json::Value = serde_json::from_str(&param(req, "Page").unwrap()).unwrap();
        let index = page["Index"].as_u64().unwrap() as usize;
        let list: Vec<_> = all
            .iter()
            .skip((index - 1) * 20)
            .take(20)
            .map(|n| serde_json::json!({"ParticipantNumber": n}))
            .collect();
        Ok(json_response(
            200,
            &serde_json::json!({"Code":"OK","Data":{"List": list}}),
        ))
    });
    let client = client(fake.clone());
    let got = list(&client)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(got.len(), 30);
    fake.assert_request_count(3);
}

#[tokio::test]
async fn an_error_ends_the_stream() {
    let fake = InMemoryTransport::new();
    fake.push_json(
        200,
        serde_json::to_vec(&participants_body(40, &members(20))).unwrap(),
    );
    fake.push_response(
        400,
        &[],
        r#"{"Code":"InvalidParameter","Message":"x","RequestId":"E"}"#,
    );
    let client = client(fake.clone());
    let results: Vec<_> = list(&client).page(1, 20).into_paginator().collect().await;
    assert_eq!(results.len(), 2);
    assert!(results[0].is_ok());
    assert_eq!(
        results[1].as_ref().unwrap_err().code(),
        Some("InvalidParameter")
    );
}

#[test]
fn paginator_is_send_and_a_stream() {
    fn assert_send<T: Send>() {}
    fn assert_stream<T: futures_util::Stream>() {}
    assert_send::<Paginator<ListChatGroupParticipantsRequest>>();
    assert_send::<cams_api::Items<ListChatGroupParticipantsRequest>>();
    assert_stream::<Paginator<ListChatGroupParticipantsRequest>>();
    assert_stream::<cams_api::Items<ListChatGroupParticipantsRequest>>();
}

#[test]
fn client_and_error_are_shareable() {
    fn assert_send_sync_clone<T: Send + Sync + Clone + 'static>() {}
    fn assert_error<T: std::error::Error + Send + Sync + 'static>() {}
    assert_send_sync_clone::<cams_api::Client>();
    assert_error::<cams_api::Error>();
}

/// A page of ListChatGroupParticipants whose members are named after `tag`.
fn tagged_page(tag: &str, total: usize) -> http::Response<bytes::Bytes> {
    let numbers: Vec<String> = (0..20).map(|i| format!("{tag}-{i}")).collect();
    json_response(200, &participants_body(total, &numbers))
}

#[tokio::test]
async fn pages_that_cycle_a_b_a_b_are_stopped() {
    // The attack: two different pages alternating forever, with an unreachable Total.
    let fake = InMemoryTransport::from_fn(|req| {
        let page: serde_json::Value = serde_json::from_str(&param(req, "Page").unwrap()).unwrap();
        let index = page["Index"].as_i64().unwrap();
        Ok(tagged_page(
            if index % 2 == 1 { "A" } else { "B" },
            1_000_000,
        ))
    });
    let client = client(fake.clone());
    let results: Vec<_> = list(&client)
        .page(1, 20)
        .into_paginator()
        .take(10)
        .collect()
        .await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    assert!(
        matches!(results[2], Err(Error::PaginationStuck { page_index: 3 })),
        "{:?}",
        results[2]
    );
    fake.assert_request_count(3);
}

#[tokio::test]
async fn the_index_stops_at_ceil_total_over_size() {
    // A service that returns full pages of new members forever: Total 45 at size 20 means
    // three pages, whatever the pages hold.
    let fake = InMemoryTransport::from_fn(|req| {
        let page: serde_json::Value = serde_json::from_str(&param(req, "Page").unwrap()).unwrap();
        let index = page["Index"].as_i64().unwrap();
        let numbers: Vec<String> = (0..20).map(|i| format!("{index}-{i}")).collect();
        Ok(json_response(200, &participants_body(45, &numbers)))
    });
    let client = client(fake.clone());
    let pages: Vec<_> = list(&client)
        .page(1, 20)
        .into_paginator()
        .take(10)
        .collect()
        .await;
    assert_eq!(pages.len(), 3);
    assert!(pages.iter().all(Result::is_ok));
    fake.assert_request_count(3);
}

#[tokio::test]
async fn the_page_cap_ends_with_pagination_stuck() {
    // New pages forever and no Total: only the cap ends it.
    let fake = InMemoryTransport::from_fn(|req| {
        let page: serde_json::Value = serde_json::from_str(&param(req, "Page").unwrap()).unwrap();
        let tag = page["Index"].to_string();
        Ok(json_response(
            200,
            &serde_json::json!({"Code":"OK","Data":{"List":[{"ParticipantNumber": tag}]}}),
        ))
    });
    let client = client(fake.clone());
    let results: Vec<_> = list(&client)
        .page(1, 1)
        .into_paginator()
        .max_pages(5)
        .take(20)
        .collect()
        .await;
    assert_eq!(results.len(), 6);
    assert!(results[..5].iter().all(Result::is_ok));
    assert!(matches!(results[5], Err(Error::PaginationStuck { .. })));
    fake.assert_request_count(5);
    assert_eq!(cams_api::DEFAULT_MAX_PAGES, 10_000);
}

#[tokio::test]
async fn token_pages_follow_next_token_and_stop_on_a_repeat() {
    let body = |list: &[&str], next: Option<&str>| {
        serde_json::json!({
            "Code": "OK",
            "Data": {
                "List": list.iter().map(|n| serde_json::json!({"Name": n})).collect::<Vec<_>>(),
                "NextToken": next,
            },
        })
    };
    let fake = InMemoryTransport::from_fn(move |req| {
        Ok(json_response(
            200,
            &match param(req, "NextToken").as_deref() {
                None => body(&["a"], Some("t1")),
                Some("t1") => body(&["b"], Some("t2")),
                Some("t2") => body(&["c"], None),
                Some(other) => panic!("token {other}"),
            },
        ))
    });
    let client = client(fake.clone());
    let items = client
        .get_auto_generated_template()
        .cust_space_id("cams-k1234567")
        .max_results(1)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
    fake.assert_request_count(3);

    // A service that hands back an earlier token.
    let cycling = InMemoryTransport::from_fn(move |req| {
        let (item, next) = match param(req, "NextToken").as_deref() {
            None | Some("t2") => ("x", "t1"),
            _ => ("y", "t2"),
        };
        Ok(json_response(200, &body(&[item], Some(next))))
    });
    let client = crate::client(cycling.clone());
    let results: Vec<_> = client
        .get_auto_generated_template()
        .cust_space_id("cams-k1234567")
        .into_paginator()
        .take(10)
        .collect()
        .await;
    assert!(
        matches!(results.last(), Some(Err(Error::PaginationStuck { .. }))),
        "{results:?}"
    );
    // Pages x (t1), y (t2), then x again: two pages, then the repeat ends it, after exactly
    // three requests.
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[..2].iter().all(Result::is_ok), "{results:?}");
    cycling.assert_request_count(3);
}

#[tokio::test]
async fn flat_page_numbers_are_sent_and_counted() {
    let all: Vec<String> = (0..7).map(|i| format!("inst-{i}")).collect();
    let fake = InMemoryTransport::from_fn(move |req| {
        let index: usize = param(req, "PageIndex").unwrap().parse().unwrap();
        let size: usize = param(req, "PageSize").unwrap().parse().unwrap();
        let data: Vec<_> = all
            .iter()
            .skip((index - 1) * size)
            .take(size)
            .map(|id| serde_json::json!({"InstanceId": id}))
            .collect();
        Ok(json_response(
            200,
            &serde_json::json!({"Code":"OK","Data": data, "TotalCount": 7}),
        ))
    });
    let client = client(fake.clone());
    let items = client
        .list_instance()
        .page_index(1)
        .page_size(3)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 7);
    fake.assert_request_count(3);
}
