//! Credentials from a profile (whatever its mode: `AK`, `StsToken`, `RamRoleArn`,
//! `EcsRamRole`, `OIDC`, ...) or, with no profile, from the default chain.

use cams_auth::Credentials;
use cams_credentials::{CliProfileProvider, DefaultCredentialsChain, ProvideCredentials};
use std::path::Path;

/// The credentials profile `name` of the file at `path` gives.
pub(crate) async fn provide(path: Option<&Path>, name: &str) -> Result<Credentials, String> {
    let mut builder = CliProfileProvider::builder().profile(name);
    if let Some(path) = path {
        builder = builder.path(path);
    }
    builder
        .build()
        .provide_credentials()
        .await
        .map_err(|e| e.to_string())
}

/// The credentials of the default chain (environment, OIDC, CLI profile, credentials file,
/// ECS RAM role, credentials URI).
pub(crate) async fn provide_from_chain() -> Result<Credentials, String> {
    DefaultCredentialsChain::new()
        .provide_credentials()
        .await
        .map_err(|e| e.to_string())
}
