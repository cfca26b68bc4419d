//! One whole call through each peer against the same loopback hyper server, the server and the
//! three clients on one tokio runtime: `peer/*` on a current-thread runtime (client and server
//! share one core, so a call's time is the CPU of both), `peer_2workers/*` on a multi-thread
//! runtime with two workers.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use cams_peers_bench::{Peers, aws_call, cams_call};
use criterion::{Criterion, criterion_group, criterion_main};
use tokio::runtime::{Builder, Runtime};

fn run(c: &mut Criterion, group: &str, rt: &Runtime) {
    let peers = rt.block_on(Peers::start());
    let mut g = c.benchmark_group(group);
    g.bench_function("bare_hyper", |b| b.to_async(rt).iter(|| peers.bare.call()));
    g.bench_function("cams_hyper", |b| {
        b.to_async(rt).iter(|| cams_call(&peers.cams))
    });
    g.bench_function("aws_sdk", |b| b.to_async(rt).iter(|| aws_call(&peers.aws)));
    g.finish();
}

fn benches(c: &mut Criterion) {
    let current = Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    run(c, "peer", &current);
    let two = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    run(c, "peer_2workers", &two);
}

criterion_group!(peers, benches);
criterion_main!(peers);
