//! What the loopback server refuses and how long it waits: oversized and malformed bodies,
//! slow heads, idle keep-alive connections, too many connections, oversized nonces.
//! Raw sockets on 127.0.0.1; every wait is bounded, no timing is asserted.
#![allow(clippy::unwrap_used)]

mod common;

use bytes::Bytes;
use cams_sandbox::{Engine, ServerConfig, serve_with};
use common::*;
use http::Response;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A bound on every wait of these tests: a broken server fails them instead of hanging CI.
const HANG_GUARD: Duration = Duration::from_secs(20);

async fn start(config: ServerConfig) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve_with(listener, Engine::demo(), config, async {
        let _ = stop_rx.await;
    }));
    (addr, stop_tx)
}

/// Writes `request` and reads until the server closes, returning the parsed answer.
async fn exchange(addr: SocketAddr, request: &[u8]) -> Response<Bytes> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let _ = stream.write_all(request).await;
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut raw))
        .await
        .unwrap();
    parse(&raw)
}

fn parse(raw: &[u8]) -> Response<Bytes> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let mut b = Response::builder().status(status);
    for line in lines {
        let (k, v) = line.split_once(':').unwrap();
        b = b.header(k.trim(), v.trim());
    }
    b.body(Bytes::copy_from_slice(&raw[split + 4..])).unwrap()
}

fn head(extra: &str) -> Vec<u8> {
    format!("POST / HTTP/1.1\r\nhost: {HOST}\r\nconnection: close\r\n{extra}\r\n").into_bytes()
}

#[tokio::test]
async fn an_announced_oversized_body_is_413_with_the_full_gateway_body() {
    let (addr, _stop) = start(ServerConfig::default()).await;
    let request = head("content-length: 52428800\r\n");
    let first = exchange(addr, &request).await;
    let v = assert_gateway_error(&first, 413, "RequestEntityTooLarge");
    assert_eq!(
        first.headers()["x-acs-request-id"],
        v["RequestId"].as_str().unwrap()
    );
    let second = exchange(addr, &request).await;
    let w = assert_gateway_error(&second, 413, "RequestEntityTooLarge");
    assert_ne!(
        v["RequestId"], w["RequestId"],
        "a unique RequestId each time"
    );
}

#[tokio::test]
async fn a_chunked_oversized_body_is_413() {
    let (addr, _stop) = start(ServerConfig::default()).await;
    let mut request = head("transfer-encoding: chunked\r\n");
    let chunk = vec![b'a'; 64 * 1024];
    for _ in 0..20 {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(&chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    let resp = exchange(addr, &request).await;
    let v = assert_gateway_error(&resp, 413, "RequestEntityTooLarge");
    assert_eq!(
        resp.headers()["x-acs-request-id"],
        v["RequestId"].as_str().unwrap()
    );
}

#[tokio::test]
async fn a_malformed_chunked_body_is_400_with_another_message() {
    let (addr, _stop) = start(ServerConfig::default()).await;
    let mut request = head("transfer-encoding: chunked\r\n");
    request.extend_from_slice(b"zz-not-hex\r\nabc\r\n0\r\n\r\n");
    let resp = exchange(addr, &request).await;
    let v = assert_gateway_error(&resp, 400, "InvalidRequestBody");
    assert!(!v["Message"].as_str().unwrap().contains("larger"), "{v}");
    assert_eq!(
        resp.headers()["x-acs-request-id"],
        v["RequestId"].as_str().unwrap()
    );
}

/// Waits for the server to close `stream`, feeding it `drip` (one byte at a time) meanwhile.
async fn closed_by_server(mut stream: TcpStream, drip: &[u8]) -> bool {
    let closing = async {
        let mut buf = [0u8; 1024];
        for b in drip.iter().cycle() {
            if stream.write_all(&[*b]).await.is_err() {
                return true;
            }
            match tokio::time::timeout(Duration::from_millis(100), stream.read(&mut buf)).await {
                Ok(Ok(0)) | Ok(Err(_)) => return true,
                _ => {}
            }
        }
        false
    };
    tokio::time::timeout(HANG_GUARD, closing)
        .await
        .unwrap_or(false)
}

#[tokio::test]
async fn a_head_sent_one_byte_at_a_time_is_cut_off() {
    let config = ServerConfig::default().with_header_timeout(Duration::from_millis(500));
    let (addr, _stop) = start(config).await;
    let stream = TcpStream::connect(addr).await.unwrap();
    // Never finishes its head: "x-pad: aaaa…" forever.
    assert!(closed_by_server(stream, b"POST / HTTP/1.1\r\nx-pad: aaaaaaaaaaaaaaaa").await);
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let config = ServerConfig::default().with_idle_timeout(Duration::from_millis(300));
    let (addr, _stop) = start(config).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(format!("PUT / HTTP/1.1\r\nhost: {HOST}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut raw = Vec::new();
    // The answer arrives, then the server closes the idle connection: read_to_end returns.
    tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(parse(&raw).status(), 405);
}

/// Whether the server closed `stream` (EOF or reset) within the hang guard.
async fn shut_by_server(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 64];
    matches!(
        tokio::time::timeout(HANG_GUARD, stream.read(&mut buf)).await,
        Ok(Ok(0) | Err(_))
    )
}

#[tokio::test]
async fn at_the_cap_idle_connections_are_shed_longest_idle_first() {
    let config = ServerConfig::default().with_max_connections(3);
    let (addr, _stop) = start(config).await;
    let put = format!("PUT / HTTP/1.1\r\nhost: {HOST}\r\n\r\n");
    // A keep-alive connection that was answered, then two silent ones: the cap is full.
    let mut keep_alive = TcpStream::connect(addr).await.unwrap();
    keep_alive.write_all(put.as_bytes()).await.unwrap();
    let mut buf = [0u8; 4096];
    let n = tokio::time::timeout(HANG_GUARD, keep_alive.read(&mut buf))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(parse(&buf[..n]).status(), 405);
    let mut silent = TcpStream::connect(addr).await.unwrap();
    // A request whose body has not arrived is in flight: never shed.
    let mut busy = TcpStream::connect(addr).await.unwrap();
    busy.write_all(
        format!("POST / HTTP/1.1\r\nhost: {HOST}\r\ncontent-length: 5\r\n\r\n").as_bytes(),
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;

    // A new client is answered at once, not after the idle timeout (60 s by default, past
    // the hang guard): the longest idle connection (the answered keep-alive one) made room.
    let close = format!("PUT / HTTP/1.1\r\nhost: {HOST}\r\nconnection: close\r\n\r\n");
    let answer = exchange(addr, close.as_bytes()).await;
    assert_eq!(answer.status(), 405);
    assert!(
        shut_by_server(&mut keep_alive).await,
        "the longest idle was kept"
    );

    // The next one sheds the silent connection; the busy one still gets its answer.
    let answer = exchange(addr, close.as_bytes()).await;
    assert_eq!(answer.status(), 405);
    assert!(shut_by_server(&mut silent).await);
    busy.write_all(b"hello").await.unwrap();
    let n = tokio::time::timeout(HANG_GUARD, busy.read(&mut buf))
        .await
        .unwrap()
        .unwrap();
    let status = parse(&buf[..n]).status();
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&buf[..n]));
}

#[tokio::test]
async fn when_every_connection_is_busy_new_ones_wait() {
    let config = ServerConfig::default().with_max_connections(1);
    let (addr, _stop) = start(config).await;
    let mut busy = TcpStream::connect(addr).await.unwrap();
    busy.write_all(
        format!(
            "POST / HTTP/1.1\r\nhost: {HOST}\r\ncontent-length: 5\r\nconnection: close\r\n\r\n"
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let get = format!("PUT / HTTP/1.1\r\nhost: {HOST}\r\nconnection: close\r\n\r\n");
    let mut second = TcpStream::connect(addr).await.unwrap();
    second.write_all(get.as_bytes()).await.unwrap();
    let mut buf = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_millis(300), second.read(&mut buf)).await;
    assert!(early.is_err(), "a busy connection was shed: {early:?}");
    // The busy request completes; its connection closes and the second is served.
    busy.write_all(b"hello").await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(HANG_GUARD, busy.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(parse(&raw).status(), 400);
    let mut raw = Vec::new();
    tokio::time::timeout(HANG_GUARD, second.read_to_end(&mut raw))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(parse(&raw).status(), 405);
}

#[tokio::test]
async fn an_oversized_nonce_is_refused_like_the_gateway() {
    let engine = demo_engine();
    let long = "n".repeat(64 * 1024);
    let request = v3(
        "ListChatGroupParticipants",
        &demo_query("SBXGRP003", None),
        &demo_creds(),
        t0(),
        &long,
    );
    let resp = engine.handle(request);
    let v = assert_gateway_error(&resp, 400, "InvalidSignatureNonce.Length");
    assert!(v["Message"].as_str().unwrap().contains("128"), "{v}");
}
