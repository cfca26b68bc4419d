//! Credential providers.
//!
//! Here: the [`ProvideCredentials`] trait, [`StaticCredentialsProvider`],
//! [`EnvironmentCredentialsProvider`] and the type-erased [`SharedCredentialsProvider`].
//!
//! The default chain of the official SDKs (environment, OIDC, CLI profile, credentials file, ECS
//! RAM role, credentials URI, STS role assumption, refresh before expiry) needs HTTP and files,
//! so it lives in the `cams-credentials` crate (`DefaultCredentialsChain`), which implements
//! [`ProvideCredentials`]; the providers there name their credentials
//! ([`Credentials::provider_name`]) and mark when they expire ([`Credentials::expiration`]).

use std::fmt;
use std::sync::Arc;

use crate::{Credentials, CredentialsError};

/// Something that can produce [`Credentials`] (possibly asynchronously, e.g. from a metadata service).
#[async_trait::async_trait]
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Returns the current credentials.
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError>;

    /// The credentials, when the provider has them at hand without waiting (a fixed key).
    /// Callers try this first and await [`provide_credentials`](Self::provide_credentials)
    /// only on `None`, which saves a boxed future per request. The default is `None`.
    fn credentials_now(&self) -> Option<Credentials> {
        None
    }
}

/// Always returns the same credentials.
#[derive(Debug, Clone)]
pub struct StaticCredentialsProvider {
    credentials: Credentials,
}

impl StaticCredentialsProvider {
    /// A provider returning `credentials`.
    pub fn new(credentials: Credentials) -> Self {
        StaticCredentialsProvider { credentials }
    }
}

#[async_trait::async_trait]
impl ProvideCredentials for StaticCredentialsProvider {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        Ok(self.credentials.clone())
    }

    fn credentials_now(&self) -> Option<Credentials> {
        Some(self.credentials.clone())
    }
}

/// Name of the AccessKey id variable.
pub const ENV_ACCESS_KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
/// Name of the AccessKey secret variable.
pub const ENV_ACCESS_KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
/// Name of the optional STS token variable.
pub const ENV_SECURITY_TOKEN: &str = "ALIBABA_CLOUD_SECURITY_TOKEN";

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and, optionally,
/// `ALIBABA_CLOUD_SECURITY_TOKEN` each time credentials are requested.
///
/// A missing or empty id or secret is [`CredentialsError::MissingEnv`]; an empty token is ignored.
#[derive(Clone)]
pub struct EnvironmentCredentialsProvider {
    lookup: Lookup,
}

impl EnvironmentCredentialsProvider {
    /// Reads the process environment.
    pub fn new() -> Self {
        Self::with_lookup(|name| std::env::var(name).ok())
    }

    /// Reads variables through `lookup` instead of the process environment (tests).
    pub fn with_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        EnvironmentCredentialsProvider {
            lookup: Arc::new(lookup),
        }
    }

    /// Reads the variables now (synchronous form of [`ProvideCredentials::provide_credentials`]).
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let get = |name: &'static str| (self.lookup)(name).filter(|v| !v.is_empty());
        let id = get(ENV_ACCESS_KEY_ID).ok_or(CredentialsError::MissingEnv {
            name: ENV_ACCESS_KEY_ID,
        })?;
        let secret = get(ENV_ACCESS_KEY_SECRET).ok_or(CredentialsError::MissingEnv {
            name: ENV_ACCESS_KEY_SECRET,
        })?;
        let creds = Credentials::new(id, secret);
        Ok(match get(ENV_SECURITY_TOKEN) {
            Some(token) => creds.with_security_token(token),
            None => creds,
        })
    }
}

impl Default for EnvironmentCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for EnvironmentCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnvironmentCredentialsProvider")
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
impl ProvideCredentials for EnvironmentCredentialsProvider {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.credentials()
    }
}

/// A cheaply clonable, type-erased provider.
#[derive(Debug, Clone)]
pub struct SharedCredentialsProvider(Arc<dyn ProvideCredentials>);

impl SharedCredentialsProvider {
    /// Wraps `provider`.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        SharedCredentialsProvider(Arc::new(provider))
    }
}

impl From<Credentials> for SharedCredentialsProvider {
    fn from(credentials: Credentials) -> Self {
        Self::new(StaticCredentialsProvider::new(credentials))
    }
}

#[async_trait::async_trait]
impl ProvideCredentials for SharedCredentialsProvider {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
        self.0.provide_credentials().await
    }

    fn credentials_now(&self) -> Option<Credentials> {
        self.0.credentials_now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> EnvironmentCredentialsProvider {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EnvironmentCredentialsProvider::with_lookup(move |name| map.get(name).cloned())
    }

    #[tokio::test]
    async fn env_provider() {
        let p = env(&[
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_ACCESS_KEY_SECRET, "s3cr3t"),
            (ENV_SECURITY_TOKEN, "t0k3n"),
        ]);
        let c = p.provide_credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "id");
        assert_eq!(c.access_key_secret().expose_secret(), "s3cr3t");
        assert_eq!(c.security_token().unwrap().expose_secret(), "t0k3n");
        assert!(!format!("{p:?}").contains("s3cr3t"));

        let p = env(&[
            (ENV_ACCESS_KEY_ID, "id"),
            (ENV_ACCESS_KEY_SECRET, "s3cr3t"),
            (ENV_SECURITY_TOKEN, ""),
        ]);
        assert!(
            p.provide_credentials()
                .await
                .unwrap()
                .security_token()
                .is_none()
        );

        let err = env(&[(ENV_ACCESS_KEY_SECRET, "s3cr3t")])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(matches!(
            err,
            CredentialsError::MissingEnv {
                name: ENV_ACCESS_KEY_ID
            }
        ));
        assert!(err.to_string().contains(ENV_ACCESS_KEY_ID));
        let err = env(&[(ENV_ACCESS_KEY_ID, "id"), (ENV_ACCESS_KEY_SECRET, "")])
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(err.to_string().contains(ENV_ACCESS_KEY_SECRET), "{err}");
    }

    #[tokio::test]
    async fn static_and_shared() {
        let creds = Credentials::new("id", "s3cr3t").with_security_token("t0k3n");
        let shared = SharedCredentialsProvider::new(StaticCredentialsProvider::new(creds));
        let d = format!("{shared:?} {:?}", shared.clone());
        assert!(!d.contains("s3cr3t") && !d.contains("t0k3n"), "{d}");
        let c = shared.provide_credentials().await.unwrap();
        assert_eq!(c.access_key_id(), "id");
    }

    #[test]
    fn fixed_keys_are_at_hand_and_the_environment_is_asked() {
        let fixed = SharedCredentialsProvider::new(StaticCredentialsProvider::new(
            Credentials::new("id", "secret"),
        ));
        assert_eq!(
            fixed
                .credentials_now()
                .map(|c| c.access_key_id().to_owned()),
            Some("id".to_owned())
        );
        let env =
            SharedCredentialsProvider::new(EnvironmentCredentialsProvider::with_lookup(|_| None));
        assert!(env.credentials_now().is_none());
    }
}
