//! What the composite providers (chain, CLI profile, credentials file) hand down to the
//! providers they build: one environment, one transport, one clock.

use crate::env::Env;
use cams_auth::TimeSource;
use cams_transport::SharedTransport;
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub(crate) env: Env,
    pub(crate) transport: Option<SharedTransport>,
    pub(crate) clock: Option<Arc<dyn TimeSource>>,
}
