//! Paging through a 10,000-member group, 100 at a time, through the in-process sandbox:
//! 100 signed requests, verified, answered and parsed.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use cams::sandbox::{Engine, Fixture, FixtureCredential, FixtureGroup, SandboxTransport};
use cams::{Client, ClientBuilderSandboxExt, Credentials};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn fixture(members: usize) -> Fixture {
    Fixture {
        credentials: vec![FixtureCredential {
            access_key_id: "bench-ak".into(),
            access_key_secret: "bench-secret".into(),
            security_token: None,
        }],
        groups: vec![FixtureGroup {
            cust_space_id: "cams-bench".into(),
            business_number: "8613800001234".into(),
            group_id: "BIG".into(),
            subject: "big".into(),
            description: String::new(),
            status: "ACTIVE".into(),
            invite_link: None,
            participants: (0..members).map(|i| format!("86138{i:08}")).collect(),
        }],
        identity: Default::default(),
    }
}

fn paginate(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    let members = fixture(10_000);
    // A fresh emulator for every pagination (built outside the timing): the emulator remembers
    // every nonce for 15 minutes, as the gateway does, and over the hundreds of thousands of
    // requests of a criterion run that replay cache would grow without end, so the figure
    // would depend on how long criterion ran rather than on what one pagination costs.
    let client = || {
        Client::builder()
            .sandbox_transport(SandboxTransport::new(Engine::new(members.clone())))
            .credentials(Credentials::new("bench-ak", "bench-secret"))
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"))
    };
    c.bench_function("paginate/10000_by_100", |b| {
        b.to_async(&rt).iter_batched(
            client,
            |client| async move {
                let all = client
                    .list_chat_group_participants()
                    .cust_space_id("cams-bench")
                    .business_number("8613800001234")
                    .group_id("BIG")
                    .page(1, 100)
                    .into_paginator()
                    .items()
                    .try_collect()
                    .await
                    .unwrap_or_else(|e| panic!("paginate: {e}"));
                assert_eq!(all.len(), 10_000);
                client
            },
            BatchSize::PerIteration,
        )
    });
}

criterion_group!(benches, paginate);
criterion_main!(benches);
