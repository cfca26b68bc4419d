//! Chaos: a loopback fault-injecting proxy between the client (hyper transport, retries on)
//! and the sandbox server. It resets connections before forwarding and mid-response, stalls,
//! truncates, drips slowly, answers 5xx bursts and 429 with a retry-after, and sends
//! responses twice. A write workflow (AddChatGroup with unique subjects, ListChatGroup,
//! DeleteChatGroupParticipants) runs through it; then:
//! - every call ends in a success or a typed error, within its deadline;
//! - counted at the proxy, not from the client's own retry header: each write (its subject,
//!   its member) reaches the proxy in exactly one request, and the server in at most one;
//! - each successful call's answer is the upstream answer to that call's own request (the
//!   upstream `RequestId`): a duplicated response read as the next call's answer fails, and
//!   a fault that never reaches the server follows each duplicate to expose it;
//! - the sandbox's final state, read through a client with default timeouts and retries,
//!   shows every write applied exactly when the proxy forwarded it.
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
/// two in a row). Each duplicate is followed by a fault that forwards nothing, so that a stale
/// second copy taken as the next answer shows as a success the server never saw.
const SCHEDULE: [Fault; 18] = [
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
    Fault::ServerError,
    Fault::Stall,
    Fault::Pass,
    Fault::Duplicate,
    Fault::ResetBeforeForward,
    Fault::Pass,
];

/// One request as the proxy saw it.
#[derive(Debug, Clone)]
struct Seen {
    action: String,
    retry_attempt: bool,
    forwarded: bool,
    query: String,
    /// The `RequestId` of the upstream answer, for a forwarded request that got one.
    request_id: Option<String>,
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

/// The `RequestId` of a whole HTTP response's JSON body.
fn request_id_of(response: &[u8]) -> Option<String> {
    let start = response.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let body: serde_json::Value = serde_json::from_slice(&response[start..]).ok()?;
    body["RequestId"].as_str().map(str::to_owned)
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
        let response = if forwarded {
            let mut up = TcpStream::connect(upstream).await?;
            up.write_all(&request).await?;
            read_message(&mut up).await?.unwrap_or_default()
        } else {
            Vec::new()
        };
        seen.lock().unwrap().push(Seen {
            action: header(&text, "x-acs-action").unwrap_or("").to_owned(),
            retry_attempt: header(&text, "x-acs-retry-attempts").is_some(),
            forwarded,
            query: target.split_once('?').map_or("", |(_, q)| q).to_owned(),
            request_id: request_id_of(&response),
        });
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

/// A call's outcome: `Ok` with the answer's `RequestId`, or the name of its typed error.
fn outcome<T>(r: Result<T, Error>, id: impl Fn(&T) -> Option<String>) -> Outcome {
    match r {
        Ok(answer) => Ok(id(&answer).expect("a success without a RequestId")),
        Err(
            e @ (Error::Transport(_)
            | Error::Gateway(_)
            | Error::OperationTimeout { .. }
            | Error::UnexpectedStatus { .. }),
        ) => Err(e.kind_name()),
        Err(other) => panic!("not a network or gateway error: {other:?}"),
    }
}

type Outcome = Result<String, &'static str>;

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
    let mut adds: HashMap<String, Outcome> = HashMap::new();
    let mut deletes: HashMap<String, Outcome> = HashMap::new();
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
            outcome(
                r.expect("an AddChatGroup call hung past its deadline"),
                |a| a.request_id.as_deref().map(String::from),
            ),
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
            outcome(r.expect("a delete call hung past its deadline"), |a| {
                a.request_id.as_deref().map(String::from)
            }),
        );

        let list = ListChatGroupRequest::builder()
            .business_number(n)
            .cust_space_id(s)
            .page(1, 5)
            .build();
        let r = tokio::time::timeout(guard, chaotic.execute(&list)).await;
        outcomes.push(outcome(
            r.expect("a ListChatGroup call hung past its deadline"),
            |a| a.request_id.as_deref().map(String::from),
        ));
    }

    let seen = proxy.seen();
    let tally = |v: Vec<&Outcome>| {
        let mut t: HashMap<&str, usize> = HashMap::new();
        for r in v {
            *t.entry(r.as_ref().err().copied().unwrap_or("ok"))
                .or_default() += 1;
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

    // Every success is the upstream answer to its own request: no two calls got the same
    // answer, and each answer's RequestId was one the server gave.
    let successes: Vec<&String> = adds
        .values()
        .chain(deletes.values())
        .chain(&outcomes)
        .filter_map(|r| r.as_ref().ok())
        .collect();
    let distinct: std::collections::HashSet<&String> = successes.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        successes.len(),
        "one answer read by two calls"
    );
    for id in &successes {
        assert!(
            seen.iter()
                .any(|s| s.forwarded && s.request_id.as_ref() == Some(*id)),
            "{id}: an answer the server never gave"
        );
    }
    let lists_ok = outcomes.iter().filter(|r| r.is_ok()).count();
    assert!(lists_ok > 0, "{outcomes:?}");

    // The sandbox's state, read through a client with default timeouts and retries: each
    // subject exactly as often as the proxy forwarded it.
    let direct = Client::builder()
        .endpoint(format!("http://{sandbox}"))
        .credentials(Sandbox::demo_credentials())
        .build()
        .unwrap();
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
            .entry(g.subject.as_deref().unwrap_or_default().to_owned())
            .or_default() += 1;
    }
    assert_eq!(adds.len(), 24);
    for (subject, result) in &adds {
        let count = applied.get(subject).copied().unwrap_or(0);
        let sent: Vec<&Seen> = seen
            .iter()
            .filter(|s| {
                s.action == "AddChatGroup"
                    && s.query
                        .split('&')
                        .any(|kv| kv == format!("Subject={subject}"))
            })
            .collect();
        assert_eq!(
            sent.len(),
            1,
            "{subject} reached the proxy {} times: {sent:?}",
            sent.len()
        );
        let forwarded = sent.iter().filter(|s| s.forwarded).count();
        assert_eq!(
            count, forwarded,
            "{subject}: forwarded {forwarded} times, applied {count}"
        );
        if let Ok(id) = result {
            assert_eq!(count, 1, "{subject} succeeded but is not there");
            assert_eq!(
                sent[0].request_id.as_ref(),
                Some(id),
                "{subject}: another call's answer"
            );
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
        .filter_map(|p| p.participant_number.map(String::from))
        .collect();
    assert_eq!(deletes.len(), 24);
    for (member, result) in &deletes {
        let gone = !members.contains(member);
        let sent: Vec<&Seen> = seen
            .iter()
            .filter(|s| {
                s.action == "DeleteChatGroupParticipants" && s.query.contains(member.as_str())
            })
            .collect();
        assert_eq!(
            sent.len(),
            1,
            "{member} reached the proxy {} times: {sent:?}",
            sent.len()
        );
        let forwarded = sent[0].forwarded;
        assert_eq!(
            gone, forwarded,
            "{member}: forwarded {forwarded}, gone {gone}"
        );
        if let Ok(id) = result {
            assert!(gone, "{member} deleted but still there");
            assert_eq!(
                sent[0].request_id.as_ref(),
                Some(id),
                "{member}: another call's answer"
            );
        }
    }
}
