//! The loopback face: an HTTP/1 server on hyper, one task per connection, bounded in time and
//! in connections, graceful shutdown.

mod conn_guard;

use crate::gateway_error::{GatewayErrorReply, new_request_id};
use crate::{DEMO_HOST, Engine, SandboxError};
use bytes::Bytes;
use conn_guard::{Activity, Registry, Verdict, Watched};
use http::{Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

/// Largest request body accepted (CAMS calls have empty bodies or small forms).
pub(crate) const MAX_BODY: usize = 1 << 20;
/// How long open connections get to finish once shutdown starts.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// At the cap with every connection busy, how often to look for one turned idle.
const SHED_RETRY: Duration = Duration::from_millis(50);

/// The limits of the loopback server. The defaults keep a handful of slow or idle clients
/// from holding every socket: see `docs/reliability.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerConfig {
    /// Time allowed for a whole request head (and then for its body) to arrive, counted from
    /// its first byte, or from the accept for a connection's first request. Default 10 s.
    pub header_timeout: Duration,
    /// Time a keep-alive connection may stay open with no request in flight. Default 60 s.
    pub idle_timeout: Duration,
    /// Connections open at once. At the cap the connection idle the longest (no request in
    /// flight, no head arriving) is closed to admit the next one, so an active client is
    /// always served; when every connection is busy, new ones wait in the listen backlog.
    /// A line on stderr says so once per burst. Default 1024.
    pub max_connections: usize,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
        }
    }
}

impl ServerConfig {
    /// Sets the header (and body) read timeout.
    pub fn with_header_timeout(mut self, d: Duration) -> Self {
        self.header_timeout = d;
        self
    }

    /// Sets the keep-alive idle timeout.
    pub fn with_idle_timeout(mut self, d: Duration) -> Self {
        self.idle_timeout = d;
        self
    }

    /// Sets the connection cap (at least 1).
    pub fn with_max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }
}

/// Serves `engine` on `listener` with the default [`ServerConfig`] until `shutdown`
/// completes, then stops accepting, lets open connections finish their current request (up
/// to 10 s) and returns.
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
    serve_with(listener, engine, ServerConfig::default(), shutdown).await
}

/// [`serve`] with explicit limits.
pub async fn serve_with<F>(
    listener: TcpListener,
    engine: Engine,
    config: ServerConfig,
    shutdown: F,
) -> Result<(), SandboxError>
where
    F: Future<Output = ()> + Send,
{
    let (stop_tx, stop_rx) = watch::channel(false);
    let permits = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let mut shutdown = std::pin::pin!(shutdown);
    let registry = Arc::new(Registry::default());
    let mut at_cap = false;
    loop {
        // Waiting for a free slot before accepting leaves extra clients in the backlog
        // instead of taking a file descriptor each.
        let permit = match Arc::clone(&permits).try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                if !at_cap {
                    eprintln!(
                        "cams-sandbox: connection limit reached ({} open); closing idle connections, longest idle first, to admit new ones (--max-connections)",
                        config.max_connections
                    );
                    at_cap = true;
                }
                // Shed one idle connection per slot wanted; when none is idle, look again
                // shortly (a busy connection turns idle or closes).
                let shed = registry.shed_oldest_idle();
                let retry = if shed { DRAIN_TIMEOUT } else { SHED_RETRY };
                tokio::select! {
                    () = &mut shutdown => break,
                    p = Arc::clone(&permits).acquire_owned() => match p {
                        Ok(p) => p,
                        Err(_) => break,
                    },
                    () = tokio::time::sleep(retry) => continue,
                }
            }
        };
        if permits.available_permits() > config.max_connections / 2 {
            at_cap = false;
        }
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
        let stop = stop_rx.clone();
        let registry = Arc::clone(&registry);
        tokio::spawn(async move {
            serve_connection(stream, engine, config, stop, &registry).await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(stop_rx);
    // `closed` resolves once every connection task has dropped its receiver.
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, stop_tx.closed()).await;
    Ok(())
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    engine: Engine,
    config: ServerConfig,
    mut stop: watch::Receiver<bool>,
    registry: &Arc<Registry>,
) {
    let activity = Activity::new();
    let registered = registry.register(activity.clone());
    let io = TokioIo::new(Watched::new(stream, activity.clone()));
    let service_activity = activity.clone();
    let service = service_fn(move |req| {
        let (engine, activity) = (engine.clone(), service_activity.clone());
        async move {
            activity.request_started();
            let answer = answer(engine, req, config.header_timeout).await;
            activity.request_finished();
            answer
        }
    });
    let conn = http1::Builder::new().serve_connection(io, service);
    let mut conn = std::pin::pin!(conn);
    loop {
        let check_at = match activity.verdict(config.header_timeout, config.idle_timeout) {
            Verdict::CheckAt(t) => t,
            // A client that trickles its head holds a socket for nothing: drop it.
            Verdict::HeaderTimedOut => return,
            Verdict::Idle => {
                conn.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(DRAIN_TIMEOUT, conn.as_mut()).await;
                return;
            }
        };
        tokio::select! {
            _ = conn.as_mut() => return,
            () = tokio::time::sleep_until(check_at) => {}
            _ = stop.changed() => {
                conn.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(DRAIN_TIMEOUT, conn.as_mut()).await;
                return;
            }
            // Shed at the cap: idle, so hyper closes it at once (a request that raced in
            // is still answered).
            () = registered.shed.notified() => {
                conn.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(DRAIN_TIMEOUT, conn.as_mut()).await;
                return;
            }
        }
    }
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
    body_timeout: Duration,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let refuse = |err: GatewayErrorReply| {
        let request_id = new_request_id();
        let host = parts
            .headers
            .get(http::header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or(DEMO_HOST);
        Ok(err.into_response(&request_id, host).map(Full::new))
    };
    let announced = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if announced.is_some_and(|len| len > MAX_BODY as u64) {
        return refuse(body_too_large());
    }
    let collected = tokio::time::timeout(body_timeout, Limited::new(body, MAX_BODY).collect());
    let body = match collected.await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => {
            return refuse(body_too_large());
        }
        Ok(Err(_)) => {
            return refuse(GatewayErrorReply::bad_request(
                "InvalidRequestBody",
                "The request body is malformed: it could not be read as HTTP/1.1 content.",
            ));
        }
        Err(_elapsed) => {
            return refuse(GatewayErrorReply::new(
                StatusCode::REQUEST_TIMEOUT,
                "RequestTimeout",
                format!("The request body did not arrive within {body_timeout:?}."),
            ));
        }
    };
    let resp = engine.handle(Request::from_parts(parts, body));
    Ok(resp.map(Full::new))
}

fn body_too_large() -> GatewayErrorReply {
    GatewayErrorReply::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "RequestEntityTooLarge",
        format!("The request body is larger than the {MAX_BODY}-byte limit."),
    )
}
