//! One whole call over a real socket, through the reqwest and the hyper transport, to a
//! hyper server on 127.0.0.1 that verifies the signature with the cams-auth verifier.
#![allow(clippy::unwrap_used)]

mod common;

use bytes::Bytes;
use cams_api::{Client, RetryPolicy, SignatureVersion};
use cams_auth::{Credentials, Verifier};
use cams_transport::{HyperTransport, ReqwestTransport, SharedTransport};
use common::*;
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// Serves one ListChatGroupParticipants page, answering 400 when the signature does not verify.
async fn start_server() -> (SocketAddr, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let seen = seen2.clone();
            tokio::spawn(async move {
                let svc = service_fn(move |req: http::Request<hyper::body::Incoming>| {
                    let seen = seen.clone();
                    async move {
                        let (parts, body) = req.into_parts();
                        let body = body.collect().await.unwrap().to_bytes();
                        let creds = Credentials::new(AK, SECRET);
                        let lookup = move |id: &str| (id == AK).then(|| creds.clone());
                        let verdict = Verifier::new().verify(
                            &parts,
                            &body,
                            &lookup,
                            std::time::SystemTime::now(),
                        );
                        let (status, body) = match verdict {
                            Ok(v) => {
                                seen.lock().unwrap().push(format!("{:?}", v.scheme));
                                let group = v.params.iter().find(|(k, _)| k == "GroupId").unwrap();
                                assert_eq!(group.1, "EA 939/1234");
                                (200, serde_json::to_vec(&participants_body(2, &members(2))).unwrap())
                            }
                            Err(e) => (
                                400,
                                serde_json::to_vec(&serde_json::json!({
                                    "Code": "SignatureDoesNotMatch", "Message": e.to_string(), "RequestId": "L-1"
                                }))
                                .unwrap(),
                            ),
                        };
                        Ok::<_, std::convert::Infallible>(
                            http::Response::builder()
                                .status(status)
                                .header("content-type", "application/json")
                                .body(Full::new(Bytes::from(body)))
                                .unwrap(),
                        )
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    (addr, seen)
}

async fn call(transport: SharedTransport, addr: SocketAddr, signature: SignatureVersion) {
    let client = Client::builder()
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::new(AK, SECRET))
        .transport(transport)
        .signature_version(signature)
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let page = client
        .list_chat_group_participants()
        .business_number("+86 138-0000*1234")
        .cust_space_id("cams-k1234567")
        .group_id("EA 939/1234")
        .page(1, 20)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{signature:?}: {e}"));
    assert_eq!(page.data.unwrap().total, Some(2));
}

#[tokio::test]
async fn reqwest_transport_full_call_verifies() {
    let (addr, seen) = start_server().await;
    let t = SharedTransport::new(ReqwestTransport::new().unwrap());
    call(t.clone(), addr, SignatureVersion::V3).await;
    call(t, addr, SignatureVersion::V1).await;
    assert_eq!(*seen.lock().unwrap(), ["V3", "V1"]);
}

#[tokio::test]
async fn hyper_transport_full_call_verifies() {
    let (addr, seen) = start_server().await;
    let t = SharedTransport::new(HyperTransport::new().unwrap());
    call(t.clone(), addr, SignatureVersion::V3).await;
    call(t, addr, SignatureVersion::V1).await;
    assert_eq!(*seen.lock().unwrap(), ["V3", "V1"]);
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_the_server() {
    let (addr, _) = start_server().await;
    let client = Client::builder()
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::new(AK, "wrong-secret"))
        .transport(HyperTransport::new().unwrap())
        .retry_policy(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = client
        .list_chat_group_participants()
        .business_number("1")
        .cust_space_id("2")
        .group_id("EA 939/1234")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("SignatureDoesNotMatch"));
    assert_eq!(err.request_id(), Some("L-1"));
}
