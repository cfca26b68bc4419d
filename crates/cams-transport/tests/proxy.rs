//! Both network transports through a loopback proxy: builder settings and an injected
//! environment (`HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`), proxy credentials sent to the
//! proxy and never shown. The process environment is read by one test only, in a child
//! process (`environment_is_read_by_new`).
#![allow(clippy::unwrap_used)]

mod common;

use bytes::Bytes;
use cams_transport::{ProxyConfig, SharedTransport, TransportBuilder};
use common::TestServer;
use common::connect_proxy::{ConnectProxy, UPSTREAM_HOST};
use common::tls::{https_server, pki};

type Build = fn(TransportBuilder) -> SharedTransport;

fn reqwest(b: TransportBuilder) -> SharedTransport {
    SharedTransport::new(b.build_reqwest().unwrap())
}

fn hyper(b: TransportBuilder) -> SharedTransport {
    SharedTransport::new(b.build_hyper().unwrap())
}

fn get(url: String) -> http::Request<Bytes> {
    http::Request::get(url).body(Bytes::new()).unwrap()
}

fn ok_server() -> impl std::future::Future<Output = TestServer> {
    TestServer::start(|_| http::Response::new(Bytes::from_static(b"direct-or-proxied")))
}

async fn https_goes_through_a_connect_tunnel_with_credentials(build: Build) {
    let proxy = ConnectProxy::start().await;
    let pki = pki(&["localhost"], false);
    let addr = https_server(&pki).await;
    let config = ProxyConfig::none().https(proxy.url(Some("alice:pr0xy-s3cret")));
    let transport = build(
        TransportBuilder::new()
            .proxy(config.clone())
            .add_root_certificate(pki.root.to_vec()),
    );
    let response = transport
        .send(get(format!("https://localhost:{}/", addr.port())))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let seen = proxy.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        seen[0].request_line,
        format!("CONNECT localhost:{} HTTP/1.1", addr.port())
    );
    // base64("alice:pr0xy-s3cret")
    assert_eq!(
        seen[0].proxy_authorization.as_deref(),
        Some("Basic YWxpY2U6cHIweHktczNjcmV0")
    );
    for shown in [format!("{transport:?}"), format!("{config:?}")] {
        assert!(!shown.contains("pr0xy-s3cret"), "{shown}");
    }
}

async fn a_failing_proxy_never_shows_its_credentials(build: Build) {
    let refused = common::refused_url().await;
    let proxy_url = refused.replace("http://", "http://alice:pr0xy-s3cret@");
    let transport = build(TransportBuilder::new().proxy(ProxyConfig::none().https(proxy_url)));
    let err = transport
        .send(get("https://localhost:9/".to_owned()))
        .await
        .unwrap_err();
    assert!(!err.maybe_sent(), "{err:?}");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains("pr0xy-s3cret"), "{shown}");
    }
}

/// `http://upstream.invalid:port/path` for a loopback server: a destination that is not
/// loopback, which only the test proxy can reach.
fn upstream_url(server: &TestServer, path: &str) -> String {
    server.url(path).replace("127.0.0.1", UPSTREAM_HOST)
}

async fn http_proxy_and_no_proxy_from_an_injected_environment(build: Build) {
    let proxy = ConnectProxy::start().await;
    let server = ok_server().await;
    let proxy_url = proxy.url(None);
    let env = |name: &str| match name {
        "http_proxy" => Some(proxy_url.clone()),
        _ => None,
    };
    let transport = build(TransportBuilder::new().proxy(ProxyConfig::from_lookup(env)));
    let response = transport
        .send(get(upstream_url(&server, "/via")))
        .await
        .unwrap();
    assert_eq!(response.body().as_ref(), b"direct-or-proxied");
    assert_eq!(proxy.seen().len(), 1);
    assert_eq!(server.seen().len(), 1);

    // NO_PROXY naming the host: straight to it, which only the proxy could reach.
    let env = |name: &str| match name {
        "HTTP_PROXY" => Some(proxy_url.clone()),
        "NO_PROXY" => Some(format!("example.com,{UPSTREAM_HOST}")),
        _ => None,
    };
    let transport = build(TransportBuilder::new().proxy(ProxyConfig::from_lookup(env)));
    let err = transport
        .send(get(upstream_url(&server, "/direct")))
        .await
        .unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(proxy.seen().len(), 1, "no_proxy was ignored");
    assert_eq!(server.seen().len(), 1);
}

/// Proxies from the environment (no `NO_PROXY`) never carry loopback destinations; the same
/// proxy set explicitly does.
async fn loopback_is_never_sent_to_an_environment_proxy(build: Build) {
    let proxy = ConnectProxy::start().await;
    let server = ok_server().await;
    let proxy_url = proxy.url(None);
    let env = |name: &str| match name {
        "HTTP_PROXY" | "HTTPS_PROXY" => Some(proxy_url.clone()),
        _ => None,
    };
    let transport = build(TransportBuilder::new().proxy(ProxyConfig::from_lookup(env)));
    let port = server.addr.port();
    for url in [server.url("/ip"), format!("http://localhost:{port}/name")] {
        let response = transport.send(get(url.clone())).await.unwrap();
        assert_eq!(response.body().as_ref(), b"direct-or-proxied", "{url}");
    }
    assert_eq!(proxy.seen().len(), 0, "{:?}", proxy.seen());
    assert_eq!(server.seen().len(), 2);
    // IPv6 loopback, where the machine has it: direct too (a refused connection, or an
    // answer, but never the proxy).
    let _ = transport.send(get(format!("http://[::1]:{port}/v6"))).await;
    assert_eq!(proxy.seen().len(), 0, "{:?}", proxy.seen());

    let explicit = ProxyConfig::none().http(proxy_url.clone());
    let transport = build(TransportBuilder::new().proxy(explicit));
    transport.send(get(server.url("/explicit"))).await.unwrap();
    assert_eq!(proxy.seen().len(), 1, "an explicit proxy was bypassed");
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn reqwest_https_through_connect_tunnel() {
    https_goes_through_a_connect_tunnel_with_credentials(reqwest).await;
}

#[tokio::test]
async fn hyper_https_through_connect_tunnel() {
    https_goes_through_a_connect_tunnel_with_credentials(hyper).await;
}

#[tokio::test]
async fn reqwest_failing_proxy_hides_credentials() {
    a_failing_proxy_never_shows_its_credentials(reqwest).await;
}

#[tokio::test]
async fn hyper_failing_proxy_hides_credentials() {
    a_failing_proxy_never_shows_its_credentials(hyper).await;
}

#[tokio::test]
async fn reqwest_http_proxy_and_no_proxy() {
    http_proxy_and_no_proxy_from_an_injected_environment(reqwest).await;
}

#[tokio::test]
async fn hyper_http_proxy_and_no_proxy() {
    http_proxy_and_no_proxy_from_an_injected_environment(hyper).await;
}

#[tokio::test]
async fn reqwest_loopback_is_never_sent_to_an_environment_proxy() {
    loopback_is_never_sent_to_an_environment_proxy(reqwest).await;
}

#[tokio::test]
async fn hyper_loopback_is_never_sent_to_an_environment_proxy() {
    loopback_is_never_sent_to_an_environment_proxy(hyper).await;
}

/// The env var the parent sets for the child run of [`child_uses_the_environment_proxy`].
const CHILD_MARKER: &str = "CAMS_TRANSPORT_PROXY_ENV_CHILD";

/// Runs [`child_uses_the_environment_proxy`] in a child process whose environment names the
/// proxy, so no other test ever sees that environment.
#[tokio::test]
async fn environment_is_read_by_new() {
    let proxy = ConnectProxy::start().await;
    let server = ok_server().await;
    let output = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_uses_the_environment_proxy",
            "--ignored",
            "--nocapture",
        ])
        .env(CHILD_MARKER, server.url("/env"))
        .env("HTTP_PROXY", proxy.url(None))
        .env_remove("http_proxy")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(60), output)
        .await
        .unwrap()
        .unwrap();
    assert!(
        output.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // Two transports (reqwest, hyper), each through the proxy to the upstream host and
    // directly to loopback.
    assert_eq!(proxy.seen().len(), 2, "{:?}", proxy.seen());
    assert_eq!(server.seen().len(), 4);
}

#[tokio::test]
#[ignore = "run by environment_is_read_by_new in a child process"]
async fn child_uses_the_environment_proxy() {
    let url = std::env::var(CHILD_MARKER).unwrap();
    for transport in [
        SharedTransport::new(cams_transport::ReqwestTransport::new().unwrap()),
        SharedTransport::new(cams_transport::HyperTransport::new().unwrap()),
    ] {
        for url in [url.replace("127.0.0.1", UPSTREAM_HOST), url.clone()] {
            let response = transport.send(get(url)).await.unwrap();
            assert_eq!(response.body().as_ref(), b"direct-or-proxied");
        }
    }
}
