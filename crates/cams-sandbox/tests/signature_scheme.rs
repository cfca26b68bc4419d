//! Every answer to a verified request names the scheme its signature was verified with, so
//! that a client's tests can prove which scheme it sent; refusals before that name none.
#![allow(clippy::unwrap_used)]

mod common;

use cams_sandbox::SIGNATURE_SCHEME;
use common::*;

#[test]
fn answers_name_the_verified_scheme() {
    let engine = demo_engine();
    let query = demo_query("SBXGRP003", None);
    let creds = demo_creds();
    let cases = [
        (
            "v3",
            v3("ListChatGroupParticipants", &query, &creds, t0(), &nonce()),
        ),
        (
            "v1",
            v1("ListChatGroupParticipants", &query, &creds, t0(), &nonce()),
        ),
        // A business error is still an answer to a verified request.
        (
            "v1",
            v1(
                "ListChatGroupParticipants",
                &demo_query("nope", None),
                &creds,
                t0(),
                &nonce(),
            ),
        ),
    ];
    for (want, request) in cases {
        let response = engine.handle(request);
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()[&SIGNATURE_SCHEME], want);
    }
    let wrong = cams_auth::Credentials::new(creds.access_key_id(), "wrong-secret");
    let refused = engine.handle(v3(
        "ListChatGroupParticipants",
        &query,
        &wrong,
        t0(),
        &nonce(),
    ));
    assert_eq!(refused.status(), 400);
    assert!(refused.headers().get(&SIGNATURE_SCHEME).is_none());
}
