//! Lazy pagination over `Page {Index, Size}` operations, one page in memory at a time.

use crate::{Client, Error};
use cams_model::Paginated;
use futures_core::Stream;
use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::future::{Future, poll_fn};
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

type PageFuture<O> =
    Pin<Box<dyn Future<Output = Result<<O as cams_model::Operation>::Output, Error>> + Send>>;

impl Client {
    /// Pages through any [`Paginated`] operation, starting at its `Page.Index` (1 if unset).
    pub fn paginate<O>(&self, request: O) -> Paginator<O>
    where
        O: Paginated + 'static,
        O::Item: Hash,
    {
        Paginator::new(self.clone(), request)
    }
}

/// A lazy stream of pages: nothing is sent until it is polled.
///
/// It stops after the page that reaches `Total`, after an empty page, or after the first
/// error; a service that ignores `Page.Index` and returns the same page again ends it with
/// [`Error::PaginationStuck`] instead of looping. Implements [`futures_core::Stream`] and
/// has an inherent [`next`](Paginator::next); [`items`](Paginator::items) flattens it.
pub struct Paginator<O: Paginated> {
    client: Client,
    request: O,
    next_index: i64,
    seen: u64,
    last_fingerprint: Option<u64>,
    in_flight: Option<PageFuture<O>>,
    done: bool,
}

impl<O: Paginated> fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &O::ACTION)
            .field("next_index", &self.next_index)
            .field("seen", &self.seen)
            .field("done", &self.done)
            .finish()
    }
}

impl<O> Paginator<O>
where
    O: Paginated + 'static,
    O::Item: Hash,
{
    fn new(client: Client, request: O) -> Self {
        let next_index = request.page_index().unwrap_or(1);
        Paginator {
            client,
            request,
            next_index,
            seen: 0,
            last_fingerprint: None,
            in_flight: None,
            done: false,
        }
    }

    /// The next page, or `None` when there are no more.
    pub async fn next(&mut self) -> Option<Result<O::Output, Error>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// A stream of the items of every page, in order.
    pub fn items(self) -> Items<O> {
        Items {
            pages: self,
            current: Vec::new().into_iter(),
        }
    }

    fn start_page(&mut self) -> PageFuture<O> {
        let mut request = self.request.clone();
        request.set_page_index(self.next_index);
        let client = self.client.clone();
        Box::pin(async move { client.execute(&request).await })
    }

    /// Decides whether `page` ends the listing; returns an error for a repeated page.
    fn after_page(&mut self, page: &O::Output) -> Result<(), Error> {
        let count = O::item_count(page);
        let fingerprint = fingerprint::<O>(page);
        if count > 0 && self.last_fingerprint == Some(fingerprint) {
            self.done = true;
            return Err(Error::PaginationStuck {
                page_index: self.next_index,
            });
        }
        self.last_fingerprint = Some(fingerprint);
        self.seen += count as u64;
        let reached_total =
            O::total(page).is_some_and(|t| self.seen >= u64::try_from(t).unwrap_or(0));
        if count == 0 || reached_total {
            self.done = true;
        }
        self.next_index = self.next_index.saturating_add(1);
        Ok(())
    }
}

/// A hash of a page's items, to notice a service that ignores `Page.Index`.
fn fingerprint<O: Paginated>(page: &O::Output) -> u64
where
    O::Item: Hash,
{
    let mut h = DefaultHasher::new();
    O::items(page).hash(&mut h);
    h.finish()
}

impl<O> Stream for Paginator<O>
where
    O: Paginated + 'static,
    O::Item: Hash,
{
    type Item = Result<O::Output, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.done {
            return Poll::Ready(None);
        }
        let fut = match &mut this.in_flight {
            Some(f) => f,
            None => {
                let f = this.start_page();
                this.in_flight.insert(f)
            }
        };
        let result = match fut.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r,
        };
        this.in_flight = None;
        Poll::Ready(Some(match result {
            Ok(page) => match this.after_page(&page) {
                Ok(()) => Ok(page),
                Err(e) => Err(e),
            },
            Err(e) => {
                this.done = true;
                Err(e)
            }
        }))
    }
}

// The struct holds no self-references: the in-flight future is boxed.
impl<O: Paginated> Unpin for Paginator<O> {}

/// The items of every page, in order; holds one page at a time.
pub struct Items<O: Paginated> {
    pages: Paginator<O>,
    current: std::vec::IntoIter<O::Item>,
}

impl<O: Paginated> fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").field("pages", &self.pages).finish()
    }
}

impl<O> Items<O>
where
    O: Paginated + 'static,
    O::Item: Hash,
{
    /// The next item, or `None` when there are no more.
    pub async fn next(&mut self) -> Option<Result<O::Item, Error>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<O::Item>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }
}

impl<O> Stream for Items<O>
where
    O: Paginated + 'static,
    O::Item: Hash,
{
    type Item = Result<O::Item, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.current.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut this.pages).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => this.current = O::into_items(page).into_iter(),
            }
        }
    }
}

impl<O: Paginated> Unpin for Items<O> {}
