//! The whole message loop on a laptop: the CAMS emulator and a receipt receiver on loopback,
//! the callback URLs set through the API, a template message sent, its delivery statuses
//! printed as they arrive, then a simulated reply from the customer.
//!
//! ```text
//! cargo run --example message_loop
//! ```
//!
//! The receiver is `cams-receipts`: it keeps CAMS's contract (a JSON array in, HTTP 200
//! `{"code":0,"msg":"成功"}` out once the handler has taken the batch), types each receipt and
//! drops duplicates. The example prints message ids, statuses and types, never message text or
//! whole phone numbers.

use bytes::Bytes;
use cams::Client;
use cams::model::receipts::{InboundContent, Receipt};
use cams::sandbox::{
    DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, Engine, Fixture, PushConfig, Sandbox,
};
use cams::transport::{HyperTransport, Transport};
use cams_receipts::{Batch, HandlerError};
use serde_json::{Value, json};
use std::error::Error;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// The customer the business writes to.
const CUSTOMER: &str = "8613811112222";

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    // 1. The emulator, pushing a status every 300 ms instead of every second.
    let engine = Engine::builder(Fixture::demo())
        .push_config(PushConfig::default().with_receipt_delay(Duration::from_millis(300)))
        .build();
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let cams_url = format!("http://{}", listener.local_addr()?);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cams::sandbox::serve(listener, engine, async {
        let _ = stopped.await;
    }));
    println!("CAMS emulator on {cams_url}");

    // 2. The receiver: the handler hands every new receipt down a channel.
    let (receipts, mut arrived) = mpsc::unbounded_channel::<Receipt>();
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let receiver_url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(cams_receipts::serve(listener, move |batch: Batch| {
        let receipts = receipts.clone();
        async move {
            for receipt in batch.receipts {
                receipts
                    .send(receipt)
                    .map_err(|_| HandlerError::from("the example stopped listening"))?;
            }
            Ok::<(), HandlerError>(())
        }
    }));
    println!("receipt receiver on {receiver_url}");

    // 3. Point the business number's receipts at it, through the API.
    let client = Client::builder()
        .endpoint(cams_url.clone())
        .transport(HyperTransport::new()?)
        .credentials(Sandbox::demo_credentials())
        .build()?;
    client
        .update_phone_webhook()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .phone_number(DEMO_BUSINESS_NUMBER)
        .http_flag("Y")
        .status_callback_url(format!("{receiver_url}/status"))
        .up_callback_url(format!("{receiver_url}/inbound"))
        .send()
        .await?;

    // 4. Send a template message.
    let sent = client
        .send_chatapp_message()
        .cust_space_id(DEMO_CUST_SPACE_ID)
        .channel_type("whatsapp")
        .r#type("template")
        .from(DEMO_BUSINESS_NUMBER)
        .to(CUSTOMER)
        .template_code("order_update")
        .template_name("order_update")
        .language("en")
        .send()
        .await?;
    let message_id = sent.message_id.unwrap_or_default();
    println!("sent template message {message_id} to …{}", tail(CUSTOMER));

    // 5. Its statuses, as they arrive.
    loop {
        let Receipt::Status(status) = next(&mut arrived).await? else {
            continue;
        };
        println!(
            "  status {} for {} at {}",
            status.status.as_str(),
            status.message_id,
            status.timestamp.unwrap_or_default()
        );
        if matches!(status.status.as_str(), "Read" | "Failed") {
            break;
        }
    }

    // 6. The customer answers (a test hook of the emulator, unauthenticated).
    let reply = json!({
        "CustSpaceId": DEMO_CUST_SPACE_ID,
        "From": CUSTOMER,
        "To": DEMO_BUSINESS_NUMBER,
        "Type": "TEXT",
        "Message": "Thanks, got it!",
    });
    let request = http::Request::post(format!("{cams_url}/sandbox/inbound"))
        .header("content-type", "application/json")
        .body(Bytes::from(reply.to_string()))?;
    let answer = HyperTransport::new()?.send(request).await?;
    let answer: Value = serde_json::from_slice(answer.body())?;
    println!("customer replied: message {}", answer["MessageId"]);
    loop {
        let Receipt::Inbound(inbound) = next(&mut arrived).await? else {
            continue;
        };
        let size = match &inbound.content {
            InboundContent::Text(text) => format!("{} characters", text.chars().count()),
            other => other.type_name().to_owned(),
        };
        println!(
            "  inbound {} message {} from …{} ({size})",
            inbound.content.type_name(),
            inbound.message_id,
            tail(&inbound.from),
        );
        break;
    }

    let _ = stop.send(());
    server.await??;
    Ok(())
}

/// The last four digits of a number (logs never show a whole one).
fn tail(number: &str) -> &str {
    &number[number.len().saturating_sub(4)..]
}

/// The next receipt, or an error after 30 s without one.
async fn next(rx: &mut mpsc::UnboundedReceiver<Receipt>) -> Result<Receipt, Box<dyn Error>> {
    match tokio::time::timeout(Duration::from_secs(30), rx.recv()).await {
        Ok(Some(receipt)) => Ok(receipt),
        _ => Err("no receipt arrived within 30 s".into()),
    }
}
