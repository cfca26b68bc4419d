//! Builds the `cams-api` client of a call from the resolved settings: its credentials, its
//! transport (the real one, or `--dry-run`'s recorder) and the extra headers.

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::headers::parse_header;
use crate::net::{CliTransport, DryRunTransport};
use crate::resolve::{CredentialSource, Resolved};
use cams_api::{Client, RetryPolicy};
use cams_auth::Credentials;
use cams_transport::{HttpRequest, SharedTransport, TransportSettings};
use std::sync::atomic::AtomicU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// A client ready to call, with what the tool reports about it afterwards.
#[derive(Debug)]
pub(crate) struct CallClient {
    /// The client.
    pub(crate) client: Client,
    /// The access key id the calls are signed with.
    pub(crate) access_key_id: String,
    /// The host called, for transport errors.
    pub(crate) host: String,
    /// The last response's `Date`.
    pub(crate) server_date: Arc<Mutex<Option<SystemTime>>>,
    /// The request a dry run kept (set only under `--dry-run`).
    pub(crate) dry_run: Option<Arc<Mutex<Option<HttpRequest>>>>,
    /// Where the credentials came from, for hints.
    pub(crate) credential_origin: String,
    /// Requests sent so far (attempts included).
    pub(crate) attempts: Arc<AtomicU32>,
    /// The connect timeout.
    pub(crate) connect_timeout: Duration,
    /// The read timeout.
    pub(crate) read_timeout: Duration,
    /// Whether the endpoint was given without `http://` or `https://`.
    pub(crate) scheme_guessed: bool,
}

/// Where the credentials of `resolved` come from, as a hint names it.
fn credential_origin(resolved: &Resolved) -> String {
    match &resolved.credentials {
        CredentialSource::Flags(_) => "--access-key-id and --access-key-secret".to_owned(),
        CredentialSource::Profile { name, .. } => {
            format!("profile {name:?} (`cams configure get --profile {name}`)")
        }
        CredentialSource::Chain => {
            let env = cams_credentials::Env::process();
            let set: Vec<&str> = [
                "ALIBABA_CLOUD_ACCESS_KEY_ID",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
                "ALIBABA_CLOUD_SECURITY_TOKEN",
            ]
            .into_iter()
            .filter(|v| env.get(v).is_some())
            .collect();
            match set.is_empty() {
                true => "the default credential chain".to_owned(),
                false => format!("the environment variables {}", set.join(", ")),
            }
        }
    }
}

/// The access key id a dry run signs with when no credentials are configured.
const PLACEHOLDER_KEY_ID: &str = "DRY-RUN-NO-CREDENTIALS";

/// Gets the credentials once (the call then signs with them).
async fn credentials(resolved: &Resolved) -> Result<Credentials, CliError> {
    let found = match &resolved.credentials {
        CredentialSource::Flags(c) => return Ok(c.clone()),
        CredentialSource::Profile { path, name } => {
            crate::profile_credentials::provide(path.as_deref(), name).await
        }
        CredentialSource::Chain => crate::profile_credentials::provide_from_chain().await,
    };
    found.map_err(|e| {
        CliError::usage(format!(
            "no credentials: {e} (give --profile, --access-key-id/--access-key-secret, set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or run `cams configure set`)"
        ))
    })
}

/// Builds the client of a call.
pub(crate) async fn build(
    global: &GlobalArgs,
    resolved: &Resolved,
) -> Result<CallClient, CliError> {
    let extra = global
        .headers
        .iter()
        .map(|h| parse_header(h))
        .collect::<Result<Vec<_>, _>>()?;
    let credentials = match credentials(resolved).await {
        Ok(c) => c,
        Err(_) if global.dry_run => {
            eprintln!("cams: note: no credentials found; the dry run signs with a placeholder key");
            Credentials::new(PLACEHOLDER_KEY_ID, "placeholder-secret")
        }
        Err(e) => return Err(e),
    };
    let access_key_id = credentials.access_key_id().to_owned();
    let (inner, dry_run, retry) = if global.dry_run {
        let dry = DryRunTransport::default();
        let slot = dry.captured();
        (
            SharedTransport::new(dry),
            Some(slot),
            RetryPolicy::disabled(),
        )
    } else {
        let settings = TransportSettings::default()
            .with_connect_timeout(resolved.connect_timeout)
            .with_read_timeout(resolved.read_timeout);
        let transport = cams_transport::ReqwestTransport::with_settings(settings)
            .map_err(|e| CliError::failure(format!("cannot set up HTTPS: {e}")))?;
        (
            SharedTransport::new(transport),
            None,
            resolved.retry.clone(),
        )
    };
    let transport = CliTransport::new(inner, extra);
    let server_date = transport.server_date();
    let attempts = transport.attempts();
    let mut builder = Client::builder()
        .credentials(credentials)
        .transport(transport)
        .signature_version(resolved.signature)
        .retry_policy(retry);
    if let Some(region) = &resolved.region {
        builder = builder.region(region.clone());
    }
    if let Some(endpoint) = &resolved.endpoint {
        builder = builder.endpoint(endpoint.clone());
    }
    if let Some(ua) = &global.user_agent {
        builder = builder.user_agent_suffix(ua.clone());
    }
    let client = builder.build().map_err(|e| config_error(&e))?;
    let host = client_host(resolved);
    Ok(CallClient {
        client,
        access_key_id,
        host,
        server_date,
        dry_run,
        credential_origin: credential_origin(resolved),
        attempts,
        connect_timeout: resolved.connect_timeout,
        read_timeout: resolved.read_timeout,
        scheme_guessed: resolved
            .endpoint
            .as_deref()
            .is_some_and(|e| !e.contains("://")),
    })
}

/// The host for messages: the endpoint as given, or the region's.
fn client_host(resolved: &Resolved) -> String {
    match (&resolved.endpoint, &resolved.region) {
        (Some(e), _) => e
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned(),
        (None, Some(r)) => format!("cams.{r}.aliyuncs.com"),
        (None, None) => "(no endpoint)".to_owned(),
    }
}

/// A client that cannot be built is a usage error naming the flag at fault.
fn config_error(e: &cams_api::Error) -> CliError {
    use cams_api::ConfigError;
    match e {
        cams_api::Error::Config(ConfigError::MissingRegion) => CliError::usage(
            "--region: no region (give --region, set region_id in the profile, or ALIBABA_CLOUD_REGION_ID)",
        ),
        cams_api::Error::Config(ConfigError::InvalidRegion(_)) => {
            CliError::usage(format!("--region: {e}"))
        }
        cams_api::Error::Config(ConfigError::InvalidEndpoint { .. }) => {
            CliError::usage(format!("--endpoint: {e}"))
        }
        cams_api::Error::Config(ConfigError::InvalidHeader { .. }) => {
            CliError::usage(format!("--user-agent: {e}"))
        }
        other => CliError::failure(other.to_string()),
    }
}
