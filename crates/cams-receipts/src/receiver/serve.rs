//! A small standalone server for the receiver (HTTP/1.1 on hyper).

use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;

use super::ReceiptReceiver;
use crate::handler::ReceiptHandler;

/// Serves `handler` with the default receiver (any path, in-memory dedupe, 1 MiB cap, 2.5 s
/// deadline) on `listener` until the process ends. Configure a [`ReceiptReceiver`] and call
/// its [`serve`](ReceiptReceiver::serve) for anything else.
///
/// ```no_run
/// # async fn demo() -> std::io::Result<()> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// println!("listening on http://{}", listener.local_addr()?);
/// cams_receipts::serve(listener, |batch: cams_receipts::Batch| async move {
///     println!("{} new receipts", batch.receipts.len());
///     Ok::<(), cams_receipts::HandlerError>(())
/// })
/// .await
/// # }
/// ```
pub async fn serve<H: ReceiptHandler>(listener: TcpListener, handler: H) -> std::io::Result<()> {
    ReceiptReceiver::new(handler).serve(listener).await
}

pub(super) async fn serve_receiver<H: ReceiptHandler>(
    listener: TcpListener,
    receiver: ReceiptReceiver<H>,
) -> std::io::Result<()> {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait, never stop serving.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let receiver = receiver.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let receiver = receiver.clone();
                async move { Ok::<_, std::convert::Infallible>(receiver.respond(request).await) }
            });
            let conn = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .serve_connection(TokioIo::new(stream), service);
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended");
            }
        });
    }
}
