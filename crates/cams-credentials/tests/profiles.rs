//! `~/.aliyun/config.json` modes and the credentials INI file, against the sandbox.
#![allow(clippy::unwrap_used)]

mod common;

use cams_credentials::*;
use cams_sandbox::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_OIDC_PROVIDER_ARN, DEMO_OIDC_TOKEN,
    DEMO_ROLE_ARN, DEMO_ROLE_NAME,
};
use common::*;
use serde_json::json;

fn config(home: &Home, current: &str, profiles: serde_json::Value) {
    let text = json!({"current": current, "profiles": profiles, "meta_path": ""}).to_string();
    home.write(".aliyun/config.json", &text);
}

async fn profile_creds(sbx: &Sandbox, home: &Home, name: &str) -> Result<cams_auth::Credentials> {
    CliProfileProvider::builder()
        .env(env_for(sbx, home, &[]))
        .profile(name)
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
}

#[tokio::test]
async fn every_profile_mode() {
    let sbx = sandbox().await;
    let home = Home::new();
    let token = home.write("oidc-token", DEMO_OIDC_TOKEN);
    let uri = format!(
        "{}/latest/meta-data/ram/security-credentials/{DEMO_ROLE_NAME}",
        sbx.url
    );
    config(
        &home,
        "ak",
        json!([
            {"name": "ak", "mode": "AK", "access_key_id": "p-id", "access_key_secret": "p-secret", "region_id": "ap-southeast-1"},
            {"name": "sts", "mode": "StsToken", "access_key_id": "s-id", "access_key_secret": "s-secret", "sts_token": "s-token"},
            {"name": "role", "mode": "RamRoleArn", "access_key_id": DEMO_ACCESS_KEY_ID, "access_key_secret": DEMO_ACCESS_KEY_SECRET,
             "ram_role_arn": DEMO_ROLE_ARN, "ram_session_name": "s", "expired_seconds": 900},
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": DEMO_ROLE_NAME},
            {"name": "oidc", "mode": "OIDC", "ram_role_arn": DEMO_ROLE_ARN, "oidc_provider_arn": DEMO_OIDC_PROVIDER_ARN,
             "oidc_token_file": token.to_str().unwrap()},
            {"name": "uri", "mode": "CredentialsURI", "credentials_uri": uri},
            {"name": "ext", "mode": "External", "process_command": "echo '{\"mode\":\"AK\",\"access_key_id\":\"e-id\",\"access_key_secret\":\"e-s\"}'"},
            {"name": "sso", "mode": "CloudSSO"},
            {"name": "bad-ext", "mode": "External", "process_command": "exit 7"}
        ]),
    );
    let c = profile_creds(&sbx, &home, "ak").await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.provider_name()),
        ("p-id", Some("cli_profile/static_ak"))
    );
    let c = profile_creds(&sbx, &home, "sts").await.unwrap();
    assert_eq!(c.provider_name(), Some("cli_profile/static_sts"));
    assert!(c.security_token().is_some());
    let c = profile_creds(&sbx, &home, "role").await.unwrap();
    assert!(c.access_key_id().starts_with("STS."));
    assert_eq!(
        c.provider_name(),
        Some("cli_profile/ram_role_arn/static_ak")
    );
    let c = profile_creds(&sbx, &home, "ecs").await.unwrap();
    assert_eq!(c.provider_name(), Some("cli_profile/ecs_ram_role"));
    let c = profile_creds(&sbx, &home, "oidc").await.unwrap();
    assert_eq!(c.provider_name(), Some("cli_profile/oidc_role_arn"));
    let c = profile_creds(&sbx, &home, "uri").await.unwrap();
    assert_eq!(c.provider_name(), Some("cli_profile/credential_uri"));
    let c = profile_creds(&sbx, &home, "ext").await.unwrap();
    assert_eq!(
        (c.access_key_id(), c.provider_name()),
        ("e-id", Some("cli_profile/external"))
    );
    let err = profile_creds(&sbx, &home, "sso").await.unwrap_err();
    assert!(
        matches!(&err, Error::UnsupportedMode { mode, .. } if mode == "CloudSSO"),
        "{err:?}"
    );
    assert!(err.to_string().contains("CloudSSO") && err.to_string().contains("not supported"));
    let err = profile_creds(&sbx, &home, "bad-ext").await.unwrap_err();
    assert!(err.to_string().contains("\"bad-ext\""), "{err}");
    let err = profile_creds(&sbx, &home, "missing").await.unwrap_err();
    assert!(matches!(err, Error::ProfileNotFound(_)));
    // The current profile and its region; ALIBABA_CLOUD_PROFILE picks another.
    let p = CliProfileProvider::builder()
        .env(env_for(&sbx, &home, &[]))
        .build();
    assert_eq!(
        p.provide_credentials()
            .await
            .map_err(Error::from)
            .unwrap()
            .access_key_id(),
        "p-id"
    );
    assert_eq!(p.region_id().as_deref(), Some("ap-southeast-1"));
    let p = CliProfileProvider::builder()
        .env(env_for(&sbx, &home, &[(ENV_PROFILE, "sts")]))
        .build();
    assert_eq!(
        p.provide_credentials()
            .await
            .map_err(Error::from)
            .unwrap()
            .access_key_id(),
        "s-id"
    );
    let p = CliProfileProvider::builder()
        .env(env_for(&sbx, &home, &[(ENV_CLI_PROFILE_DISABLED, "true")]))
        .build();
    assert!(
        p.provide_credentials()
            .await
            .map_err(Error::from)
            .unwrap_err()
            .is_not_configured()
    );
}

#[tokio::test]
async fn chained_profiles_and_a_cycle() {
    let sbx = sandbox().await;
    let home = Home::new();
    config(
        &home,
        "top",
        json!([
            {"name": "base", "mode": "AK", "access_key_id": DEMO_ACCESS_KEY_ID, "access_key_secret": DEMO_ACCESS_KEY_SECRET},
            {"name": "mid", "mode": "ChainableRamRoleArn", "source_profile": "base", "ram_role_arn": DEMO_ROLE_ARN},
            {"name": "top", "mode": "ChainableRamRoleArn", "source_profile": "mid", "ram_role_arn": DEMO_ROLE_ARN},
            {"name": "a", "mode": "ChainableRamRoleArn", "source_profile": "b", "ram_role_arn": DEMO_ROLE_ARN},
            {"name": "b", "mode": "ChainableRamRoleArn", "source_profile": "a", "ram_role_arn": DEMO_ROLE_ARN},
            {"name": "d0", "mode": "ChainableRamRoleArn", "source_profile": "d1", "ram_role_arn": DEMO_ROLE_ARN},
            {"name": "d1", "mode": "ChainableRamRoleArn", "source_profile": "d2", "ram_role_arn": DEMO_ROLE_ARN},
            {"name": "d2", "mode": "ChainableRamRoleArn", "source_profile": "d3", "ram_role_arn": DEMO_ROLE_ARN},
            {"name": "d3", "mode": "ChainableRamRoleArn", "source_profile": "d4", "ram_role_arn": DEMO_ROLE_ARN},
            {"name": "d4", "mode": "ChainableRamRoleArn", "source_profile": "d5", "ram_role_arn": DEMO_ROLE_ARN},
            {"name": "d5", "mode": "ChainableRamRoleArn", "source_profile": "base", "ram_role_arn": DEMO_ROLE_ARN}
        ]),
    );
    // top assumes the role with mid's STS credentials, which were assumed with base's key.
    let c = profile_creds(&sbx, &home, "top").await.unwrap();
    assert!(c.access_key_id().starts_with("STS."));
    assert_eq!(
        c.provider_name(),
        Some("cli_profile/ram_role_arn/ram_role_arn/static_ak")
    );
    let err = profile_creds(&sbx, &home, "a").await.unwrap_err();
    assert!(
        matches!(&err, Error::ProfileChain { chain, reason } if chain == "a -> b -> a" && reason == "cycle"),
        "{err:?}"
    );
    let err = profile_creds(&sbx, &home, "d0").await.unwrap_err();
    assert!(err.to_string().contains("more than 5"), "{err}");
}

#[tokio::test]
async fn both_ini_names_and_their_types() {
    let sbx = sandbox().await;
    for name in ["credentials", "credentials.ini"] {
        let home = Home::new();
        home.write(
            &format!(".alibabacloud/{name}"),
            "[default]\ntype = access_key  # a key\naccess_key_id = ini-id\naccess_key_secret = ini-secret\n",
        );
        let c = IniFileProvider::builder()
            .env(env_for(&sbx, &home, &[]))
            .build()
            .provide_credentials()
            .await
            .map_err(Error::from)
            .unwrap();
        assert_eq!(
            (c.access_key_id(), c.provider_name()),
            ("ini-id", Some("profile/static_ak")),
            "{name}"
        );
    }
    let home = Home::new();
    let token = home.write("tok", DEMO_OIDC_TOKEN);
    let path = home.write(
        "elsewhere.ini",
        &format!(
            "[ecs]\ntype = ecs_ram_role\nrole_name = {DEMO_ROLE_NAME}\n\
             [role]\ntype = ram_role_arn\naccess_key_id = {DEMO_ACCESS_KEY_ID}\naccess_key_secret = {DEMO_ACCESS_KEY_SECRET}\nrole_arn = {DEMO_ROLE_ARN}\nrole_session_name = ini\n\
             [oidc]\ntype = oidc_role_arn\nrole_arn = {DEMO_ROLE_ARN}\noidc_provider_arn = {DEMO_OIDC_PROVIDER_ARN}\noidc_token_file_path = {}\n\
             [rsa]\ntype = rsa_key_pair\n",
            token.display()
        ),
    );
    let file = path.to_str().unwrap();
    for (section, name) in [
        ("ecs", "profile/ecs_ram_role"),
        ("role", "profile/ram_role_arn/static_ak"),
        ("oidc", "profile/oidc_role_arn"),
    ] {
        let env = env_for(
            &sbx,
            &home,
            &[(ENV_CREDENTIALS_FILE, file), (ENV_PROFILE, section)],
        );
        let c = IniFileProvider::builder()
            .env(env)
            .build()
            .provide_credentials()
            .await
            .map_err(Error::from)
            .unwrap();
        assert_eq!(c.provider_name(), Some(name));
    }
    let env = env_for(
        &sbx,
        &home,
        &[(ENV_CREDENTIALS_FILE, file), (ENV_PROFILE, "rsa")],
    );
    let err = IniFileProvider::builder()
        .env(env)
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(err.to_string().contains("rsa_key_pair"), "{err}");
    let err = IniFileProvider::builder()
        .env(env_for(&sbx, &Home::new(), &[]))
        .build()
        .provide_credentials()
        .await
        .map_err(Error::from)
        .unwrap_err();
    assert!(
        err.is_not_configured() && err.to_string().contains("credentials.ini"),
        "{err}"
    );
}
