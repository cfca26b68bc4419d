//! `Client::builder().sandbox()`: a client on the local emulator in one line.
//!
//! It lives in the facade because the client must not know the emulator and the emulator
//! must not depend on the client; only the facade sees both.

use cams_api::ClientBuilder;
use cams_sandbox::{DEMO_HOST, Sandbox, SandboxTransport};

/// Points a [`ClientBuilder`] at the in-process CAMS emulator.
pub trait ClientBuilderSandboxExt {
    /// The demo fixture with its demo credentials (see the `cams-sandbox` docs for the groups).
    ///
    /// ```
    /// use cams::{Client, ClientBuilderSandboxExt};
    /// use cams::sandbox::{DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), cams::Error> {
    /// let client = Client::builder().sandbox().build()?;
    /// let members = client
    ///     .list_chat_group_participants()
    ///     .cust_space_id(DEMO_CUST_SPACE_ID)
    ///     .business_number(DEMO_BUSINESS_NUMBER)
    ///     .group_id("SBXGRP057")
    ///     .into_paginator()
    ///     .items()
    ///     .try_collect()
    ///     .await?;
    /// assert_eq!(members.len(), 57);
    /// # Ok(()) }
    /// ```
    fn sandbox(self) -> ClientBuilder;

    /// A sandbox of your own (your fixture, your engine settings), with the given credentials
    /// still to be set by the caller.
    fn sandbox_transport(self, transport: SandboxTransport) -> ClientBuilder;
}

impl ClientBuilderSandboxExt for ClientBuilder {
    fn sandbox(self) -> ClientBuilder {
        self.sandbox_transport(SandboxTransport::demo())
            .credentials(Sandbox::demo_credentials())
    }

    fn sandbox_transport(self, transport: SandboxTransport) -> ClientBuilder {
        self.endpoint(format!("https://{DEMO_HOST}"))
            .transport(transport)
    }
}
