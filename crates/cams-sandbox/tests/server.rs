//! The loopback server in process: routing, panic isolation, graceful shutdown.
#![allow(clippy::unwrap_used)]

mod common;

use bytes::Bytes;
use cams_auth::FixedTimeSource;
use cams_sandbox::{Engine, Fixture};
use cams_transport::{HyperTransport, Transport};
use common::*;
use http::Request;
use std::time::SystemTime;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_survives_a_panic_and_shuts_down() {
    let engine = Engine::builder(Fixture::demo())
        .time_source(FixedTimeSource(SystemTime::now()))
        .panic_on_action("ListChatGroup")
        .build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = listener.local_addr().unwrap().to_string();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cams_sandbox::serve(listener, engine, async {
        let _ = stop_rx.await;
    }));
    let transport = HyperTransport::new().unwrap();
    let sign = |action: &str, query: &str| {
        let (mut parts, body) = Request::post(format!("http://{host}/?{query}"))
            .header("host", &host)
            .header("x-acs-action", action)
            .header("x-acs-version", "2020-06-06")
            .body(Bytes::new())
            .unwrap()
            .into_parts();
        let (creds, nonce) = (demo_creds(), nonce());
        let params = cams_auth::SigningParams::new(&creds, SystemTime::now(), &nonce);
        cams_auth::SignerV3::new()
            .sign(&mut parts, &params)
            .unwrap();
        Request::from_parts(parts, body)
    };

    let resp = transport
        .send(sign(
            "ListChatGroupParticipants",
            &demo_query("SBXGRP003", None),
        ))
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(members(&json(&resp)).len(), 3);

    let page = "BusinessNumber=8613800001234&CustSpaceId=cams-sandbox-1&Page=%7B%22Index%22%3A1%2C%22Size%22%3A10%7D";
    let resp = transport.send(sign("ListChatGroup", page)).await.unwrap();
    let v = assert_gateway_error(&resp, 500, "InternalError");
    assert_eq!(v["HostId"], host.as_str());

    // Still serving after the panic.
    let resp = transport
        .send(sign(
            "ListChatGroupParticipants",
            &demo_query("SBXGRP057", None),
        ))
        .await
        .unwrap();
    assert_eq!(members(&json(&resp)).len(), 20);

    let put = Request::put(format!("http://{host}/"))
        .body(Bytes::new())
        .unwrap();
    assert_gateway_error(
        &transport.send(put).await.unwrap(),
        405,
        "UnsupportedHTTPMethod",
    );

    stop_tx.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(15), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}
