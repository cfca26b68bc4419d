//! Runs the real `cams` binary (with a time limit, in a clean environment) and the sandbox
//! it talks to (`cams sandbox` on 127.0.0.1, a free port).
#![allow(dead_code, clippy::unwrap_used, unreachable_pub)]

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_cams");
pub const SPACE: [&str; 4] = [
    "--CustSpaceId",
    "cams-sandbox-1",
    "--BusinessNumber",
    "8613800001234",
];

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// A command for the binary: no inherited environment but `PATH`, `HOME` set to `home`.
pub fn command(args: &[&str], home: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        // Off Alibaba Cloud the chain would ask the ECS metadata service (not loopback).
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Waits for `child` at most 60 s, then collects its output.
pub fn finish(mut child: Child) -> Run {
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        out.read_to_string(&mut s).unwrap();
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        err.read_to_string(&mut s).unwrap();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("cams did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stdout: reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

/// Runs the binary to its end.
pub fn cams(args: &[&str], home: &Path) -> Run {
    finish(command(args, home).spawn().unwrap())
}

/// `cams sandbox` on a free loopback port, stopped when dropped.
pub struct Sandbox {
    child: Child,
    pub endpoint: String,
}

impl Sandbox {
    pub fn start() -> Sandbox {
        let home = std::env::temp_dir();
        let mut child = command(&["sandbox", "--listen", "127.0.0.1:0"], &home)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let endpoint = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no endpoint in {line:?}"))
            .to_owned();
        Sandbox { child, endpoint }
    }

    /// The flags of a call with the demo key (`secret` in place of its secret).
    pub fn flags_with_secret(&self, secret: &str) -> Vec<String> {
        [
            "--endpoint",
            &self.endpoint,
            "--region",
            "ap-southeast-1",
            "--access-key-id",
            "sandbox-demo-ak",
            "--access-key-secret",
            secret,
        ]
        .map(str::to_owned)
        .to_vec()
    }

    /// The flags of a call with the demo key.
    pub fn flags(&self) -> Vec<String> {
        self.flags_with_secret("sandbox-demo-secret")
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `args` then `more`, as `&str`s.
pub fn join<'a>(args: &'a [String], more: &[&'a str]) -> Vec<&'a str> {
    args.iter()
        .map(String::as_str)
        .chain(more.iter().copied())
        .collect()
}

/// Member `i` (1-based) of the demo group `SBXGRPnnn`.
pub fn member(group_size: usize, i: usize) -> String {
    format!("861380{group_size:03}{i:04}")
}

/// Runs the binary with `--access-key-secret -` and the secret `b` on its standard input.
pub fn cams_with_stdin_secret(args: &[&str], home: &Path) -> Run {
    use std::io::Write;
    let mut all = args.to_vec();
    all.extend(["--access-key-secret", "-"]);
    let mut child = command(&all, home).stdin(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"b\n").unwrap();
    finish(child)
}
