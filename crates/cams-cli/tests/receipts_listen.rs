//! `cams receipts listen` through the real binary: pushes from a real HTTP client, the
//! printed lines read back from its stdout.
#![allow(clippy::unwrap_used)]

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

/// A running `cams receipts listen`, killed when dropped; its stdout lines arrive on `lines`.
struct Listener {
    child: Child,
    url: String,
    lines: mpsc::Receiver<String>,
}

impl Listener {
    fn start(extra: &[&str]) -> Listener {
        let home = std::env::temp_dir();
        let mut args = vec!["receipts", "listen", "--listen", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut child = support::command(&args, &home)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        let url = first
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("first line {first:?}"))
            .trim()
            .to_owned();
        assert!(!url.ends_with(":0"), "the real port is printed: {url}");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in out.lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Listener { child, url, lines }
    }

    /// The lines printed so far: at least `expect` (each push's lines are written before it
    /// is acknowledged, so they are in the pipe), plus any more already there.
    fn printed(&self, expect: usize) -> Vec<Value> {
        let mut lines: Vec<String> = Vec::new();
        while lines.len() < expect {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(l) => lines.push(l),
                Err(_) => break,
            }
        }
        std::thread::sleep(Duration::from_millis(50));
        lines.extend(self.lines.try_iter());
        lines
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn push(url: &str, body: &str) -> (u16, String) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = client()
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    })
}

const STATUS: &str = r#"[{"MessageId":"s1","From":"8613100000001","To":"+8613800000002","Status":"Failed","MsgFrameType":"template","ErrorCode":131026,"Timestamp":1691043638000,"Custom":{"a":[1]}},
 {"MessageId":"s1","From":"8613100000001","To":"8613800000002","Status":"Sent","MsgFrameType":"template","Timestamp":1691043637000}]"#;

const INBOUND: &str = "[{\"MessageId\":\"i1\",\"From\":\"861388888****\",\"To\":\"86137888****\",\"DisplayName\":\"Mr Liu\",\"Type\":\"TEXT\",\"Message\":\"hello\",\"Timestamp \":1662104191973,\"Name\":\"jack\",\"WabaId\":\"w\",}]";

const AUDIT: &str = r#"[{"WabaId":"9099999990****","TemplateCode":"744c","Language":"en_US","AuditStatus":"pass","Reason":""}]"#;

#[test]
fn prints_the_address_then_one_line_per_new_receipt() {
    let l = Listener::start(&[]);
    let (status, body) = push(&format!("{}/anything", l.url), STATUS);
    assert_eq!(status, 200);
    let ack: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(ack, json!({"code": 0, "msg": "成功"}));
    assert_eq!(push(&l.url, INBOUND).0, 200);
    assert_eq!(push(&l.url, AUDIT).0, 200);
    let lines = l.printed(4);
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(
        lines[0],
        json!({"MessageType":"ChatAppStatus","MessageId":"s1","From":"8613100000001","To":"+8613800000002","Status":"Failed",
               "MsgFrameType":"template","ErrorCode":131026,"Timestamp":1_691_043_638_000_i64,"Custom":{"a":[1]}}),
        "values as received"
    );
    assert_eq!(lines[1]["Status"], "Sent");
    assert_eq!(lines[2]["MessageType"], "ChatAppInbound");
    assert_eq!(lines[2]["Timestamp"], 1_662_104_191_973_i64, "key trimmed");
    assert!(lines[2].get("Timestamp ").is_none());
    assert_eq!(lines[2]["Message"], "hello");
    assert_eq!(lines[3]["MessageType"], "ChatAppAudit");
    assert_eq!(lines[3]["AuditStatus"], "pass");
    // Duplicates are acknowledged and not printed.
    assert_eq!(push(&l.url, STATUS).0, 200);
    assert_eq!(push(&l.url, INBOUND).0, 200);
    assert!(l.printed(0).is_empty());
    // Not an array of objects: refused, nothing printed.
    assert_eq!(push(&l.url, r#"{"MessageId":"x"}"#).0, 400);
    assert!(l.printed(0).is_empty());
}

#[test]
fn token_guards_the_path_and_type_routes_set_the_type() {
    let l = Listener::start(&["--token", "s3cret"]);
    assert_eq!(push(&format!("{}/receipts/guess", l.url), STATUS).0, 404);
    assert_eq!(push(&format!("{}/", l.url), STATUS).0, 404);
    assert!(l.printed(0).is_empty());
    let bare = r#"[{"MessageId":"b1","From":"1","To":"2","Status":"Read","DisplayName":"x"}]"#;
    assert_eq!(
        push(&format!("{}/receipts/s3cret/status", l.url), bare).0,
        200
    );
    let lines = l.printed(1);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["MessageType"], "ChatAppStatus");
}

#[test]
fn forward_to_acknowledges_only_after_a_2xx() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (seen_tx, seen_rx) = std::sync::mpsc::channel::<usize>();
    let healthy = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let h = healthy.clone();
    // The user's own endpoint: a receiver that fails until `healthy` is set.
    let endpoint = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let handler = move |batch: cams_receipts::Batch| {
            let ok = h.load(std::sync::atomic::Ordering::SeqCst);
            let tx = seen_tx.clone();
            async move {
                if !ok {
                    return Err::<(), cams_receipts::HandlerError>("not yet".into());
                }
                tx.send(batch.receipts.len()).unwrap();
                Ok(())
            }
        };
        tokio::spawn(cams_receipts::serve(listener, handler));
        format!("http://{addr}/local")
    });
    let l = Listener::start(&["--forward-to", &endpoint]);
    let (status, _) = push(&l.url, STATUS);
    assert!(status >= 500, "{status}");
    assert!(l.printed(0).is_empty(), "not taken, not printed");
    healthy.store(true, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(push(&l.url, STATUS).0, 200);
    assert_eq!(seen_rx.try_recv().unwrap(), 2, "the batch was forwarded");
    assert_eq!(l.printed(2).len(), 2);
    drop(rt);
}

#[test]
fn bad_flags_are_usage_errors() {
    let home = std::env::temp_dir();
    let run = support::cams(&["receipts", "listen", "--forward-to", "not a url"], &home);
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--forward-to"), "{}", run.stderr);
    let run = support::cams(&["receipts", "listen", "--listen", "256.0.0.1:1"], &home);
    assert_eq!(run.code, Some(2));
}

/// Several listeners share one Redis: a receipt pushed to each is printed once between them.
#[test]
#[ignore = "needs redis-server"]
fn listeners_sharing_redis_print_each_receipt_once() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut redis = std::process::Command::new("redis-server")
        .args([
            "--bind",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server on PATH");
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let url = format!("redis://127.0.0.1:{port}/");
    let a = Listener::start(&["--dedupe", &url]);
    let b = Listener::start(&["--dedupe", &url]);
    assert_eq!(push(&a.url, STATUS).0, 200);
    assert_eq!(push(&b.url, STATUS).0, 200);
    assert_eq!(push(&b.url, INBOUND).0, 200);
    assert_eq!(push(&a.url, INBOUND).0, 200);
    let (pa, pb) = (a.printed(2), b.printed(1));
    assert_eq!(pa.len() + pb.len(), 3, "{pa:?} {pb:?}");
    assert_eq!(pa.len(), 2);
    assert_eq!(pb.len(), 1);
    let _ = redis.kill();
    let _ = redis.wait();
}

/// A reqwest client with rustls' ring provider (the workspace builds reqwest without one).
fn client() -> reqwest::Client {
    cams_transport::ReqwestTransport::client_builder(&cams_transport::TransportSettings::default())
        .unwrap()
        .build()
        .unwrap()
}
