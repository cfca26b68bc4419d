//! What every network transport must do, against [`TestServer`](super::TestServer).

use super::{CHUNKED, TestServer, refused_url};
use bytes::Bytes;
use cams_transport::{HttpRequest, SharedTransport, TransportErrorKind, TransportSettings};
use http::Response;
use std::time::Duration;

/// Builds the transport under test.
pub type Make = fn(TransportSettings) -> SharedTransport;

fn get(url: &str) -> HttpRequest {
    http::Request::get(url).body(Bytes::new()).unwrap()
}

pub async fn ok_with_body_and_request_unchanged(make: Make) {
    let server = TestServer::start(|_| {
        Response::builder()
            .header("x-acs-request-id", "req-1")
            .header("content-type", "application/json")
            .body(Bytes::from_static(br#"{"Code":"OK"}"#))
            .unwrap()
    })
    .await;
    let host = server.addr.to_string();
    let body = Bytes::from_static(b"Action=SendMessage&To=%2B8613800000000");
    let request =
        http::Request::post(server.url("/api/v1?Action=SendMessage&Version=2020-06-06&Empty="))
            .header("host", &host)
            .header("x-acs-action", "SendMessage")
            .header("x-acs-signature-nonce", "3f1c0d6e-aaaa")
            .header("x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb924")
            .header(
                "authorization",
                "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=ab",
            )
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.clone())
            .unwrap();

    let response = make(TransportSettings::default())
        .send(request)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-acs-request-id"], "req-1");
    assert_eq!(response.body().as_ref(), br#"{"Code":"OK"}"#);

    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let seen = &seen[0];
    assert_eq!(seen.method, http::Method::POST);
    assert_eq!(seen.uri.path(), "/api/v1");
    assert_eq!(
        seen.uri.query(),
        Some("Action=SendMessage&Version=2020-06-06&Empty=")
    );
    assert_eq!(seen.headers["host"], host.as_str());
    assert_eq!(seen.headers["x-acs-action"], "SendMessage");
    assert_eq!(seen.headers["x-acs-signature-nonce"], "3f1c0d6e-aaaa");
    assert_eq!(
        seen.headers["x-acs-content-sha256"],
        "e3b0c44298fc1c149afbf4c8996fb924"
    );
    assert_eq!(
        seen.headers["authorization"],
        "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=ab"
    );
    assert_eq!(
        seen.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(seen.body, body);
}

pub async fn client_and_server_errors_pass_through(make: Make) {
    let server = TestServer::start(|seen| {
        let status = if seen.uri.path() == "/missing" {
            404
        } else {
            503
        };
        Response::builder()
            .status(status)
            .header("x-acs-request-id", format!("req-{status}"))
            .body(Bytes::from(format!(r#"{{"Code":"E{status}"}}"#)))
            .unwrap()
    })
    .await;
    let transport = make(TransportSettings::default());
    for (path, status) in [("/missing", 404), ("/busy", 503)] {
        let response = transport.send(get(&server.url(path))).await.unwrap();
        assert_eq!(response.status(), status);
        assert_eq!(
            response.headers()["x-acs-request-id"],
            format!("req-{status}").as_str()
        );
        assert_eq!(
            response.body(),
            &Bytes::from(format!(r#"{{"Code":"E{status}"}}"#))
        );
    }
}

pub async fn connection_refused_is_connect_not_sent(make: Make) {
    let url = refused_url().await;
    let err = make(TransportSettings::default())
        .send(get(&format!(
            "{url}?Signature=SIGNATURE-VALUE&SecurityToken=TOKEN-VALUE"
        )))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Connect, "{err:?}");
    // The query may hold a V1 signature or an STS token: never in a message.
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(
            !shown.contains("SIGNATURE-VALUE") && !shown.contains("TOKEN-VALUE"),
            "{shown}"
        );
    }
    assert!(!err.maybe_sent());
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    assert_eq!(err.host(), Some(host));
    assert!(err.to_string().contains(host), "{err}");
    assert_eq!(
        err.failure(),
        Some(cams_transport::TransportFailure::ConnectionRefused)
    );
    assert_eq!(err.to_string(), format!("connection refused by {host}"));
    assert!(std::error::Error::source(&err).is_some());
}

pub async fn stalled_server_is_read_timeout(make: Make) {
    let server = TestServer::stalling().await;
    let settings = TransportSettings::default().with_read_timeout(Duration::from_millis(300));
    let err = make(settings)
        .send(get(&server.url("/")))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Timeout, "{err:?}");
    assert!(err.maybe_sent());
    assert_eq!(
        err.failure(),
        Some(cams_transport::TransportFailure::ReadTimeout(
            Duration::from_millis(300)
        ))
    );
    assert_eq!(
        err.to_string(),
        format!("read timeout (300ms) elapsed waiting for {}", server.addr)
    );
}

pub async fn oversized_body_is_body_too_large(make: Make) {
    let server = TestServer::start(|seen| {
        let mut response = Response::new(Bytes::from(vec![b'x'; 64 * 1024]));
        if seen.uri.path() == "/chunked" {
            response
                .headers_mut()
                .insert(CHUNKED, http::HeaderValue::from_static("1"));
        }
        response
    })
    .await;
    let settings = TransportSettings::default().with_max_response_body(1024);
    let transport = make(settings);
    // With a Content-Length, then without one (chunked): the cap holds both ways.
    for path in ["/sized", "/chunked"] {
        let err = transport.send(get(&server.url(path))).await.unwrap_err();
        assert_eq!(
            err.kind(),
            TransportErrorKind::BodyTooLarge,
            "{path}: {err:?}"
        );
    }
    // A body at the cap is fine.
    let server = TestServer::start(|_| Response::new(Bytes::from(vec![b'y'; 1024]))).await;
    let response = transport.send(get(&server.url("/"))).await.unwrap();
    assert_eq!(response.body().len(), 1024);
}

pub async fn keep_alive_reuses_one_connection(make: Make) {
    let server = TestServer::start(|seen| Response::new(Bytes::from(seen.uri.to_string()))).await;
    let transport = make(TransportSettings::default());
    for i in 0..20 {
        let response = transport
            .send(get(&server.url(&format!("/n?i={i}"))))
            .await
            .unwrap();
        assert_eq!(response.body(), &Bytes::from(format!("/n?i={i}")));
    }
    assert_eq!(server.seen().len(), 20);
    assert_eq!(server.connections(), 1);
}

pub async fn redirects_are_not_followed(make: Make) {
    let server = TestServer::start(|seen| {
        if seen.uri.path() == "/from" {
            Response::builder()
                .status(302)
                .header("location", "/to")
                .body(Bytes::new())
                .unwrap()
        } else {
            Response::new(Bytes::new())
        }
    })
    .await;
    let response = make(TransportSettings::default())
        .send(get(&server.url("/from")))
        .await
        .unwrap();
    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/to");
    assert_eq!(server.seen().len(), 1);
}

/// `rt.block_on(transport.send(request))` makes the future before entering the runtime: making
/// it must need no runtime (reqwest's own `execute` does, so it must wait for the first poll).
pub fn send_future_made_outside_a_runtime(make: Make) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(TestServer::start(|_| {
        Response::new(Bytes::from_static(br#"{"Code":"OK"}"#))
    }));
    let transport = make(TransportSettings::default());
    let pending = transport.send(get(&server.url("/?Action=ListChatGroup")));
    let response = rt.block_on(pending).unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.body().as_ref(), br#"{"Code":"OK"}"#);
    assert_eq!(server.seen().len(), 1);
}

/// The future of a send is `Send`: it can be spawned onto a multi-threaded runtime, so a
/// caller can run many calls in flight across worker threads.
pub fn send_future_is_send_and_spawnable(make: Make) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(TestServer::start(|seen| {
        Response::new(Bytes::from(seen.uri.query().unwrap_or("").to_owned()))
    }));
    let transport = make(TransportSettings::default());
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let (transport, url) = (transport.clone(), server.url(&format!("/?i={i}")));
            rt.spawn(async move { transport.send(get(&url)).await })
        })
        .collect();
    for (i, handle) in handles.into_iter().enumerate() {
        let response = rt.block_on(handle).unwrap().unwrap();
        assert_eq!(response.body(), &Bytes::from(format!("i={i}")));
    }
    fn assert_send<T: Send>(_: &T) {}
    let pending = transport.send(get(&server.url("/")));
    assert_send(&pending);
}
