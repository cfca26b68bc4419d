//! Prints what the default chain obtains: `AccessKeyId <TAB> provider name`, never a secret
//! (the interop suite compares it with the official Python library's answer).
//!
//! ```text
//! cargo run -p cams-credentials --example print_credentials
//! ```

use cams_credentials::{DefaultCredentialsChain, ProvideCredentials};
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match DefaultCredentialsChain::new().provide_credentials().await {
        Ok(c) => {
            println!(
                "{}\t{}",
                c.access_key_id(),
                c.provider_name().unwrap_or("-")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
