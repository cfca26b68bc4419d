#![doc = include_str!("../README.md")]
#![cfg_attr(test, allow(clippy::unwrap_used))]

mod builder;
mod cache;
mod chain;
pub mod cli_config;
mod cli_profile;
mod context;
mod credentials_uri;
mod ecs_ram_role;
mod env;
mod environment;
mod error;
mod external;
mod http;
mod ini_file;
mod oidc;
mod ram_role_arn;
mod source;
mod sts;

pub use cache::{REFRESH_BEFORE_EXPIRY, RETRY_AFTER_FAILURE, RefreshCache};
pub use cams_auth::{CredentialsError, ProvideCredentials};
pub use chain::{
    DefaultCredentialsChain, DefaultCredentialsChainBuilder, ENV_REGION_ID, default_region,
};
pub use cli_profile::{
    CliProfileProvider, CliProfileProviderBuilder, ENV_CLI_PROFILE_DISABLED, ENV_PROFILE,
    MAX_PROFILE_DEPTH,
};
pub use credentials_uri::{
    CredentialsUriProvider, CredentialsUriProviderBuilder, ENV_CREDENTIALS_URI,
};
pub use ecs_ram_role::{
    DEFAULT_METADATA_ENDPOINT, ENV_ECS_METADATA, ENV_ECS_METADATA_DISABLED,
    ENV_ECS_METADATA_SERVICE_ENDPOINT, ENV_IMDSV1_DISABLED, EcsRamRoleProvider,
    EcsRamRoleProviderBuilder, METADATA_TOKEN_TTL_SECONDS, TOKEN_HEADER, TOKEN_TTL_HEADER,
};
pub use env::Env;
pub use environment::{
    ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET, ENV_SECURITY_TOKEN, EnvironmentProvider,
    EnvironmentProviderBuilder,
};
pub use error::{Error, Result};
pub use external::{DEFAULT_EXTERNAL_TIMEOUT, ExternalProvider};
pub use ini_file::{ENV_CREDENTIALS_FILE, IniFileProvider, IniFileProviderBuilder};
pub use oidc::{
    ENV_OIDC_PROVIDER_ARN, ENV_OIDC_TOKEN_FILE, ENV_ROLE_ARN, ENV_ROLE_SESSION_NAME,
    OidcRoleArnProvider, OidcRoleArnProviderBuilder,
};
pub use ram_role_arn::{ENV_EXTERNAL_ID, RamRoleArnProvider, RamRoleArnProviderBuilder};
pub use sts::{
    DEFAULT_DURATION_SECONDS, ENV_STS_ENDPOINT, ENV_STS_REGION, ENV_VPC_ENDPOINT_ENABLED,
    MIN_DURATION_SECONDS, STS_VERSION,
};
