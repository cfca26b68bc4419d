//! A dedupe store in Redis, shared by every replica of a service: a retry of CAMS that lands
//! on another replica still finds the receipt taken.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redis::aio::ConnectionManager;
use redis::{Script, Value};

use super::{Claim, DedupeStore};
use crate::error::StoreError;

/// The value of a taken key.
const DONE: &str = "done";

/// Receipt identities in Redis. A claim is `SET <prefix><key> busy:<token> NX PX <lease>`
/// (in a Lua script, one round trip per batch);
/// a commit is `SET <prefix><key> done PX <ttl>`; a release deletes the key only while it
/// still holds this delivery's token (a Lua compare-and-delete), so a delivery whose lease
/// ran out never releases another's claim.
///
/// ```no_run
/// # async fn demo() -> Result<(), cams_receipts::StoreError> {
/// let store = cams_receipts::RedisStore::connect("redis://127.0.0.1:6379/").await?;
/// # let _ = store; Ok(()) }
/// ```
#[derive(Clone)]
pub struct RedisStore {
    conn: ConnectionManager,
    prefix: String,
    token: String,
    counter: std::sync::Arc<AtomicU64>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

fn err(what: &str) -> impl FnOnce(redis::RedisError) -> StoreError + '_ {
    move |e| StoreError::new(format!("redis {what}"), e)
}

impl RedisStore {
    /// Connects (and reconnects when needed) to `url` (`redis://HOST:PORT/DB`, `rediss://`
    /// for TLS is not built in). Keys are prefixed with `cams:receipt:`.
    pub async fn connect(url: &str) -> Result<RedisStore, StoreError> {
        let client = redis::Client::open(url).map_err(err("url"))?;
        let conn = ConnectionManager::new(client)
            .await
            .map_err(err("connect"))?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Ok(RedisStore {
            conn,
            prefix: "cams:receipt:".to_owned(),
            token: format!("{:x}-{:x}", std::process::id(), nanos),
            counter: std::sync::Arc::new(AtomicU64::new(0)),
        })
    }

    /// Sets the key prefix (to share one Redis between services).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    fn key(&self, key: &str) -> String {
        format!("{}{}", self.prefix, key)
    }

    /// The claim value of one delivery: unique across processes and calls.
    fn claim_value(&self) -> String {
        format!(
            "busy:{}:{}",
            self.token,
            self.counter.fetch_add(1, Ordering::Relaxed)
        )
    }
}

#[async_trait::async_trait]
impl DedupeStore for RedisStore {
    async fn claim(&self, keys: &[String], lease: Duration) -> Result<Vec<Claim>, StoreError> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let value = self.claim_value();
        let ms = u64::try_from(lease.as_millis()).unwrap_or(u64::MAX).max(1);
        // One round trip, atomic per key: SET NX PX claims; when the key exists, its value
        // says whether it is taken or in flight. Works on every Redis since 2.6.
        let script = Script::new(
            "local out = {} \
             for i, k in ipairs(KEYS) do \
               if redis.call('SET', k, ARGV[1], 'NX', 'PX', ARGV[2]) then \
                 out[i] = 0 \
               elseif redis.call('GET', k) == ARGV[3] then \
                 out[i] = 1 \
               else \
                 out[i] = 2 \
               end \
             end \
             return out",
        );
        let mut invocation = script.prepare_invoke();
        for key in keys {
            invocation.key(self.key(key));
        }
        invocation.arg(&value).arg(ms).arg(DONE);
        let mut conn = self.conn.clone();
        let codes: Vec<i64> = invocation
            .invoke_async(&mut conn)
            .await
            .map_err(err("claim"))?;
        if codes.len() != keys.len() {
            return Err(StoreError {
                message: format!(
                    "redis claim: {} answers for {} keys",
                    codes.len(),
                    keys.len()
                ),
                source: None,
            });
        }
        Ok(codes
            .into_iter()
            .map(|c| match c {
                0 => Claim::New,
                1 => Claim::Done,
                _ => Claim::Busy,
            })
            .collect())
    }

    async fn commit(&self, keys: &[String], ttl: Duration) -> Result<(), StoreError> {
        if keys.is_empty() {
            return Ok(());
        }
        let ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let mut pipe = redis::pipe();
        for key in keys {
            pipe.cmd("SET")
                .arg(self.key(key))
                .arg(DONE)
                .arg("PX")
                .arg(ms)
                .ignore();
        }
        let mut conn = self.conn.clone();
        pipe.query_async::<()>(&mut conn)
            .await
            .map_err(err("commit"))
    }

    async fn release(&self, keys: &[String]) -> Result<(), StoreError> {
        if keys.is_empty() {
            return Ok(());
        }
        // Deletes only claims of this process (value busy:<token>:…), never a taken key or
        // a claim of another replica.
        let script = Script::new(
            "local n = 0 \
             for i, k in ipairs(KEYS) do \
               local v = redis.call('GET', k) \
               if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then \
                 redis.call('DEL', k) n = n + 1 \
               end \
             end \
             return n",
        );
        let mut invocation = script.prepare_invoke();
        for key in keys {
            invocation.key(self.key(key));
        }
        invocation.arg(format!("busy:{}:", self.token));
        let mut conn = self.conn.clone();
        let _: Value = invocation
            .invoke_async(&mut conn)
            .await
            .map_err(err("release"))?;
        Ok(())
    }
}
