//! A call can run on another thread: the futures of `send()` and `execute()` and the paginator
//! are `Send` (and `send()`'s and the paginator `'static`), so they go into `tokio::spawn` on a
//! multi-threaded runtime. A future that held something thread-bound across an `.await` would
//! stop this file compiling.
#![allow(clippy::unwrap_used)]

mod common;

use cams_model::ListChatGroupParticipantsRequest;
use common::*;

fn request() -> ListChatGroupParticipantsRequest {
    ListChatGroupParticipantsRequest::builder()
        .cust_space_id("cams-k1234567")
        .business_number("8613800001234")
        .group_id("EA9391234")
        .build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fluent_send_future_can_be_spawned() {
    let client = deterministic(paging_service(members(3)));
    // `send()` owns everything it needs: it outlives the builder and the client handle.
    let call = client
        .list_chat_group_participants()
        .cust_space_id("cams-k1234567")
        .business_number("8613800001234")
        .group_id("EA9391234")
        .send();
    drop(client);
    let page = tokio::spawn(call).await.unwrap().unwrap();
    assert_eq!(page.data.unwrap().list.len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn execute_runs_inside_a_spawned_task() {
    let client = deterministic(paging_service(members(2)));
    let task = tokio::spawn(async move {
        let request = request();
        client.execute(&request).await
    });
    let page = task.await.unwrap().unwrap();
    assert_eq!(page.data.unwrap().list.len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paginator_can_be_moved_into_a_task() {
    let client = deterministic(paging_service(members(45)));
    let mut items = client.paginate(request()).items();
    drop(client);
    let count = tokio::spawn(async move {
        let mut count = 0;
        while let Some(item) = items.next().await {
            item.unwrap();
            count += 1;
        }
        count
    })
    .await
    .unwrap();
    assert_eq!(count, 45);
}
