//! A credential provider's typed error reaches the caller of an operation whole: the client's
//! `Error::Credentials` holds a `cams_auth::CredentialsError` whose source is the provider's own
//! error, which the caller downcasts to match on its fields.
#![allow(clippy::unwrap_used)]

use cams_api::{Client, Error};
use cams_credentials::{DefaultCredentialsChain, Env, RamRoleArnProvider};
use cams_transport::InMemoryTransport;
use std::error::Error as _;

async fn call(client: &Client) -> Error {
    client
        .list_chat_group_participants()
        .business_number("8613800001234")
        .cust_space_id("cams-k1234567")
        .group_id("EA9391234")
        .send()
        .await
        .unwrap_err()
}

#[tokio::test]
async fn an_sts_refusal_reaches_the_caller_as_the_typed_sts_error() {
    // STS refuses the role assumption; nothing must reach the CAMS endpoint.
    let sts = InMemoryTransport::new();
    sts.push_json(
        403,
        r#"{"Code":"NoPermission","Message":"You are not authorized to do this action.","RequestId":"STS-REQ-1"}"#,
    );
    let role = RamRoleArnProvider::with_access_key("source-id", "source-secret")
        .role_arn("acs:ram::1234567890:role/cams")
        .env(Env::from_vars(Vec::<(String, String)>::new()))
        .transport(sts.clone())
        .build();
    let cams = InMemoryTransport::new();
    let client = Client::builder()
        .region("ap-southeast-1")
        .credentials_provider(role)
        .transport(cams.clone())
        .build()
        .unwrap();

    let err = call(&client).await;
    let Error::Credentials(credentials) = &err else {
        panic!("expected a credentials error, got {err:?}")
    };
    // The typed error, through the accessor of cams-auth's error...
    match credentials.downcast_ref::<cams_credentials::Error>() {
        Some(cams_credentials::Error::Sts {
            action,
            status,
            code,
            request_id,
            ..
        }) => {
            assert_eq!(*action, "AssumeRole");
            assert_eq!(*status, 403);
            assert_eq!(code, "NoPermission");
            assert_eq!(request_id, "STS-REQ-1");
        }
        other => panic!("expected cams_credentials::Error::Sts, got {other:?}"),
    }
    // ...and through the standard source chain: client error -> credentials error -> STS error.
    let level1 = err.source().unwrap();
    assert!(level1.is::<cams_auth::CredentialsError>());
    let level2 = level1.source().unwrap();
    assert!(matches!(
        level2.downcast_ref::<cams_credentials::Error>(),
        Some(cams_credentials::Error::Sts { .. })
    ));
    // The message still says what happened.
    assert!(err.to_string().contains("NoPermission"), "{err}");
    assert_eq!(sts.request_count(), 1);
    assert_eq!(
        cams.request_count(),
        0,
        "nothing is sent without credentials"
    );
}

#[tokio::test]
async fn the_chain_finding_nothing_reaches_the_caller_as_the_typed_chain_error() {
    // An empty environment, a home with no files, and the metadata service switched off.
    let home = std::env::temp_dir().join(format!("cams-api-no-home-{}", std::process::id()));
    let env = Env::from_vars([
        ("HOME", home.to_string_lossy().into_owned()),
        ("USERPROFILE", home.to_string_lossy().into_owned()),
        (
            cams_credentials::ENV_ECS_METADATA_DISABLED,
            "true".to_owned(),
        ),
    ]);
    let chain = DefaultCredentialsChain::builder()
        .env(env)
        .transport(InMemoryTransport::new())
        .build();
    let client = Client::builder()
        .region("ap-southeast-1")
        .credentials_provider(chain)
        .transport(InMemoryTransport::new())
        .build()
        .unwrap();

    let err = call(&client).await;
    let Error::Credentials(credentials) = err else {
        panic!("expected a credentials error, got {err:?}")
    };
    // By value: the caller owns the typed error.
    match credentials.downcast::<cams_credentials::Error>() {
        Ok(cams_credentials::Error::Chain(attempts)) => {
            let sources: Vec<&str> = attempts.iter().map(|(name, _)| *name).collect();
            assert_eq!(
                sources,
                [
                    "environment",
                    "OIDC",
                    "CLI profile",
                    "credentials file",
                    "ECS metadata",
                    "credentials URI"
                ]
            );
        }
        other => panic!("expected cams_credentials::Error::Chain, got {other:?}"),
    }
}
