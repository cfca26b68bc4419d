//! `ReqwestTransport` against a loopback hyper server.
#![allow(clippy::unwrap_used)] // tests may panic

mod common;

use cams_transport::{ReqwestTransport, SharedTransport, TransportSettings};
use common::scenarios;

/// The transport under test, whatever proxy the environment names.
fn make(settings: TransportSettings) -> SharedTransport {
    let builder = ReqwestTransport::builder()
        .settings(settings)
        .proxy(cams_transport::ProxyConfig::none());
    SharedTransport::new(builder.build_reqwest().unwrap())
}

#[tokio::test]
async fn ok_with_body_and_request_unchanged() {
    scenarios::ok_with_body_and_request_unchanged(make).await;
}

#[tokio::test]
async fn client_and_server_errors_pass_through() {
    scenarios::client_and_server_errors_pass_through(make).await;
}

#[tokio::test]
async fn connection_refused_is_connect_not_sent() {
    scenarios::connection_refused_is_connect_not_sent(make).await;
}

#[tokio::test]
async fn stalled_server_is_read_timeout() {
    scenarios::stalled_server_is_read_timeout(make).await;
}

#[tokio::test]
async fn oversized_body_is_body_too_large() {
    scenarios::oversized_body_is_body_too_large(make).await;
}

#[tokio::test]
async fn keep_alive_reuses_one_connection() {
    scenarios::keep_alive_reuses_one_connection(make).await;
}

#[tokio::test]
async fn redirects_are_not_followed() {
    scenarios::redirects_are_not_followed(make).await;
}

fn from_user_client(settings: TransportSettings) -> SharedTransport {
    let client = ReqwestTransport::client_builder(&settings)
        .unwrap()
        .user_agent("my-app/1.0")
        .build()
        .unwrap();
    SharedTransport::new(ReqwestTransport::from_client(client, settings))
}

#[tokio::test]
async fn from_client_keeps_settings_and_pool() {
    scenarios::oversized_body_is_body_too_large(from_user_client).await;
    scenarios::stalled_server_is_read_timeout(from_user_client).await;
    scenarios::keep_alive_reuses_one_connection(from_user_client).await;
}

#[tokio::test]
async fn from_client_keeps_the_client_configuration() {
    let server = common::TestServer::start(|_| http::Response::new(bytes::Bytes::new())).await;
    let request = http::Request::get(server.url("/"))
        .body(bytes::Bytes::new())
        .unwrap();
    from_user_client(TransportSettings::default())
        .send(request)
        .await
        .unwrap();
    assert_eq!(server.seen()[0].headers["user-agent"], "my-app/1.0");
}

#[tokio::test]
async fn default_transport_builds_without_a_process_default_provider() {
    let transport = ReqwestTransport::new().unwrap();
    assert_eq!(transport.settings(), &TransportSettings::default());
}

#[test]
fn send_future_made_outside_a_runtime() {
    scenarios::send_future_made_outside_a_runtime(make);
}

#[test]
fn send_future_is_send_and_spawnable() {
    scenarios::send_future_is_send_and_spawnable(make);
}

#[tokio::test]
async fn each_fault_says_what_happened() {
    common::faults::each_fault_says_what_happened(make).await;
}

#[tokio::test]
async fn connect_timeout_is_named() {
    common::faults::connect_timeout_is_named(make).await;
}
