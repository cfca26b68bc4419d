//! The request URI the client assembles from its endpoint and an operation's parameters, and
//! that a verifier accepts the signature made over it.
#![allow(clippy::unwrap_used)]

mod common;

use cams_api::Client;
use cams_auth::{Credentials, Verifier};
use cams_model::{Operation, Params, ValidationError};
use cams_transport::InMemoryTransport;
use common::*;

/// An operation with the given parameters, as a user adding one writes it.
#[derive(Debug, Clone)]
struct Custom(Vec<(&'static str, &'static str)>);

impl Operation for Custom {
    const ACTION: &'static str = "ListChatGroup";
    const RAM_ACTION: &'static str = "cams:ListChatGroup";
    const IDEMPOTENT: bool = true;
    type Output = cams_model::ListChatGroupParticipantsResponse;

    fn validate(&self) -> Result<(), ValidationError> {
        Ok(())
    }

    fn to_params(&self) -> Params<'_> {
        let mut p = Params::default();
        for (k, v) in &self.0 {
            p.push(k, *v);
        }
        p
    }
}

async fn sent(
    client: &Client,
    fake: &InMemoryTransport,
    op: Custom,
) -> cams_transport::HttpRequest {
    fake.push_json(200, r#"{"Code":"OK"}"#);
    client.execute(&op).await.unwrap();
    fake.requests().pop().unwrap()
}

fn client(endpoint: &str, fake: &InMemoryTransport, credentials: Credentials) -> Client {
    Client::builder()
        .endpoint(endpoint)
        .credentials(credentials)
        .transport(fake.clone())
        .build()
        .unwrap()
}

fn assert_verifies(req: &cams_transport::HttpRequest, credentials: Credentials) {
    let (parts, body) = req.clone().into_parts();
    let lookup = move |_: &str| Some(credentials.clone());
    Verifier::new()
        .verify(&parts, &body, &lookup, std::time::SystemTime::now())
        .unwrap();
}

#[tokio::test]
async fn no_parameters_means_no_query_at_all() {
    let fake = InMemoryTransport::new();
    let c = client("https://cams.example.com", &fake, credentials());
    let req = sent(&c, &fake, Custom(vec![])).await;
    assert_eq!(req.uri().to_string(), "https://cams.example.com/");
    assert_verifies(&req, credentials());
}

#[tokio::test]
async fn parameters_are_sorted_and_encoded_after_scheme_host_and_port() {
    let fake = InMemoryTransport::new();
    let c = client("http://127.0.0.1:8080", &fake, credentials());
    let req = sent(
        &c,
        &fake,
        Custom(vec![("b", "x y"), ("a", "{\"k\":1}"), ("c", "")]),
    )
    .await;
    assert_eq!(
        req.uri().to_string(),
        "http://127.0.0.1:8080/?a=%7B%22k%22%3A1%7D&b=x%20y&c="
    );
    assert_eq!(req.uri().host(), Some("127.0.0.1"));
    assert_eq!(req.uri().port_u16(), Some(8080));
    assert_verifies(&req, credentials());
}

#[tokio::test]
async fn sts_credentials_add_their_headers_and_still_verify() {
    let fake = InMemoryTransport::new();
    let creds = credentials().with_security_token("sts-token");
    let c = client("https://cams.example.com", &fake, creds.clone());
    let req = sent(&c, &fake, Custom(vec![("GroupId", "G1")])).await;
    assert_eq!(req.headers()["x-acs-security-token"], "sts-token");
    assert_eq!(req.headers()["x-acs-accesskey-id"], AK);
    assert_verifies(&req, creds);
}
