//! Shared by the integration tests: a sandbox on loopback, files in a temporary home.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use cams_sandbox::{Engine, Fixture, ImdsMode};
use std::path::{Path, PathBuf};

/// A sandbox served on 127.0.0.1; dropped with the runtime.
pub struct Sandbox {
    pub url: String,
    pub engine: Engine,
}

pub async fn sandbox() -> Sandbox {
    sandbox_with(Fixture::demo()).await
}

pub async fn sandbox_mode(mode: ImdsMode) -> Sandbox {
    let mut f = Fixture::demo();
    f.identity.imds_mode = mode;
    sandbox_with(f).await
}

pub async fn sandbox_with(fixture: Fixture) -> Sandbox {
    let engine = Engine::new(fixture);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let e = engine.clone();
    tokio::spawn(async move {
        let _ = cams_sandbox::serve(listener, e, std::future::pending()).await;
    });
    Sandbox { url, engine }
}

/// A temporary home directory with helpers to write files into it.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
    pub fn home(&self) -> String {
        self.dir.path().display().to_string()
    }
}

/// Variables pointing every network source at the sandbox (metadata and STS), plus `extra`.
pub fn env_for(sbx: &Sandbox, home: &Home, extra: &[(&str, &str)]) -> cams_credentials::Env {
    let mut vars: Vec<(String, String)> = vec![
        ("HOME".into(), home.home()),
        (
            "ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT".into(),
            sbx.url.clone(),
        ),
        ("ALIBABA_CLOUD_STS_ENDPOINT".into(), sbx.url.clone()),
    ];
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    cams_credentials::Env::from_vars(vars)
}
