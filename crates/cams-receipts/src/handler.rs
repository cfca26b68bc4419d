//! What the application gives the receiver: a handler that takes a batch of new receipts.

use std::future::Future;

use bytes::Bytes;
use cams_model::receipts::{Receipt, ReceiptError, ReceiptType};
use serde_json::{Map, Value};

use crate::error::HandlerError;

/// The new receipts of one push (duplicates already removed), in push order.
#[derive(Clone)]
#[non_exhaustive]
pub struct Batch {
    /// The receipts to take.
    pub receipts: Vec<Receipt>,
    /// The type the route gave, if any.
    pub route: Option<ReceiptType>,
    /// Position of each receipt in the pushed array.
    pub positions: Vec<usize>,
    body: Bytes,
}

impl Batch {
    /// A batch, e.g. for unit tests of a handler.
    pub fn new(receipts: Vec<Receipt>, route: Option<ReceiptType>) -> Self {
        let positions = (0..receipts.len()).collect();
        Batch {
            receipts,
            route,
            positions,
            body: Bytes::new(),
        }
    }

    pub(crate) fn from_push(
        receipts: Vec<Receipt>,
        route: Option<ReceiptType>,
        positions: Vec<usize>,
        body: Bytes,
    ) -> Self {
        Batch {
            receipts,
            route,
            positions,
            body,
        }
    }

    /// The receipts' objects exactly as pushed (keys trimmed, values as received), in the
    /// order of [`receipts`](Self::receipts). For a batch built with [`Batch::new`] these are
    /// the receipts serialised.
    pub fn raw_objects(&self) -> Result<Vec<Map<String, Value>>, ReceiptError> {
        if self.body.is_empty() {
            return Ok(self
                .receipts
                .iter()
                .map(|r| match serde_json::to_value(r) {
                    Ok(Value::Object(m)) => m,
                    _ => Map::new(),
                })
                .collect());
        }
        let mut all = cams_model::receipts::raw_objects(&self.body)?;
        Ok(self
            .positions
            .iter()
            .map(|&i| all.get_mut(i).map(std::mem::take).unwrap_or_default())
            .collect())
    }

    /// Whether the batch is empty.
    pub fn is_empty(&self) -> bool {
        self.receipts.is_empty()
    }
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batch")
            .field("receipts", &self.receipts)
            .field("route", &self.route)
            .field("positions", &self.positions)
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// Takes the new receipts of a push. Return `Ok` only once they are safe (stored durably or
/// queued): the push is acknowledged to CAMS right after. An `Err`, or running past the
/// deadline, answers 5xx so that CAMS pushes again, and the receipts are handed over again
/// on that push.
///
/// Any `Fn(Batch) -> impl Future<Output = Result<(), E>>` closure is a handler:
///
/// ```
/// use cams_receipts::{Batch, HandlerError, ReceiptHandler};
///
/// fn assert_handler<H: ReceiptHandler>(_: H) {}
/// assert_handler(|batch: Batch| async move {
///     println!("{} receipts", batch.receipts.len());
///     Ok::<(), HandlerError>(())
/// });
/// ```
pub trait ReceiptHandler: Send + Sync + 'static {
    /// Takes one batch.
    fn handle(&self, batch: Batch) -> impl Future<Output = Result<(), HandlerError>> + Send;
}

impl<F, Fut, E> ReceiptHandler for F
where
    F: Fn(Batch) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send,
    E: Into<HandlerError>,
{
    fn handle(&self, batch: Batch) -> impl Future<Output = Result<(), HandlerError>> + Send {
        let fut = self(batch);
        async move { fut.await.map_err(Into::into) }
    }
}
