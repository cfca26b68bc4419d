//! End to end: the client lists a group's members against the loopback sandbox, with
//! credentials the default chain obtained from the sandbox's ECS metadata service only; and
//! the credentials its STS issues are accepted by its CAMS face.
#![allow(clippy::unwrap_used)]

use cams_api::Client;
use cams_credentials::{
    DefaultCredentialsChain, ENV_ECS_METADATA_SERVICE_ENDPOINT, Env, ProvideCredentials,
    RamRoleArnProvider,
};
use cams_sandbox::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID,
    DEMO_ROLE_ARN, Engine,
};

async fn serve() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(cams_sandbox::serve(
        listener,
        Engine::demo(),
        std::future::pending(),
    ));
    url
}

async fn count_members(client: &Client) -> usize {
    let mut pages = client
        .list_chat_group_participants()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .business_number(DEMO_BUSINESS_NUMBER)
        .group_id("SBXGRP057")
        .page(1, 20)
        .into_paginator();
    let mut seen = 0;
    while let Some(page) = pages.next().await {
        seen += page.unwrap().data.unwrap_or_default().list.len();
    }
    seen
}

#[tokio::test]
async fn the_client_lists_members_with_credentials_from_the_metadata_service_only() {
    let url = serve().await;
    let home = std::env::temp_dir().join(format!("cams-e2e-empty-home-{}", std::process::id()));
    let chain = DefaultCredentialsChain::builder()
        .env(Env::from_vars([
            (ENV_ECS_METADATA_SERVICE_ENDPOINT, url.as_str()),
            ("HOME", home.to_str().unwrap()),
        ]))
        .build();
    let client = Client::builder()
        .endpoint(url.clone())
        .credentials_provider(chain)
        .build()
        .unwrap();
    assert_eq!(count_members(&client).await, 57);
}

#[tokio::test]
async fn assumed_role_credentials_are_accepted_by_the_cams_face() {
    let url = serve().await;
    let role = RamRoleArnProvider::with_access_key(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        .role_arn(DEMO_ROLE_ARN)
        .sts_endpoint(url.clone())
        .build();
    assert!(
        role.provide_credentials()
            .await
            .unwrap()
            .access_key_id()
            .starts_with("STS.")
    );
    let client = Client::builder()
        .endpoint(url)
        .credentials_provider(role)
        .build()
        .unwrap();
    assert_eq!(count_members(&client).await, 57);
}

#[test]
fn the_identity_fixture_is_checked() {
    let mut f = cams_sandbox::Fixture::demo();
    f.identity.instance_role = Some("nobody".to_owned());
    let err = f.check().unwrap_err().to_string();
    assert!(err.contains("identity.instance_role"), "{err}");
    let f = cams_sandbox::Fixture::from_json(
        r#"{"credentials":[{"access_key_id":"a","access_key_secret":"s"}],
            "identity":{"roles":[{"arn":"acs:ram::1:role/r","name":"r"}],"instance_role":"r",
                        "oidc_tokens":[{"provider_arn":"acs:ram::1:oidc-provider/p","token":"t"}],
                        "instance_credentials_seconds":7200,"imds_mode":"v2_only"}}"#,
    )
    .unwrap();
    assert_eq!(f.identity.imds_mode, cams_sandbox::ImdsMode::V2Only);
}
