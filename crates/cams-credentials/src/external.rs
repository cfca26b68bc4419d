//! An `External` CLI profile: a command that prints credentials as JSON, run with a timeout.

use crate::cache::RefreshCache;
use crate::error::{Error, Result};
use crate::source::{ProvideCredentialsTyped, provide_via_typed};
use cams_auth::{Credentials, TimeSource, parse_timestamp};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use zeroize::Zeroizing;

/// How long the command may run by default.
pub const DEFAULT_EXTERNAL_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `process_command` (through `sh -c`, `cmd /C` on Windows) and reads
/// `{"mode": "AK"|"StsToken", "access_key_id", "access_key_secret", "sts_token", "expiration"?}`
/// from its output; named `external`. A command that fails, prints something else or runs past
/// the timeout is [`Error::External`] naming the profile (its output is never repeated).
#[derive(Clone)]
pub struct ExternalProvider {
    profile: String,
    command: String,
    timeout: Duration,
    cache: RefreshCache,
    name: String,
}

impl std::fmt::Debug for ExternalProvider {
    /// The command is not shown: it may carry a secret of its own.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExternalProvider")
            .field("profile", &self.profile)
            .field("timeout", &self.timeout)
            .field("cache", &self.cache)
            .finish_non_exhaustive()
    }
}

impl ExternalProvider {
    /// A provider running `command` for `profile` (the name is used in errors).
    pub fn new(profile: impl Into<String>, command: impl Into<String>) -> Self {
        ExternalProvider {
            profile: profile.into(),
            command: command.into(),
            timeout: DEFAULT_EXTERNAL_TIMEOUT,
            cache: RefreshCache::new(),
            name: "external".to_owned(),
        }
    }

    /// How long the command may run (default 60 s).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub(crate) fn with_clock(mut self, clock: Option<Arc<dyn TimeSource>>) -> Self {
        if let Some(c) = clock {
            self.cache = RefreshCache::with_shared_clock(c);
        }
        self
    }

    pub(crate) fn with_name_prefix(mut self, prefix: &str) -> Self {
        self.name = format!("{prefix}external");
        self
    }

    fn fail(&self, reason: impl Into<String>) -> Error {
        Error::External {
            profile: self.profile.clone(),
            reason: reason.into(),
        }
    }

    async fn fetch(&self) -> Result<Credentials> {
        if self.command.trim().is_empty() {
            return Err(self.fail("process_command is empty"));
        }
        let mut cmd = if cfg!(windows) {
            let mut c = tokio::process::Command::new("cmd");
            c.arg("/C").arg(&self.command);
            c
        } else {
            let mut c = tokio::process::Command::new("sh");
            c.arg("-c").arg(&self.command);
            c
        };
        cmd.stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true);
        let child = cmd
            .spawn()
            .map_err(|e| self.fail(format!("could not start: {e}")))?;
        let out = match tokio::time::timeout(self.timeout, child.wait_with_output()).await {
            Ok(Ok(out)) => out,
            Ok(Err(e)) => return Err(self.fail(format!("failed: {e}"))),
            Err(_) => {
                return Err(self.fail(format!("timed out after {} ms", self.timeout.as_millis())));
            }
        };
        if !out.status.success() {
            return Err(self.fail(format!("exited with {}", out.status)));
        }
        let stdout = Zeroizing::new(out.stdout);
        #[derive(Deserialize)]
        struct Printed {
            #[serde(default)]
            mode: Option<String>,
            #[serde(default)]
            access_key_id: Option<String>,
            #[serde(default)]
            access_key_secret: Option<String>,
            #[serde(default)]
            sts_token: Option<String>,
            #[serde(default)]
            expiration: Option<String>,
        }
        let p: Printed = serde_json::from_slice(&stdout).map_err(|e| {
            self.fail(format!(
                "printed something that is not JSON credentials ({e})"
            ))
        })?;
        let (Some(id), Some(secret)) = (
            p.access_key_id.filter(|v| !v.is_empty()),
            p.access_key_secret.filter(|v| !v.is_empty()),
        ) else {
            return Err(self.fail("printed no access_key_id or access_key_secret"));
        };
        let mut c = Credentials::new(id, secret);
        let token = p.sts_token.filter(|t| !t.is_empty());
        if p.mode.as_deref() == Some("StsToken") && token.is_none() {
            return Err(self.fail("mode StsToken without sts_token"));
        }
        if let Some(t) = token {
            c = c.with_security_token(t);
        }
        if let Some(exp) = p.expiration.as_deref().filter(|e| !e.is_empty()) {
            let at = parse_timestamp(exp).ok_or_else(|| {
                self.fail(format!("expiration {exp:?} is not YYYY-MM-DDThh:mm:ssZ"))
            })?;
            c = c.with_expiration(at);
        }
        Ok(c.with_provider_name(self.name.clone()))
    }
}

#[async_trait::async_trait]
impl ProvideCredentialsTyped for ExternalProvider {
    async fn credentials(&self) -> Result<Credentials> {
        self.cache.get_or_refresh(|| self.fetch()).await
    }

    fn credentials_now(&self) -> Option<Credentials> {
        self.cache.fresh()
    }
}

provide_via_typed!(ExternalProvider);
