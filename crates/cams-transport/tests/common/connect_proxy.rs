//! A loopback forward proxy: `CONNECT host:port` tunnels, and absolute-form plain HTTP
//! requests forwarded as they are (to [`UPSTREAM_HOST`] on loopback). It records each request head it saw.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy saw of one request: its request line and its `Proxy-Authorization`.
#[derive(Debug, Clone)]
pub struct ProxySeen {
    pub request_line: String,
    pub proxy_authorization: Option<String>,
}

/// A running proxy.
pub struct ConnectProxy {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<ProxySeen>>>,
}

impl ConnectProxy {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = seen.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(relay(client, record.clone()));
            }
        });
        ConnectProxy { addr, seen }
    }

    /// `http://127.0.0.1:port`, with `user:pass@` when given.
    pub fn url(&self, credentials: Option<&str>) -> String {
        match credentials {
            Some(c) => format!("http://{c}@{}", self.addr),
            None => format!("http://{}", self.addr),
        }
    }

    pub fn seen(&self) -> Vec<ProxySeen> {
        self.seen.lock().unwrap().clone()
    }
}

/// A host the tests use for a destination that is not loopback (an environment proxy carries
/// it); only this proxy knows where it is: the loopback address of the same port.
pub const UPSTREAM_HOST: &str = "upstream.invalid";

fn upstream_addr(host_port: &str) -> String {
    match host_port.strip_prefix(UPSTREAM_HOST) {
        Some(port) => format!("127.0.0.1{port}"),
        None => host_port.to_owned(),
    }
}

async fn relay(mut client: TcpStream, seen: Arc<Mutex<Vec<ProxySeen>>>) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match client.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let request_line = text.lines().next().unwrap_or("").to_owned();
    let proxy_authorization = text
        .lines()
        .find_map(|l| {
            l.strip_prefix("proxy-authorization: ")
                .or_else(|| l.strip_prefix("Proxy-Authorization: "))
        })
        .map(str::to_owned);
    seen.lock().unwrap().push(ProxySeen {
        request_line: request_line.clone(),
        proxy_authorization,
    });
    let mut parts = request_line.split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method == "CONNECT" {
        let Ok(mut upstream) = TcpStream::connect(upstream_addr(target)).await else {
            let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
            return;
        };
        let _ = client
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .await;
        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
    } else {
        // Absolute form: http://host:port/path — forwarded with the head as received.
        let host = target
            .strip_prefix("http://")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("");
        let Ok(mut upstream) = TcpStream::connect(upstream_addr(host)).await else {
            let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n").await;
            return;
        };
        if upstream.write_all(&head).await.is_ok() {
            let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
        }
    }
}
