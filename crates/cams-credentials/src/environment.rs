//! Credentials from `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and
//! `ALIBABA_CLOUD_SECURITY_TOKEN` (the reading itself is `cams-auth`'s provider; this one adds
//! the injectable [`Env`] and the provider name `env`).

use crate::env::Env;
use crate::error::Error;
use cams_auth::{
    Credentials, CredentialsError, EnvironmentCredentialsProvider, ProvideCredentials,
};

pub use cams_auth::provider::{ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET, ENV_SECURITY_TOKEN};

/// Reads the access key variables at each call; named `env`.
#[derive(Debug, Clone)]
pub struct EnvironmentProvider {
    inner: EnvironmentCredentialsProvider,
    name: String,
}

/// Builds an [`EnvironmentProvider`].
#[derive(Debug, Clone, Default)]
pub struct EnvironmentProviderBuilder {
    env: Option<Env>,
    prefix: String,
}

impl EnvironmentProviderBuilder {
    /// The environment to read (default: the process's).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    pub(crate) fn name_prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.to_owned();
        self
    }

    /// The provider.
    pub fn build(self) -> EnvironmentProvider {
        let env = self.env.unwrap_or_default();
        EnvironmentProvider {
            inner: EnvironmentCredentialsProvider::with_lookup(move |name| env.get(name)),
            name: format!("{}env", self.prefix),
        }
    }
}

impl EnvironmentProvider {
    /// A builder.
    pub fn builder() -> EnvironmentProviderBuilder {
        EnvironmentProviderBuilder::default()
    }

    /// Reads the process environment.
    pub fn new() -> Self {
        Self::builder().build()
    }
}

impl Default for EnvironmentProvider {
    fn default() -> Self {
        Self::new()
    }
}

#[async_trait::async_trait]
impl ProvideCredentials for EnvironmentProvider {
    async fn provide_credentials(&self) -> std::result::Result<Credentials, CredentialsError> {
        match self.inner.credentials() {
            Ok(c) => Ok(c.with_provider_name(self.name.clone())),
            Err(CredentialsError::MissingEnv { name }) => {
                Err(Error::NotConfigured(format!("{name} not set")).into())
            }
            Err(e) => Err(Error::NotConfigured(e.to_string()).into()),
        }
    }
}
