//! Sends a WhatsApp template message (`SendChatappMessage`).
//!
//! With no arguments it needs no account: it runs against the in-process CAMS emulator
//! (`cams-sandbox`), which answers every operation of the API.
//!
//! ```text
//! cargo run --example send_template_message
//! ```
//!
//! With credentials in the environment (`ALIBABA_CLOUD_ACCESS_KEY_ID`,
//! `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, optional `ALIBABA_CLOUD_REGION_ID`, default
//! `ap-southeast-1`) it asks the real service:
//!
//! ```text
//! cargo run --example send_template_message -- CUST_SPACE_ID FROM TO TEMPLATE_CODE LANGUAGE
//! ```

use cams::auth::EnvironmentCredentialsProvider;
use cams::sandbox::{DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID};
use cams::{Client, ClientBuilderSandboxExt};
use std::collections::BTreeMap;
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
    let (client, space, from, to, template, language) = match args.as_slice() {
        [space, from, to, template, language] if has_keys => {
            let region = std::env::var("ALIBABA_CLOUD_REGION_ID")
                .unwrap_or_else(|_| "ap-southeast-1".into());
            let client = Client::builder()
                .region(region)
                .credentials_provider(EnvironmentCredentialsProvider::new())
                .build()?;
            let a = |s: &String| s.clone();
            (client, a(space), a(from), a(to), a(template), a(language))
        }
        [] => {
            println!("No account needed: using the in-process CAMS sandbox.");
            let client = Client::builder().sandbox().build()?;
            (
                client,
                DEMO_CUST_SPACE_ID.to_owned(),
                DEMO_BUSINESS_NUMBER.to_owned(),
                "8613900001234".to_owned(),
                "744c4b5c79c9432497a075bdfca3****".to_owned(),
                "en".to_owned(),
            )
        }
        _ => {
            eprintln!(
                "usage: send_template_message [CUST_SPACE_ID FROM TO TEMPLATE_CODE LANGUAGE]\n\
                 (with arguments, ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET must be set)"
            );
            std::process::exit(2);
        }
    };

    // Template variables are a map, sent as one compact JSON string.
    let params = BTreeMap::from([("name".to_owned(), "Ana".to_owned())]);
    let sent = client
        .send_chatapp_message()
        .channel_type("whatsapp")
        .r#type("template")
        .cust_space_id(space)
        .from(from)
        .to(to)
        .template_code(template)
        .language(language)
        .template_params(params)
        .send()
        .await?;
    println!(
        "sent: message id {}, request id {}",
        sent.message_id.as_deref().unwrap_or("-"),
        sent.request_id.as_deref().unwrap_or("-")
    );
    Ok(())
}
