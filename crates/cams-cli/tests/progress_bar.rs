//! `--all-pages`' progress bar on a terminal (a pseudo-terminal from util-linux's `script`):
//! the rate and the time left once `Total` is known, taken off the screen at the end and on
//! Ctrl-C (typed on the terminal, so the terminal sends SIGINT as it would for a user).
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)]

mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use support::{Sandbox, finish};

/// Runs `line` on a pseudo-terminal; `typed` goes to the terminal after `delay_ms`.
fn on_terminal(line: &str, typed: &[u8], delay_ms: u64) -> support::Run {
    let mut child = Command::new("script")
        .args(["-qec", line, "/dev/null"])
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script`");
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    stdin.write_all(typed).unwrap();
    let run = finish(child);
    drop(stdin);
    run
}

/// The screen's last text after the last line-clearing sequence.
fn after_last_clear(text: &str) -> &str {
    text.rsplit("\u{1b}[2K").next().unwrap_or(text)
}

#[test]
fn the_bar_shows_rate_and_time_left_then_is_cleared() {
    let sandbox = Sandbox::start();
    let line = format!(
        "{} ListChatGroupParticipants --endpoint {} --region ap-southeast-1 --access-key-id sandbox-demo-ak --access-key-secret - --CustSpaceId cams-sandbox-1 --BusinessNumber 8613800001234 --GroupId SBXGRP250 --all-pages --Page '{{\"Size\":5}}' --cli-query 'length(Data.List)'",
        support::BIN,
        sandbox.endpoint
    );
    let run = on_terminal(&line, b"sandbox-demo-secret\r", 300);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("/250 items"), "{}", run.stdout);
    assert!(run.stdout.contains("/s, "), "no rate: {}", run.stdout);
    assert!(run.stdout.contains(" left"), "no time left: {}", run.stdout);
    // Cleared before the result is printed: nothing of the bar follows the last clear.
    let tail = after_last_clear(&run.stdout);
    assert_eq!(tail.trim(), "250", "{tail:?}");
}

#[test]
fn ctrl_c_clears_the_bar() {
    // A server that accepts and never answers: the bar is up, waiting for the first page.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let line = format!(
        "{} ListChatGroupParticipants --endpoint {endpoint} --region ap-southeast-1 --access-key-id a --access-key-secret - --CustSpaceId c --BusinessNumber 1 --GroupId G --all-pages --read-timeout 30",
        support::BIN
    );
    let accept = std::thread::spawn(move || listener.accept().map(|(s, _)| s));
    // The secret, then (once the request is out and the bar drawn) Ctrl-C on the terminal.
    let mut child = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script`");
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    stdin.write_all(b"b\r").unwrap();
    let _connection = accept.join().unwrap().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    stdin.write_all(&[3]).unwrap();
    let run = finish(child);
    drop(stdin);
    assert!(run.stdout.contains("0 items"), "no bar: {}", run.stdout);
    let tail = after_last_clear(&run.stdout);
    assert!(tail.contains("interrupted"), "{tail:?}");
    assert!(!tail.contains("items"), "the bar stayed: {tail:?}");
}
