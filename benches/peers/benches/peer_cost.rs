//! Allocations and CPU per call of the three peers, the server's share excluded: the server runs
//! on a thread and runtime of its own, the client (its connection tasks included) on this
//! thread's current-thread runtime; allocations are counted only while this thread is in the
//! measured loop, CPU is this thread's `getrusage(RUSAGE_THREAD)`. The process-wide figures
//! (client and server, `RUSAGE_SELF` and every thread's allocations) are printed beside them.
//! The peers take turns, ten rounds of a tenth of the calls each, and each figure is the median
//! of its rounds: a shared machine's speed drifts over seconds, and turns spread the drift over
//! all three instead of landing on one.
//!
//! `cargo bench --manifest-path benches/peers/Cargo.toml --bench peer_cost [-- CALLS [PEER]]`

use cams_peers_bench::{Peers, aws_call, cams_call, server};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

struct Counting;

static CLIENT: AtomicU64 = AtomicU64::new(0);
static ALL: AtomicU64 = AtomicU64::new(0);
thread_local!(static MEASURED: Cell<bool> = const { Cell::new(false) });

fn count() {
    ALL.fetch_add(1, Relaxed);
    if MEASURED.with(Cell::get) {
        CLIENT.fetch_add(1, Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to the system allocator; counting allocates nothing.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn cpu(who: libc::c_int) -> Duration {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `u` is a valid, writable rusage.
    unsafe { libc::getrusage(who, &mut u) };
    let t = |v: libc::timeval| Duration::new(v.tv_sec as u64, v.tv_usec as u32 * 1000);
    t(u.ru_utime) + t(u.ru_stime)
}

struct Cost {
    wall: f64,
    cpu_client: f64,
    cpu_all: f64,
    allocs_client: f64,
    allocs_all: f64,
}

fn measure<F: Future<Output = ()>>(
    rt: &tokio::runtime::Runtime,
    calls: u32,
    mut call: impl FnMut() -> F,
) -> Cost {
    let (c0, a0) = (CLIENT.load(Relaxed), ALL.load(Relaxed));
    let (t0, p0, w0) = (
        cpu(libc::RUSAGE_THREAD),
        cpu(libc::RUSAGE_SELF),
        Instant::now(),
    );
    MEASURED.with(|m| m.set(true));
    rt.block_on(async {
        for _ in 0..calls {
            call().await;
        }
    });
    MEASURED.with(|m| m.set(false));
    let (t1, p1, w1) = (
        cpu(libc::RUSAGE_THREAD),
        cpu(libc::RUSAGE_SELF),
        Instant::now(),
    );
    let (c1, a1) = (CLIENT.load(Relaxed), ALL.load(Relaxed));
    let n = f64::from(calls);
    Cost {
        wall: (w1 - w0).as_secs_f64() * 1e6 / n,
        cpu_client: (t1 - t0).as_secs_f64() * 1e6 / n,
        cpu_all: (p1 - p0).as_secs_f64() * 1e6 / n,
        allocs_client: (c1 - c0) as f64 / n,
        allocs_all: (a1 - a0) as f64 / n,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; the count and the peer are the arguments that are not flags.
    // Criterion's own flags (a run of every bench) leave the defaults.
    let all: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<String> = if all.iter().any(|a| a.starts_with("--") && a != "--bench") {
        Vec::new()
    } else {
        all.into_iter().filter(|a| a != "--bench").collect()
    };
    let calls: u32 = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("server runtime: {e}"));
        rt.block_on(async {
            let _ = tx.send(server().await);
            std::future::pending::<()>().await
        });
    });
    let addr = rx.recv().unwrap_or_else(|e| panic!("server: {e}"));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("client runtime: {e}"));
    let peers = rt.block_on(Peers::connect(addr));

    // A peer named after the count runs alone (for a profiler: `valgrind --tool=dhat ... 2000 aws_sdk`).
    match args.get(1).map(String::as_str) {
        Some("bare_hyper") => drop(measure(&rt, calls, || peers.bare.call())),
        Some("cams_hyper") => drop(measure(&rt, calls, || cams_call(&peers.cams))),
        Some("aws_sdk") => drop(measure(&rt, calls, || aws_call(&peers.aws))),
        Some(other) => panic!("no peer named {other}"),
        None => {}
    }
    if args.len() > 1 {
        return;
    }
    const ROUNDS: u32 = 10;
    let per_round = (calls / ROUNDS).max(1);
    // Warm-up: connections, pools and caches, unmeasured.
    drop(measure(&rt, per_round, || peers.bare.call()));
    drop(measure(&rt, per_round, || cams_call(&peers.cams)));
    drop(measure(&rt, per_round, || aws_call(&peers.aws)));
    let mut runs: [Vec<Cost>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    for _ in 0..ROUNDS {
        runs[0].push(measure(&rt, per_round, || peers.bare.call()));
        runs[1].push(measure(&rt, per_round, || cams_call(&peers.cams)));
        runs[2].push(measure(&rt, per_round, || aws_call(&peers.aws)));
    }
    let [bare, cams, aws] = runs.map(|r| median(&r));
    let rows = [("bare_hyper", bare), ("cams_hyper", cams), ("aws_sdk", aws)];
    println!(
        "{} sequential calls each, in {ROUNDS} rounds (median of rounds); client = this thread only (server excluded), all = whole process (client + server)",
        per_round * ROUNDS
    );
    println!(
        "{:<12} {:>10} {:>12} {:>10} {:>14} {:>11} {:>14} {:>12}",
        "peer",
        "wall µs",
        "client CPU µs",
        "all CPU µs",
        "client allocs",
        "all allocs",
        "CPU over floor",
        "allocs over"
    );
    let floor = &rows[0].1;
    for (name, c) in &rows {
        println!(
            "{:<12} {:>10.2} {:>12.2} {:>10.2} {:>14.1} {:>11.1} {:>+14.2} {:>+12.1}",
            name,
            c.wall,
            c.cpu_client,
            c.cpu_all,
            c.allocs_client,
            c.allocs_all,
            c.cpu_client - floor.cpu_client,
            c.allocs_client - floor.allocs_client
        );
    }
    let (cams, aws) = (&rows[1].1, &rows[2].1);
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
    println!(
        "cams overhead / aws overhead: CPU {:.3}, allocations {:.3}, wall {:.3}",
        ratio(
            cams.cpu_client - floor.cpu_client,
            aws.cpu_client - floor.cpu_client
        ),
        ratio(
            cams.allocs_client - floor.allocs_client,
            aws.allocs_client - floor.allocs_client
        ),
        ratio(cams.wall - floor.wall, aws.wall - floor.wall),
    );
}

/// Each figure's median over the rounds.
fn median(runs: &[Cost]) -> Cost {
    let of = |f: fn(&Cost) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Cost {
        wall: of(|c| c.wall),
        cpu_client: of(|c| c.cpu_client),
        cpu_all: of(|c| c.cpu_all),
        allocs_client: of(|c| c.allocs_client),
        allocs_all: of(|c| c.allocs_all),
    }
}
