//! The real client (`cams-api`) against the sandbox: in process and over the loopback server.
#![allow(clippy::unwrap_used)]

use cams_api::{Client, SignatureVersion};
use cams_auth::Credentials;
use cams_sandbox::{
    DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, DEMO_HOST, Engine, Sandbox, SandboxTransport,
};
use cams_transport::HyperTransport;

fn in_process(version: SignatureVersion, creds: Credentials) -> Client {
    Client::builder()
        .endpoint(format!("https://{DEMO_HOST}"))
        .transport(SandboxTransport::demo())
        .credentials(creds)
        .signature_version(version)
        .build()
        .unwrap()
}

async fn all_members(client: &Client, group: &str, size: i64) -> Vec<String> {
    let mut pages = client
        .list_chat_group_participants()
        .business_number(DEMO_BUSINESS_NUMBER)
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .group_id(group)
        .page(1, size)
        .into_paginator();
    let mut all = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        let data = page.data.unwrap();
        all.extend(
            data.list
                .into_iter()
                .map(|m| m.participant_number.unwrap().to_string()),
        );
    }
    all
}

fn expected(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("861380{n:03}{i:04}")).collect()
}

#[tokio::test]
async fn client_pages_through_the_demo_groups_v3_v1_and_sts() {
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        for creds in [Sandbox::demo_credentials(), Sandbox::demo_sts_credentials()] {
            let client = in_process(version, creds);
            for n in [0, 3, 57, 250] {
                assert_eq!(
                    all_members(&client, &format!("SBXGRP{n:03}"), 20).await,
                    expected(n)
                );
            }
        }
    }
}

#[tokio::test]
async fn client_sees_gateway_and_business_errors() {
    let wrong = Credentials::new(cams_sandbox::DEMO_ACCESS_KEY_ID, "wrong");
    let err = in_process(SignatureVersion::V3, wrong)
        .list_chat_group_participants()
        .business_number(DEMO_BUSINESS_NUMBER)
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .group_id("SBXGRP003")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(err.status(), Some(400));
    assert!(err.request_id().is_some());

    let err = in_process(SignatureVersion::V3, Sandbox::demo_credentials())
        .list_chat_group_participants()
        .business_number(DEMO_BUSINESS_NUMBER)
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .group_id("NOPE")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameter.GroupNotExist"));
    assert_eq!(err.status(), Some(200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_over_the_loopback_server() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cams_sandbox::serve(listener, Engine::demo(), async {
        let _ = stop_rx.await;
    }));
    for version in [SignatureVersion::V3, SignatureVersion::V1] {
        let client = Client::builder()
            .endpoint(format!("http://{addr}"))
            .transport(HyperTransport::new().unwrap())
            .credentials(Sandbox::demo_credentials())
            .signature_version(version)
            .build()
            .unwrap();
        assert_eq!(all_members(&client, "SBXGRP250", 100).await, expected(250));
        assert_eq!(all_members(&client, "SBXGRP057", 20).await, expected(57));
    }
    stop_tx.send(()).unwrap();
    server.await.unwrap().unwrap();
}
