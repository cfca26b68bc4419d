//! `cams receipts listen`: a local receiver for CAMS receipt pushes, in the spirit of
//! `stripe listen`. Prints one JSON line per new receipt on stdout; logs go to stderr.

use crate::cli::ListenArgs;
use crate::error::CliError;
use cams_receipts::receipts::{Receipt, ReceiptType};
use cams_receipts::{Batch, DedupeStore, HandlerError, MemoryStore, ReceiptReceiver, RedisStore};
use serde_json::{Map, Value};
use std::io::Write as _;
use std::sync::Arc;

/// Serves until Ctrl-C.
pub(crate) fn listen(args: &ListenArgs) -> Result<(), CliError> {
    let forward = match &args.forward_to {
        Some(url) => {
            let parsed = reqwest::Url::parse(url)
                .map_err(|e| CliError::usage(format!("--forward-to: {url:?} is not a URL: {e}")))?;
            if !matches!(parsed.scheme(), "http" | "https") {
                return Err(CliError::usage(
                    "--forward-to: the URL must be http:// or https://",
                ));
            }
            Some(parsed)
        }
        None => None,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async {
        let store: Arc<dyn DedupeStore> = match &args.dedupe {
            Some(url) => Arc::new(
                RedisStore::connect(url)
                    .await
                    .map_err(|e| CliError::usage(format!("--dedupe: {e}")))?,
            ),
            None => Arc::new(MemoryStore::new()),
        };
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| CliError::usage(format!("--listen: cannot listen on {}: {e}", args.listen)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| CliError::failure(e.to_string()))?;
        print_lines(&format!("listening on http://{addr}\n"));
        match &args.token {
            Some(_) => eprintln!("cams: accepting POST /receipts/<token>[/status|/inbound|/audit]"),
            None => eprintln!("cams: accepting POST on any path (give --token to require one)"),
        }
        // rustls with the ring provider, as the SDK's own transport builds it.
        let client = cams_transport::ReqwestTransport::client_builder(&cams_transport::TransportSettings::default())
            .map_err(|e| CliError::failure(format!("cannot build the HTTP client: {e}")))?
            .build()
            .map_err(|e| CliError::failure(format!("cannot build the HTTP client: {e}")))?;
        let handler = move |batch: Batch| {
            let forward = forward.clone();
            let client = client.clone();
            async move { take(batch, forward, client).await }
        };
        let mut receiver = ReceiptReceiver::new(handler).with_store(store);
        if let Some(token) = &args.token {
            receiver = receiver.with_token(token.clone());
        }
        tokio::select! {
            result = receiver.serve(listener) => result.map_err(|e| CliError::failure(format!("receipts: {e}"))),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}

/// Forwards the batch (when asked), then prints it: a receipt is printed only once it is
/// taken, so a failed forward prints nothing and the push is answered 5xx.
async fn take(
    batch: Batch,
    forward: Option<reqwest::Url>,
    client: reqwest::Client,
) -> Result<(), HandlerError> {
    let raw = batch.raw_objects()?;
    if let Some(url) = forward {
        let body = serde_json::to_vec(&raw)?;
        let response = client
            .post(url)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("--forward-to: {}", e.without_url()))?;
        if !response.status().is_success() {
            eprintln!(
                "cams: --forward-to answered {}; not acknowledged",
                response.status()
            );
            return Err(format!("--forward-to answered {}", response.status()).into());
        }
    }
    let mut out = String::new();
    for (receipt, object) in batch.receipts.iter().zip(raw) {
        out.push_str(&line(receipt, batch.route, object));
        out.push('\n');
    }
    let ids: Vec<&str> = batch
        .receipts
        .iter()
        .filter_map(Receipt::message_id)
        .collect();
    eprintln!("cams: {} new receipt(s) {:?}", batch.receipts.len(), ids);
    print_lines(&out);
    Ok(())
}

/// The line of one receipt: its type, else the route's.
fn line(receipt: &Receipt, route: Option<ReceiptType>, object: Map<String, Value>) -> String {
    let kind = receipt
        .receipt_type()
        .or(route)
        .map_or("Unknown", ReceiptType::message_type);
    json_line(kind, object)
}

/// `{"MessageType": …, <the object's fields as received>}`, the one line format of
/// `receipts listen` and `receipts pull` (no newline).
pub(crate) fn json_line(kind: &str, mut object: Map<String, Value>) -> String {
    object.remove("MessageType");
    let fields = Value::Object(object).to_string();
    let rest = fields.strip_prefix('{').unwrap_or(&fields);
    let sep = if rest == "}" { "" } else { "," };
    format!("{{\"MessageType\":\"{kind}\"{sep}{rest}")
}

fn print_lines(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}
