//! The default chain of the official SDKs.

use crate::builder::{Common, common_setters};
use crate::cli_profile::CliProfileProvider;
use crate::credentials_uri::CredentialsUriProvider;
use crate::ecs_ram_role::EcsRamRoleProvider;
use crate::env::Env;
use crate::environment::EnvironmentProvider;
use crate::error::Error;
use crate::ini_file::IniFileProvider;
use crate::oidc::OidcRoleArnProvider;
use cams_auth::{Credentials, CredentialsError, ProvideCredentials};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `ALIBABA_CLOUD_REGION_ID`: the region when neither the client nor the profile names one.
pub const ENV_REGION_ID: &str = "ALIBABA_CLOUD_REGION_ID";
const NONE: usize = usize::MAX;

/// Environment → OIDC → CLI profile → credentials file → ECS RAM role → credentials URI.
///
/// The first source that produces credentials is remembered and asked first from then on
/// (the others again only if it fails). When every source fails, [`Error::Chain`] lists each
/// with the reason it was skipped or failed. Credentials are named `default/<provider>`.
#[derive(Debug)]
pub struct DefaultCredentialsChain {
    sources: Vec<(&'static str, Arc<dyn ProvideCredentials>)>,
    profile: Arc<CliProfileProvider>,
    env: Env,
    last: AtomicUsize,
}

/// Builds a [`DefaultCredentialsChain`].
#[derive(Debug, Default)]
pub struct DefaultCredentialsChainBuilder {
    common: Common,
}

impl DefaultCredentialsChainBuilder {
    common_setters!();
    /// The chain.
    pub fn build(self) -> DefaultCredentialsChain {
        let ctx = self.common.to_context();
        let p = "default/";
        let profile = Arc::new(
            CliProfileProvider::builder()
                .context(&ctx)
                .name_prefix(p)
                .build(),
        );
        let sources: Vec<(&'static str, Arc<dyn ProvideCredentials>)> = vec![
            (
                "environment",
                Arc::new(
                    EnvironmentProvider::builder()
                        .env(ctx.env.clone())
                        .name_prefix(p)
                        .build(),
                ),
            ),
            (
                "OIDC",
                Arc::new(
                    OidcRoleArnProvider::builder()
                        .context(&ctx)
                        .name_prefix(p)
                        .build(),
                ),
            ),
            ("CLI profile", profile.clone()),
            (
                "credentials file",
                Arc::new(
                    IniFileProvider::builder()
                        .context(&ctx)
                        .name_prefix(p)
                        .build(),
                ),
            ),
            (
                "ECS metadata",
                Arc::new(
                    EcsRamRoleProvider::builder()
                        .context(&ctx)
                        .name_prefix(p)
                        .build(),
                ),
            ),
            (
                "credentials URI",
                Arc::new(
                    CredentialsUriProvider::builder()
                        .context(&ctx)
                        .name_prefix(p)
                        .build(),
                ),
            ),
        ];
        DefaultCredentialsChain {
            sources,
            profile,
            env: ctx.env,
            last: AtomicUsize::new(NONE),
        }
    }
}

impl DefaultCredentialsChain {
    /// The chain over the process environment, with default transports.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder.
    pub fn builder() -> DefaultCredentialsChainBuilder {
        DefaultCredentialsChainBuilder::default()
    }

    /// The region of the environment the chain reads: the CLI profile's `region_id`, else
    /// `ALIBABA_CLOUD_REGION_ID`.
    pub fn region(&self) -> Option<String> {
        self.profile
            .region_id()
            .or_else(|| self.env.get(ENV_REGION_ID))
    }

    /// The name of the source that produced the last credentials.
    pub fn last_source(&self) -> Option<&'static str> {
        self.sources
            .get(self.last.load(Ordering::Relaxed))
            .map(|(n, _)| *n)
    }
}

/// The region `env` names: the CLI profile's `region_id` (the profile the chain would use),
/// else `ALIBABA_CLOUD_REGION_ID`.
pub fn default_region(env: &Env) -> Option<String> {
    CliProfileProvider::builder()
        .env(env.clone())
        .build()
        .region_id()
        .or_else(|| env.get(ENV_REGION_ID))
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait::async_trait]
impl ProvideCredentials for DefaultCredentialsChain {
    async fn provide_credentials(&self) -> std::result::Result<Credentials, CredentialsError> {
        let last = self.last.load(Ordering::Relaxed);
        if let Some((name, source)) = self.sources.get(last) {
            match source.provide_credentials().await {
                Ok(c) => return Ok(c),
                Err(e) => {
                    tracing::warn!(source = name, error = %e, "the credentials source that worked last failed; trying the chain again")
                }
            }
        }
        let mut attempts = Vec::with_capacity(self.sources.len());
        for (i, (name, source)) in self.sources.iter().enumerate() {
            match source.provide_credentials().await {
                Ok(c) => {
                    self.last.store(i, Ordering::Relaxed);
                    tracing::debug!(
                        source = name,
                        provider = c.provider_name(),
                        "credentials found"
                    );
                    return Ok(c);
                }
                Err(e) => {
                    tracing::debug!(source = name, error = %e, "credentials source skipped");
                    // The source's name leads the line already; errors that name their service
                    // with the same words would say it twice.
                    let why = e.to_string();
                    let why = why
                        .strip_prefix(&format!("{name}: "))
                        .map_or_else(|| why.clone(), str::to_owned);
                    attempts.push((*name, why));
                }
            }
        }
        Err(Error::Chain(attempts).into())
    }

    fn credentials_now(&self) -> Option<Credentials> {
        self.sources
            .get(self.last.load(Ordering::Relaxed))?
            .1
            .credentials_now()
    }
}
