//! The Redis store against a real `redis-server` that the tests start on a free loopback
//! port. Ignored unless asked for (`--include-ignored`): `.ci/steps/receipts.sh` installs
//! Redis and runs them.
#![cfg(feature = "redis")]
#![allow(clippy::unwrap_used)]

use std::process::Stdio;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cams_receipts::{
    Batch, Claim, DedupeStore, HandlerError, MIN_TTL, ReceiptReceiver, RedisStore,
};
use tokio::process::{Child, Command};
use tokio::sync::Notify;

/// A `redis-server` on a free port, killed on drop.
struct Redis {
    url: String,
    _child: Child,
}

async fn redis() -> Redis {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new("redis-server")
        .args([
            "--bind",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("redis-server on PATH");
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Redis {
                url: format!("redis://127.0.0.1:{port}/"),
                _child: child,
            };
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("redis-server did not start on port {port}");
}

fn keys(k: &[&str]) -> Vec<String> {
    k.iter().map(|s| (*s).to_owned()).collect()
}

#[tokio::test]
#[ignore = "needs redis-server"]
async fn claim_commit_release_across_replicas() {
    let server = redis().await;
    let a = RedisStore::connect(&server.url).await.unwrap();
    let b = RedisStore::connect(&server.url).await.unwrap();
    let lease = Duration::from_secs(30);
    assert_eq!(
        a.claim(&keys(&["k1", "k2"]), lease).await.unwrap(),
        [Claim::New, Claim::New]
    );
    // Another replica sees both in flight.
    assert_eq!(
        b.claim(&keys(&["k1", "k2", "k3"]), lease).await.unwrap(),
        [Claim::Busy, Claim::Busy, Claim::New]
    );
    a.commit(&keys(&["k1"]), MIN_TTL).await.unwrap();
    a.release(&keys(&["k2"])).await.unwrap();
    // A replica cannot release another's claim, nor a taken key.
    a.release(&keys(&["k3", "k1"])).await.unwrap();
    assert_eq!(
        b.claim(&keys(&["k1", "k2", "k3"]), lease).await.unwrap(),
        [Claim::Done, Claim::New, Claim::Busy]
    );
}

#[tokio::test]
#[ignore = "needs redis-server"]
async fn a_vanished_claim_expires_with_its_lease() {
    let server = redis().await;
    let a = RedisStore::connect(&server.url).await.unwrap();
    assert_eq!(
        a.claim(&keys(&["k"]), Duration::from_millis(50))
            .await
            .unwrap(),
        [Claim::New]
    );
    // Poll (no timing assertion): the key becomes claimable once Redis expires it.
    let mut state = Claim::Busy;
    for _ in 0..200 {
        state = a
            .claim(&keys(&["k"]), Duration::from_secs(30))
            .await
            .unwrap()[0];
        if state == Claim::New {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(state, Claim::New);
    // The prefix separates services sharing one Redis.
    let other = RedisStore::connect(&server.url)
        .await
        .unwrap()
        .with_prefix("other:");
    assert_eq!(
        other
            .claim(&keys(&["k"]), Duration::from_secs(30))
            .await
            .unwrap(),
        [Claim::New]
    );
}

/// Two replicas behind a load balancer: the same push lands on both at once; the handler
/// runs once between them, and CAMS's retry on either replica is a duplicate.
#[tokio::test]
#[ignore = "needs redis-server"]
async fn two_receivers_share_one_redis() {
    let server = redis().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let entered = Arc::new(Notify::new());
    let release = Arc::new(Notify::new());
    let mut urls = Vec::new();
    for _ in 0..2 {
        let (c, e, r) = (calls.clone(), entered.clone(), release.clone());
        let handler = move |_b: Batch| {
            c.fetch_add(1, Ordering::SeqCst);
            let (e, r) = (e.clone(), r.clone());
            async move {
                e.notify_one();
                r.notified().await;
                Ok::<(), HandlerError>(())
            }
        };
        let store: Arc<dyn DedupeStore> = Arc::new(RedisStore::connect(&server.url).await.unwrap());
        let receiver = ReceiptReceiver::new(handler)
            .with_store(store)
            .with_deadline(Duration::from_secs(60))
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        urls.push(format!("http://{}", listener.local_addr().unwrap()));
        tokio::spawn(receiver.serve(listener));
    }
    let body =
        r#"[{"MessageId":"r1","From":"1","To":"2","Status":"Read","MsgFrameType":"message"}]"#;
    let post = |url: String| async move {
        client()
            .post(url)
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    let first = tokio::spawn(post(urls[0].clone()));
    entered.notified().await;
    assert_eq!(
        post(urls[1].clone()).await,
        503,
        "in flight on the other replica"
    );
    release.notify_one();
    assert_eq!(first.await.unwrap(), 200);
    assert_eq!(post(urls[1].clone()).await, 200);
    assert_eq!(post(urls[0].clone()).await, 200);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

/// A reqwest client with rustls' ring provider (the workspace builds reqwest without one).
fn client() -> reqwest::Client {
    cams_transport::ReqwestTransport::client_builder(&cams_transport::TransportSettings::default())
        .unwrap()
        .build()
        .unwrap()
}
