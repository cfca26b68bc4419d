//! Raw TCP peers that misbehave, and what each transport must say about them.

use super::scenarios::Make;
use bytes::Bytes;
use cams_transport::{TransportErrorKind, TransportFailure, TransportSettings};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// How the raw peer treats each connection after reading the request head.
#[derive(Clone, Copy, Debug)]
pub enum Misbehaviour {
    /// Resets the connection (`SO_LINGER` 0, then close).
    Reset,
    /// Closes the connection without a byte of answer.
    Close,
    /// Answers with bytes that are not HTTP.
    Garbage,
    /// Sends a status line and headers announcing 100 bytes, then 5 and closes.
    TruncatedBody,
}

/// A peer on 127.0.0.1 that misbehaves on every connection.
pub async fn raw_peer(how: Misbehaviour) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 4096];
                let mut seen = Vec::new();
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                match how {
                    Misbehaviour::Reset => {
                        let _ = stream.set_zero_linger();
                        drop(stream);
                    }
                    Misbehaviour::Close => drop(stream),
                    Misbehaviour::Garbage => {
                        let _ = stream.write_all(b"SSH-2.0-OpenSSH_9.6\r\n\r\n").await;
                        let _ = stream.shutdown().await;
                    }
                    Misbehaviour::TruncatedBody => {
                        let _ = stream
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nhello")
                            .await;
                        let _ = stream.shutdown().await;
                    }
                }
            });
        }
    });
    addr
}

/// Each misbehaviour gives a typed error whose `Display` says what happened and names the
/// host, and never the URL's query.
pub async fn each_fault_says_what_happened(make: Make) {
    let transport = make(TransportSettings::default());
    let cases = [
        (
            Misbehaviour::Reset,
            TransportFailure::ConnectionReset,
            "connection reset by",
        ),
        (
            Misbehaviour::Close,
            TransportFailure::ClosedBeforeResponse,
            "closed the connection before a complete response",
        ),
        (
            Misbehaviour::Garbage,
            TransportFailure::NotHttp,
            "did not answer with HTTP",
        ),
        (
            Misbehaviour::TruncatedBody,
            TransportFailure::ClosedBeforeResponse,
            "closed the connection before a complete response",
        ),
    ];
    for (how, want, text) in cases {
        let addr = raw_peer(how).await;
        let request = http::Request::get(format!("http://{addr}/?Signature=SIGNATURE-VALUE"))
            .header(
                "authorization",
                "ACS3-HMAC-SHA256 Credential=AK-SECRET-HEADER",
            )
            .body(Bytes::new())
            .unwrap();
        let err = transport.send(request).await.unwrap_err();
        let shown = err.to_string();
        // A reset racing the request write may be seen as the connection closing: both
        // mean the peer dropped the connection mid-exchange.
        let acceptable = err.failure() == Some(want)
            || (matches!(how, Misbehaviour::Reset)
                && err.failure() == Some(TransportFailure::ClosedBeforeResponse));
        assert!(acceptable, "{how:?}: {:?} / {err:?}", err.failure());
        assert_eq!(err.kind(), TransportErrorKind::Io, "{how:?}");
        assert!(err.maybe_sent(), "{how:?}");
        if err.failure() == Some(want) {
            assert!(shown.contains(text), "{how:?}: {shown}");
        }
        assert!(shown.contains(&addr.to_string()), "{how:?}: {shown}");
        for secret in ["SIGNATURE-VALUE", "AK-SECRET-HEADER", "/?"] {
            assert!(!shown.contains(secret), "{how:?}: {shown}");
            assert!(!format!("{err:?}").contains("SIGNATURE-VALUE"), "{err:?}");
        }
    }
}

/// A listener whose accept queue is full and never drained: the kernel drops further SYNs,
/// so a new connect hangs until the client's connect timeout. Keep the returned value alive.
pub fn full_backlog() -> (
    SocketAddr,
    Vec<std::net::TcpStream>,
    tokio::net::TcpListener,
) {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let fillers = (0..8)
        .filter_map(|_| {
            std::net::TcpStream::connect_timeout(&addr, std::time::Duration::from_millis(50)).ok()
        })
        .collect();
    (addr, fillers, listener)
}

/// A connect that cannot finish in time is a connect timeout, with its length.
pub async fn connect_timeout_is_named(make: Make) {
    let (addr, _fillers, _listener) = full_backlog();
    let settings = TransportSettings::default()
        .with_connect_timeout(std::time::Duration::from_millis(200))
        .with_read_timeout(std::time::Duration::from_secs(5));
    let err = make(settings)
        .send(
            http::Request::get(format!("http://{addr}/"))
                .body(Bytes::new())
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert!(!err.maybe_sent(), "{err:?}");
    assert_eq!(
        err.failure(),
        Some(TransportFailure::ConnectTimeout(
            std::time::Duration::from_millis(200)
        )),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("connect timeout (200ms) elapsed connecting to {addr}")
    );
}
