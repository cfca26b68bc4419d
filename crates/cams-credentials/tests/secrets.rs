//! No secret (AccessKeySecret, SecurityToken, OIDC token, metadata token) in `Debug`,
//! `Display`, errors or logs, for every provider, with a real `tracing` subscriber.
#![allow(clippy::unwrap_used)]

mod common;

use cams_auth::{ExposeSecret, TimeSource};
use cams_credentials::*;
use cams_sandbox::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_OIDC_PROVIDER_ARN, DEMO_OIDC_TOKEN,
    DEMO_ROLE_ARN, DEMO_ROLE_NAME,
};
use common::*;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Debug, Clone)]
struct Ahead(Arc<AtomicU64>);
impl TimeSource for Ahead {
    fn now(&self) -> SystemTime {
        SystemTime::now() + Duration::from_secs(self.0.load(Ordering::SeqCst))
    }
}

// Reserved characters, so that their encoded forms differ from them.
const PROFILE_SECRET: &str = "profile/secret+NOT=TO-APPEAR";
const ENV_SECRET: &str = "env/secret+NOT=TO-APPEAR";
const ENV_TOKEN: &str = "env/token+NOT=TO-APPEAR";
const EXT_SECRET: &str = "ext/secret+NOT=TO-APPEAR";
const INI_SECRET: &str = "ini/secret+NOT-TO-APPEAR";

#[test]
fn no_secret_in_debug_display_errors_or_logs() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut secrets: Vec<String> = [
        DEMO_ACCESS_KEY_SECRET,
        DEMO_OIDC_TOKEN,
        PROFILE_SECRET,
        ENV_SECRET,
        ENV_TOKEN,
        EXT_SECRET,
        INI_SECRET,
    ]
    .map(str::to_owned)
    .to_vec();
    let mut shown = String::new();
    let mut outcomes: Vec<String> = Vec::new();
    rt.block_on(async {
        let sbx = sandbox().await;
        let home = Home::new();
        let token_file = home.write("token", DEMO_OIDC_TOKEN);
        let uri = format!("{}/latest/meta-data/ram/security-credentials/{DEMO_ROLE_NAME}", sbx.url);
        home.write(
            ".aliyun/config.json",
            &serde_json::json!({"current": "p", "profiles": [
                {"name": "p", "mode": "AK", "access_key_id": "pid", "access_key_secret": PROFILE_SECRET},
                {"name": "ext", "mode": "External", "process_command":
                    format!("echo '{{\"access_key_id\":\"x\",\"access_key_secret\":\"{EXT_SECRET}\"}}'")},
                {"name": "bad", "mode": "StsToken", "access_key_id": "id", "access_key_secret": PROFILE_SECRET}
            ]})
            .to_string(),
        );
        home.write(
            ".alibabacloud/credentials.ini",
            &format!("[default]\ntype = access_key\naccess_key_id = i\naccess_key_secret = {INI_SECRET}\n"),
        );
        let env = env_for(
            &sbx,
            &home,
            &[
                (ENV_ACCESS_KEY_ID, "eid"),
                (ENV_ACCESS_KEY_SECRET, ENV_SECRET),
                (ENV_SECURITY_TOKEN, ENV_TOKEN),
                (ENV_ROLE_ARN, DEMO_ROLE_ARN),
                (ENV_OIDC_PROVIDER_ARN, DEMO_OIDC_PROVIDER_ARN),
                (ENV_OIDC_TOKEN_FILE, token_file.to_str().unwrap()),
                (ENV_CREDENTIALS_URI, &uri),
            ],
        );
        let ahead = Arc::new(AtomicU64::new(0));
        let providers: Vec<Box<dyn ProvideCredentialsTyped>> = vec![
            Box::new(EnvironmentProvider::builder().env(env.clone()).build()),
            Box::new(OidcRoleArnProvider::builder().env(env.clone()).clock(Ahead(ahead.clone())).build()),
            Box::new(
                RamRoleArnProvider::with_access_key(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
                    .env(env.clone())
                    .build(),
            ),
            Box::new(
                RamRoleArnProvider::with_access_key(DEMO_ACCESS_KEY_ID, "wrong-secret-NOT-TO-APPEAR")
                    .env(env.clone())
                    .build(),
            ),
            Box::new(CliProfileProvider::builder().env(env.clone()).build()),
            Box::new(CliProfileProvider::builder().env(env.clone()).profile("ext").build()),
            Box::new(CliProfileProvider::builder().env(env.clone()).profile("bad").build()),
            Box::new(IniFileProvider::builder().env(env.clone()).build()),
            Box::new(EcsRamRoleProvider::builder().env(env.clone()).build()),
            Box::new(CredentialsUriProvider::builder().env(env.clone()).build()),
            Box::new(DefaultCredentialsChain::builder().env(env.clone()).build()),
        ];
        secrets.push("wrong-secret-NOT-TO-APPEAR".to_owned());
        for p in &providers {
            let got = p.credentials().await;
            outcomes.push(match &got {
                Ok(c) => c.provider_name().unwrap_or("?").to_owned(),
                Err(_) => "error".to_owned(),
            });
            match got {
                Ok(c) => {
                    secrets.push(c.access_key_secret().expose_secret().to_owned());
                    if let Some(t) = c.security_token() {
                        secrets.push(t.expose_secret().to_owned());
                    }
                    shown.push_str(&format!("{c:?}\n"));
                }
                Err(e) => shown.push_str(&format!("{e}\n{e:?}\n")),
            }
            shown.push_str(&format!("{p:?}\n"));
        }
        // A failing refresh while the old credentials are valid is logged at warn.
        std::fs::write(&token_file, "rotated-bad-token-NOT-TO-APPEAR").unwrap();
        secrets.push("rotated-bad-token-NOT-TO-APPEAR".to_owned());
        ahead.store(3500, Ordering::SeqCst);
        assert!(providers[1].credentials().await.is_ok());
    });
    // Each provider did what it is here for: the good ones produced credentials (whose
    // secrets are then looked for), the two misconfigured ones failed.
    assert_eq!(
        outcomes,
        [
            "env",
            "oidc_role_arn",
            "ram_role_arn/static_ak",
            "error",
            "cli_profile/static_ak",
            "cli_profile/external",
            "error",
            "profile/static_ak",
            "ecs_ram_role",
            "credential_uri",
            "default/env",
        ]
    );
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("WARN"),
        "the failed refresh is logged: {logs}"
    );
    let all = format!("{logs}\n{shown}");
    for s in &secrets {
        for form in cams_vectors::secret_forms::forms(s) {
            assert!(
                !all.contains(form.as_str()),
                "secret {s:?} leaked as {form:?}:\n{all}"
            );
        }
    }
    // Metadata tokens are 40 hex digits; none was printed.
    let hex_run = all
        .split(|c: char| !c.is_ascii_hexdigit())
        .any(|w| w.len() >= 40);
    assert!(!hex_run, "{all}");
}
