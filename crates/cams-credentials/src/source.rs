//! The typed interface every provider of this crate implements, and its bridge to
//! [`cams_auth::ProvideCredentials`].

use crate::error::Result;
use cams_auth::Credentials;
use std::fmt;

/// A provider with this crate's typed errors. Every provider here implements it, and
/// [`cams_auth::ProvideCredentials`] on top of it (whose error is a message).
#[async_trait::async_trait]
pub trait ProvideCredentialsTyped: Send + Sync + fmt::Debug {
    /// The current credentials (cached ones when still fresh).
    async fn credentials(&self) -> Result<Credentials>;

    /// The cached credentials when they need no refresh.
    fn credentials_now(&self) -> Option<Credentials> {
        None
    }
}

/// Implements [`cams_auth::ProvideCredentials`] for a type implementing [`ProvideCredentialsTyped`].
macro_rules! provide_via_typed {
    ($ty:ty) => {
        #[async_trait::async_trait]
        impl cams_auth::ProvideCredentials for $ty {
            async fn provide_credentials(
                &self,
            ) -> std::result::Result<cams_auth::Credentials, cams_auth::CredentialsError> {
                crate::source::ProvideCredentialsTyped::credentials(self)
                    .await
                    .map_err(Into::into)
            }

            fn credentials_now(&self) -> Option<cams_auth::Credentials> {
                crate::source::ProvideCredentialsTyped::credentials_now(self)
            }
        }
    };
}
pub(crate) use provide_via_typed;

/// Credentials that never change (a profile's `AK`/`StsToken`, a credentials file's `access_key`).
#[derive(Debug, Clone)]
pub(crate) struct Fixed(pub(crate) Credentials);

#[async_trait::async_trait]
impl ProvideCredentialsTyped for Fixed {
    async fn credentials(&self) -> Result<Credentials> {
        Ok(self.0.clone())
    }

    fn credentials_now(&self) -> Option<Credentials> {
        Some(self.0.clone())
    }
}

/// `static_ak` or `static_sts` credentials named `prefix` + that name.
pub(crate) fn fixed(prefix: &str, id: &str, secret: &str, token: Option<&str>) -> Fixed {
    let c = Credentials::new(id, secret);
    Fixed(match token {
        Some(t) => c
            .with_security_token(t)
            .with_provider_name(format!("{prefix}static_sts")),
        None => c.with_provider_name(format!("{prefix}static_ak")),
    })
}
