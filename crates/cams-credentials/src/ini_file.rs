//! Credentials from the INI file `~/.alibabacloud/credentials` (Go's name) or
//! `~/.alibabacloud/credentials.ini` (Python's name).

use crate::builder::{Common, common_setters};
use crate::context::Context;
use crate::ecs_ram_role::EcsRamRoleProvider;
use crate::error::{Error, Result};
use crate::oidc::OidcRoleArnProvider;
use crate::ram_role_arn::RamRoleArnProvider;
use crate::source::fixed;
use cams_auth::{Credentials, CredentialsError, ProvideCredentials};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `ALIBABA_CLOUD_CREDENTIALS_FILE`: the file's path.
pub const ENV_CREDENTIALS_FILE: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";

/// Reads section `ALIBABA_CLOUD_PROFILE` (else `default`) of the file once, then asks the
/// provider its `type` calls for (`access_key`, `ecs_ram_role`, `ram_role_arn`,
/// `oidc_role_arn`); named `profile/<inner provider>`.
#[derive(Debug)]
pub struct IniFileProvider {
    ctx: Context,
    path: Option<PathBuf>,
    section: Option<String>,
    prefix: String,
    inner: tokio::sync::OnceCell<Arc<dyn ProvideCredentials>>,
}

/// Builds an [`IniFileProvider`].
#[derive(Debug, Default)]
pub struct IniFileProviderBuilder {
    common: Common,
    path: Option<PathBuf>,
    section: Option<String>,
}

impl IniFileProviderBuilder {
    common_setters!();
    /// The file (default: `ALIBABA_CLOUD_CREDENTIALS_FILE`, else the first of
    /// `~/.alibabacloud/credentials` and `~/.alibabacloud/credentials.ini` that exists).
    pub fn path(mut self, path: impl Into<PathBuf>) -> Self {
        self.path = Some(path.into());
        self
    }
    /// The section (default: `ALIBABA_CLOUD_PROFILE`, else `default`).
    pub fn section(mut self, name: impl Into<String>) -> Self {
        self.section = Some(name.into());
        self
    }
    /// The provider (the file is read when credentials are first asked for).
    pub fn build(self) -> IniFileProvider {
        IniFileProvider {
            ctx: self.common.to_context(),
            path: self.path,
            section: self.section,
            prefix: self.common.prefix,
            inner: tokio::sync::OnceCell::new(),
        }
    }
}

/// One section: keys to values, `#` comments stripped.
type Section = HashMap<String, String>;

/// Parses INI text: `[section]` headers, `key = value` lines, `#` and `;` comment lines,
/// trailing `#` comments (as the Python library strips them).
pub(crate) fn parse_ini(text: &str) -> HashMap<String, Section> {
    let mut out: HashMap<String, Section> = HashMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_owned();
            out.entry(name.clone()).or_default();
            current = Some(name);
        } else if let (Some(section), Some((k, v))) = (&current, line.split_once('=')) {
            if let Some(s) = out.get_mut(section) {
                s.insert(k.trim().to_owned(), v.trim().to_owned());
            }
        }
    }
    out
}

impl IniFileProvider {
    /// A builder.
    pub fn builder() -> IniFileProviderBuilder {
        IniFileProviderBuilder::default()
    }

    fn path(&self) -> Result<PathBuf> {
        if let Some(p) = self
            .path
            .clone()
            .or_else(|| self.ctx.env.get(ENV_CREDENTIALS_FILE).map(PathBuf::from))
        {
            return Ok(p);
        }
        let home = self
            .ctx
            .env
            .home_dir()
            .ok_or_else(|| Error::NotConfigured("no home directory".to_owned()))?;
        let dir = home.join(".alibabacloud");
        [dir.join("credentials"), dir.join("credentials.ini")]
            .into_iter()
            .find(|p| p.is_file())
            .ok_or_else(|| {
                Error::NotConfigured(format!(
                    "neither {0}/credentials nor {0}/credentials.ini exists",
                    dir.display()
                ))
            })
    }

    fn load(&self) -> Result<Arc<dyn ProvideCredentials>> {
        let path = self.path()?;
        let text = std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                Error::NotConfigured(format!("{} not found", path.display()))
            }
            _ => Error::io(&path, &e),
        })?;
        let sections = parse_ini(&text);
        let name = self
            .section
            .clone()
            .or_else(|| self.ctx.env.get(crate::cli_profile::ENV_PROFILE))
            .unwrap_or_else(|| "default".to_owned());
        let s = sections.get(&name).ok_or_else(|| Error::Parse {
            path: path.clone(),
            message: format!("no section [{name}]"),
        })?;
        build_section(
            &path,
            &name,
            s,
            &self.ctx,
            &format!("{}profile/", self.prefix),
        )
    }
}

fn build_section(
    path: &Path,
    name: &str,
    s: &Section,
    ctx: &Context,
    prefix: &str,
) -> Result<Arc<dyn ProvideCredentials>> {
    let get = |k: &str| s.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let need = |k: &str| {
        get(k).ok_or_else(|| Error::Parse {
            path: path.to_owned(),
            message: format!("[{name}] {k} is required"),
        })
    };
    Ok(match need("type")? {
        "access_key" => Arc::new(fixed(
            prefix,
            need("access_key_id")?,
            need("access_key_secret")?,
            None,
        )),
        "ecs_ram_role" => {
            let mut b = EcsRamRoleProvider::builder()
                .context(ctx)
                .name_prefix(prefix);
            if let Some(r) = get("role_name") {
                b = b.role_name(r);
            }
            Arc::new(b.build())
        }
        "ram_role_arn" => {
            let source = fixed("", need("access_key_id")?, need("access_key_secret")?, None);
            let b = RamRoleArnProvider::builder(source)
                .context(ctx)
                .role_arn(need("role_arn")?)
                .name_prefix(prefix);
            Arc::new(
                b.role_options(get("role_session_name"), None, get("policy"))
                    .build(),
            )
        }
        "oidc_role_arn" => {
            let b = OidcRoleArnProvider::builder()
                .context(ctx)
                .role_arn(need("role_arn")?)
                .oidc_provider_arn(need("oidc_provider_arn")?)
                .oidc_token_file(need("oidc_token_file_path")?)
                .name_prefix(prefix);
            Arc::new(
                b.role_options(get("role_session_name"), None, get("policy"))
                    .build(),
            )
        }
        other => {
            return Err(Error::invalid(
                format!("{} [{name}] type", path.display()),
                format!("{other:?} is not supported"),
            ));
        }
    })
}

#[async_trait::async_trait]
impl ProvideCredentials for IniFileProvider {
    async fn provide_credentials(&self) -> std::result::Result<Credentials, CredentialsError> {
        let inner = self.inner.get_or_try_init(|| async { self.load() }).await?;
        inner.provide_credentials().await
    }

    fn credentials_now(&self) -> Option<Credentials> {
        self.inner.get()?.credentials_now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_and_strips_comments() {
        let ini = parse_ini(
            "# top\n[default]\ntype = access_key # the type\naccess_key_id=id\n; c\n[other]\nk = v=w\n",
        );
        assert_eq!(ini["default"]["type"], "access_key");
        assert_eq!(ini["default"]["access_key_id"], "id");
        assert_eq!(ini["other"]["k"], "v=w");
    }
}
