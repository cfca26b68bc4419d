//! The emulator on a loopback socket, and clients of its three faces.
#![allow(dead_code, clippy::unwrap_used)]

use std::time::Duration;

use cams_api::{Client, Product, RetryPolicy, SignatureVersion};
use cams_receipts::TokenCache;
use cams_receipts::mns::MnsClient;
use cams_sandbox::mns::{QueueConfig, queue_name};
use cams_sandbox::{
    DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, Engine, Fixture, PushConfig, Sandbox,
};

pub(crate) struct Emulator {
    pub(crate) url: String,
    pub(crate) engine: Engine,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

pub(crate) async fn emulator(queue: QueueConfig) -> Emulator {
    let engine = Engine::builder(Fixture::demo())
        .push_config(PushConfig::default().with_receipt_delay(Duration::from_millis(20)))
        .queue_config(queue)
        .build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let e = engine.clone();
    tokio::spawn(async move {
        let _ = cams_sandbox::serve(listener, e, async {
            let _ = rx.await;
        })
        .await;
    });
    Emulator {
        url,
        engine,
        stop: Some(tx),
    }
}

pub(crate) fn cams(url: &str) -> Client {
    Client::builder()
        .endpoint(url)
        .credentials(Sandbox::demo_credentials())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

pub(crate) fn dybaseapi(url: &str, signature: SignatureVersion) -> Client {
    Client::builder()
        .product(Product::DYBASEAPI)
        .endpoint(url)
        .signature_version(signature)
        .credentials(Sandbox::demo_credentials())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap()
}

pub(crate) fn status_queue() -> String {
    queue_name("ChatAppStatus")
}

pub(crate) fn token_cache(url: &str, message_type: &str) -> TokenCache {
    TokenCache::dybaseapi(
        dybaseapi(url, SignatureVersion::V3),
        message_type,
        &queue_name(message_type),
    )
}

pub(crate) fn mns(url: &str) -> MnsClient {
    MnsClient::with_default_transport(url).unwrap()
}

/// Turns queue delivery on for the demo space and sends `n` messages (to `to`); returns their ids.
pub(crate) async fn send_messages(url: &str, to: &str, n: usize) -> Vec<String> {
    let client = cams(url);
    client
        .update_account_webhook()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .queue_flag("Y")
        .send()
        .await
        .unwrap();
    let mut ids = Vec::new();
    for _ in 0..n {
        let sent = client
            .send_chatapp_message()
            .channel_type("whatsapp")
            .r#type("message")
            .message_type("text")
            .content(r#"{"text":"hello"}"#)
            .cust_space_id(DEMO_CUST_SPACE_ID)
            .from(DEMO_BUSINESS_NUMBER)
            .to(to)
            .send()
            .await
            .unwrap();
        ids.push(sent.message_id.unwrap().to_string());
    }
    ids
}
