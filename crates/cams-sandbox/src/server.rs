//! The loopback face: an HTTP/1 server on hyper, one task per connection, graceful shutdown.

use crate::{Engine, SandboxError};
use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Largest request body accepted (CAMS calls have empty bodies).
const MAX_BODY: usize = 1 << 20;
/// How long open connections get to finish once shutdown starts.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `engine` on `listener` until `shutdown` completes, then stops accepting, lets open
/// connections finish their current request (up to 10 s) and returns.
///
/// Each connection runs in its own task; a panic in a handler becomes a 500 answer.
///
/// ```no_run
/// # async fn run() -> Result<(), cams_sandbox::SandboxError> {
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
/// println!("listening on http://{}", listener.local_addr().unwrap());
/// cams_sandbox::serve(listener, cams_sandbox::Engine::demo(), async {
///     let _ = tokio::signal::ctrl_c().await;
/// })
/// .await
/// # }
/// ```
pub async fn serve<F>(
    listener: TcpListener,
    engine: Engine,
    shutdown: F,
) -> Result<(), SandboxError>
where
    F: Future<Output = ()> + Send,
{
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Per-connection failures (reset before accept, too many files) must not stop the server.
            Err(err) if is_transient(&err) => {
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
            Err(err) => return Err(SandboxError::io("accepting a connection", err)),
        };
        let _ = stream.set_nodelay(true);
        let engine = engine.clone();
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| answer(engine.clone(), req));
            let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            drop(stop);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(stop_rx);
    // `closed` resolves once every connection task has dropped its receiver.
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, stop_tx.closed()).await;
    Ok(())
}

fn is_transient(err: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        err.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock
    ) || err.raw_os_error().is_some_and(|c| c == 23 || c == 24) // ENFILE, EMFILE
}

async fn answer(
    engine: Engine,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            let mut resp = Response::new(Full::new(Bytes::from_static(
                br#"{"Code":"InvalidParameter","Message":"The request body could not be read or is too large."}"#,
            )));
            *resp.status_mut() = StatusCode::BAD_REQUEST;
            return Ok(resp);
        }
    };
    let resp = engine.handle(Request::from_parts(parts, body));
    Ok(resp.map(Full::new))
}
