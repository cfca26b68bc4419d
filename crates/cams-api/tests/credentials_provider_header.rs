//! The provider name the credentials carry goes out, signed, in `x-acs-credentials-provider`
//! (as the official SDKs send it); credentials without one send no such header.
#![allow(clippy::unwrap_used)]

mod common;

use cams_auth::Credentials;
use cams_transport::InMemoryTransport;
use common::*;

async fn send_with(credentials: Credentials) -> cams_transport::HttpRequest {
    let fake = InMemoryTransport::new();
    fake.push_json(200, r#"{"Code":"OK","RequestId":"R"}"#);
    let client = builder(fake.clone(), RecordingSleep::default())
        .credentials(credentials)
        .build()
        .unwrap();
    client
        .list_chat_group_participants()
        .business_number("1")
        .cust_space_id("2")
        .group_id("3")
        .send()
        .await
        .unwrap();
    fake.requests().pop().unwrap()
}

#[tokio::test]
async fn the_provider_name_is_sent_and_signed() {
    let req =
        send_with(Credentials::new(AK, SECRET).with_provider_name("default/ecs_ram_role")).await;
    assert_eq!(
        req.headers().get("x-acs-credentials-provider").unwrap(),
        "default/ecs_ram_role"
    );
    let auth = req
        .headers()
        .get("authorization")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(auth.contains("x-acs-credentials-provider"), "{auth}");

    let req = send_with(Credentials::new(AK, SECRET)).await;
    assert!(req.headers().get("x-acs-credentials-provider").is_none());
}
