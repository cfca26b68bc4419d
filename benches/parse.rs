//! Parsing a ListChatGroupParticipants page: the typed parse against a borrowed parse (the
//! floor: no owned strings) and `serde_json::Value` (the peer), in MB/s.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use cams_model::{ListChatGroupParticipantsRequest, Operation};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde::Deserialize;
use std::hint::black_box;

/// A page body of `n` members, shaped like the service's.
fn body(n: usize) -> Vec<u8> {
    let list: Vec<_> = (0..n)
        .map(|i| serde_json::json!({ "ParticipantNumber": format!("86138{i:08}") }))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "AccessDeniedDetail": "None",
        "Message": "None",
        "RequestId": "90E63D28-E31D-1EB2-8939-A94866411B2O",
        "Data": { "Total": n, "List": list },
        "Code": "OK",
        "Success": true,
    }))
    .unwrap_or_default()
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct Borrowed<'a> {
    #[serde(borrow)]
    request_id: Option<&'a str>,
    #[serde(borrow)]
    code: Option<&'a str>,
    #[serde(borrow)]
    message: Option<&'a str>,
    success: Option<bool>,
    #[serde(borrow)]
    access_denied_detail: Option<&'a str>,
    #[serde(borrow)]
    data: Option<BorrowedData<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct BorrowedData<'a> {
    total: Option<i64>,
    #[serde(borrow)]
    list: Vec<BorrowedParticipant<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
#[allow(dead_code)]
struct BorrowedParticipant<'a> {
    #[serde(borrow)]
    participant_number: Option<&'a str>,
}

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse");
    for n in [1usize, 20, 100, 1000, 10000] {
        let b = body(n);
        g.throughput(Throughput::Bytes(b.len() as u64));
        g.bench_with_input(BenchmarkId::new("typed", n), &b, |bench, b| {
            bench.iter(|| ListChatGroupParticipantsRequest::parse_response(black_box(b)))
        });
        // The floor reads the body the way the typed parse does (one UTF-8 check, then text),
        // minus the owned strings.
        g.bench_with_input(BenchmarkId::new("borrowed", n), &b, |bench, b| {
            bench.iter(|| {
                let text = std::str::from_utf8(black_box(b)).unwrap_or_default();
                serde_json::from_str::<Borrowed<'_>>(text).map(|p| p.success)
            })
        });
        g.bench_with_input(BenchmarkId::new("value", n), &b, |bench, b| {
            bench.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(b)))
        });
    }
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
