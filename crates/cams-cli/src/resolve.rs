//! Where each setting of a call comes from: a command-line flag, else the profile, else the
//! environment (the `aliyun` CLI's precedence).

use crate::cams_file::CamsFile;
use crate::cli::{GlobalArgs, Signature};
use crate::error::CliError;
use cams_api::{RetryPolicy, SignatureVersion};
use cams_auth::Credentials;
use cams_credentials::Env;
use cams_credentials::cli_config::ConfigFile;
use std::path::PathBuf;
use std::time::Duration;

/// Environment variables naming the profile, first set wins.
const PROFILE_VARS: [&str; 3] = [
    "ALIBABACLOUD_PROFILE",
    "ALIBABA_CLOUD_PROFILE",
    "ALICLOUD_PROFILE",
];
/// Environment variables holding the region, first set wins.
const REGION_VARS: [&str; 5] = [
    "ALIBABA_CLOUD_REGION_ID",
    "ALIBABACLOUD_REGION_ID",
    "ALICLOUD_REGION_ID",
    "REGION_ID",
    "REGION",
];

/// Where the credentials of a call come from.
#[derive(Debug, Clone)]
pub(crate) enum CredentialSource {
    /// `--access-key-id` / `--access-key-secret` [/ `--sts-token`].
    Flags(Credentials),
    /// The profile (its mode says how): the config file and the profile's name.
    Profile {
        /// The config file.
        path: Option<PathBuf>,
        /// The profile.
        name: String,
    },
    /// No flag, no profile: the default credentials chain (environment first).
    Chain,
}

/// Every setting of a call, resolved.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    /// The region, if any source gave one.
    pub(crate) region: Option<String>,
    /// The endpoint, if any source gave one.
    pub(crate) endpoint: Option<String>,
    /// The credentials' source.
    pub(crate) credentials: CredentialSource,
    /// The signature version.
    pub(crate) signature: SignatureVersion,
    /// Connect timeout.
    pub(crate) connect_timeout: Duration,
    /// Read timeout.
    pub(crate) read_timeout: Duration,
    /// The retry policy.
    pub(crate) retry: RetryPolicy,
}

/// Attempts per call when neither `--retry-count` nor the profile says (2 retries).
pub(crate) const DEFAULT_ATTEMPTS: u32 = 3;

/// The config file's path: `--config-path`, else `ALIBABA_CLOUD_CONFIG_FILE`, else
/// `~/.aliyun/config.json`.
pub(crate) fn config_path(global: &GlobalArgs, env: &Env) -> Option<PathBuf> {
    global
        .config_path
        .clone()
        .or_else(|| ConfigFile::default_path(env))
}

/// Loads the config file (a missing one is empty), naming `--config-path` when it is broken.
pub(crate) fn load_config(path: Option<&PathBuf>) -> Result<ConfigFile, CliError> {
    match path {
        Some(p) => ConfigFile::load_or_default(p)
            .map_err(|e| CliError::usage(format!("--config-path: {e}"))),
        None => Ok(ConfigFile::default()),
    }
}

/// The profile's name: `--profile`, else the environment, else the file's `current`.
pub(crate) fn profile_name(global: &GlobalArgs, env: &Env, file: &ConfigFile) -> Option<String> {
    global
        .profile
        .clone()
        .or_else(|| PROFILE_VARS.iter().find_map(|v| env.get(v)))
        .or_else(|| (!file.current.is_empty()).then(|| file.current.clone()))
}

/// Resolves every setting of a call.
pub(crate) fn resolve(global: &GlobalArgs, env: &Env) -> Result<Resolved, CliError> {
    let config_path = config_path(global, env);
    let ignore_file = env
        .get("ALIBABA_CLOUD_IGNORE_PROFILE")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let file = if ignore_file && global.profile.is_none() {
        ConfigFile::default()
    } else {
        load_config(config_path.as_ref())?
    };
    let profile = match profile_name(global, env, &file) {
        Some(name) => match file.profile(&name) {
            Some(p) => Some(p.clone()),
            None if global.profile.is_some() => {
                let known: Vec<&str> = file.profiles.iter().map(|p| p.name.as_str()).collect();
                return Err(CliError::usage(format!(
                    "--profile: no profile {name:?} in {}{}",
                    config_path
                        .as_ref()
                        .map_or_else(|| "the config file".to_owned(), |p| p.display().to_string()),
                    crate::suggest::did_you_mean(&name, known, "")
                )));
            }
            None => None,
        },
        None => None,
    };
    let cams_file = match &config_path {
        Some(path) if profile.is_some() => CamsFile::load(&crate::cams_file::path_beside(path))?,
        _ => CamsFile::default(),
    };
    let from_profile = |key: &str| profile.as_ref().and_then(|p| p.get(key)).map(str::to_owned);
    // A `cams`-only setting: `cams.json` first, then the profile itself (an older `cams`
    // wrote it there; `aliyun` writes its own connect_timeout and retry_count there).
    let cams_setting = |key: &str| {
        let p = profile.as_ref()?;
        cams_file
            .get(&p.name, key)
            .or_else(|| p.extra.get(key))
            .cloned()
    };
    let profile_number = |key: &str| {
        cams_setting(key)
            .and_then(|v| v.as_f64())
            .filter(|n| *n > 0.0 && n.is_finite())
    };
    let region = global
        .region
        .clone()
        .or_else(|| from_profile("region_id"))
        .or_else(|| REGION_VARS.iter().find_map(|v| env.get(v)));
    let endpoint = global
        .endpoint
        .clone()
        .or_else(|| cams_setting("endpoint").and_then(|v| v.as_str().map(str::to_owned)));
    if let Some(p) = &profile {
        if let Some(warning) = sandbox_key_warning(p, endpoint.as_deref(), region.as_deref()) {
            eprintln!("{warning}");
        }
    }
    let signature = match global.signature {
        Some(Signature::V1) => SignatureVersion::V1,
        Some(Signature::V3) | None => SignatureVersion::V3,
    };
    let connect_timeout = global
        .connect_timeout
        .or_else(|| profile_number("connect_timeout"))
        .map_or(Duration::from_secs(5), Duration::from_secs_f64);
    let read_timeout = global
        .read_timeout
        .or_else(|| profile_number("read_timeout"))
        .map_or(Duration::from_secs(10), Duration::from_secs_f64);
    let retry_count = global.retry_count.or_else(|| {
        cams_setting("retry_count")
            .and_then(|v| v.as_u64())
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    });
    let attempts = retry_count.map_or(DEFAULT_ATTEMPTS, |n| n.saturating_add(1));
    let retry = RetryPolicy::standard().with_max_attempts(attempts);
    let credentials = match (&global.access_key_id, &global.access_key_secret) {
        (Some(id), Some(secret)) => {
            let mut c = Credentials::new(id.clone(), secret.clone());
            if let Some(token) = &global.sts_token {
                c = c.with_security_token(token.clone());
            }
            CredentialSource::Flags(c)
        }
        (Some(_), None) => {
            return Err(CliError::usage(
                "--access-key-secret: required with --access-key-id",
            ));
        }
        (None, Some(_)) => {
            return Err(CliError::usage(
                "--access-key-id: required with --access-key-secret",
            ));
        }
        (None, None) if global.sts_token.is_some() => {
            return Err(CliError::usage(
                "--sts-token: give it with --access-key-id and --access-key-secret",
            ));
        }
        (None, None) => match profile {
            Some(p) => CredentialSource::Profile {
                path: config_path.clone(),
                name: p.name,
            },
            None => CredentialSource::Chain,
        },
    };
    Ok(Resolved {
        region,
        endpoint,
        credentials,
        signature,
        connect_timeout,
        read_timeout,
        retry,
    })
}

/// The warning for a profile holding the sandbox's access key but no loopback endpoint:
/// its calls would go to the real service (typically after `aliyun configure set` rewrote
/// the profile without `cams`'s endpoint).
fn sandbox_key_warning(
    profile: &cams_credentials::cli_config::Profile,
    endpoint: Option<&str>,
    region: Option<&str>,
) -> Option<String> {
    let id = profile.get("access_key_id")?;
    let sandbox_keys = cams_sandbox::Fixture::demo().credentials;
    if !sandbox_keys.iter().any(|c| c.access_key_id == id) {
        return None;
    }
    let local = endpoint.is_some_and(|e| {
        let host = e
            .trim_start_matches("http://")
            .trim_start_matches("https://");
        ["127.", "localhost", "[::1]", "0.0.0.0"]
            .iter()
            .any(|p| host.starts_with(p))
    });
    if local {
        return None;
    }
    let target = match (endpoint, region) {
        (Some(e), _) => e.to_owned(),
        (None, Some(r)) => format!("cams.{r}.aliyuncs.com"),
        (None, None) => "the service".to_owned(),
    };
    Some(format!(
        "cams: warning: profile {name:?} holds the sandbox's access key {id:?} but no sandbox endpoint, so this call goes to {target}; set one with `cams configure set --profile {name} --endpoint http://127.0.0.1:8080` (kept in cams.json, which `aliyun configure` does not rewrite)",
        name = profile.name
    ))
}

/// The one-line warning for a secret given on the command line, naming the safe ways.
pub(crate) fn secret_warning(global: &GlobalArgs, configuring: bool) -> Option<&'static str> {
    let typed = global
        .access_key_secret
        .as_deref()
        .is_some_and(|s| s != "-");
    match (typed || global.sts_token.is_some(), configuring) {
        (false, _) => None,
        (true, true) => Some(
            "cams: warning: a secret given on the command line may be kept in your shell history; leave --access-key-secret out to be asked for it without echo, or give `--access-key-secret -` to read it from standard input",
        ),
        (true, false) => Some(
            "cams: warning: a secret given on the command line may be kept in your shell history; store it once with `cams configure set --profile NAME --access-key-secret -` (read from standard input) and use --profile NAME, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        ),
    }
}

/// `--access-key-secret -`: the secret is the first line of standard input.
pub(crate) fn read_secret_from_stdin(global: &mut GlobalArgs) -> Result<(), CliError> {
    if global.access_key_secret.as_deref() != Some("-") {
        return Ok(());
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| {
        CliError::usage(format!(
            "--access-key-secret -: cannot read standard input: {e}"
        ))
    })?;
    let secret = line.trim_end_matches(['\n', '\r']);
    if secret.is_empty() {
        return Err(CliError::usage(
            "--access-key-secret -: standard input gave no secret (pipe it in: `printf %s \"$SECRET\" | cams ...`)",
        ));
    }
    global.access_key_secret = Some(secret.to_owned());
    Ok(())
}
