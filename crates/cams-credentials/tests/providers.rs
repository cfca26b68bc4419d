//! Each provider alone against the sandbox over loopback.
#![allow(clippy::unwrap_used)]

mod common;

use cams_auth::{ExposeSecret, TimeSource};
use cams_credentials::*;
use cams_sandbox::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_OIDC_PROVIDER_ARN, DEMO_OIDC_TOKEN,
    DEMO_OIDC_TOKEN_2, DEMO_ROLE_ARN, DEMO_ROLE_NAME, ImdsMode,
};
use common::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

#[tokio::test]
async fn ecs_imdsv2_discovers_the_role_and_sends_the_token() {
    let sbx = sandbox_mode(ImdsMode::V2Only).await;
    let home = Home::new();
    let p = EcsRamRoleProvider::builder()
        .env(env_for(&sbx, &home, &[]))
        .build();
    let c = p.provide_credentials().await.map_err(Error::from).unwrap();
    assert!(c.access_key_id().starts_with("STS."), "{c:?}");
    assert!(c.security_token().is_some() && c.expiration().is_some());
    assert_eq!(c.provider_name(), Some("ecs_ram_role"));
    // Cached: the same credentials without asking again.
    assert_eq!(
        p.credentials_now().unwrap().access_key_id(),
        c.access_key_id()
    );
}

#[tokio::test]
async fn ecs_falls_back_to_v1_when_the_token_is_refused() {
    let sbx = sandbox_mode(ImdsMode::V1Only).await;
    let home = Home::new();
    let env = env_for(&sbx, &home, &[(ENV_ECS_METADATA, DEMO_ROLE_NAME)]);
    let c = EcsRamRoleProvider::builder()
        .env(env)
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap();
    assert!(c.access_key_id().starts_with("STS."));
}

#[tokio::test]
async fn ecs_falls_back_to_v1_when_a_get_with_the_token_is_refused() {
    let sbx = sandbox_mode(ImdsMode::TokenRefusedOnGet).await;
    let home = Home::new();
    let p = EcsRamRoleProvider::builder()
        .env(env_for(&sbx, &home, &[]))
        .build();
    assert!(
        p.provide_credentials()
            .await
            .map_err(Error::from)
            .unwrap()
            .access_key_id()
            .starts_with("STS.")
    );
}

#[tokio::test]
async fn ecs_with_v1_disabled_fails_when_v2_is_unavailable() {
    let sbx = sandbox_mode(ImdsMode::V1Only).await;
    let home = Home::new();
    let env = env_for(&sbx, &home, &[(ENV_IMDSV1_DISABLED, "true")]);
    let err = EcsRamRoleProvider::builder()
        .env(env)
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(err.to_string().contains("IMDSv1 is disabled"), "{err}");
    // The builder switch does the same; and with v2 available it works.
    let sbx = sandbox_mode(ImdsMode::TokenRefusedOnGet).await;
    let p = EcsRamRoleProvider::builder()
        .env(env_for(&sbx, &home, &[]))
        .disable_imds_v1(true)
        .build();
    assert!(p.provide_credentials().await.map_err(Error::from).is_err());
    let sbx = sandbox_mode(ImdsMode::V2Only).await;
    let p = EcsRamRoleProvider::builder()
        .env(env_for(&sbx, &home, &[]))
        .disable_imds_v1(true)
        .build();
    assert!(p.provide_credentials().await.map_err(Error::from).is_ok());
}

#[tokio::test]
async fn ecs_disabled_and_unreachable() {
    let home = Home::new();
    let env = Env::from_vars([(ENV_ECS_METADATA_DISABLED, "true"), ("HOME", &home.home())]);
    let err = EcsRamRoleProvider::builder()
        .env(env)
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(err.is_not_configured(), "{err}");
    // Nothing listens on this port: one failed connection, no v1 retry.
    let counting = Counting::default();
    let p = EcsRamRoleProvider::builder()
        .env(Env::from_vars([("HOME", home.home())]))
        .endpoint("http://127.0.0.1:9")
        .transport(counting.clone())
        .build();
    let err = p
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                unreachable: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(counting.0.load(Ordering::SeqCst), 1);
}

/// A transport that counts requests and fails each with a connect timeout.
#[derive(Debug, Clone, Default)]
pub struct Counting(Arc<AtomicU64>);

#[async_trait::async_trait]
impl cams_transport::Transport for Counting {
    async fn send(
        &self,
        _: cams_transport::HttpRequest,
    ) -> Result<cams_transport::HttpResponse, cams_transport::TransportError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Err(cams_transport::TransportError::new(
            cams_transport::TransportErrorKind::Timeout,
            false,
        ))
    }
}

#[derive(Debug, Clone)]
struct Clock(Arc<AtomicU64>);
impl TimeSource for Clock {
    fn now(&self) -> SystemTime {
        SystemTime::now() + Duration::from_secs(self.0.load(Ordering::SeqCst))
    }
}

#[tokio::test]
async fn oidc_rereads_the_token_file_at_each_refresh() {
    let sbx = sandbox().await;
    let home = Home::new();
    let token = home.write("token", DEMO_OIDC_TOKEN);
    let ahead = Arc::new(AtomicU64::new(0));
    let env = env_for(
        &sbx,
        &home,
        &[
            (ENV_ROLE_ARN, DEMO_ROLE_ARN),
            (ENV_OIDC_PROVIDER_ARN, DEMO_OIDC_PROVIDER_ARN),
            (ENV_OIDC_TOKEN_FILE, token.to_str().unwrap()),
        ],
    );
    let p = OidcRoleArnProvider::builder()
        .env(env)
        .clock(Clock(ahead.clone()))
        .build();
    let first = p.provide_credentials().await.map_err(Error::from).unwrap();
    assert_eq!(first.provider_name(), Some("oidc_role_arn"));
    // The platform rotates the file to a token STS refuses; after expiry the refresh reads it.
    std::fs::write(&token, "a-revoked-token").unwrap();
    ahead.store(2 * 3600, Ordering::SeqCst);
    let err = p
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("InvalidParameter.OIDCToken") && !text.contains("a-revoked-token"),
        "{text}"
    );
    std::fs::write(&token, DEMO_OIDC_TOKEN_2).unwrap();
    let second = p.provide_credentials().await.map_err(Error::from).unwrap();
    assert_ne!(first.access_key_id(), second.access_key_id());
    // Not configured without the variables.
    let err = OidcRoleArnProvider::builder()
        .env(Env::from_vars([(ENV_ROLE_ARN, "x")]))
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(
        err.is_not_configured() && err.to_string().contains(ENV_OIDC_PROVIDER_ARN),
        "{err}"
    );
}

#[tokio::test]
async fn ram_role_arn_assumes_the_role_and_a_wrong_secret_is_a_typed_sts_error() {
    let sbx = sandbox().await;
    let home = Home::new();
    let env = env_for(&sbx, &home, &[]);
    let p = RamRoleArnProvider::with_access_key(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        .env(env.clone())
        .role_arn(DEMO_ROLE_ARN)
        .role_session_name("test")
        .policy(r#"{"Statement":[],"Version":"1"}"#)
        .build();
    let c = p.provide_credentials().await.map_err(Error::from).unwrap();
    assert!(c.access_key_id().starts_with("STS."));
    assert_eq!(c.provider_name(), Some("ram_role_arn/static_ak"));
    let wrong = RamRoleArnProvider::with_access_key(DEMO_ACCESS_KEY_ID, "not-the-secret")
        .env(env.clone())
        .role_arn(DEMO_ROLE_ARN)
        .build();
    match wrong
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err()
    {
        Error::Sts {
            code,
            request_id,
            status,
            ..
        } => {
            assert_eq!(code, "SignatureDoesNotMatch");
            assert_eq!(request_id.len(), 36, "{request_id}");
            assert_eq!(status, 400);
        }
        other => panic!("{other:?}"),
    }
    let short = RamRoleArnProvider::with_access_key(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        .env(env.clone())
        .role_arn(DEMO_ROLE_ARN)
        .duration_seconds(899)
        .build();
    assert!(matches!(
        short
            .provide_credentials()
            .await
            .map_err(Error::from)
            .unwrap_err(),
        Error::InvalidConfig { .. }
    ));
    let unknown = RamRoleArnProvider::with_access_key(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
        .env(env)
        .role_arn("acs:ram::1:role/nope")
        .build();
    assert!(
        matches!(unknown.provide_credentials().await.map_err(Error::from).unwrap_err(), Error::Sts { code, .. } if code == "EntityNotExist.Role")
    );
}

#[tokio::test]
async fn credentials_uri() {
    let sbx = sandbox().await;
    let home = Home::new();
    let uri = format!(
        "{}/latest/meta-data/ram/security-credentials/{DEMO_ROLE_NAME}",
        sbx.url
    );
    let env = env_for(&sbx, &home, &[(ENV_CREDENTIALS_URI, &uri)]);
    let c = CredentialsUriProvider::builder()
        .env(env)
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap();
    assert_eq!(c.provider_name(), Some("credential_uri"));
    let err = CredentialsUriProvider::builder()
        .uri(format!(
            "{}/latest/meta-data/ram/security-credentials/nope",
            sbx.url
        ))
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(err.to_string().contains("HTTP 404"), "{err}");
}

#[tokio::test]
async fn environment() {
    let env = Env::from_vars([(ENV_ACCESS_KEY_ID, "id"), (ENV_ACCESS_KEY_SECRET, "sec")]);
    let c = EnvironmentProvider::builder()
        .env(env)
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret().expose_secret()),
        ("id", "sec")
    );
    assert_eq!(c.provider_name(), Some("env"));
}

#[tokio::test]
async fn external_command_success_failure_and_timeout() {
    let ok = ExternalProvider::new(
        "ext",
        r#"echo '{"mode":"StsToken","access_key_id":"x-id","access_key_secret":"x-s","sts_token":"x-t"}'"#,
    );
    let c = ok.provide_credentials().await.map_err(Error::from).unwrap();
    assert_eq!(c.access_key_id(), "x-id");
    assert_eq!(c.provider_name(), Some("external"));
    let err = ExternalProvider::new("ext", "exit 3")
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(
        err.to_string().contains("\"ext\"") && err.to_string().contains("exit"),
        "{err}"
    );
    let err = ExternalProvider::new("slow", "sleep 30")
        .with_timeout(Duration::from_millis(200))
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(err.to_string().contains("timed out"), "{err}");
    let err = ExternalProvider::new("junk", "echo 'secret-looking output'")
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(!err.to_string().contains("secret-looking"), "{err}");
}
