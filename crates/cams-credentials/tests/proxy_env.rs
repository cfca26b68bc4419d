//! A provider's default transport takes its proxies from the provider's environment (the
//! injected one here, never the process's), and never sends loopback destinations to them.
#![allow(clippy::unwrap_used)]

mod common;

use cams_credentials::{CredentialsUriProvider, ENV_CREDENTIALS_URI, ProvideCredentials};
use cams_sandbox::DEMO_ROLE_NAME;
use common::*;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A host only the test proxy can reach (it forwards it to loopback, same port).
const UPSTREAM: &str = "upstream.invalid";

/// A plain-HTTP forward proxy on loopback that records each request line.
async fn forward_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let record = record.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match client.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&head).into_owned();
                let line = text.lines().next().unwrap_or("").to_owned();
                record.lock().unwrap().push(line.clone());
                let target = line.split(' ').nth(1).unwrap_or("");
                // hyper tunnels every request (`CONNECT host:port`); reqwest sends plain-HTTP
                // requests in absolute form (`GET http://host:port/...`).
                let tunnel = line.starts_with("CONNECT ");
                let host = if tunnel {
                    target
                } else {
                    target
                        .strip_prefix("http://")
                        .and_then(|r| r.split('/').next())
                        .unwrap_or("")
                }
                .replace(UPSTREAM, "127.0.0.1");
                if let Ok(mut upstream) = TcpStream::connect(host).await {
                    let ready = if tunnel {
                        client
                            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                            .await
                    } else {
                        upstream.write_all(&head).await
                    };
                    if ready.is_ok() {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                    }
                }
            });
        }
    });
    (url, seen)
}

fn role_path() -> String {
    format!("/latest/meta-data/ram/security-credentials/{DEMO_ROLE_NAME}")
}

#[tokio::test]
async fn the_injected_environment_names_the_proxy() {
    let sbx = sandbox().await;
    let home = Home::new();
    let (proxy, seen) = forward_proxy().await;
    let uri = format!("{}{}", sbx.url.replace("127.0.0.1", UPSTREAM), role_path());
    let env = env_for(
        &sbx,
        &home,
        &[(ENV_CREDENTIALS_URI, uri.as_str()), ("HTTP_PROXY", &proxy)],
    );
    let c = CredentialsUriProvider::builder()
        .env(env)
        .build()
        .provide_credentials()
        .await
        .unwrap();
    assert!(c.access_key_id().starts_with("STS."), "{c:?}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let authority = uri
        .strip_prefix("http://")
        .and_then(|r| r.split('/').next())
        .unwrap();
    assert!(
        seen[0].starts_with(&format!("GET {uri}"))
            || seen[0].starts_with(&format!("CONNECT {authority}")),
        "{seen:?}"
    );
}

#[tokio::test]
async fn loopback_is_reached_directly_despite_an_environment_proxy() {
    let sbx = sandbox().await;
    let home = Home::new();
    let (proxy, seen) = forward_proxy().await;
    let uri = format!("{}{}", sbx.url, role_path());
    for name in ["HTTP_PROXY", "http_proxy"] {
        let env = env_for(
            &sbx,
            &home,
            &[(ENV_CREDENTIALS_URI, uri.as_str()), (name, &proxy)],
        );
        let c = CredentialsUriProvider::builder()
            .env(env)
            .build()
            .provide_credentials()
            .await
            .unwrap();
        assert!(c.access_key_id().starts_with("STS."), "{c:?}");
    }
    assert!(seen.lock().unwrap().is_empty(), "{:?}", seen.lock());
}
