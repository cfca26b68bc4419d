//! Mocking the transport with mockall: how a user tests code that holds a `Client`.
#![allow(clippy::unwrap_used)]

mod common;

use cams_transport::{HttpRequest, HttpResponse, Transport, TransportError};
use common::*;

mockall::mock! {
    /// A mock transport.
    #[derive(Debug)]
    pub Wire {}

    #[async_trait::async_trait]
    impl Transport for Wire {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
    }
}

#[tokio::test]
async fn a_mockall_transport_drives_the_client() {
    let mut wire = MockWire::new();
    wire.expect_send()
        .withf(|req| {
            req.headers()["x-acs-action"] == "ListChatGroupParticipants"
                && param(req, "GroupId").as_deref() == Some("EA9391234")
                && req.headers().contains_key("authorization")
        })
        .times(1)
        .returning(|_| Ok(json_response(200, &participants_body(3, &members(3)))));
    let client = cams_api::Client::builder()
        .region("ap-southeast-1")
        .credentials(credentials())
        .transport(wire)
        .build()
        .unwrap();
    let page = client
        .list_chat_group_participants()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .group_id("EA9391234")
        .send()
        .await
        .unwrap();
    assert_eq!(page.data.unwrap().list.len(), 3);
}
