//! The `cams-sandbox` binary: help, fixture refusal, the listening line and SIGTERM.
//!
//! Every child is read within a time limit and killed when its test ends, passing or not: a
//! binary that hangs fails its test instead of hanging the suite or outliving it.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cams-sandbox");

/// How long any child may take to print or exit (a bound, not a measurement).
const LIMIT: Duration = Duration::from_secs(30);

/// A child process, killed and reaped when the guard drops (also when a test panics).
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
        }
        let _ = self.0.wait();
    }
}

impl Running {
    fn spawn(cmd: &mut Command) -> Running {
        Running(
            cmd.stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap(),
        )
    }

    /// Waits for the child to exit, at most until `deadline`.
    fn wait_until(&mut self, deadline: Instant) -> ExitStatus {
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "{BIN} did not exit within {LIMIT:?}"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Reads `from` to its end on another thread: the channel yields the first line, then the rest.
fn read_in_background(from: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(from);
        let mut line = String::new();
        let _ = reader.read_line(&mut line);
        let _ = tx.send(line);
        let mut rest = String::new();
        let _ = reader.read_to_string(&mut rest);
        let _ = tx.send(rest);
    });
    rx
}

fn receive(rx: &mpsc::Receiver<String>, deadline: Instant, what: &str) -> String {
    rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .unwrap_or_else(|e| panic!("{what} of {BIN}: nothing within {LIMIT:?} ({e})"))
}

/// What a run of the binary to its end gave.
struct Output {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs the binary with `args` to its end, within [`LIMIT`].
fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let deadline = Instant::now() + LIMIT;
    let mut child = Running::spawn(Command::new(BIN).args(args));
    let out = read_in_background(child.0.stdout.take().unwrap());
    let err = read_in_background(child.0.stderr.take().unwrap());
    let stdout = receive(&out, deadline, "stdout") + &receive(&out, deadline, "stdout");
    let stderr = receive(&err, deadline, "stderr") + &receive(&err, deadline, "stderr");
    Output {
        status: child.wait_until(deadline),
        stdout,
        stderr,
    }
}

#[test]
fn help_prints_usage() {
    let out = run(["--help"]);
    assert!(out.status.success());
    assert!(
        out.stdout
            .contains("cams-sandbox serve [--listen ADDR] [--fixture FILE]")
    );
}

#[test]
fn bad_arguments_exit_2() {
    let out = run(["serve", "--bogus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stderr.contains("--bogus"));
}

#[test]
fn bad_push_flags_exit_2_naming_the_flag() {
    for (args, flag) in [
        (["serve", "--receipt-delay", "1"], "--receipt-delay"),
        (["serve", "--push-retry", "1m,x"], "--push-retry"),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stderr.contains(flag), "{args:?}: {}", out.stderr);
    }
    let out = run(["--help"]);
    assert!(out.stdout.contains("--receipt-delay DURATION"));
    assert!(out.stdout.contains("--push-retry LIST"));
}

#[test]
fn a_broken_fixture_is_refused_at_start_with_the_place() {
    let dir = std::env::temp_dir().join(format!("cams-sandbox-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("dup.json");
    std::fs::write(
        &path,
        r#"{"credentials":[{"access_key_id":"a","access_key_secret":"s"}],"groups":[
            {"cust_space_id":"cams-k1","business_number":"b","group_id":"EA9391234"},
            {"cust_space_id":"cams-k1","business_number":"b","group_id":"EA9391234"}]}"#,
    )
    .unwrap();
    let out = run([
        "serve".as_ref(),
        "--listen".as_ref(),
        "127.0.0.1:0".as_ref(),
        "--fixture".as_ref(),
        path.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr
            .contains(r#"groups[1].group_id: duplicate "EA9391234" in space "cams-k1""#),
        "{}",
        out.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn serves_until_sigterm_and_exits_0() {
    let deadline = Instant::now() + LIMIT;
    let mut child = Running::spawn(Command::new(BIN).args(["serve", "--listen", "127.0.0.1:0"]));
    let out = read_in_background(child.0.stdout.take().unwrap());
    let line = receive(&out, deadline, "the listening line");
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("{line:?}"));
    std::net::TcpStream::connect(addr).unwrap();
    let killed = Command::new("kill")
        .args(["-TERM", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(child.wait_until(deadline).success());
    assert_eq!(
        receive(&out, deadline, "stdout"),
        "",
        "nothing after the listening line"
    );
}
