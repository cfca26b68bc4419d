//! Lists the members of a chat group, page by page.
//!
//! With no arguments it needs no account: it runs against the in-process CAMS emulator
//! (`cams-sandbox`) through the real client, signer and paginator.
//!
//! ```text
//! cargo run --example quickstart
//! ```
//!
//! With credentials in the environment (`ALIBABA_CLOUD_ACCESS_KEY_ID`,
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional `ALIBABA_CLOUD_SECURITY_TOKEN`, optional
//! `ALIBABA_CLOUD_REGION_ID`, default `ap-southeast-1`) and a group given, it asks the real service:
//!
//! ```text
//! cargo run --example quickstart -- CUST_SPACE_ID BUSINESS_NUMBER GROUP_ID
//! ```

use cams::auth::EnvironmentCredentialsProvider;
use cams::sandbox::{DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID};
use cams::{Client, ClientBuilderSandboxExt};
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
    let has_keys = std::env::var_os("ALIBABA_CLOUD_ACCESS_KEY_ID").is_some()
        && std::env::var_os("ALIBABA_CLOUD_ACCESS_KEY_SECRET").is_some();
    let (client, space, number, group) = match args.as_slice() {
        [space, number, group] if has_keys => {
            let region = std::env::var("ALIBABA_CLOUD_REGION_ID")
                .unwrap_or_else(|_| "ap-southeast-1".into());
            let client = Client::builder()
                .region(region)
                .credentials_provider(EnvironmentCredentialsProvider::new())
                .build()?;
            (client, space.clone(), number.clone(), group.clone())
        }
        [] => {
            println!("No account needed: using the in-process CAMS sandbox (demo fixture).");
            let client = Client::builder().sandbox().build()?;
            let (space, number) = (
                DEMO_CUST_SPACE_ID.to_owned(),
                DEMO_BUSINESS_NUMBER.to_owned(),
            );
            (client, space, number, "SBXGRP057".to_owned())
        }
        _ => {
            eprintln!(
                "usage: quickstart [CUST_SPACE_ID BUSINESS_NUMBER GROUP_ID]\n\
                 (with a group, ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET must be set)"
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
