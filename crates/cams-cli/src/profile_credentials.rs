//! Credentials from a profile (by its mode) or, with no profile, from the default chain.

use cams_auth::{Credentials, EnvironmentCredentialsProvider};
use cams_credentials::cli_config::Profile;

/// The credentials a profile gives.
pub(crate) async fn provide(profile: &Profile) -> Result<Credentials, String> {
    let need = |key: &str| {
        profile.get(key).map(str::to_owned).ok_or_else(|| {
            format!(
                "profile {:?} (mode {}) has no {key}",
                profile.name, profile.mode
            )
        })
    };
    match profile.mode.as_str() {
        "AK" | "" => Ok(Credentials::new(
            need("access_key_id")?,
            need("access_key_secret")?,
        )),
        "StsToken" => Ok(
            Credentials::new(need("access_key_id")?, need("access_key_secret")?)
                .with_security_token(need("sts_token")?),
        ),
        other => Err(format!(
            "profile {:?}: mode {other} is not supported yet",
            profile.name
        )),
    }
}

/// The credentials of the default chain.
pub(crate) async fn provide_from_chain() -> Result<Credentials, String> {
    EnvironmentCredentialsProvider::new()
        .credentials()
        .map_err(|e| e.to_string())
}
