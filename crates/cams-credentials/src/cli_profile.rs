//! Credentials from a profile of the `aliyun` CLI's `~/.aliyun/config.json`.

use crate::builder::{Common, common_setters};
use crate::cli_config::{ConfigFile, Profile};
use crate::context::Context;
use crate::credentials_uri::CredentialsUriProvider;
use crate::ecs_ram_role::EcsRamRoleProvider;
use crate::error::{Error, Result};
use crate::external::ExternalProvider;
use crate::oidc::OidcRoleArnProvider;
use crate::ram_role_arn::RamRoleArnProvider;
use crate::source::fixed;
use crate::sts::StsEndpoint;
use cams_auth::{Credentials, CredentialsError, ProvideCredentials};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// `ALIBABA_CLOUD_PROFILE`: the profile to use (else the file's `current`).
pub const ENV_PROFILE: &str = "ALIBABA_CLOUD_PROFILE";
/// `ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true`: skip the file.
pub const ENV_CLI_PROFILE_DISABLED: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";
/// How many `source_profile` links a `ChainableRamRoleArn` profile may follow.
pub const MAX_PROFILE_DEPTH: usize = 5;

/// Reads the profile once (at the first call that finds it) and then asks the provider its
/// mode calls for; named `cli_profile/<inner provider>`.
///
/// Modes: `AK`, `StsToken`, `RamRoleArn`, `EcsRamRole`, `OIDC`, `ChainableRamRoleArn`
/// (`source_profile`, at most [`MAX_PROFILE_DEPTH`] links, cycles refused), `CredentialsURI`,
/// `External` (`process_command`, with a timeout). Any other mode is
/// [`Error::UnsupportedMode`].
#[derive(Debug)]
pub struct CliProfileProvider {
    ctx: Context,
    path: Option<PathBuf>,
    profile: Option<String>,
    external_timeout: Duration,
    prefix: String,
    inner: tokio::sync::OnceCell<Arc<dyn ProvideCredentials>>,
}

/// Builds a [`CliProfileProvider`].
#[derive(Debug, Default)]
pub struct CliProfileProviderBuilder {
    common: Common,
    path: Option<PathBuf>,
    profile: Option<String>,
    external_timeout: Option<Duration>,
}

impl CliProfileProviderBuilder {
    common_setters!();
    /// The file (default: `ALIBABA_CLOUD_CONFIG_FILE`, else `~/.aliyun/config.json`).
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }
    /// The profile (default: `ALIBABA_CLOUD_PROFILE`, else the file's `current`).
    pub fn profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }
    /// Time an `External` profile's command may run (default 60 s).
    pub fn external_timeout(mut self, timeout: Duration) -> Self {
        self.external_timeout = Some(timeout);
        self
    }
    /// The provider (the file is read when credentials are first asked for).
    pub fn build(self) -> CliProfileProvider {
        CliProfileProvider {
            ctx: self.common.to_context(),
            path: self.path,
            profile: self.profile,
            external_timeout: self
                .external_timeout
                .unwrap_or(crate::external::DEFAULT_EXTERNAL_TIMEOUT),
            prefix: self.common.prefix,
            inner: tokio::sync::OnceCell::new(),
        }
    }
}

impl CliProfileProvider {
    /// A builder.
    pub fn builder() -> CliProfileProviderBuilder {
        CliProfileProviderBuilder::default()
    }

    /// The file and the name of the profile this provider would use.
    fn locate(&self) -> Result<(ConfigFile, String)> {
        let env = &self.ctx.env;
        if env.is_true(ENV_CLI_PROFILE_DISABLED) {
            return Err(Error::NotConfigured(format!(
                "{ENV_CLI_PROFILE_DISABLED}=true"
            )));
        }
        let path = self
            .path
            .clone()
            .or_else(|| ConfigFile::default_path(env))
            .ok_or_else(|| Error::NotConfigured("no home directory".to_owned()))?;
        let file = ConfigFile::load(&path)?;
        let name = self
            .profile
            .clone()
            .or_else(|| env.get(ENV_PROFILE))
            .unwrap_or_else(|| file.current.clone());
        if name.is_empty() {
            return Err(Error::NotConfigured(format!(
                "{} names no current profile and {ENV_PROFILE} is not set",
                path.display()
            )));
        }
        Ok((file, name))
    }

    /// The `region_id` of the profile this provider uses, if any.
    pub fn region_id(&self) -> Option<String> {
        let (file, name) = self.locate().ok()?;
        file.profile(&name)?.get("region_id").map(str::to_owned)
    }

    async fn inner(&self) -> Result<&Arc<dyn ProvideCredentials>> {
        self.inner
            .get_or_try_init(|| async {
                let (file, name) = self.locate()?;
                let builder = ProfileBuilder {
                    file: &file,
                    ctx: &self.ctx,
                    external_timeout: self.external_timeout,
                };
                builder.build(
                    &name,
                    &format!("{}cli_profile/", self.prefix),
                    &mut Vec::new(),
                )
            })
            .await
    }
}

struct ProfileBuilder<'a> {
    file: &'a ConfigFile,
    ctx: &'a Context,
    external_timeout: Duration,
}

impl ProfileBuilder<'_> {
    /// The provider for profile `name`, its credentials named `prefix` + its own name;
    /// `visited` holds the profiles followed so far (cycle and depth checks).
    fn build(
        &self,
        name: &str,
        prefix: &str,
        visited: &mut Vec<String>,
    ) -> Result<Arc<dyn ProvideCredentials>> {
        if visited.iter().any(|v| v == name) {
            visited.push(name.to_owned());
            return Err(Error::ProfileChain {
                chain: visited.join(" -> "),
                reason: "cycle".to_owned(),
            });
        }
        visited.push(name.to_owned());
        if visited.len() > MAX_PROFILE_DEPTH + 1 {
            return Err(Error::ProfileChain {
                chain: visited.join(" -> "),
                reason: format!("more than {MAX_PROFILE_DEPTH} source_profile links"),
            });
        }
        let p = self
            .file
            .profile(name)
            .ok_or_else(|| Error::ProfileNotFound(name.to_owned()))?;
        let ctx = self.ctx;
        let sts = StsEndpoint {
            endpoint: p.get("sts_endpoint").map(str::to_owned),
            region: p.get("sts_region").map(str::to_owned),
            vpc: p.enable_vpc,
        };
        let role = |source: Arc<dyn ProvideCredentials>,
                    p: &Profile|
         -> Result<Arc<dyn ProvideCredentials>> {
            let mut b = RamRoleArnProvider::builder_from_shared(source)
                .context(ctx)
                .role_arn(p.require("ram_role_arn")?)
                .sts(sts.clone())
                .name_prefix(prefix);
            b = b.role_options(
                p.get("ram_session_name"),
                p.duration_seconds(),
                p.get("policy"),
            );
            if let Some(x) = p.get("external_id") {
                b = b.external_id(x);
            }
            Ok(Arc::new(b.build()))
        };
        let key = |p: &Profile, prefix: &str, with_token: bool| -> Result<crate::source::Fixed> {
            let token = if with_token {
                Some(p.require("sts_token")?)
            } else {
                None
            };
            Ok(fixed(
                prefix,
                p.require("access_key_id")?,
                p.require("access_key_secret")?,
                token,
            ))
        };
        Ok(match p.mode.as_str() {
            "AK" => Arc::new(key(p, prefix, false)?),
            "StsToken" => Arc::new(key(p, prefix, true)?),
            "RamRoleArn" => {
                let token = p.get("sts_token");
                let source = fixed(
                    "",
                    p.require("access_key_id")?,
                    p.require("access_key_secret")?,
                    token,
                );
                role(Arc::new(source), p)?
            }
            "ChainableRamRoleArn" => {
                let source_name = p.require("source_profile")?.to_owned();
                let source = self.build(&source_name, "", visited)?;
                role(source, p)?
            }
            "EcsRamRole" => {
                let mut b = EcsRamRoleProvider::builder()
                    .context(ctx)
                    .name_prefix(prefix);
                if let Some(r) = p.get("ram_role_name") {
                    b = b.role_name(r);
                }
                Arc::new(b.build())
            }
            "OIDC" => {
                let mut b = OidcRoleArnProvider::builder()
                    .context(ctx)
                    .role_arn(p.require("ram_role_arn")?)
                    .oidc_provider_arn(p.require("oidc_provider_arn")?)
                    .oidc_token_file(p.require("oidc_token_file")?)
                    .sts(sts.clone())
                    .name_prefix(prefix);
                b = b.role_options(
                    p.get("ram_session_name"),
                    p.duration_seconds(),
                    p.get("policy"),
                );
                Arc::new(b.build())
            }
            "CredentialsURI" => Arc::new(
                CredentialsUriProvider::builder()
                    .context(ctx)
                    .uri(p.require("credentials_uri")?)
                    .name_prefix(prefix)
                    .build(),
            ),
            "External" => Arc::new(
                ExternalProvider::new(name, p.require("process_command")?)
                    .with_timeout(self.external_timeout)
                    .with_clock(ctx.clock.clone())
                    .with_name_prefix(prefix),
            ),
            other => {
                return Err(Error::UnsupportedMode {
                    profile: name.to_owned(),
                    mode: other.to_owned(),
                });
            }
        })
    }
}

#[async_trait::async_trait]
impl ProvideCredentials for CliProfileProvider {
    async fn provide_credentials(&self) -> std::result::Result<Credentials, CredentialsError> {
        self.inner().await?.provide_credentials().await
    }

    fn credentials_now(&self) -> Option<Credentials> {
        self.inner.get()?.credentials_now()
    }
}
