//! The whole message loop on a laptop: the CAMS emulator and a receipt receiver on loopback,
//! the callback URLs set through the API, a template message sent, its delivery statuses
//! printed as they arrive, then a simulated reply from the customer.
//!
//! ```text
//! cargo run --example message_loop
//! ```
//!
//! The receiver here is a few lines of hyper that keep CAMS's contract: take a JSON array of
//! receipts, answer HTTP 200 `{"code":0,"msg":"成功"}`. It prints message ids, statuses and types,
//! never message text or whole phone numbers.

use bytes::Bytes;
use cams::Client;
use cams::sandbox::{
    DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, Engine, Fixture, PushConfig, Sandbox,
};
use cams::transport::{HyperTransport, Transport};
use http_body_util::{BodyExt, Full};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use std::convert::Infallible;
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

    // 2. The receiver: every receipt it takes goes down a channel.
    let (receipts, mut arrived) = mpsc::unbounded_channel::<(String, Value)>();
    let receiver_url = start_receiver(receipts).await?;
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
        let (path, r) = next(&mut arrived).await?;
        println!(
            "  {path}: {} for {} at {}",
            r["Status"].as_str().unwrap_or("?"),
            r["MessageId"].as_str().unwrap_or("?"),
            r["Timestamp"]
        );
        if matches!(r["Status"].as_str(), Some("Read" | "Failed")) {
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
    let (path, r) = next(&mut arrived).await?;
    let text_len = r["Message"].as_str().map_or(0, |m| m.chars().count());
    println!(
        "  {path}: {} message {} from …{} ({text_len} characters)",
        r["Type"].as_str().unwrap_or("?"),
        r["MessageId"].as_str().unwrap_or("?"),
        tail(r["From"].as_str().unwrap_or_default()),
    );

    let _ = stop.send(());
    server.await??;
    Ok(())
}

/// The last four digits of a number (logs never show a whole one).
fn tail(number: &str) -> &str {
    &number[number.len().saturating_sub(4)..]
}

/// The next receipt, or an error after 30 s without one.
async fn next(
    rx: &mut mpsc::UnboundedReceiver<(String, Value)>,
) -> Result<(String, Value), Box<dyn Error>> {
    match tokio::time::timeout(Duration::from_secs(30), rx.recv()).await {
        Ok(Some(item)) => Ok(item),
        _ => Err("no receipt arrived within 30 s".into()),
    }
}

/// A receiver that keeps CAMS's contract: a JSON array in, HTTP 200 `{"code":0,...}` out
/// (400 for anything else, so nothing is acknowledged by mistake).
async fn start_receiver(
    out: mpsc::UnboundedSender<(String, Value)>,
) -> Result<String, Box<dyn Error>> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let out = out.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                    let out = out.clone();
                    async move {
                        let path = req.uri().path().to_owned();
                        let body = req.into_body().collect().await.map(|b| b.to_bytes());
                        let batch = body
                            .ok()
                            .and_then(|b| serde_json::from_slice::<Vec<Value>>(&b).ok());
                        let (status, answer) = match batch {
                            Some(batch) => {
                                for receipt in batch {
                                    let _ = out.send((path.clone(), receipt));
                                }
                                (200, r#"{"code":0,"msg":"成功"}"#)
                            }
                            None => (400, r#"{"code":400,"msg":"not a JSON array"}"#),
                        };
                        let mut resp = hyper::Response::new(Full::new(Bytes::from(answer)));
                        *resp.status_mut() =
                            http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
                        Ok::<_, Infallible>(resp)
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    Ok(url)
}
