//! The queues and the issued tokens.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use md5::{Digest, Md5};
use tokio::sync::Notify;

use super::xml::Received;
use super::{MESSAGE_TYPES, QueueConfig, queue_name};
use crate::receipts::{ReceiptEvent, ReceiptSink};

/// A token issued by `QueryTokenForMnsQueue`.
#[derive(Debug, Clone)]
pub(crate) struct IssuedToken {
    pub(crate) secret: String,
    pub(crate) token: String,
    pub(crate) queue: String,
    pub(crate) expires: SystemTime,
}

#[derive(Debug)]
struct Stored {
    id: String,
    body: String,
    md5: String,
    enqueue_time: i64,
    first_dequeue_time: i64,
    visible_at: SystemTime,
    dequeue_count: u64,
    handle: Option<String>,
}

#[derive(Debug, Default)]
struct Queue {
    messages: VecDeque<Stored>,
    notify: Arc<Notify>,
}

/// The three queues, their messages and the tokens that read them.
#[derive(Debug)]
pub(crate) struct MnsQueues {
    pub(crate) config: QueueConfig,
    queues: Mutex<HashMap<String, Queue>>,
    tokens: Mutex<HashMap<String, IssuedToken>>,
    time: Arc<dyn cams_auth::TimeSource>,
}

pub(super) fn millis(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn random_hex(bytes: usize) -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..bytes)
        .map(|_| format!("{:02X}", rng.random::<u8>()))
        .collect()
}

/// Why a delete or visibility change was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HandleError {
    /// Not the message's current handle (it was received again, or never was).
    Invalid,
    /// Its message was deleted.
    Gone,
}

impl MnsQueues {
    pub(crate) fn new(config: QueueConfig, time: Arc<dyn cams_auth::TimeSource>) -> Self {
        let queues = MESSAGE_TYPES
            .iter()
            .map(|t| (queue_name(t), Queue::default()))
            .collect();
        MnsQueues {
            config,
            queues: Mutex::new(queues),
            tokens: Mutex::new(HashMap::new()),
            time,
        }
    }

    pub(crate) fn now(&self) -> SystemTime {
        self.time.now()
    }

    pub(crate) fn exists(&self, queue: &str) -> bool {
        self.lock_queues().contains_key(queue)
    }

    fn lock_queues(&self) -> std::sync::MutexGuard<'_, HashMap<String, Queue>> {
        self.queues.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_tokens(&self) -> std::sync::MutexGuard<'_, HashMap<String, IssuedToken>> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Issues a token for `queue`; returns (id, secret, token, expires).
    pub(crate) fn issue(&self, queue: &str) -> (String, IssuedToken) {
        let now = self.now();
        let mut tokens = self.lock_tokens();
        tokens.retain(|_, t| t.expires > now);
        if tokens.len() >= self.config.max_tokens {
            if let Some(oldest) = tokens
                .iter()
                .min_by_key(|(_, t)| t.expires)
                .map(|(k, _)| k.clone())
            {
                tokens.remove(&oldest);
            }
        }
        let id = format!("STS.{}", random_hex(12));
        let issued = IssuedToken {
            secret: random_hex(16),
            token: format!("CAES{}", random_hex(32)),
            queue: queue.to_owned(),
            expires: now + self.config.token_ttl,
        };
        tokens.insert(id.clone(), issued.clone());
        (id, issued)
    }

    pub(crate) fn token(&self, id: &str) -> Option<IssuedToken> {
        self.lock_tokens().get(id).cloned()
    }

    /// Appends one message; `false` when the queue is full or the body too large.
    pub(crate) fn enqueue(&self, queue: &str, json: &[u8]) -> bool {
        let body = BASE64.encode(json);
        if body.len() > self.config.max_body_bytes {
            eprintln!(
                "cams-sandbox: a receipt of {} bytes is over the queue message limit; dropped",
                body.len()
            );
            return false;
        }
        let now = self.now();
        let mut queues = self.lock_queues();
        let Some(q) = queues.get_mut(queue) else {
            return false;
        };
        if q.messages.len() >= self.config.max_messages {
            eprintln!(
                "cams-sandbox: queue {queue} is full ({} messages); a receipt was dropped",
                self.config.max_messages
            );
            return false;
        }
        let md5 = Md5::digest(body.as_bytes())
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        q.messages.push_back(Stored {
            id: random_hex(16),
            body,
            md5,
            enqueue_time: millis(now),
            first_dequeue_time: 0,
            visible_at: now,
            dequeue_count: 0,
            handle: None,
        });
        q.notify.notify_waiters();
        true
    }

    /// Takes up to `max` visible messages, making them invisible for the visibility timeout.
    /// Also returns the queue's notifier and, when nothing was taken, how long until the next
    /// hidden message becomes visible.
    pub(super) fn take(
        &self,
        queue: &str,
        max: usize,
    ) -> Option<(Vec<Received>, Arc<Notify>, Option<Duration>)> {
        let now = self.now();
        let mut queues = self.lock_queues();
        let q = queues.get_mut(queue)?;
        let mut out = Vec::new();
        let mut next: Option<Duration> = None;
        for m in q.messages.iter_mut() {
            if out.len() >= max {
                break;
            }
            if m.visible_at > now {
                let wait = m.visible_at.duration_since(now).unwrap_or_default();
                next = Some(next.map_or(wait, |n| n.min(wait)));
                continue;
            }
            m.dequeue_count += 1;
            if m.first_dequeue_time == 0 {
                m.first_dequeue_time = millis(now);
            }
            m.visible_at = now + self.config.visibility_timeout;
            let handle = format!("{}-{}-{}", m.id, m.dequeue_count, random_hex(8));
            m.handle = Some(handle.clone());
            out.push(Received {
                message_id: m.id.clone(),
                receipt_handle: handle,
                body_md5: m.md5.clone(),
                body: m.body.clone(),
                enqueue_time: m.enqueue_time,
                first_dequeue_time: m.first_dequeue_time,
                next_visible_time: millis(m.visible_at),
                dequeue_count: m.dequeue_count,
            });
        }
        Some((out, Arc::clone(&q.notify), next))
    }

    /// Whether the queue has a visible message now (`None`: no such queue).
    pub(crate) fn has_visible(&self, queue: &str) -> Option<bool> {
        let now = self.now();
        let queues = self.lock_queues();
        let q = queues.get(queue)?;
        Some(q.messages.iter().any(|m| m.visible_at <= now))
    }

    fn find(q: &mut Queue, handle: &str) -> Result<usize, HandleError> {
        let id = handle.split('-').next().unwrap_or_default();
        match q.messages.iter().position(|m| m.id == id) {
            None => Err(HandleError::Gone),
            Some(i) if q.messages[i].handle.as_deref() == Some(handle) => Ok(i),
            Some(_) => Err(HandleError::Invalid),
        }
    }

    pub(crate) fn delete(&self, queue: &str, handle: &str) -> Result<(), HandleError> {
        let mut queues = self.lock_queues();
        let q = queues.get_mut(queue).ok_or(HandleError::Gone)?;
        let i = Self::find(q, handle)?;
        q.messages.remove(i);
        Ok(())
    }

    /// Hides the message for `timeout` from now; returns its new handle and visible time (ms).
    pub(crate) fn change_visibility(
        &self,
        queue: &str,
        handle: &str,
        timeout: Duration,
    ) -> Result<(String, i64), HandleError> {
        let now = self.now();
        let mut queues = self.lock_queues();
        let q = queues.get_mut(queue).ok_or(HandleError::Gone)?;
        let i = Self::find(q, handle)?;
        let m = &mut q.messages[i];
        m.visible_at = now + timeout;
        let new = format!("{}-{}-{}", m.id, m.dequeue_count, random_hex(8));
        m.handle = Some(new.clone());
        let at = millis(m.visible_at);
        if timeout.is_zero() {
            q.notify.notify_waiters();
        }
        Ok((new, at))
    }
}

/// The queue destination: each event becomes one message in its type's queue.
#[derive(Debug)]
pub(crate) struct QueueSink(pub(crate) Arc<MnsQueues>);

impl ReceiptSink for QueueSink {
    fn deliver(&self, events: &[ReceiptEvent]) {
        for e in events {
            let Ok(json) = serde_json::to_vec(&e.receipt) else {
                continue;
            };
            self.0.enqueue(&queue_name(e.kind.message_type()), &json);
        }
    }
}
