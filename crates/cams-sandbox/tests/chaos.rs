//! Chaos: a loopback fault-injecting proxy between the client (hyper transport, retries on)
//! and the sandbox server. It resets connections before forwarding and mid-response, stalls,
//! truncates, drips slowly, answers 5xx bursts and 429 with a retry-after, and sends
//! responses twice. A write workflow (AddChatGroup with unique subjects, ListChatGroup,
//! DeleteChatGroupParticipants) runs through it; then:
//! - every call ends in a success or a typed error, within its deadline;
//! - a non-idempotent write that may have been sent is never retried;
//! - the sandbox's final state shows every write applied at most once, and exactly the
//!   writes the proxy forwarded.
//!
//! Bounded (a fixed schedule of faults, a few seconds), no timing assertions.
#![allow(clippy::unwrap_used)]

use cams_api::{Client, Error, RetryPolicy};
use cams_model::{AddChatGroupRequest, DeleteChatGroupParticipantsRequest, ListChatGroupRequest};
use cams_sandbox::{DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID, Engine, Sandbox};
use cams_transport::{HyperTransport, ProxyConfig, TransportSettings};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Pass,
    ResetBeforeForward,
    ResetMidResponse,
    Stall,
    Truncate,
    SlowDrip,
    ServerError,
    Throttle,
    Duplicate,
}

/// The schedule, by request number: every fault often, with passes between (a 5xx burst is
/// two in a row).
const SCHEDULE: [Fault; 16] = [
    Fault::Pass,
    Fault::ResetBeforeForward,
    Fault::Pass,
    Fault::ServerError,
    Fault::ServerError,
    Fault::Truncate,
    Fault::Pass,
    Fault::Throttle,
    Fault::SlowDrip,
    Fault::ResetMidResponse,
    Fault::Pass,
    Fault::Duplicate,
    Fault::Stall,
    Fault::Pass,
    Fault::Duplicate,
    Fault::Pass,
];

/// One request as the proxy saw it.
#[derive(Debug, Clone)]
struct Seen {
    action: String,
    retry_attempt: bool,
    forwarded: bool,
    query: String,
}

struct ChaosProxy {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl ChaosProxy {
    async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let counter = Arc::new(AtomicUsize::new(0));
        let record = seen.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (record, counter) = (record.clone(), counter.clone());
                tokio::spawn(async move {
                    let _ = serve_client(client, upstream, record, counter).await;
                });
            }
        });
        ChaosProxy { addr, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

/// Reads one HTTP/1.1 message (head and `Content-Length` body) from `stream`.
async fn read_message(stream: &mut (impl AsyncRead + Unpin)) -> std::io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    let head_end = loop {
        if let Some(p) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(None);
        }
        data.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .map_or(0, |v| v.trim().parse().unwrap_or(0));
    while data.len() < head_end + len {
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(None);
        }
        data.extend_from_slice(&buf[..n]);
    }
    Ok(Some(data))
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn canned(status: &str, extra: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json;charset=utf-8\r\nx-acs-request-id: CHAOS-1\r\n{extra}content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn serve_client(
    mut client: TcpStream,
    upstream: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    counter: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    while let Some(request) = read_message(&mut client).await? {
        let fault = SCHEDULE[counter.fetch_add(1, Ordering::SeqCst) % SCHEDULE.len()];
        let text = String::from_utf8_lossy(&request).into_owned();
        let target = text.split(' ').nth(1).unwrap_or("").to_owned();
        let forwarded = matches!(
            fault,
            Fault::Pass
                | Fault::ResetMidResponse
                | Fault::Stall
                | Fault::Truncate
                | Fault::SlowDrip
                | Fault::Duplicate
        );
        seen.lock().unwrap().push(Seen {
            action: header(&text, "x-acs-action").unwrap_or("").to_owned(),
            retry_attempt: header(&text, "x-acs-retry-attempts").is_some(),
            forwarded,
            query: target.split_once('?').map_or("", |(_, q)| q).to_owned(),
        });
        let response = if forwarded {
            let mut up = TcpStream::connect(upstream).await?;
            up.write_all(&request).await?;
            read_message(&mut up).await?.unwrap_or_default()
        } else {
            Vec::new()
        };
        match fault {
            Fault::Pass => client.write_all(&response).await?,
            Fault::ResetBeforeForward => {
                client.set_zero_linger()?;
                return Ok(());
            }
            Fault::ResetMidResponse => {
                client.write_all(&response[..response.len() / 2]).await?;
                client.set_zero_linger()?;
                return Ok(());
            }
            Fault::Stall => {
                tokio::time::sleep(Duration::from_secs(2)).await;
                return Ok(());
            }
            Fault::Truncate => {
                client.write_all(&response[..response.len() - 7]).await?;
                client.shutdown().await?;
                return Ok(());
            }
            Fault::SlowDrip => {
                for chunk in response.chunks(24) {
                    client.write_all(chunk).await?;
                    client.flush().await?;
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
            Fault::ServerError => {
                let body = r#"{"RequestId":"CHAOS-1","HostId":"chaos","Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}"#;
                client
                    .write_all(&canned("503 Service Unavailable", "", body))
                    .await?;
            }
            Fault::Throttle => {
                let body = r#"{"RequestId":"CHAOS-1","HostId":"chaos","Code":"Throttling.User","Message":"Request was denied due to user flow control."}"#;
                client
                    .write_all(&canned(
                        "429 Too Many Requests",
                        "x-acs-retry-after: 20\r\n",
                        body,
                    ))
                    .await?;
            }
            Fault::Duplicate => {
                let mut twice = response.clone();
                twice.extend_from_slice(&response);
                client.write_all(&twice).await?;
            }
        }
    }
    Ok(())
}

async fn start_sandbox() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(cams_sandbox::serve(
        listener,
        Engine::demo(),
        std::future::pending(),
    ));
    addr
}

const DEADLINE: Duration = Duration::from_secs(2);

fn client(addr: SocketAddr, retries: RetryPolicy) -> Client {
    let settings = TransportSettings::default()
        .with_connect_timeout(Duration::from_secs(1))
        .with_read_timeout(Duration::from_millis(400));
    let transport = HyperTransport::builder()
        .settings(settings)
        .proxy(ProxyConfig::none())
        .build_hyper()
        .unwrap();
    Client::builder()
        .endpoint(format!("http://{addr}"))
        .credentials(Sandbox::demo_credentials())
        .transport(transport)
        .retry_policy(retries)
        .operation_timeout(DEADLINE)
        .build()
        .unwrap()
}

/// A call's outcome: `Ok`, or the name of its typed error.
fn outcome<T>(r: Result<T, Error>) -> Result<(), &'static str> {
    match r {
        Ok(_) => Ok(()),
        Err(
            e @ (Error::Transport(_)
            | Error::Gateway(_)
            | Error::OperationTimeout { .. }
            | Error::UnexpectedStatus { .. }),
        ) => Err(e.kind_name()),
        Err(other) => panic!("not a network or gateway error: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_through_a_faulty_network_apply_at_most_once() {
    let sandbox = start_sandbox().await;
    let proxy = ChaosProxy::start(sandbox).await;
    let retries = RetryPolicy::standard()
        .with_max_attempts(4)
        .with_base_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20));
    let chaotic = client(proxy.addr, retries);

    let (n, s) = (DEMO_BUSINESS_NUMBER, DEMO_CUST_SPACE_ID);
    let mut adds: HashMap<String, Result<(), &'static str>> = HashMap::new();
    let mut deletes: HashMap<String, Result<(), &'static str>> = HashMap::new();
    let mut outcomes = Vec::new();
    for i in 0..24 {
        let guard = DEADLINE + Duration::from_secs(3);
        let subject = format!("chaos-{i:02}");
        let add = AddChatGroupRequest::builder()
            .business_number(n)
            .cust_space_id(s)
            .subject(&subject)
            .build();
        let r = tokio::time::timeout(guard, chaotic.execute(&add)).await;
        adds.insert(
            subject,
            outcome(r.expect("an AddChatGroup call hung past its deadline")),
        );

        // Member i of the 250-member demo group, removed once.
        let member = format!("8613802500{:03}", i + 1);
        let delete = DeleteChatGroupParticipantsRequest::builder()
            .business_number(n)
            .cust_space_id(s)
            .group_id("SBXGRP250")
            .participant(&member)
            .build();
        let r = tokio::time::timeout(guard, chaotic.execute(&delete)).await;
        deletes.insert(
            member,
            outcome(r.expect("a delete call hung past its deadline")),
        );

        let list = ListChatGroupRequest::builder()
            .business_number(n)
            .cust_space_id(s)
            .page(1, 5)
            .build();
        let r = tokio::time::timeout(guard, chaotic.execute(&list)).await;
        outcomes.push(outcome(
            r.expect("a ListChatGroup call hung past its deadline"),
        ));
    }

    let seen = proxy.seen();
    let tally = |v: Vec<&Result<(), &'static str>>| {
        let mut t: HashMap<&str, usize> = HashMap::new();
        for r in v {
            *t.entry(r.err().unwrap_or("ok")).or_default() += 1;
        }
        t
    };
    eprintln!(
        "chaos: {} requests at the proxy; adds {:?}; deletes {:?}; lists {:?}",
        seen.len(),
        tally(adds.values().collect()),
        tally(deletes.values().collect()),
        tally(outcomes.iter().collect())
    );
    // Faults happened, and some calls failed while others succeeded.
    assert!(
        adds.values().any(Result::is_ok) && adds.values().any(Result::is_err),
        "{adds:?}"
    );
    // A non-idempotent write is never sent twice: every failure of it was one the request may
    // have reached the server with (the proxy always accepts connections).
    for s in seen.iter().filter(|s| s.action != "ListChatGroup") {
        assert!(!s.retry_attempt, "a write was retried: {s:?}");
    }
    // The idempotent read was retried through the faults.
    assert!(
        seen.iter()
            .any(|s| s.action == "ListChatGroup" && s.retry_attempt)
    );

    // The sandbox's state, read directly: each subject at most once, exactly the forwarded ones.
    let direct = client(sandbox, RetryPolicy::disabled());
    let all = ListChatGroupRequest::builder()
        .business_number(n)
        .cust_space_id(s)
        .subject("chaos-")
        .page(1, 50)
        .build();
    let groups: Vec<_> = direct.paginate(all).items().try_collect().await.unwrap();
    let mut applied: HashMap<String, usize> = HashMap::new();
    for g in &groups {
        *applied
            .entry(g.subject.clone().unwrap_or_default())
            .or_default() += 1;
    }
    for (subject, result) in &adds {
        let count = applied.get(subject).copied().unwrap_or(0);
        assert!(count <= 1, "{subject} applied {count} times");
        let forwarded = seen
            .iter()
            .filter(|s| s.action == "AddChatGroup" && s.forwarded)
            .any(|s| s.query.contains(&format!("Subject={subject}")));
        assert_eq!(
            count == 1,
            forwarded,
            "{subject}: forwarded {forwarded}, applied {count}"
        );
        if result.is_ok() {
            assert_eq!(count, 1, "{subject} succeeded but is not there");
        }
    }
    // Deleted members: a success means gone; a member is gone only if its delete was forwarded.
    let members: Vec<String> = direct
        .list_chat_group_participants()
        .business_number(n)
        .cust_space_id(s)
        .group_id("SBXGRP250")
        .page(1, 100)
        .into_paginator()
        .items()
        .try_collect()
        .await
        .unwrap()
        .into_iter()
        .filter_map(|p| p.participant_number)
        .collect();
    for (member, result) in &deletes {
        let gone = !members.contains(member);
        let forwarded = seen.iter().any(|s| {
            s.action == "DeleteChatGroupParticipants" && s.forwarded && s.query.contains(member)
        });
        assert_eq!(
            gone, forwarded,
            "{member}: forwarded {forwarded}, gone {gone}"
        );
        if result.is_ok() {
            assert!(gone, "{member} deleted but still there");
        }
    }
}
