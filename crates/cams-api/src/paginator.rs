//! Lazy pagination over every paging operation, one page in memory at a time.
//!
//! Numbered operations (`Page {Index, Size}`, `PageIndex`/`PageNo`/`PageNumber` + `PageSize`)
//! ask for index 1, 2, 3…; cursor operations pass on the cursor of the previous page. A
//! numbered listing ends on an empty page or one shorter than the page size asked for; a cursor
//! listing on an empty page or no cursor.
//! A misbehaving service cannot make a paginator run forever: a page (or token) equal to one
//! of the last [`REPEAT_WINDOW`] ends it with [`Error::PaginationStuck`], numbered listings stop
//! once the index reaches `ceil(Total / Size)`, and after [`DEFAULT_MAX_PAGES`] pages (see
//! [`Paginator::max_pages`]) the next poll ends with [`Error::PaginationStuck`].

use crate::{Client, Error, RequestOptions};
use cams_model::{PageStyle, Paginated};
use futures_core::Stream;
use std::collections::VecDeque;
use std::collections::hash_map::DefaultHasher;
use std::fmt;
use std::future::{Future, poll_fn};
use std::hash::{Hash, Hasher};
use std::pin::Pin;
use std::task::{Context, Poll};

/// How many pages a paginator fetches at most, unless [`Paginator::max_pages`] says otherwise:
/// 10,000 pages (200,000 items at the usual 20 per page).
pub const DEFAULT_MAX_PAGES: u64 = 10_000;

/// How many recent pages (and tokens) a paginator remembers to notice a service going round in
/// a cycle (A, B, A, B…); fingerprints only, so memory stays flat.
pub const REPEAT_WINDOW: usize = 16;

type PageFuture<O> =
    Pin<Box<dyn Future<Output = Result<<O as cams_model::Operation>::Output, Error>> + Send>>;

impl Client {
    /// Pages through any [`Paginated`] operation, starting at its page (the first if unset).
    pub fn paginate<O>(&self, request: O) -> Paginator<O>
    where
        O: Paginated + 'static,
    {
        Paginator::new(self.clone(), request)
    }
}

/// A lazy stream of pages: nothing is sent until it is polled.
///
/// It stops after the last page (an empty page, `Total` reached, the index past
/// `ceil(Total / Size)`, or no next token), or after the first error. Implements
/// [`futures_core::Stream`] and has an inherent [`next`](Paginator::next);
/// [`items`](Paginator::items) flattens it.
pub struct Paginator<O: Paginated> {
    client: Client,
    request: O,
    rules: PageRules,
    in_flight: Option<PageFuture<O>>,
    options: Option<std::sync::Arc<RequestOptions>>,
}

/// The stop rules of every listing, shared by [`Paginator`] and by tools that page through
/// operations by name (the `cams` CLI's `--all-pages`): which page to ask for next, and when to
/// stop (an empty page, a page shorter than the size asked for, `Total` reached, no next
/// cursor), or to fail with [`Error::PaginationStuck`] (a page or cursor repeated within
/// [`REPEAT_WINDOW`], or the page cap reached).
#[derive(Debug, Clone)]
pub struct PageRules {
    style: PageStyle,
    page_size: Option<u64>,
    next_index: i64,
    next_token: Option<String>,
    pages: u64,
    max_pages: u64,
    seen: u64,
    largest_page: u64,
    recent: VecDeque<u64>,
    recent_tokens: VecDeque<u64>,
    done: bool,
}

/// What the rules need to know of one page.
#[derive(Debug, Clone, Copy)]
pub struct PageFacts<'a> {
    /// How many items it holds.
    pub count: usize,
    /// A hash of its items ([`PageRules::fingerprint`]), to notice a repeated page.
    pub fingerprint: u64,
    /// How many items there are in all, if the page says.
    pub total: Option<i64>,
    /// The cursor of the next page, if the page gives one (cursor listings).
    pub next_token: Option<&'a str>,
}

/// Where the next page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCursor<'a> {
    /// The 1-based page number (numbered listings).
    Index(i64),
    /// The previous page's cursor; `None` for the first page (cursor listings).
    Token(Option<&'a str>),
}

impl PageRules {
    /// Rules for a listing of `style` that starts at `first_index` (numbered; 1 if unset) and
    /// asks for `page_size` items a page (if it says).
    pub fn new(style: PageStyle, first_index: Option<i64>, page_size: Option<i64>) -> Self {
        PageRules {
            style,
            page_size: page_size
                .and_then(|s| u64::try_from(s).ok())
                .filter(|s| *s > 0),
            next_index: first_index.unwrap_or(1),
            next_token: None,
            pages: 0,
            max_pages: DEFAULT_MAX_PAGES,
            seen: 0,
            largest_page: 0,
            recent: VecDeque::with_capacity(REPEAT_WINDOW),
            recent_tokens: VecDeque::new(),
            done: false,
        }
    }

    /// Fetches at most `pages` pages; the next one fails with [`Error::PaginationStuck`].
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages;
        self
    }

    /// The cursor of the next page to fetch: `Ok(None)` when the listing is over, an error
    /// when the page cap is reached.
    pub fn next_page(&mut self) -> Result<Option<PageCursor<'_>>, Error> {
        if self.done {
            return Ok(None);
        }
        if self.pages >= self.max_pages {
            return Err(self.stuck());
        }
        Ok(Some(match self.style {
            PageStyle::Numbered => PageCursor::Index(self.next_index),
            PageStyle::Token => PageCursor::Token(self.next_token.as_deref()),
        }))
    }

    /// Ends the listing (after an error of the caller's).
    pub fn stop(&mut self) {
        self.done = true;
    }

    /// How many pages have been taken in.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// A hash of a page's items (their `Debug` text, which shows every field of the generated
    /// types and of `serde_json::Value`), for [`PageFacts::fingerprint`].
    pub fn fingerprint(items: &impl fmt::Debug) -> u64 {
        let mut h = DefaultHasher::new();
        // Writing into a hasher cannot fail; a failure would only weaken the repeat check,
        // never end a listing early.
        let _ = fmt::write(&mut HashWriter(&mut h), format_args!("{items:?}"));
        h.finish()
    }

    fn stuck(&mut self) -> Error {
        self.done = true;
        Error::PaginationStuck {
            page_index: match self.style {
                PageStyle::Numbered => self.next_index,
                PageStyle::Token => i64::try_from(self.pages).unwrap_or(i64::MAX),
            },
        }
    }

    /// Takes in one page: decides whether it ends the listing, fails on a repeated page or cursor.
    pub fn after_page(&mut self, page: PageFacts<'_>) -> Result<(), Error> {
        self.pages += 1;
        let count = page.count as u64;
        if count > 0 && remember(&mut self.recent, page.fingerprint) {
            return Err(self.stuck());
        }
        self.seen += count;
        self.largest_page = self.largest_page.max(count);
        match self.style {
            PageStyle::Numbered => {
                let total = page.total.map(|t| u64::try_from(t).unwrap_or(0));
                let asked = self.page_size;
                let size = asked.unwrap_or(self.largest_page);
                let last_index = total.filter(|_| size > 0).map(|t| t.div_ceil(size));
                let index = u64::try_from(self.next_index).unwrap_or(0);
                // A page shorter than the size asked for is the last one; without a size asked
                // for, the service's own default is unknown, so only the other rules apply.
                if count == 0
                    || asked.is_some_and(|a| count < a)
                    || total.is_some_and(|t| self.seen >= t)
                    || last_index.is_some_and(|last| index >= last)
                {
                    self.done = true;
                }
                self.next_index = self.next_index.saturating_add(1);
            }
            // An empty page ends a cursor listing too: Meta-style cursors (`After`) come back
            // even on the last page.
            PageStyle::Token => match page.next_token.filter(|t| !t.is_empty() && count > 0) {
                None => self.done = true,
                Some(token) => {
                    if remember(&mut self.recent_tokens, hash_of(token)) {
                        return Err(self.stuck());
                    }
                    self.next_token = Some(token.to_owned());
                }
            },
        }
        Ok(())
    }
}

impl<O: Paginated> fmt::Debug for Paginator<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("action", &O::ACTION)
            .field("rules", &self.rules)
            .finish()
    }
}

impl<O> Paginator<O>
where
    O: Paginated + 'static,
{
    fn new(client: Client, request: O) -> Self {
        let rules = PageRules::new(O::STYLE, request.page_index(), request.page_size());
        Paginator {
            client,
            request,
            rules,
            in_flight: None,
            options: None,
        }
    }

    /// Sends every page with `options` (timeout, retries, headers) overriding the client's.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = Some(std::sync::Arc::new(options));
        self
    }

    /// Fetches at most `pages` pages; polling past them ends with [`Error::PaginationStuck`].
    /// The default is [`DEFAULT_MAX_PAGES`].
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.rules = self.rules.max_pages(pages);
        self
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

    fn start_page(&self, cursor: PageCursor<'_>) -> PageFuture<O> {
        let mut request = self.request.clone();
        match cursor {
            PageCursor::Index(index) => request.set_page_index(index),
            PageCursor::Token(Some(token)) => request.set_page_token(token),
            PageCursor::Token(None) => {}
        }
        let client = self.client.clone();
        let options = self.options.clone();
        Box::pin(async move {
            match options.as_deref() {
                Some(o) => client.execute_with(&request, o).await,
                None => client.execute(&request).await,
            }
        })
    }
}

/// Adds `fingerprint` to the window; `true` if it was already there.
fn remember(window: &mut VecDeque<u64>, fingerprint: u64) -> bool {
    if window.contains(&fingerprint) {
        return true;
    }
    if window.len() == REPEAT_WINDOW {
        window.pop_front();
    }
    window.push_back(fingerprint);
    false
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Feeds formatted text straight into a hasher, so a page is fingerprinted without a copy.
struct HashWriter<'a>(&'a mut DefaultHasher);

impl fmt::Write for HashWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// What the rules need to know of a typed page.
fn facts<O: Paginated>(page: &O::Output) -> PageFacts<'_> {
    PageFacts {
        count: O::item_count(page),
        fingerprint: PageRules::fingerprint(&O::items(page)),
        total: O::total(page),
        next_token: O::next_token(page),
    }
}

impl<O> Stream for Paginator<O>
where
    O: Paginated + 'static,
{
    type Item = Result<O::Output, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let fut = match &mut this.in_flight {
            Some(f) => f,
            None => {
                let f = match this.rules.next_page() {
                    Ok(None) => return Poll::Ready(None),
                    Err(e) => return Poll::Ready(Some(Err(e))),
                    Ok(Some(cursor)) => {
                        let cursor = match cursor {
                            PageCursor::Index(i) => Cursor::Index(i),
                            PageCursor::Token(t) => Cursor::Token(t.map(str::to_owned)),
                        };
                        this.start_page(cursor.as_page_cursor())
                    }
                };
                this.in_flight.insert(f)
            }
        };
        let result = match fut.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(r) => r,
        };
        this.in_flight = None;
        Poll::Ready(Some(match result {
            Ok(page) => match this.rules.after_page(facts::<O>(&page)) {
                Ok(()) => Ok(page),
                Err(e) => Err(e),
            },
            Err(e) => {
                this.rules.stop();
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

/// An owned [`PageCursor`], so the rules are not borrowed while the page is built.
enum Cursor {
    Index(i64),
    Token(Option<String>),
}

impl Cursor {
    fn as_page_cursor(&self) -> PageCursor<'_> {
        match self {
            Cursor::Index(i) => PageCursor::Index(*i),
            Cursor::Token(t) => PageCursor::Token(t.as_deref()),
        }
    }
}
