//! Fixed credentials, as profiles and credentials files name them.

use cams_auth::{Credentials, CredentialsError, ProvideCredentials};

/// Credentials that never change (a profile's `AK`/`StsToken`, a credentials file's `access_key`).
#[derive(Debug, Clone)]
pub(crate) struct Fixed(pub(crate) Credentials);

#[async_trait::async_trait]
impl ProvideCredentials for Fixed {
    async fn provide_credentials(&self) -> Result<Credentials, CredentialsError> {
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
