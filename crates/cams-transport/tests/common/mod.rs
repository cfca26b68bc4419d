//! A loopback hyper server for the transport tests, and the scenarios both network
//! transports must pass.

#![allow(dead_code, unreachable_pub)]

pub mod connect_proxy;
pub mod faults;
pub mod scenarios;
#[cfg(all(feature = "reqwest", feature = "hyper"))]
pub mod tls;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response, Uri};
use http_body_util::{BodyExt, combinators::BoxBody};
use hyper::body::{Body, Frame, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// A response header the handler sets to have the body sent chunked, without a length.
pub const CHUNKED: &str = "x-test-chunked";

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

type Handler = Arc<dyn Fn(&Seen) -> Response<Bytes> + Send + Sync>;

/// A hyper HTTP/1.1 server on 127.0.0.1:0 that records requests and counts connections.
pub struct TestServer {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<Seen>>>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Answers every request with `handler`.
    pub async fn start(handler: impl Fn(&Seen) -> Response<Bytes> + Send + Sync + 'static) -> Self {
        Self::start_with(Arc::new(handler), None).await
    }

    /// Reads each request, then stalls for a minute before answering.
    pub async fn stalling() -> Self {
        Self::start_with(
            Arc::new(|_: &Seen| Response::new(Bytes::new())),
            Some(Duration::from_secs(60)),
        )
        .await
    }

    async fn start_with(handler: Handler, stall: Option<Duration>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (conns, seen2) = (connections.clone(), seen.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                conns.fetch_add(1, Ordering::SeqCst);
                let (handler, seen) = (handler.clone(), seen2.clone());
                let service = service_fn(move |req: Request<Incoming>| {
                    let (handler, seen) = (handler.clone(), seen.clone());
                    async move {
                        let (parts, body) = req.into_parts();
                        let body = body
                            .collect()
                            .await
                            .map(|c| c.to_bytes())
                            .unwrap_or_default();
                        let request = Seen {
                            method: parts.method,
                            uri: parts.uri,
                            headers: parts.headers,
                            body,
                        };
                        seen.lock().unwrap().push(request.clone());
                        if let Some(d) = stall {
                            tokio::time::sleep(d).await;
                        }
                        Ok::<_, Infallible>(into_wire(handler(&request)))
                    }
                });
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        TestServer {
            addr,
            connections,
            seen,
            task,
        }
    }

    /// `http://127.0.0.1:port` followed by `path_and_query`.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("http://{}{}", self.addr, path_and_query)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Requests seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A URL on a loopback port nobody listens on (bound, then released).
pub async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/")
}

fn into_wire(response: Response<Bytes>) -> Response<BoxBody<Bytes, Infallible>> {
    let (mut parts, body) = response.into_parts();
    if parts.headers.remove(CHUNKED).is_some() {
        let chunks = body.chunks(1024).map(Bytes::copy_from_slice).collect();
        Response::from_parts(parts, Chunked(chunks).boxed())
    } else {
        Response::from_parts(parts, http_body_util::Full::new(body).boxed())
    }
}

/// A body of unknown length, sent as `Transfer-Encoding: chunked`.
struct Chunked(VecDeque<Bytes>);

impl Body for Chunked {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.pop_front().map(|b| Ok(Frame::data(b))))
    }
}
