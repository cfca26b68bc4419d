//! Sleeping for retries and deadlines, on any runtime.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A future that completes after a delay.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Sleeps. The client never calls a runtime directly, so `cams-api` runs on tokio
/// (feature `tokio`, the default) or on any runtime that implements this trait.
pub trait AsyncSleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// A cheap-to-clone handle to an [`AsyncSleep`].
#[derive(Clone, Debug)]
pub struct SharedAsyncSleep(Arc<dyn AsyncSleep>);

impl SharedAsyncSleep {
    /// Wraps a sleep implementation.
    pub fn new(sleep: impl AsyncSleep + 'static) -> Self {
        SharedAsyncSleep(Arc::new(sleep))
    }

    /// Sleeps for `duration`.
    pub fn sleep(&self, duration: Duration) -> Sleep {
        self.0.sleep(duration)
    }
}

/// [`AsyncSleep`] on tokio's timer.
#[cfg(feature = "tokio")]
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

#[cfg(feature = "tokio")]
impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// The default sleep: tokio's when the feature is on.
pub(crate) fn default_sleep() -> Option<SharedAsyncSleep> {
    #[cfg(feature = "tokio")]
    {
        Some(SharedAsyncSleep::new(TokioSleep))
    }
    #[cfg(not(feature = "tokio"))]
    {
        None
    }
}
