//! The consumer against the emulator's queues: nothing lost when a handler fails, times out, or
//! the consumer is shut down mid-batch; exactly once with dedupe; a refused token surfaces after
//! one refresh.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cams_model::receipts::Receipt;
use cams_model::receipts::ReceiptType;
use cams_receipts::mns::{MnsErrorCode, QueueError};
use cams_receipts::{MemoryStore, QueueConsumer, TokenCache, TokenSource};
use cams_sandbox::mns::QueueConfig;
use common::*;

/// Per receipt identity: how many times the handler was called and how many succeeded.
#[derive(Default, Clone)]
struct Tally(Arc<Mutex<HashMap<String, (u32, u32)>>>);

impl Tally {
    fn call(&self, r: &Receipt) -> u32 {
        let mut t = self.0.lock().unwrap();
        let e = t.entry(r.dedupe_key()).or_default();
        e.0 += 1;
        e.0
    }
    fn ok(&self, r: &Receipt) {
        self.0.lock().unwrap().entry(r.dedupe_key()).or_default().1 += 1;
    }
    fn handled(&self) -> usize {
        self.0
            .lock()
            .unwrap()
            .values()
            .filter(|(_, ok)| *ok > 0)
            .count()
    }
    fn snapshot(&self) -> HashMap<String, (u32, u32)> {
        self.0.lock().unwrap().clone()
    }
}

fn consumer(url: &str, handler_timeout: Duration) -> cams_receipts::QueueConsumerBuilder {
    QueueConsumer::builder(ReceiptType::Status, status_queue())
        .tokens(token_cache(url, "ChatAppStatus"))
        .mns(mns(url))
        .wait(Duration::from_secs(1))
        .handler_timeout(handler_timeout)
        .shutdown_grace(Duration::ZERO)
        .concurrency(4)
}

/// Runs until `tally` has `n` handled receipts (or 30 s, a hang guard).
async fn run_until(
    c: &QueueConsumer,
    tally: &Tally,
    n: usize,
    handler: impl cams_receipts::QueueHandler,
) {
    let t = tally.clone();
    let stop = async move {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        while t.handled() < n && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    c.run(handler, stop).await.unwrap();
}

async fn queue_is_empty(url: &str) -> bool {
    let creds = token_cache(url, "ChatAppStatus")
        .credentials()
        .await
        .unwrap();
    // Longer than the visibility timeout: anything not deleted shows up again.
    mns(url)
        .batch_receive(&creds, &status_queue(), 16, Duration::from_secs(2))
        .await
        .unwrap()
        .is_empty()
}

#[tokio::test]
async fn a_failing_handler_loses_nothing_each_receipt_comes_back_until_handled() {
    let emu =
        emulator(QueueConfig::default().with_visibility_timeout(Duration::from_secs(1))).await;
    send_messages(&emu.url, "8613911112222", 3).await; // 9 statuses
    let tally = Tally::default();
    let t = tally.clone();
    let handler = move |r: Receipt| {
        let t = t.clone();
        async move {
            if t.call(&r) == 1 {
                return Err(std::io::Error::other("first attempt fails"));
            }
            t.ok(&r);
            Ok(())
        }
    };
    let c = consumer(&emu.url, Duration::from_secs(5)).build().unwrap();
    run_until(&c, &tally, 9, handler).await;
    let seen = tally.snapshot();
    assert_eq!(seen.len(), 9, "{seen:?}");
    assert!(
        seen.values().all(|(calls, ok)| *calls >= 2 && *ok >= 1),
        "{seen:?}"
    );
    assert!(
        queue_is_empty(&emu.url).await,
        "handled messages are deleted"
    );
}

#[tokio::test]
async fn a_timed_out_handler_loses_nothing() {
    let emu =
        emulator(QueueConfig::default().with_visibility_timeout(Duration::from_secs(1))).await;
    send_messages(&emu.url, "8613911113333", 2).await; // 6 statuses
    let tally = Tally::default();
    let t = tally.clone();
    let handler = move |r: Receipt| {
        let t = t.clone();
        async move {
            if t.call(&r) == 1 {
                tokio::time::sleep(Duration::from_secs(3)).await; // past the 300 ms timeout
            }
            t.ok(&r);
            Ok::<(), std::io::Error>(())
        }
    };
    let c = consumer(&emu.url, Duration::from_millis(300))
        .build()
        .unwrap();
    run_until(&c, &tally, 6, handler).await;
    let seen = tally.snapshot();
    assert_eq!(seen.len(), 6);
    assert!(seen.values().all(|(calls, _)| *calls >= 2), "{seen:?}");
    assert!(queue_is_empty(&emu.url).await);
}

#[tokio::test]
async fn shutdown_mid_batch_releases_what_is_in_hand_and_dedupe_makes_it_exactly_once() {
    let emu =
        emulator(QueueConfig::default().with_visibility_timeout(Duration::from_secs(1))).await;
    send_messages(&emu.url, "8613911114444", 4).await; // 12 statuses
    let store = Arc::new(MemoryStore::new());
    let tally = Tally::default();
    let make = |t: Tally| {
        move |r: Receipt| {
            let t = t.clone();
            async move {
                t.call(&r);
                tokio::time::sleep(Duration::from_millis(300)).await;
                t.ok(&r);
                Ok::<(), std::io::Error>(())
            }
        }
    };
    // First run: stopped as soon as one receipt is handled, with others in hand.
    let first = consumer(&emu.url, Duration::from_secs(5))
        .dedupe_shared(store.clone())
        .build()
        .unwrap();
    run_until(&first, &tally, 1, make(tally.clone())).await;
    let after_first = tally.handled();
    assert!(
        after_first < 12,
        "the shutdown came mid-way ({after_first} handled)"
    );
    // Second run takes the rest, including what the first had in hand.
    let second = consumer(&emu.url, Duration::from_secs(5))
        .dedupe_shared(store.clone())
        .build()
        .unwrap();
    run_until(&second, &tally, 12, make(tally.clone())).await;
    let seen = tally.snapshot();
    assert_eq!(seen.len(), 12);
    assert!(
        seen.values().all(|(_, ok)| *ok == 1),
        "each handled exactly once: {seen:?}"
    );
    assert!(queue_is_empty(&emu.url).await);
}

#[tokio::test]
async fn dedupe_deletes_a_redelivered_receipt_without_handing_it_over_again() {
    let emu =
        emulator(QueueConfig::default().with_visibility_timeout(Duration::from_secs(1))).await;
    send_messages(&emu.url, "8613911115555", 1).await; // 3 statuses
    let store = Arc::new(MemoryStore::new());
    // Mark one identity as handled already, as a previous consumer would have.
    let creds = token_cache(&emu.url, "ChatAppStatus")
        .credentials()
        .await
        .unwrap();
    let mut first = Vec::new();
    while first.is_empty() {
        first = mns(&emu.url)
            .batch_receive(&creds, &status_queue(), 1, Duration::from_secs(5))
            .await
            .unwrap();
    }
    let body = first[0].decoded_body().unwrap();
    let done = Receipt::from_slice(&body, Some(ReceiptType::Status))
        .unwrap()
        .dedupe_key();
    use cams_receipts::DedupeStore;
    store
        .claim(std::slice::from_ref(&done), Duration::from_secs(60))
        .await
        .unwrap();
    store
        .commit(std::slice::from_ref(&done), Duration::from_secs(900))
        .await
        .unwrap();
    let tally = Tally::default();
    let t = tally.clone();
    let handler = move |r: Receipt| {
        let t = t.clone();
        async move {
            t.call(&r);
            t.ok(&r);
            Ok::<(), std::io::Error>(())
        }
    };
    let c = consumer(&emu.url, Duration::from_secs(5))
        .dedupe_shared(store)
        .build()
        .unwrap();
    let t = tally.clone();
    let stop = async move {
        while t.handled() < 2 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        // Past the visibility timeout, so the one taken above has come back and been seen.
        tokio::time::sleep(Duration::from_millis(2500)).await;
    };
    c.run(handler, stop).await.unwrap();
    // The already-handled one comes back after its visibility timeout and is deleted unhandled.
    assert!(queue_is_empty(&emu.url).await);
    let seen = tally.snapshot();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(!seen.contains_key(&done));
}

#[derive(Debug)]
struct BogusTokens(Arc<Mutex<u32>>);

#[async_trait::async_trait]
impl TokenSource for BogusTokens {
    async fn fetch(&self) -> Result<cams_model::dybaseapi::MessageTokenDto, QueueError> {
        *self.0.lock().unwrap() += 1;
        let dto: cams_model::dybaseapi::MessageTokenDto =
            serde_json::from_value(serde_json::json!({
                "AccessKeyId": "STS.unknown", "AccessKeySecret": "s", "SecurityToken": "t",
                "CreateTime": "2020-01-01 00:00:00", "ExpireTime": "2999-01-01 00:00:00"
            }))
            .unwrap();
        Ok(dto)
    }
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once_then_the_error_surfaces() {
    let emu = emulator(QueueConfig::default()).await;
    let fetches = Arc::new(Mutex::new(0));
    let c = QueueConsumer::builder(ReceiptType::Status, status_queue())
        .tokens(TokenCache::new(BogusTokens(fetches.clone())))
        .mns(mns(&emu.url))
        .wait(Duration::from_secs(1))
        .build()
        .unwrap();
    let err = c
        .run(
            |_r: Receipt| async { Ok::<(), std::io::Error>(()) },
            std::future::pending(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        err.mns_code(),
        Some(&MnsErrorCode::InvalidAccessKeyId),
        "{err}"
    );
    assert_eq!(*fetches.lock().unwrap(), 2, "one fetch, one refresh");
}

/// Counts the requests it forwards.
#[derive(Debug, Clone)]
struct Counting(
    cams_transport::ReqwestTransport,
    Arc<std::sync::atomic::AtomicU32>,
);

#[async_trait::async_trait]
impl cams_transport::Transport for Counting {
    async fn send(
        &self,
        r: cams_transport::HttpRequest,
    ) -> Result<cams_transport::HttpResponse, cams_transport::TransportError> {
        self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.0.send(r).await
    }
}

#[tokio::test]
async fn an_empty_queue_long_polls_without_hammering_the_emulator() {
    let emu = emulator(QueueConfig::default()).await;
    let count = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let transport = Counting(
        cams_transport::ReqwestTransport::new().unwrap(),
        count.clone(),
    );
    let c = QueueConsumer::builder(ReceiptType::Status, status_queue())
        .tokens(token_cache(&emu.url, "ChatAppStatus"))
        .mns(cams_receipts::mns::MnsClient::new(&emu.url, transport).unwrap())
        .wait(Duration::from_secs(1))
        .build()
        .unwrap();
    c.run(
        |_r: Receipt| async { Ok::<(), std::io::Error>(()) },
        tokio::time::sleep(Duration::from_millis(3500)),
    )
    .await
    .unwrap();
    // Each receive is held for its 1 s wait by the emulator: about 4 in 3.5 s, never a spin.
    let n = count.load(std::sync::atomic::Ordering::SeqCst);
    assert!((2..=5).contains(&n), "{n} receives in 3.5 s");
}
