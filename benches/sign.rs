//! Signing benchmarks (`cargo bench --bench sign`).
//!
//! * `sign/v3`  — `cams_auth::SignerV3::sign` on a ListChatGroupParticipants request, end to end
//!   (nonce from `RandomNonceSource`, time from `SystemTimeSource`, all headers set, `authorization` built).
//! * `sign/v1`  — `cams_auth::SignerV1::sign` on the same request (query rewritten, `Signature` appended).
//! * `sign/aws_sigv4` — the `aws-sigv4` crate signing a comparable request (6 query params, 6 signed
//!   headers) and applying the instructions to an `http::Request`.
//! * `sign/floor` — the unavoidable crypto: SHA-256 of the V3 canonical request plus HMAC-SHA256 of the
//!   81-byte string to sign (with the same pre-keyed HMAC state the signer uses).
//!
//! Each iteration signs a freshly built request (built outside the timing, `iter_batched_ref`),
//! with its header map sized up front as `cams-api` builds it, so that what is timed is the
//! signing and not the map growing under it (a clone would not do: cloning a `HeaderMap` trims
//! its capacity). The `aws-sigv4` request is built the same way.
//!
//! Allocations per signature are counted by `tests/sign_allocations.rs` (an instrumented
//! global allocator would distort these timings).

use std::hint::black_box;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cams_auth::inspect;
use cams_auth::{
    Credentials, EMPTY_BODY_SHA256, NonceSource, RandomNonceSource, SignerV1, SignerV3,
    SigningParams, SystemTimeSource, TimeSource,
};
use criterion::{BatchSize, Criterion};
use http::request::Parts;

const URI: &str = "https://cams.ap-southeast-1.aliyuncs.com/?BusinessNumber=8613800001234&ChannelType=WHATSAPP\
&CustSpaceId=cams-k1234567&GroupId=EA9391234&OwnerId=1234567890123&Page=%7B%22Index%22%3A1%2C%22Size%22%3A20%7D";

/// Requests are built 32 at a time, then signed: a batch stays in cache, as the request the
/// client has just built does. (criterion's `SmallInput` builds thousands per batch, and signing
/// then waits on memory: +8-13% on every id, measured.)
const BATCH: BatchSize = BatchSize::NumIterations(32);

/// A POST to `uri` with `headers`, its map sized for 16 headers like the client's.
fn request(uri: &str, headers: &[(&'static str, &'static str)]) -> http::Request<()> {
    let mut req = http::Request::post(uri)
        .body(())
        .unwrap_or_else(|e| panic!("request: {e}"));
    let map = req.headers_mut();
    *map = http::HeaderMap::with_capacity(16);
    for (k, v) in headers {
        map.insert(*k, http::HeaderValue::from_static(v));
    }
    req
}

fn v3_request() -> Parts {
    request(
        URI,
        &[
            ("host", "cams.ap-southeast-1.aliyuncs.com"),
            ("x-acs-action", "ListChatGroupParticipants"),
            ("x-acs-version", "2020-06-06"),
        ],
    )
    .into_parts()
    .0
}

fn credentials() -> Credentials {
    Credentials::new("testAccessKeyId", "testAccessKeySecret")
}

fn sign_v3_once(signer: &SignerV3, parts: &mut Parts, creds: &Credentials) {
    let nonce = RandomNonceSource.nonce();
    let now = SystemTimeSource.now();
    let r = signer.sign(parts, &SigningParams::new(creds, now, nonce.as_str()));
    debug_assert!(r.is_ok());
    black_box(r).ok();
}

fn bench_v3(c: &mut Criterion) {
    let creds = credentials();
    let signer = SignerV3::new();
    c.bench_function("sign/v3", |b| {
        b.iter_batched_ref(v3_request, |p| sign_v3_once(&signer, p, &creds), BATCH)
    });
}

fn bench_v1(c: &mut Criterion) {
    let creds = credentials();
    let signer = SignerV1::new();
    c.bench_function("sign/v1", |b| {
        b.iter_batched_ref(
            v3_request,
            |p| {
                let nonce = RandomNonceSource.nonce();
                let now = SystemTimeSource.now();
                let r = signer.sign(p, &SigningParams::new(&creds, now, nonce.as_str()));
                black_box(r).ok();
            },
            BATCH,
        )
    });
}

fn bench_aws(c: &mut Criterion) {
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
    use aws_sigv4::sign::v4;
    use aws_smithy_runtime_api::client::identity::Identity;

    let identity: Identity = aws_credential_types::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
        None,
        "bench",
    )
    .into();
    let uri = "https://cams.example.amazonaws.com/?BusinessNumber=8613800001234&ChannelType=WHATSAPP\
&CustSpaceId=cams-k1234567&GroupId=EA9391234&OwnerId=1234567890123&Page=%7B%22Index%22%3A1%2C%22Size%22%3A20%7D";
    // 5 headers + x-amz-date added by the signer = 6 signed headers.
    let headers = [
        ("host", "cams.example.amazonaws.com"),
        ("x-amz-target", "ListChatGroupParticipants"),
        ("x-amz-api-version", "2020-06-06"),
        ("x-amz-content-sha256", EMPTY_BODY_SHA256),
        ("content-type", "application/x-www-form-urlencoded"),
    ];
    c.bench_function("sign/aws_sigv4", |b| {
        b.iter_batched_ref(
            || request(uri, &headers),
            |req| {
                let params = v4::SigningParams::builder()
                    .identity(&identity)
                    .region("ap-southeast-1")
                    .name("cams")
                    .time(SystemTime::now())
                    .settings(SigningSettings::default())
                    .build()
                    .map(Into::into);
                let Ok(params) = params else { return };
                let Ok(signable) = SignableRequest::new(
                    "POST",
                    uri,
                    headers.iter().map(|(k, v)| (*k, *v)),
                    SignableBody::Bytes(&[]),
                ) else {
                    return;
                };
                if let Ok(out) = sign(signable, &params) {
                    let (instructions, _sig) = out.into_parts();
                    instructions.apply_to_request_http1x(req);
                }
            },
            BATCH,
        )
    });
}

fn bench_floor(c: &mut Criterion) {
    let mut parts = v3_request();
    let creds = credentials();
    let t = UNIX_EPOCH + Duration::from_secs(1_741_944_413);
    let params = SigningParams::new(&creds, t, "3d5a4ad1c7e64f2b9a0e1f2c3b4d5e6f");
    let r = SignerV3::new().sign(&mut parts, &params);
    assert!(r.is_ok());
    let names = [
        "host",
        "x-acs-action",
        "x-acs-content-sha256",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-version",
    ];
    let canonical =
        inspect::canonical_request(&parts, &names, EMPTY_BODY_SHA256).unwrap_or_default();
    let sts = inspect::string_to_sign(&canonical);
    assert_eq!(sts.len(), 81);
    c.bench_function("sign/floor", |b| {
        b.iter(|| {
            let h = inspect::sha256(black_box(canonical.as_bytes()));
            black_box(h);
            inspect::hmac_sha256(&creds, black_box(sts.as_bytes()))
        })
    });
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench_v3(&mut c);
    bench_v1(&mut c);
    bench_aws(&mut c);
    bench_floor(&mut c);
    c.final_summary();
}
