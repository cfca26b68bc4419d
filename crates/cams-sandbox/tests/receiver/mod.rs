//! A receipt receiver for the push tests: a small hyper server on a free loopback port that
//! records every push (path, content type, JSON body) and answers as told.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// How the receiver answers.
#[derive(Debug, Clone, Copy)]
pub enum Answer {
    /// HTTP 200 `{"code":0,"msg":"成功"}`.
    Ack,
    /// The first `n` pushes get HTTP 500 (odd ones) or `200 text/plain ok` (even ones: no
    /// numeric `code`, so not an acknowledgement); later ones are acknowledged.
    RefuseFirst(usize),
    /// Reads the push, never answers.
    Hang,
}

/// One push as received.
#[derive(Debug, Clone)]
pub struct Push {
    pub path: String,
    pub method: String,
    pub content_type: String,
    pub body: Vec<Value>,
    /// Whether this push was acknowledged.
    pub acked: bool,
}

pub struct Receiver {
    pub base: String,
    rx: mpsc::UnboundedReceiver<Push>,
    pub count: Arc<AtomicUsize>,
}

/// Guards a test against a push that never comes (not a timing assertion).
const WAIT: Duration = Duration::from_secs(60);

impl Receiver {
    pub async fn start(answer: Answer) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (tx, rx) = mpsc::unbounded_channel();
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (tx, seen) = (tx.clone(), Arc::clone(&seen));
                tokio::spawn(async move {
                    let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let (tx, seen) = (tx.clone(), Arc::clone(&seen));
                        async move {
                            let path = req.uri().path().to_owned();
                            let method = req.method().to_string();
                            let content_type = req
                                .headers()
                                .get(http::header::CONTENT_TYPE)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or_default()
                                .to_owned();
                            let bytes = req.into_body().collect().await.unwrap().to_bytes();
                            let body: Vec<Value> = serde_json::from_slice(&bytes).unwrap();
                            let n = seen.fetch_add(1, Ordering::SeqCst);
                            let (status, text, acked) = match answer {
                                Answer::Ack => (200, r#"{"code":0,"msg":"成功"}"#, true),
                                Answer::RefuseFirst(k) if n < k && n % 2 == 0 => {
                                    (500, "busy", false)
                                }
                                Answer::RefuseFirst(k) if n < k => (200, "ok", false),
                                Answer::RefuseFirst(_) => (200, r#"{"code":0,"msg":"成功"}"#, true),
                                Answer::Hang => (0, "", false),
                            };
                            let _ = tx.send(Push {
                                path,
                                method,
                                content_type,
                                body,
                                acked,
                            });
                            if status == 0 {
                                std::future::pending::<()>().await;
                            }
                            let mut resp = hyper::Response::new(Full::new(Bytes::from(text)));
                            *resp.status_mut() = http::StatusCode::from_u16(status).unwrap();
                            Ok::<_, Infallible>(resp)
                        }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Receiver { base, rx, count }
    }

    /// The next push (panics after a minute without one).
    pub async fn next(&mut self) -> Push {
        tokio::time::timeout(WAIT, self.rx.recv())
            .await
            .expect("a push within a minute")
            .expect("the receiver is running")
    }

    /// The next `n` pushes.
    pub async fn take(&mut self, n: usize) -> Vec<Push> {
        let mut all = Vec::new();
        for _ in 0..n {
            all.push(self.next().await);
        }
        all
    }

    /// A push that arrived already, if any (does not wait).
    pub fn try_next(&mut self) -> Option<Push> {
        self.rx.try_recv().ok()
    }
}
