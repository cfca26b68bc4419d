//! `cams receipts pull`: prints the receipts of a queue (queue mode, `QueueFlag=Y`) as JSON
//! lines, the same lines as `cams receipts listen`, deleting each message after it is printed.

use std::io::Write as _;
use std::time::Duration;

use cams_api::Product;
use cams_receipts::TokenCache;
use cams_receipts::mns::{MnsClient, MnsMessage, QueueError};
use clap::{Args, ValueEnum};

use crate::cli::GlobalArgs;
use crate::error::CliError;
use crate::resolve::resolve;

/// `--type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum PullType {
    /// ChatAppStatus: delivery statuses
    Status,
    /// ChatAppInbound: messages from users
    Inbound,
    /// ChatAppAudit: template reviews and account events
    Audit,
}

impl PullType {
    fn message_type(self) -> &'static str {
        match self {
            PullType::Status => "ChatAppStatus",
            PullType::Inbound => "ChatAppInbound",
            PullType::Audit => "ChatAppAudit",
        }
    }
}

/// The flags of `cams receipts pull`.
#[derive(Debug, Args)]
pub(crate) struct PullArgs {
    /// The receipt type of the queue
    #[arg(long = "type", value_enum, value_name = "TYPE")]
    pub(crate) kind: PullType,
    /// The queue name, e.g. Alicom-Queue-<uid>-ChatAppStatus (QueryChatappPhoneNumbers shows it)
    #[arg(long, value_name = "NAME")]
    pub(crate) queue: String,
    /// The MNS endpoint (default: the Alicom endpoint of --region, or --endpoint when given,
    /// as the emulator serves both)
    #[arg(long, value_name = "URL")]
    pub(crate) mns_endpoint: Option<String>,
    /// Seconds each receive waits on an empty queue (1 to 30)
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=30), value_name = "SECONDS")]
    pub(crate) wait: u64,
    /// Receive one batch, print and delete it, then exit
    #[arg(long)]
    pub(crate) once: bool,
}

/// Runs `cams receipts pull`.
pub(crate) fn run(global: &GlobalArgs, args: &PullArgs) -> Result<(), CliError> {
    let resolved = resolve(global, &cams_credentials::Env::process())?;
    let mns_endpoint = match (&args.mns_endpoint, &resolved.endpoint, &resolved.region) {
        (Some(e), _, _) => e.clone(),
        (None, Some(e), _) => e.clone(),
        (None, None, Some(r)) => cams_receipts::mns::alicom_endpoint(r)
            .ok_or_else(|| {
                CliError::usage(format!(
                    "--mns-endpoint: no documented Alicom queue endpoint for region {r} (cn-hangzhou and ap-southeast-1 have one)"
                ))
            })?
            .to_owned(),
        (None, None, None) => {
            return Err(CliError::usage(
                "--region: no region (give --region, or --mns-endpoint and --endpoint)",
            ));
        }
    };
    let mns = MnsClient::with_default_transport(&mns_endpoint)
        .map_err(|e| CliError::usage(format!("--mns-endpoint: {e}")))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(async {
        let client = crate::client::build_for(global, &resolved, Product::DYBASEAPI).await?;
        let tokens = TokenCache::dybaseapi(client.client, args.kind.message_type(), &args.queue);
        let pull = pull(&tokens, &mns, args);
        tokio::select! {
            r = pull => r,
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}

async fn pull(tokens: &TokenCache, mns: &MnsClient, args: &PullArgs) -> Result<(), CliError> {
    let wait = Duration::from_secs(args.wait);
    loop {
        let batch = with_token(tokens, |c| async move {
            mns.batch_receive(&c, &args.queue, 16, wait).await
        })
        .await
        .map_err(queue_error)?;
        for message in &batch {
            let line = json_line(args.kind.message_type(), message);
            {
                let mut out = std::io::stdout().lock();
                let printed = out.write_all(line.as_bytes()).and_then(|()| out.flush());
                if printed.is_err() {
                    // Not printed (closed pipe): not deleted either.
                    return Ok(());
                }
            }
            let handle = message.receipt_handle.as_str();
            with_token(tokens, |c| async move {
                mns.delete(&c, &args.queue, handle).await
            })
            .await
            .map_err(queue_error)?;
        }
        if args.once {
            return Ok(());
        }
    }
}

async fn with_token<T, F, Fut>(tokens: &TokenCache, call: F) -> Result<T, QueueError>
where
    F: Fn(cams_auth::Credentials) -> Fut,
    Fut: std::future::Future<Output = Result<T, QueueError>>,
{
    let creds = tokens.credentials().await?;
    match call(creds.clone()).await {
        Err(QueueError::Service(e)) if e.code.is_token_problem() => {
            call(tokens.refresh_after_refusal(&creds).await?).await
        }
        other => other,
    }
}

fn queue_error(e: QueueError) -> CliError {
    match e.request_id() {
        Some(id) => CliError::failure(format!("{e} (RequestId {id})")),
        None => CliError::failure(e.to_string()),
    }
}

/// `{"MessageType":"…", <the receipt's fields as received, keys trimmed>}` and a newline. A
/// body that is not a JSON object is printed as `{"MessageType":"…","MessageBody":"<raw>"}`.
fn json_line(message_type: &str, message: &MnsMessage) -> String {
    // Read like a pushed batch of one, with the same tolerance (keys trimmed, doc defects).
    let object = message.decoded_body().ok().and_then(|body| {
        let mut wrapped = Vec::with_capacity(body.len() + 2);
        wrapped.push(b'[');
        wrapped.extend_from_slice(&body);
        wrapped.push(b']');
        cams_model::receipts::raw_objects(&wrapped)
            .ok()
            .and_then(|mut v| (v.len() == 1).then(|| v.remove(0)))
    });
    let object = object.unwrap_or_else(|| {
        let mut raw = serde_json::Map::new();
        raw.insert("MessageBody".to_owned(), message.body.clone().into());
        raw
    });
    let mut line = crate::receipts::json_line(message_type, object);
    line.push('\n');
    line
}
