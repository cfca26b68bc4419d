//! The default chain: order, precedence, the remembered source, the error listing every source.
#![allow(clippy::unwrap_used)]

mod common;

use cams_credentials::*;
use cams_sandbox::DEMO_ROLE_NAME;
use common::*;

fn write_profile(home: &Home) {
    home.write(
        ".aliyun/config.json",
        r#"{"current":"default","profiles":[{"name":"default","mode":"AK","access_key_id":"profile-id","access_key_secret":"profile-secret","region_id":"cn-shanghai"}]}"#,
    );
}

fn write_ini(home: &Home) {
    home.write(
        ".alibabacloud/credentials",
        "[default]\ntype = access_key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n",
    );
}

async fn chain_id(sbx: &Sandbox, home: &Home, extra: &[(&str, &str)]) -> (String, String) {
    let chain = DefaultCredentialsChain::builder()
        .env(env_for(sbx, home, extra))
        .build();
    let c = chain
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap();
    (
        c.access_key_id().to_owned(),
        c.provider_name().unwrap_or("").to_owned(),
    )
}

#[tokio::test]
async fn environment_beats_profile_beats_ini_beats_metadata() {
    let sbx = sandbox().await;
    let home = Home::new();
    let env_vars = [
        (ENV_ACCESS_KEY_ID, "env-id"),
        (ENV_ACCESS_KEY_SECRET, "env-secret"),
    ];
    // Metadata alone.
    let (id, name) = chain_id(&sbx, &home, &[]).await;
    assert!(id.starts_with("STS."), "{id}");
    assert_eq!(name, "default/ecs_ram_role");
    write_ini(&home);
    assert_eq!(
        chain_id(&sbx, &home, &[]).await,
        ("ini-id".into(), "default/profile/static_ak".into())
    );
    write_profile(&home);
    assert_eq!(
        chain_id(&sbx, &home, &[]).await,
        ("profile-id".into(), "default/cli_profile/static_ak".into())
    );
    assert_eq!(
        chain_id(&sbx, &home, &env_vars).await,
        ("env-id".into(), "default/env".into())
    );
    // The region comes from the profile, else the variable.
    let chain = DefaultCredentialsChain::builder()
        .env(env_for(&sbx, &home, &[(ENV_REGION_ID, "eu-central-1")]))
        .build();
    assert_eq!(chain.region().as_deref(), Some("cn-shanghai"));
    let chain = DefaultCredentialsChain::builder()
        .env(env_for(
            &sbx,
            &Home::new(),
            &[(ENV_REGION_ID, "eu-central-1")],
        ))
        .build();
    assert_eq!(chain.region().as_deref(), Some("eu-central-1"));
}

#[tokio::test]
async fn the_source_that_worked_is_remembered_and_the_uri_comes_last() {
    let sbx = sandbox().await;
    let home = Home::new();
    let uri = format!(
        "{}/latest/meta-data/ram/security-credentials/{DEMO_ROLE_NAME}",
        sbx.url
    );
    let env = env_for(
        &sbx,
        &home,
        &[
            (ENV_ECS_METADATA_DISABLED, "true"),
            (ENV_CREDENTIALS_URI, &uri),
        ],
    );
    let chain = DefaultCredentialsChain::builder().env(env).build();
    assert_eq!(chain.last_source(), None);
    let c = chain
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap();
    assert_eq!(c.provider_name(), Some("default/credential_uri"));
    assert_eq!(chain.last_source(), Some("credentials URI"));
    assert_eq!(
        chain.credentials_now().unwrap().access_key_id(),
        c.access_key_id()
    );
}

/// A metadata address that answers every request 404 and counts the connections it took.
async fn counting_404() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let _ = s
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    )
                    .await;
            });
        }
    });
    (url, count)
}

#[tokio::test]
async fn the_source_that_worked_is_asked_first_and_the_others_not_again() {
    use std::sync::atomic::Ordering;
    let sbx = sandbox().await;
    let home = Home::new();
    let (metadata, asked) = counting_404().await;
    let uri = format!(
        "{}/latest/meta-data/ram/security-credentials/{DEMO_ROLE_NAME}",
        sbx.url
    );
    // ECS metadata (before the URI in the chain) is asked, fails, then the URI works.
    let env = Env::from_vars([
        ("HOME", home.home()),
        (ENV_ECS_METADATA_SERVICE_ENDPOINT, metadata),
        (ENV_CREDENTIALS_URI, uri),
    ]);
    let chain = DefaultCredentialsChain::builder().env(env).build();
    chain.provide_credentials().await.unwrap();
    let after_first = asked.load(Ordering::SeqCst);
    assert!(after_first >= 1, "the metadata source was never asked");
    assert_eq!(chain.last_source(), Some("credentials URI"));
    for _ in 0..3 {
        let c = chain.provide_credentials().await.unwrap();
        assert_eq!(c.provider_name(), Some("default/credential_uri"));
    }
    assert_eq!(
        asked.load(Ordering::SeqCst),
        after_first,
        "a source before the one that worked was asked again"
    );
}

#[tokio::test]
async fn nothing_configured_lists_every_source_and_why() {
    let home = Home::new();
    let home_dir = home.home();
    let env = Env::from_vars([
        ("HOME", home_dir.as_str()),
        (ENV_ECS_METADATA_SERVICE_ENDPOINT, "http://127.0.0.1:9"),
    ]);
    let err = DefaultCredentialsChain::builder()
        .env(env)
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    let Error::Chain(attempts) = &err else {
        panic!("{err:?}")
    };
    let names: Vec<&str> = attempts.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "environment",
            "OIDC",
            "CLI profile",
            "credentials file",
            "ECS metadata",
            "credentials URI"
        ]
    );
    let text = err.to_string();
    for needle in [
        "environment: ALIBABA_CLOUD_ACCESS_KEY_ID not set",
        "OIDC: ALIBABA_CLOUD_ROLE_ARN not set",
        "config.json not found",
        "credentials.ini",
        "ECS metadata: ",
        "credentials URI: ALIBABA_CLOUD_CREDENTIALS_URI not set",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
}
