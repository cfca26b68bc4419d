//! A 100-receipt `ChatAppStatus` push: parsing into typed receipts and deduplicating them
//! (identity keys claimed in a fresh `MemoryStore`) against `serde_json::Value` of the same
//! body. Budget: typed + dedupe no slower than `Value`.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use cams_model::receipts::{Receipt, parse_batch};
use cams_receipts::{DedupeStore, MemoryStore};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

const STATUSES: [&str; 3] = ["Sent", "Delivered", "Read"];

/// `n` status receipts shaped like the documented template example.
fn body(n: usize) -> Vec<u8> {
    let list: Vec<_> = (0..n)
        .map(|i| {
            serde_json::json!({
                "Status": STATUSES[i % 3],
                "MsgFrameType": "template",
                "TaskId": format!("20230703017100{i:06}"),
                "From": "8613100000008",
                "Timestamp": 1_691_043_638_000_i64 + i as i64,
                "OriginPhoneNumber": "8613000000008",
                "TemplateCode": "820561547132813184",
                "Type": "TEMPLATE",
                "Language": "id",
                "TemplateName": "wa_otp_v_0_0_3",
                "To": format!("86138{i:08}"),
                "MessageId": format!("2023078469463703{i:08}"),
                "ConversationId": "72222201111000",
                "ConversationType": "utility",
            })
        })
        .collect();
    serde_json::to_vec(&list).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let body = body(100);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("receipts_status_100");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.bench_function("typed_and_dedupe", |b| {
        b.iter_batched(
            MemoryStore::new,
            |store| {
                let receipts = parse_batch(black_box(&body), None).unwrap_or_default();
                let keys: Vec<String> = receipts.iter().map(Receipt::dedupe_key).collect();
                let claims = rt.block_on(store.claim(&keys, Duration::from_secs(30)));
                black_box((receipts, claims.map(|c| c.len()).unwrap_or(0)))
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("typed_parse_only", |b| {
        b.iter(|| {
            black_box(
                parse_batch(black_box(&body), None)
                    .map(|r| r.len())
                    .unwrap_or(0),
            )
        });
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| black_box(serde_json::from_slice::<serde_json::Value>(black_box(&body)).is_ok()));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
