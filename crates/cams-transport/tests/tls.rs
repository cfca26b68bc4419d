//! Both network transports over HTTPS against a loopback rustls server with generated
//! certificates: the right one works; a wrong host name, an expired certificate and an
//! unknown root each give a typed TLS error; extra roots are honoured.
#![allow(clippy::unwrap_used)]

mod common;

use bytes::Bytes;
use cams_transport::{
    ProxyConfig, SharedTransport, TlsFailure, TransportBuilder, TransportErrorKind,
};
use common::tls::{https_server, pki};
use rustls::pki_types::CertificateDer;

type Build = fn(TransportBuilder) -> SharedTransport;

fn reqwest(b: TransportBuilder) -> SharedTransport {
    SharedTransport::new(b.build_reqwest().unwrap())
}

fn hyper(b: TransportBuilder) -> SharedTransport {
    SharedTransport::new(b.build_hyper().unwrap())
}

fn trusting(root: &CertificateDer<'static>) -> TransportBuilder {
    TransportBuilder::new()
        .proxy(ProxyConfig::none())
        .add_root_certificate(root.to_vec())
}

fn get(url: String) -> http::Request<Bytes> {
    http::Request::get(url).body(Bytes::new()).unwrap()
}

async fn the_right_certificate_works(build: Build) {
    let pki = pki(&["localhost"], false);
    let addr = https_server(&pki).await;
    let response = build(trusting(&pki.root))
        .send(get(format!("https://localhost:{}/?Action=X", addr.port())))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.body().as_ref(), br#"{"Code":"OK"}"#);
}

async fn assert_tls_failure(
    build: Build,
    builder: TransportBuilder,
    url: String,
    want: TlsFailure,
) {
    let err = build(builder).send(get(url)).await.unwrap_err();
    assert_eq!(err.kind(), TransportErrorKind::Tls, "{err:?}");
    assert_eq!(err.tls_failure(), Some(want), "{err:?}");
    assert!(!err.maybe_sent(), "{err:?}");
    assert!(err.to_string().contains("TLS handshake with"), "{err}");
}

async fn a_wrong_host_name_is_a_tls_error(build: Build) {
    let pki = pki(&["cams.example.com"], false);
    let addr = https_server(&pki).await;
    let url = format!("https://localhost:{}/", addr.port());
    assert_tls_failure(build, trusting(&pki.root), url, TlsFailure::WrongHostName).await;
}

async fn an_expired_certificate_is_a_tls_error(build: Build) {
    let pki = pki(&["localhost"], true);
    let addr = https_server(&pki).await;
    let url = format!("https://localhost:{}/", addr.port());
    assert_tls_failure(build, trusting(&pki.root), url, TlsFailure::Expired).await;
}

async fn an_unknown_root_is_a_tls_error(build: Build) {
    let pki = pki(&["localhost"], false);
    let addr = https_server(&pki).await;
    let url = format!("https://localhost:{}/", addr.port());
    let untrusting = TransportBuilder::new().proxy(ProxyConfig::none());
    assert_tls_failure(build, untrusting, url, TlsFailure::UnknownIssuer).await;
}

#[tokio::test]
async fn reqwest_right_certificate_works() {
    the_right_certificate_works(reqwest).await;
}

#[tokio::test]
async fn hyper_right_certificate_works() {
    the_right_certificate_works(hyper).await;
}

#[tokio::test]
async fn reqwest_wrong_host_name() {
    a_wrong_host_name_is_a_tls_error(reqwest).await;
}

#[tokio::test]
async fn hyper_wrong_host_name() {
    a_wrong_host_name_is_a_tls_error(hyper).await;
}

#[tokio::test]
async fn reqwest_expired_certificate() {
    an_expired_certificate_is_a_tls_error(reqwest).await;
}

#[tokio::test]
async fn hyper_expired_certificate() {
    an_expired_certificate_is_a_tls_error(hyper).await;
}

#[tokio::test]
async fn reqwest_unknown_root() {
    an_unknown_root_is_a_tls_error(reqwest).await;
}

#[tokio::test]
async fn hyper_unknown_root() {
    an_unknown_root_is_a_tls_error(hyper).await;
}

#[test]
fn an_unusable_extra_root_is_refused_at_build_time() {
    let builder = TransportBuilder::new()
        .proxy(ProxyConfig::none())
        .add_root_certificate(b"not a certificate".to_vec());
    assert!(builder.clone().build_reqwest().is_err());
    assert!(builder.build_hyper().is_err());
}
