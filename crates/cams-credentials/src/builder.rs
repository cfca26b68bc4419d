//! What every provider builder has: the environment, the transport, the clock, the name
//! prefix the composite providers add; and the setters for them, written once as macros.

use crate::cache::RefreshCache;
use crate::context::Context;
use crate::env::Env;
use crate::http::HttpClient;
use cams_auth::TimeSource;
use cams_transport::SharedTransport;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Default)]
pub(crate) struct Common {
    pub(crate) env: Option<Env>,
    pub(crate) transport: Option<SharedTransport>,
    pub(crate) clock: Option<Arc<dyn TimeSource>>,
    pub(crate) prefix: String,
}

impl Common {
    pub(crate) fn set_context(&mut self, ctx: &Context) {
        self.env = Some(ctx.env.clone());
        self.transport = ctx.transport.clone().or(self.transport.take());
        self.clock = ctx.clock.clone().or(self.clock.take());
    }

    /// What a composite provider hands down to the providers it builds.
    pub(crate) fn to_context(&self) -> Context {
        Context {
            env: self.env(),
            transport: self.transport.clone(),
            clock: self.clock.clone(),
        }
    }

    pub(crate) fn env(&self) -> Env {
        self.env.clone().unwrap_or_default()
    }

    /// The HTTP client: the transport given, else a default one with these timeouts.
    pub(crate) fn http(&self, connect: Duration, read: Duration) -> HttpClient {
        let mut http = HttpClient::new(self.env(), connect, read);
        http.set_shared(self.transport.clone());
        http
    }

    pub(crate) fn cache(&self) -> RefreshCache {
        self.clock
            .clone()
            .map_or_else(RefreshCache::new, RefreshCache::with_shared_clock)
    }

    /// `prefix` + the provider's own name.
    pub(crate) fn name(&self, own: &str) -> String {
        format!("{}{own}", self.prefix)
    }
}

/// `env`, `transport`, `clock` (public) and `context`, `name_prefix` (crate) setters over a
/// `common: Common` field.
macro_rules! common_setters {
    () => {
        /// The environment to read (default: the process's).
        pub fn env(mut self, env: crate::env::Env) -> Self {
            self.common.env = Some(env);
            self
        }
        /// The transport (default: one of its own, with this provider's short timeouts).
        pub fn transport(mut self, transport: impl cams_transport::Transport + 'static) -> Self {
            self.common.transport = Some(cams_transport::SharedTransport::new(transport));
            self
        }
        /// The clock deciding when to refresh (the system clock by default).
        pub fn clock(mut self, clock: impl cams_auth::TimeSource + 'static) -> Self {
            self.common.clock = Some(std::sync::Arc::new(clock));
            self
        }
        #[allow(dead_code)]
        pub(crate) fn context(mut self, ctx: &crate::context::Context) -> Self {
            self.common.set_context(ctx);
            self
        }
        #[allow(dead_code)]
        pub(crate) fn name_prefix(mut self, prefix: &str) -> Self {
            self.common.prefix = prefix.to_owned();
            self
        }
    };
}
pub(crate) use common_setters;

/// `sts_endpoint`, `sts_region`, `enable_vpc` (public) and `sts` (crate) setters over an
/// `sts: StsEndpoint` field.
macro_rules! sts_setters {
    () => {
        /// STS endpoint: a host or a full URL (default: `ALIBABA_CLOUD_STS_ENDPOINT`, else from the region).
        pub fn sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
            self.sts.endpoint = Some(endpoint.into());
            self
        }
        /// STS region (default: `ALIBABA_CLOUD_STS_REGION`).
        pub fn sts_region(mut self, region: impl Into<String>) -> Self {
            self.sts.region = Some(region.into());
            self
        }
        /// Use the VPC endpoint (default: `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`).
        pub fn enable_vpc(mut self, vpc: bool) -> Self {
            self.sts.vpc = Some(vpc);
            self
        }
        pub(crate) fn sts(mut self, sts: crate::sts::StsEndpoint) -> Self {
            self.sts = sts;
            self
        }
    };
}
pub(crate) use sts_setters;

/// [`ProvideCredentialsTyped`](crate::ProvideCredentialsTyped) (and `cams_auth`'s trait) for a
/// provider with a `cache: RefreshCache` field and an `async fn fetch(&self)`.
macro_rules! cached_provider {
    ($ty:ty) => {
        #[async_trait::async_trait]
        impl crate::source::ProvideCredentialsTyped for $ty {
            async fn credentials(&self) -> crate::error::Result<cams_auth::Credentials> {
                self.cache.get_or_refresh(|| self.fetch()).await
            }

            fn credentials_now(&self) -> Option<cams_auth::Credentials> {
                self.cache.fresh()
            }
        }

        crate::source::provide_via_typed!($ty);
    };
}
pub(crate) use cached_provider;

/// `role_arn`, `role_session_name`, `duration_seconds`, `policy` setters over fields of those
/// names (the role assumptions: RAM role ARN and OIDC).
macro_rules! role_setters {
    () => {
        /// The role (default: `ALIBABA_CLOUD_ROLE_ARN`).
        pub fn role_arn(mut self, arn: impl Into<String>) -> Self {
            self.role_arn = Some(arn.into());
            self
        }
        /// The session name (default: `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `credentials-rust-<time>`).
        pub fn role_session_name(mut self, name: impl Into<String>) -> Self {
            self.session_name = Some(name.into()).filter(|n: &String| !n.is_empty());
            self
        }
        /// Session duration in seconds (default 3600, at least 900).
        pub fn duration_seconds(mut self, seconds: u64) -> Self {
            self.duration = Some(seconds);
            self
        }
        /// A policy narrowing the role.
        pub fn policy(mut self, policy: impl Into<String>) -> Self {
            self.policy = Some(policy.into());
            self
        }
        /// The optional settings of a profile or file section, each only when given.
        pub(crate) fn role_options(
            mut self,
            session: Option<&str>,
            duration: Option<u64>,
            policy: Option<&str>,
        ) -> Self {
            self.session_name = session.map(str::to_owned).or(self.session_name);
            self.duration = duration.or(self.duration);
            self.policy = policy.map(str::to_owned).or(self.policy);
            self
        }
    };
}
pub(crate) use role_setters;
