//! Per-connection deadlines the loopback server enforces: a request head must arrive within
//! the header timeout, and a keep-alive connection with no request in flight is closed after
//! the idle timeout. At the connection cap, the [`Registry`] of open connections names the
//! idle one to close so that a new client is served.

use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

#[derive(Debug)]
struct State {
    in_flight: usize,
    /// When the first byte of a request head not yet handed to the service arrived (or when
    /// the connection was accepted, for its first request).
    head_started: Option<Instant>,
    /// Bytes of a request head arrived and it is not yet handed to the service.
    partial_head: bool,
    last_activity: Instant,
}

/// What the connection is doing, shared by its I/O, its service and its watchdog.
#[derive(Debug, Clone)]
pub(crate) struct Activity(Arc<Mutex<State>>);

/// What the watchdog should do with a connection.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Look again at this instant.
    CheckAt(Instant),
    /// A request head took longer than the header timeout: drop the connection.
    HeaderTimedOut,
    /// Idle for longer than the idle timeout: close it gracefully.
    Idle,
}

impl Activity {
    pub(crate) fn new() -> Self {
        let now = Instant::now();
        Activity(Arc::new(Mutex::new(State {
            in_flight: 0,
            head_started: Some(now),
            partial_head: false,
            last_activity: now,
        })))
    }

    fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn read(&self, n: usize) {
        if n == 0 {
            return;
        }
        let now = Instant::now();
        self.with(|s| {
            s.last_activity = now;
            if s.in_flight == 0 {
                s.partial_head = true;
                if s.head_started.is_none() {
                    s.head_started = Some(now);
                }
            }
        });
    }

    fn wrote(&self) {
        let now = Instant::now();
        self.with(|s| s.last_activity = now);
    }

    /// A request head was parsed and handed to the service.
    pub(crate) fn request_started(&self) {
        self.with(|s| {
            s.in_flight += 1;
            s.head_started = None;
            s.partial_head = false;
        });
    }

    /// The service produced its answer.
    pub(crate) fn request_finished(&self) {
        let now = Instant::now();
        self.with(|s| {
            s.in_flight = s.in_flight.saturating_sub(1);
            s.last_activity = now;
        });
    }

    /// Since when the connection has been idle (no request in flight, no part of a head
    /// received), or `None` when it is busy.
    fn idle_since(&self) -> Option<Instant> {
        self.with(|s| (s.in_flight == 0 && !s.partial_head).then_some(s.last_activity))
    }

    /// Whether the connection broke a deadline, or when to look again.
    pub(crate) fn verdict(&self, header_timeout: Duration, idle_timeout: Duration) -> Verdict {
        let now = Instant::now();
        self.with(|s| {
            if s.in_flight > 0 {
                return Verdict::CheckAt(now + header_timeout.min(idle_timeout));
            }
            if let Some(t) = s.head_started {
                let deadline = t + header_timeout;
                return if now >= deadline {
                    Verdict::HeaderTimedOut
                } else {
                    Verdict::CheckAt(deadline)
                };
            }
            let deadline = s.last_activity + idle_timeout;
            if now >= deadline {
                Verdict::Idle
            } else {
                Verdict::CheckAt(deadline)
            }
        })
    }
}

/// The open connections of a server, so that at the cap the longest-idle one can be closed.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    next_id: Mutex<u64>,
    open: Mutex<HashMap<u64, (Activity, Arc<Notify>)>>,
}

/// A connection's place in the [`Registry`]; leaves it when dropped.
#[derive(Debug)]
pub(crate) struct Registered {
    registry: Arc<Registry>,
    id: u64,
    /// Notified when the server wants this connection closed.
    pub(crate) shed: Arc<Notify>,
}

impl Drop for Registered {
    fn drop(&mut self) {
        lock(&self.registry.open).remove(&self.id);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Registry {
    pub(crate) fn register(self: &Arc<Self>, activity: Activity) -> Registered {
        let id = {
            let mut next = lock(&self.next_id);
            *next += 1;
            *next
        };
        let shed = Arc::new(Notify::new());
        lock(&self.open).insert(id, (activity, Arc::clone(&shed)));
        Registered {
            registry: Arc::clone(self),
            id,
            shed,
        }
    }

    /// Asks the connection idle the longest (the earliest opened among equals) to close, and
    /// leaves it out of later choices. Connections serving a request, or receiving a head,
    /// are never chosen. Returns whether one was.
    pub(crate) fn shed_oldest_idle(&self) -> bool {
        let mut open = lock(&self.open);
        let oldest = open
            .iter()
            .filter_map(|(id, (activity, _))| activity.idle_since().map(|t| (t, *id)))
            .min();
        match oldest.and_then(|(_, id)| open.remove(&id)) {
            Some((_, shed)) => {
                shed.notify_one();
                true
            }
            None => false,
        }
    }
}

/// A stream that reports its reads and writes to an [`Activity`].
#[derive(Debug)]
pub(crate) struct Watched<S> {
    inner: S,
    activity: Activity,
}

impl<S> Watched<S> {
    pub(crate) fn new(inner: S, activity: Activity) -> Self {
        Watched { inner, activity }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if let Poll::Ready(Ok(())) = &polled {
            self.activity.read(buf.filled().len() - before);
        }
        polled
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = &polled {
            if *n > 0 {
                self.activity.wrote();
            }
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_slow_head_times_out_and_an_idle_connection_closes() {
        let (header, idle) = (Duration::from_secs(10), Duration::from_secs(60));
        let a = Activity::new();
        assert!(matches!(a.verdict(header, idle), Verdict::CheckAt(_)));
        tokio::time::advance(Duration::from_secs(11)).await;
        assert_eq!(a.verdict(header, idle), Verdict::HeaderTimedOut);

        let a = Activity::new();
        a.request_started();
        tokio::time::advance(Duration::from_secs(100)).await;
        assert!(
            matches!(a.verdict(header, idle), Verdict::CheckAt(_)),
            "in flight"
        );
        a.request_finished();
        tokio::time::advance(Duration::from_secs(30)).await;
        assert!(matches!(a.verdict(header, idle), Verdict::CheckAt(_)));
        tokio::time::advance(Duration::from_secs(31)).await;
        assert_eq!(a.verdict(header, idle), Verdict::Idle);

        a.read(1);
        tokio::time::advance(Duration::from_secs(11)).await;
        assert_eq!(
            a.verdict(header, idle),
            Verdict::HeaderTimedOut,
            "next head"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_longest_idle_connection_is_shed_and_a_busy_one_never() {
        let registry = Arc::new(Registry::default());
        let (first, second, busy, receiving) = (
            Activity::new(),
            Activity::new(),
            Activity::new(),
            Activity::new(),
        );
        let r_first = registry.register(first.clone());
        tokio::time::advance(Duration::from_secs(1)).await;
        let r_second = registry.register(second.clone());
        let r_busy = registry.register(busy.clone());
        let r_receiving = registry.register(receiving.clone());
        busy.request_started();
        receiving.read(10);
        tokio::time::advance(Duration::from_secs(1)).await;
        // The first answered a request after the second opened: the second is idle longer.
        first.request_started();
        first.request_finished();

        assert!(registry.shed_oldest_idle());
        assert!(notified(&r_second).await, "the longest idle goes first");
        assert!(!notified(&r_first).await);
        assert!(registry.shed_oldest_idle());
        assert!(notified(&r_first).await);
        assert!(
            !registry.shed_oldest_idle(),
            "only busy connections are left"
        );
        assert!(!notified(&r_busy).await);
        assert!(!notified(&r_receiving).await);
        drop(r_busy);
        assert_eq!(lock(&registry.open).len(), 1, "a dropped connection leaves");
    }

    async fn notified(r: &Registered) -> bool {
        tokio::time::timeout(Duration::from_millis(1), r.shed.notified())
            .await
            .is_ok()
    }
}
