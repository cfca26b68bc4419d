//! Per-connection deadlines the loopback server enforces: a request head must arrive within
//! the header timeout, and a keep-alive connection with no request in flight is closed after
//! the idle timeout.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;

#[derive(Debug)]
struct State {
    in_flight: usize,
    /// When the first byte of a request head not yet handed to the service arrived (or when
    /// the connection was accepted, for its first request).
    head_started: Option<Instant>,
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
            if s.in_flight == 0 && s.head_started.is_none() {
                s.head_started = Some(now);
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
}
