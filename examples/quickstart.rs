//! Lists the members of a chat group, page by page.
//!
//! With no arguments it needs no account: it runs against the in-process CAMS emulator
//! (`cams-sandbox`) through the real client, signer and paginator.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! In the sandbox the credentials come from the default chain too: from the emulator's ECS
//! metadata service (an instance RAM role), as on an ECS instance.
//!
//! With a group given, it asks the real service with the credentials of the default chain
//! (environment, OIDC, `~/.aliyun/config.json`, `~/.alibabacloud/credentials`, ECS RAM role,
//! credentials URI; see `docs/credentials.md`) and the region of the profile or
//! `ALIBABA_CLOUD_REGION_ID` (default `ap-southeast-1`):
//!
//! ```text
//! cargo run --example quickstart -- CUST_SPACE_ID BUSINESS_NUMBER GROUP_ID
//! ```

use cams::Client;
use cams::credentials::{DefaultCredentialsChain, ENV_ECS_METADATA_SERVICE_ENDPOINT, Env};
use cams::sandbox::{DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, DEMO_HOST, SandboxTransport};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), cams::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (client, space, number, group) = match args.as_slice() {
        [space, number, group] => {
            let region = cams::credentials::default_region(&Env::process())
                .unwrap_or_else(|| "ap-southeast-1".into());
            // No credentials given: the default chain.
            let client = Client::builder().region(region).build()?;
            (client, space.clone(), number.clone(), group.clone())
        }
        [] => {
            println!("No account needed: using the in-process CAMS sandbox (demo fixture).");
            // One emulator in process answers both CAMS and its ECS metadata service; the
            // chain sees only the metadata address (no variables, no files of this machine).
            let sandbox = SandboxTransport::demo();
            let chain = DefaultCredentialsChain::builder()
                .env(Env::from_vars([(
                    ENV_ECS_METADATA_SERVICE_ENDPOINT,
                    "http://metadata.sandbox.local",
                )]))
                .transport(sandbox.clone())
                .build();
            let client = Client::builder()
                .endpoint(DEMO_HOST)
                .transport(sandbox)
                .credentials_provider(chain)
                .build()?;
            let (space, number) = (
                DEMO_CUST_SPACE_ID.to_owned(),
                DEMO_BUSINESS_NUMBER.to_owned(),
            );
            (client, space, number, "SBXGRP057".to_owned())
        }
        _ => {
            eprintln!(
                "usage: quickstart [CUST_SPACE_ID BUSINESS_NUMBER GROUP_ID]\n\
                 (with a group, credentials come from the default chain: see docs/credentials.md)"
            );
            std::process::exit(2);
        }
    };
    println!("endpoint {}: members of group {group}", client.endpoint());

    let mut pages = client
        .list_chat_group_participants()
        .cust_space_id(space)
        .business_number(number)
        .group_id(group)
        .page(1, 20)
        .into_paginator();
    let (mut page_no, mut seen) = (0, 0);
    while let Some(page) = pages.next().await {
        let page = page?;
        page_no += 1;
        let data = page.data.unwrap_or_default();
        seen += data.list.len();
        let total = data.total.unwrap_or(0);
        println!(
            "page {page_no}: {} member(s), {seen}/{total} (request id {})",
            data.list.len(),
            page.request_id.as_deref().unwrap_or("-")
        );
        for member in &data.list {
            println!("  {}", member.participant_number.as_deref().unwrap_or("?"));
        }
    }
    println!("done: {seen} member(s) in {page_no} page(s)");
    Ok(())
}
