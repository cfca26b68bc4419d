//! The queue token: `Dybaseapi.QueryTokenForMnsQueue`, cached and refreshed once, by one
//! caller, shortly before it expires.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use cams_auth::{Credentials, SystemTimeSource, TimeSource};
use cams_model::dybaseapi::{MessageTokenDto, QueryTokenForMnsQueueRequest};

use crate::mns::QueueError;

/// `ExpireTime` and `CreateTime` carry no zone. They are read as China Standard Time
/// (UTC+8), the zone of the Alicom service that issues them (inferred: the official demos
/// compare it with the local clock of machines in China); configurable with
/// [`TokenCache::with_expire_time_offset`]. Never the local zone of the machine.
pub const DEFAULT_EXPIRE_TIME_OFFSET: Duration = Duration::from_secs(8 * 3600);
/// Refresh this long before `ExpireTime`, as the official demos do.
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(120);
/// After a failed refresh, while the cached token is still valid, wait this long before trying
/// again (so a Dybaseapi outage is not hammered by every receive).
pub const RETRY_AFTER_FAILED_REFRESH: Duration = Duration::from_secs(10);

/// Where tokens come from: Dybaseapi in production, anything in tests.
#[async_trait::async_trait]
pub trait TokenSource: Send + Sync + fmt::Debug {
    /// One `MessageTokenDTO`.
    async fn fetch(&self) -> Result<MessageTokenDto, QueueError>;
}

/// [`TokenSource`] calling `QueryTokenForMnsQueue` through a `cams_api::Client` built with
/// [`Product::DYBASEAPI`](cams_api::Product::DYBASEAPI): the same signing, credential chain,
/// retries, typed errors and tracing as every CAMS call.
#[derive(Debug, Clone)]
pub struct DybaseapiTokenSource {
    client: cams_api::Client,
    request: QueryTokenForMnsQueueRequest,
}

impl DybaseapiTokenSource {
    /// Tokens for `queue_name` (`Alicom-Queue-<uid>-<message_type>`), `message_type` one of
    /// `ChatAppStatus`, `ChatAppInbound`, `ChatAppAudit`.
    pub fn new(client: cams_api::Client, message_type: &str, queue_name: &str) -> Self {
        let request = QueryTokenForMnsQueueRequest::builder()
            .message_type(message_type)
            .queue_name(queue_name)
            .build();
        DybaseapiTokenSource { client, request }
    }
}

#[async_trait::async_trait]
impl TokenSource for DybaseapiTokenSource {
    async fn fetch(&self) -> Result<MessageTokenDto, QueueError> {
        let out = self
            .client
            .execute(&self.request)
            .await
            .map_err(|e| QueueError::TokenRequest(Box::new(e)))?;
        out.message_token_dto.ok_or(QueueError::TokenIncomplete {
            field: "MessageTokenDTO",
        })
    }
}

/// A token in use: the credentials that sign MNS requests and when they stop working.
#[derive(Clone, Debug)]
pub struct QueueToken {
    /// Temporary key, secret and security token (`Debug` redacts the secrets).
    pub credentials: Credentials,
    /// When it expires.
    pub expires_at: SystemTime,
}

/// A cached queue token, shared by every consumer of one queue. Cheap to clone.
///
/// - [`credentials`](Self::credentials) returns the cached token until
///   [`DEFAULT_REFRESH_BEFORE`] before it expires; then one caller refreshes it while the
///   others wait for that one result (single flight).
/// - A failed refresh while the cached token is still valid keeps serving it (and tries again
///   after [`RETRY_AFTER_FAILED_REFRESH`]); without a valid token the error is returned.
/// - An `ExpireTime` that is unparseable or already past is a typed error
///   ([`QueueError::TokenUnparseable`], [`QueueError::TokenExpired`]).
#[derive(Clone, Debug)]
pub struct TokenCache {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    source: Box<dyn TokenSource>,
    time: Arc<dyn TimeSource>,
    offset: Duration,
    refresh_before: Duration,
    state: Mutex<State>,
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Debug, Default)]
struct State {
    token: Option<QueueToken>,
    failed_at: Option<SystemTime>,
    fetches: u64,
}

impl TokenCache {
    /// A cache over `source`.
    pub fn new(source: impl TokenSource + 'static) -> Self {
        Self::build(
            Box::new(source),
            Arc::new(SystemTimeSource),
            DEFAULT_EXPIRE_TIME_OFFSET,
            DEFAULT_REFRESH_BEFORE,
        )
    }

    /// A cache of `QueryTokenForMnsQueue` answers for one queue.
    pub fn dybaseapi(client: cams_api::Client, message_type: &str, queue_name: &str) -> Self {
        Self::new(DybaseapiTokenSource::new(client, message_type, queue_name))
    }

    fn build(
        source: Box<dyn TokenSource>,
        time: Arc<dyn TimeSource>,
        offset: Duration,
        refresh_before: Duration,
    ) -> Self {
        TokenCache {
            inner: Arc::new(Inner {
                source,
                time,
                offset,
                refresh_before,
                state: Mutex::new(State::default()),
                refresh: tokio::sync::Mutex::new(()),
            }),
        }
    }

    fn rebuild(self, change: impl FnOnce(&mut (Arc<dyn TimeSource>, Duration, Duration))) -> Self {
        let inner = match Arc::try_unwrap(self.inner) {
            Ok(inner) => inner,
            Err(shared) => return TokenCache { inner: shared },
        };
        let mut settings = (inner.time, inner.offset, inner.refresh_before);
        change(&mut settings);
        Self::build(inner.source, settings.0, settings.1, settings.2)
    }

    /// The clock the expiry is compared with (tests inject one). Call before sharing.
    pub fn with_time_source(self, time: impl TimeSource + 'static) -> Self {
        self.rebuild(|s| s.0 = Arc::new(time))
    }

    /// The zone of `ExpireTime`, as an offset east of UTC ([`DEFAULT_EXPIRE_TIME_OFFSET`]).
    /// Call before sharing.
    pub fn with_expire_time_offset(self, east_of_utc: Duration) -> Self {
        self.rebuild(|s| s.1 = east_of_utc)
    }

    /// How long before `ExpireTime` to refresh ([`DEFAULT_REFRESH_BEFORE`]). Call before
    /// sharing.
    pub fn with_refresh_before(self, before: Duration) -> Self {
        self.rebuild(|s| s.2 = before)
    }

    /// How many tokens have been fetched so far.
    pub fn fetches(&self) -> u64 {
        self.lock().fetches
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The cached token when it is fresh (not within `refresh_before` of expiring).
    fn fresh(&self, now: SystemTime) -> Option<QueueToken> {
        let state = self.lock();
        let token = state.token.as_ref()?;
        let fresh = now + self.inner.refresh_before < token.expires_at;
        let failed_recently = state
            .failed_at
            .is_some_and(|at| now < at + RETRY_AFTER_FAILED_REFRESH && now < token.expires_at);
        (fresh || failed_recently).then(|| token.clone())
    }

    /// Credentials for the queue: the cached token, refreshed first when it is about to expire.
    pub async fn credentials(&self) -> Result<Credentials, QueueError> {
        self.token().await.map(|t| t.credentials)
    }

    /// The cached token, refreshed first when it is about to expire.
    pub async fn token(&self) -> Result<QueueToken, QueueError> {
        if let Some(t) = self.fresh(self.inner.time.now()) {
            return Ok(t);
        }
        let _flight = self.inner.refresh.lock().await;
        // Another caller may have refreshed while this one waited.
        if let Some(t) = self.fresh(self.inner.time.now()) {
            return Ok(t);
        }
        self.refresh_locked().await
    }

    /// After MNS refused `refused` (expired or invalid token): fetch a new token unless another
    /// caller already replaced it. One refresh however many callers saw the refusal.
    pub async fn refresh_after_refusal(
        &self,
        refused: &Credentials,
    ) -> Result<Credentials, QueueError> {
        let _flight = self.inner.refresh.lock().await;
        let replaced = {
            let state = self.lock();
            state
                .token
                .as_ref()
                .filter(|t| {
                    t.credentials.access_key_id() != refused.access_key_id()
                        || t.credentials
                            .security_token()
                            .map(cams_auth::ExposeSecret::expose_secret)
                            != refused
                                .security_token()
                                .map(cams_auth::ExposeSecret::expose_secret)
                })
                .cloned()
        };
        if let Some(t) = replaced {
            return Ok(t.credentials);
        }
        {
            // The refused token is not served again.
            let mut state = self.lock();
            state.token = None;
            state.failed_at = None;
        }
        self.refresh_locked().await.map(|t| t.credentials)
    }

    async fn refresh_locked(&self) -> Result<QueueToken, QueueError> {
        self.lock().fetches += 1;
        let fetched = self.inner.source.fetch().await;
        let now = self.inner.time.now();
        let result = fetched.and_then(|dto| self.token_of(dto, now));
        let mut state = self.lock();
        match result {
            Ok(token) => {
                tracing::debug!(
                    access_key_id = token.credentials.access_key_id(),
                    "queue token refreshed"
                );
                state.token = Some(token.clone());
                state.failed_at = None;
                Ok(token)
            }
            Err(e) => match state.token.clone().filter(|t| now < t.expires_at) {
                Some(still_valid) => {
                    tracing::warn!(error = %e, "queue token refresh failed; the current token is still valid");
                    state.failed_at = Some(now);
                    Ok(still_valid)
                }
                None => Err(e),
            },
        }
    }

    fn token_of(&self, dto: MessageTokenDto, now: SystemTime) -> Result<QueueToken, QueueError> {
        let expires_at = dto
            .expire_time
            .as_deref()
            .and_then(|s| parse_expire_time(s, self.inner.offset))
            .ok_or_else(|| QueueError::TokenUnparseable {
                value: dto.expire_time.clone(),
            })?;
        if expires_at <= now {
            return Err(QueueError::TokenExpired {
                expire_time: dto.expire_time.unwrap_or_default(),
            });
        }
        let id =
            dto.access_key_id
                .filter(|s| !s.is_empty())
                .ok_or(QueueError::TokenIncomplete {
                    field: "AccessKeyId",
                })?;
        let secret =
            dto.access_key_secret
                .filter(|s| !s.is_empty())
                .ok_or(QueueError::TokenIncomplete {
                    field: "AccessKeySecret",
                })?;
        let mut credentials = Credentials::new(id, secret).with_expiration(expires_at);
        if let Some(token) = dto.security_token.filter(|s| !s.is_empty()) {
            credentials = credentials.with_security_token(token);
        }
        Ok(QueueToken {
            credentials,
            expires_at,
        })
    }
}

/// `yyyy-MM-dd HH:mm:ss` at `offset` east of UTC, strictly (19 characters).
pub fn parse_expire_time(value: &str, offset: Duration) -> Option<SystemTime> {
    let b = value.as_bytes();
    if b.len() != 19 || b[10] != b' ' {
        return None;
    }
    let iso = format!("{}T{}Z", &value[..10], &value[11..]);
    cams_auth::parse_timestamp(&iso)?.checked_sub(offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::UNIX_EPOCH;

    #[test]
    fn expire_time_is_read_in_its_zone_never_local() {
        let t = parse_expire_time("2023-11-15 06:13:20", DEFAULT_EXPIRE_TIME_OFFSET);
        assert_eq!(t, Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
        let utc = parse_expire_time("2023-11-14 22:13:20", Duration::ZERO);
        assert_eq!(utc, Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
        for bad in [
            "",
            "2023-11-14T22:13:20",
            "2023-11-14 22:13",
            "2023-13-14 22:13:20",
            "2023-11-14 22:13:20Z",
        ] {
            assert_eq!(parse_expire_time(bad, Duration::ZERO), None, "{bad}");
        }
    }
}
