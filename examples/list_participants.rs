//! Lists every member of a chat group, one `ParticipantNumber` per line on stdout.
//!
//! ```text
//! cargo run --example list_participants -- --cust-space-id ID --business-number NUMBER \
//!     --group-id GROUP [--region REGION] [--endpoint URL] [--page-size N] [--signature v3|v1]
//! ```
//!
//! Credentials come from the default chain (`docs/credentials.md`): the environment
//! (`ALIBABA_CLOUD_ACCESS_KEY_ID`, ...), OIDC (RRSA), `~/.aliyun/config.json`,
//! `~/.alibabacloud/credentials`, the ECS instance RAM role, `ALIBABA_CLOUD_CREDENTIALS_URI`.
//! The region, when `--region` is not given, comes from the profile or `ALIBABA_CLOUD_REGION_ID`,
//! else `ap-southeast-1`. `--endpoint http://127.0.0.1:PORT` points it at a local server such as
//! `cams-sandbox serve` (whose metadata service the chain can use too:
//! `ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:PORT`). Progress and request ids go to stderr; an error
//! exits non-zero with its code, message and request id.

use cams::api::{Client, SignatureVersion};
use std::process::ExitCode;

const USAGE: &str = "usage: list_participants --cust-space-id ID --business-number NUMBER --group-id GROUP \
[--region REGION] [--endpoint URL] [--page-size N] [--signature v3|v1]";

#[derive(Debug, Default)]
struct Args {
    cust_space_id: Option<String>,
    business_number: Option<String>,
    group_id: Option<String>,
    region: Option<String>,
    endpoint: Option<String>,
    page_size: i64,
    signature: SignatureVersion,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        page_size: 100,
        ..Args::default()
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_owned());
        }
        let value = it
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--cust-space-id" => args.cust_space_id = Some(value),
            "--business-number" => args.business_number = Some(value),
            "--group-id" => args.group_id = Some(value),
            "--region" => args.region = Some(value),
            "--endpoint" => args.endpoint = Some(value),
            "--page-size" => {
                args.page_size = value
                    .parse()
                    .map_err(|_| format!("--page-size: {value:?} is not a number"))?
            }
            "--signature" => {
                args.signature = match value.as_str() {
                    "v3" => SignatureVersion::V3,
                    "v1" => SignatureVersion::V1,
                    _ => return Err(format!("--signature: expected v3 or v1, got {value:?}")),
                }
            }
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(args)
}

async fn run(args: Args) -> Result<(), cams::api::Error> {
    // No credentials given: the client uses the default chain.
    let mut builder = Client::builder().signature_version(args.signature);
    let region = args
        .region
        .or_else(|| cams::credentials::default_region(&cams::credentials::Env::process()));
    builder = builder.region(region.unwrap_or_else(|| "ap-southeast-1".to_owned()));
    if let Some(endpoint) = args.endpoint {
        builder = builder.endpoint(endpoint);
    }
    let client = builder.build()?;
    eprintln!("endpoint: {}", client.endpoint());
    let mut request = client
        .list_chat_group_participants()
        .page(1, args.page_size);
    if let Some(v) = args.cust_space_id {
        request = request.cust_space_id(v);
    }
    if let Some(v) = args.business_number {
        request = request.business_number(v);
    }
    if let Some(v) = args.group_id {
        request = request.group_id(v);
    }
    let mut pages = request.into_paginator();
    let mut index = 0;
    let mut seen = 0;
    while let Some(page) = pages.next().await {
        let page = page?;
        index += 1;
        let data = page.data.unwrap_or_default();
        seen += data.list.len();
        eprintln!(
            "page {index}: {} member(s), {seen}/{} (request id {})",
            data.list.len(),
            data.total.map_or_else(|| "?".to_owned(), |t| t.to_string()),
            page.request_id.as_deref().unwrap_or("-"),
        );
        for member in data.list {
            println!("{}", member.participant_number.unwrap_or_default());
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("  code: {}", e.code().unwrap_or("-"));
            eprintln!("  message: {}", e.message().unwrap_or("-"));
            eprintln!("  request id: {}", e.request_id().unwrap_or("-"));
            ExitCode::FAILURE
        }
    }
}
