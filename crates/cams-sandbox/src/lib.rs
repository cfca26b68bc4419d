#![doc = include_str!("../README.md")]

mod actions;
mod engine;
mod error;
mod fixture;
mod gateway_error;
mod imds;
mod inbound;
mod nonce_cache;
mod receipts;
mod server;
mod state;
mod sts;
mod transport;
mod verify;
mod webhooks;

pub use engine::{Engine, EngineBuilder, SIGNATURE_SCHEME};
pub use error::{FixtureError, SandboxError};
pub use fixture::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID,
    DEMO_OTHER_BUSINESS_NUMBER, DEMO_OTHER_CUST_SPACE_ID, DEMO_STS_ACCESS_KEY_ID,
    DEMO_STS_ACCESS_KEY_SECRET, DEMO_STS_TOKEN, Fixture, FixtureCredential, FixtureGroup,
};
pub use receipts::config::{
    DurationError, MAX_RETRIES, PushConfig, parse_duration, parse_duration_list,
};
pub use receipts::{
    LOG_CAPACITY as RECEIPT_LOG_CAPACITY, REJECTED_TEMPLATE_PREFIX, REJECTED_TEMPLATE_REASON,
    ReceiptEvent, UNDELIVERABLE_ERROR_CODE, UNDELIVERABLE_ERROR_DESCRIPTION, UNDELIVERABLE_NUMBER,
};
pub use server::{ServerConfig, serve, serve_with};
pub use sts::{
    DEMO_OIDC_PROVIDER_ARN, DEMO_OIDC_TOKEN, DEMO_OIDC_TOKEN_2, DEMO_ROLE_ARN, DEMO_ROLE_NAME,
    FixtureOidcToken, FixtureRole, IdentityFixture, ImdsMode, STS_API_VERSION,
};
pub use transport::SandboxTransport;

/// The endpoint host to give a client that talks to the sandbox in process
/// (any host works; this one is used in error bodies when a request has none).
pub const DEMO_HOST: &str = "cams.sandbox.local";

/// Shortcuts to the demo fixture, for client builders and examples.
#[derive(Debug, Clone, Copy)]
pub struct Sandbox;

impl Sandbox {
    /// The demo access key: [`DEMO_ACCESS_KEY_ID`] / [`DEMO_ACCESS_KEY_SECRET`].
    pub fn demo_credentials() -> cams_auth::Credentials {
        cams_auth::Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    }

    /// The demo STS key with its token.
    pub fn demo_sts_credentials() -> cams_auth::Credentials {
        cams_auth::Credentials::new(DEMO_STS_ACCESS_KEY_ID, DEMO_STS_ACCESS_KEY_SECRET)
            .with_security_token(DEMO_STS_TOKEN)
    }

    /// The endpoint host for in-process use: [`DEMO_HOST`].
    pub fn demo_endpoint() -> &'static str {
        DEMO_HOST
    }

    /// The in-process transport over the demo fixture.
    pub fn demo_transport() -> SandboxTransport {
        SandboxTransport::demo()
    }
}
