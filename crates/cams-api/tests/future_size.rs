//! How big the future of one call is. It is moved at every `.await` that nests it, and a
//! caller who spawns it makes it a task allocation. glibc's per-thread cache takes chunks of
//! up to 1,032 bytes, and tokio adds its task header (about 100–200 bytes) to the future. A
//! call that fits under the limit below stays in that cache when spawned, so it never takes
//! an arena lock.
#![allow(clippy::unwrap_used)]

mod common;

use cams_model::ListChatGroupParticipantsRequest;
use cams_transport::InMemoryTransport;
use common::*;

const LIMIT: usize = 768;

#[test]
fn the_fluent_send_future_stays_small() {
    let client = deterministic(InMemoryTransport::new());
    let call = client
        .list_chat_group_participants()
        .cust_space_id("cams-k1234567")
        .business_number("8613800001234")
        .group_id("EA9391234")
        .page(1, 20)
        .send();
    let size = std::mem::size_of_val(&call);
    assert!(size <= LIMIT, "send() future is {size} bytes, over {LIMIT}");
}

#[test]
fn the_execute_future_stays_small() {
    let client = deterministic(InMemoryTransport::new());
    let request = ListChatGroupParticipantsRequest::builder()
        .cust_space_id("cams-k1234567")
        .business_number("8613800001234")
        .group_id("EA9391234")
        .build();
    let call = client.execute(&request);
    let size = std::mem::size_of_val(&call);
    // The request lives outside this future; what is left is the operation's own state.
    assert!(
        size <= LIMIT / 2,
        "execute() future is {size} bytes, over {}",
        LIMIT / 2
    );
}
