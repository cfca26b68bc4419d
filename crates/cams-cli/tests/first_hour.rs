//! What a new user meets in the first hour, through the real binary (and `cams sandbox` on
//! 127.0.0.1): write errors, strict JSON, profiles shared with `aliyun`, secrets from stdin,
//! timeouts and error wording, `-h`, `policy --from-file`, headers, `--output raw`.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Stdio;
use support::{SPACE, Sandbox, cams, command, finish, join};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

/// Runs the binary with `stdin` as its standard input.
fn cams_with_stdin(args: &[&str], home: &std::path::Path, stdin: &str) -> support::Run {
    let mut child = command(args, home).stdin(Stdio::piped()).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    finish(child)
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_stdout_exits_1_with_one_line() {
    let sandbox = Sandbox::start();
    let home = home();
    let flags = sandbox.flags();
    let mut call = join(
        &flags,
        &["ListChatGroupParticipants", "--GroupId", "SBXGRP003"],
    );
    call.extend(SPACE);
    let cases: Vec<Vec<&str>> = vec![
        vec!["--help"],
        vec!["-h"],
        vec!["ListChatGroup", "--help"],
        vec!["policy", "ListChatGroup"],
        vec!["completion", "bash"],
        vec!["completion", "zsh"],
        call,
    ];
    for args in cases {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = command(&args, home.path())
            .stdout(full)
            .spawn()
            .unwrap()
            .wait_with_output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        let errors = stderr.lines().filter(|l| !l.starts_with("cams: warning:"));
        assert_eq!(errors.count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains("cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let home = home();
    let mut child = command(&["completion", "zsh"], home.path())
        .spawn()
        .unwrap();
    // The reader goes away before the script (far more than a pipe buffer) is written.
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
    let whole = cams(&["completion", "zsh"], home.path());
    assert!(
        whole.stdout.len() > 1 << 17,
        "the script outgrows a pipe buffer"
    );
}

#[test]
fn an_object_parameter_takes_a_json_object_with_each_key_once() {
    let home = home();
    let base = [
        "ListChatGroupParticipants",
        "--dry-run",
        "--region",
        "ap-southeast-1",
        "--GroupId",
        "G",
        "--CustSpaceId",
        "cs",
        "--BusinessNumber",
        "86",
        "--Page",
    ];
    for (page, want) in [
        (
            "[2,1]",
            "--Page: expected JSON object {Index, Size}, got a JSON list",
        ),
        (
            r#"{"Index":1,"Index":2}"#,
            "--Page: key \"Index\" is given more than once",
        ),
        (r#"{"Index":"x"}"#, "--Page: got the string \"x\", expected"),
    ] {
        let mut args = base.to_vec();
        args.push(page);
        let run = cams(&args, home.path());
        assert_eq!(run.code, Some(2), "{page}: {run:?}");
        assert!(run.stderr.contains(want), "{page}: {}", run.stderr);
        for rust in ["i64", "struct", "Index("] {
            assert!(!run.stderr.contains(rust), "{page}: {}", run.stderr);
        }
    }
}

#[test]
fn a_profile_rewritten_by_aliyun_keeps_its_endpoint_and_a_lost_one_is_warned_about() {
    let sandbox = Sandbox::start();
    let home = home();
    let dir = home.path().join(".aliyun");
    let config = dir.join("config.json");
    let set = cams_with_stdin(
        &[
            "configure",
            "set",
            "--profile",
            "sandbox",
            "--mode",
            "AK",
            "--access-key-id",
            "sandbox-demo-ak",
            "--access-key-secret",
            "-",
            "--region",
            "ap-southeast-1",
            "--endpoint",
            &sandbox.endpoint,
            "--read-timeout",
            "2.5",
        ],
        home.path(),
        "sandbox-demo-secret\n",
    );
    assert_eq!(set.code, Some(0), "{set:?}");
    assert!(
        !set.stderr.contains("shell history"),
        "a secret from stdin is safe: {}",
        set.stderr
    );
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
    let profile = &file["profiles"][0];
    assert_eq!(profile["access_key_secret"], "sandbox-demo-secret");
    for key in ["endpoint", "read_timeout"] {
        assert!(profile.get(key).is_none(), "{key} in config.json: {file}");
    }
    let cams_file: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cams.json")).unwrap()).unwrap();
    assert_eq!(
        cams_file["profiles"]["sandbox"]["endpoint"],
        sandbox.endpoint
    );
    assert_eq!(cams_file["profiles"]["sandbox"]["read_timeout"], 2.5);

    // `aliyun configure set` rewrites config.json with the keys it knows: the profile still
    // reaches the sandbox, since its endpoint lives in cams.json.
    let aliyun_keys = [
        "name",
        "mode",
        "access_key_id",
        "access_key_secret",
        "region_id",
        "output_format",
        "language",
    ];
    let mut rewritten = file.clone();
    let p = rewritten["profiles"][0].as_object_mut().unwrap();
    p.retain(|k, _| aliyun_keys.contains(&k.as_str()));
    std::fs::write(&config, rewritten.to_string()).unwrap();
    let mut call = vec![
        "ListChatGroupParticipants",
        "--profile",
        "sandbox",
        "--GroupId",
        "SBXGRP003",
        "--cli-query",
        "Data.Total",
    ];
    call.extend(SPACE);
    let run = cams(&call, home.path());
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "3\n");
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    // Without cams.json the profile holds the sandbox's key and no sandbox endpoint: warned.
    std::fs::remove_file(dir.join("cams.json")).unwrap();
    let mut dry = call.clone();
    dry.push("--dry-run");
    let run = cams(&dry, home.path());
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stderr.contains("holds the sandbox's access key")
            && run.stderr.contains("cams.ap-southeast-1.aliyuncs.com")
            && run.stderr.contains("--endpoint http://127.0.0.1:8080"),
        "{}",
        run.stderr
    );
}

#[test]
fn configure_set_requires_a_region_in_every_mode_as_aliyun_does() {
    let home = home();
    let run = cams_with_stdin(
        &[
            "configure",
            "set",
            "--profile",
            "sts",
            "--mode",
            "StsToken",
            "--access-key-id",
            "id",
            "--access-key-secret",
            "-",
            "--sts-token",
            "tok",
        ],
        home.path(),
        "secret\n",
    );
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--region: required"), "{}", run.stderr);
    assert!(!home.path().join(".aliyun/config.json").exists());
}

#[test]
fn a_secret_on_the_command_line_is_warned_about_naming_the_safe_way() {
    let sandbox = Sandbox::start();
    let home = home();
    let flags = sandbox.flags();
    let mut call = join(
        &flags,
        &["ListChatGroupParticipants", "--GroupId", "SBXGRP003"],
    );
    call.extend(SPACE);
    let run = cams(&call, home.path());
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stderr.contains("--access-key-secret -")
            && run.stderr.contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("prefer `cams configure set`"));
    // The safe way works: the secret from standard input.
    let flags = sandbox.flags_with_secret("-");
    let mut call = join(
        &flags,
        &[
            "ListChatGroupParticipants",
            "--GroupId",
            "SBXGRP003",
            "--cli-query",
            "Data.Total",
        ],
    );
    call.extend(SPACE);
    let run = cams_with_stdin(&call, home.path(), "sandbox-demo-secret\n");
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "3\n");
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
fn short_help_is_short_and_builtins_list_no_call_only_flags() {
    let home = home();
    let long = cams(&["--help"], home.path());
    let short = cams(&["-h"], home.path());
    assert_eq!((long.code, short.code), (Some(0), Some(0)));
    assert!(
        short.stdout.lines().count() * 2 < long.stdout.lines().count(),
        "-h {} lines, --help {}",
        short.stdout.lines().count(),
        long.stdout.lines().count()
    );
    let op_long = cams(&["SendChatappMessage", "--help"], home.path());
    let op_short = cams(&["SendChatappMessage", "-h"], home.path());
    assert!(op_short.stdout.len() * 2 < op_long.stdout.len());
    for text in [&op_long.stdout, &op_short.stdout] {
        for markup in ["<props", "<details", "<summary", "notice>"] {
            assert!(!text.contains(markup), "{markup}");
        }
    }
    for builtin in [
        vec!["sandbox", "--help"],
        vec!["configure", "--help"],
        vec!["configure", "set", "--help"],
    ] {
        let run = cams(&builtin, home.path());
        assert_eq!(run.code, Some(0), "{run:?}");
        for flag in ["--all-pages", "--dry-run", "--cli-query", "--force"] {
            assert!(!run.stdout.contains(flag), "{builtin:?} lists {flag}");
        }
    }
}

/// A server that accepts connections and never answers.
fn silent_server() -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let handle = std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(2) {
            held.push(stream.unwrap());
        }
        std::thread::sleep(std::time::Duration::from_secs(3));
    });
    (format!("http://{addr}"), handle)
}

#[test]
fn a_read_timeout_names_itself_its_length_and_the_attempts() {
    let home = home();
    let (endpoint, _server) = silent_server();
    let mut call = vec![
        "ListChatGroupParticipants",
        "--endpoint",
        &endpoint,
        "--region",
        "ap-southeast-1",
        "--access-key-id",
        "sandbox-demo-ak",
        "--access-key-secret",
        "-",
        "--GroupId",
        "G",
        "--read-timeout",
        "0.5",
        "--retry-count",
        "1",
    ];
    call.extend(SPACE);
    let run = cams_with_stdin(&call, home.path(), "s\n");
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        run.stderr
            .contains("no answer within the 0.5 s read timeout (2 attempts"),
        "{}",
        run.stderr
    );
    for bad in ["0", "-1", "abc"] {
        let run = cams(&["ListChatGroup", "--read-timeout", bad], home.path());
        assert_eq!(run.code, Some(2), "{bad}: {run:?}");
        assert!(run.stderr.contains("--read-timeout"), "{}", run.stderr);
        assert!(run.stderr.contains("e.g. 0.5"), "{}", run.stderr);
    }
}

/// A server answering every request with `status` and an HTML page.
fn html_server(status: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let status = status.to_owned();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 65536];
            let _ = stream.read(&mut buf);
            let body = "<html><head><title>502</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    format!("http://{addr}")
}

#[test]
fn an_html_error_page_is_shown_trimmed() {
    let home = home();
    let endpoint = html_server("502 Bad Gateway");
    let mut call = vec![
        "ListChatGroupParticipants",
        "--endpoint",
        &endpoint,
        "--region",
        "ap-southeast-1",
        "--access-key-id",
        "sandbox-demo-ak",
        "--access-key-secret",
        "-",
        "--GroupId",
        "G",
        "--retry-count",
        "0",
    ];
    call.extend(SPACE);
    let run = cams_with_stdin(&call, home.path(), "s\n");
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("Body:      502 Bad Gateway nginx"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("<h1>"), "{}", run.stderr);
}

#[test]
fn an_endpoint_without_scheme_that_meets_plain_http_says_to_write_http() {
    let sandbox = Sandbox::start();
    let home = home();
    let bare = sandbox.endpoint.trim_start_matches("http://").to_owned();
    let mut call = vec![
        "ListChatGroupParticipants",
        "--endpoint",
        &bare,
        "--region",
        "ap-southeast-1",
        "--access-key-id",
        "sandbox-demo-ak",
        "--access-key-secret",
        "-",
        "--GroupId",
        "G",
        "--retry-count",
        "0",
    ];
    call.extend(SPACE);
    let run = cams_with_stdin(&call, home.path(), "sandbox-demo-secret\n");
    assert_eq!(run.code, Some(3), "{run:?}");
    let want = format!("write --endpoint http://{bare}");
    assert!(run.stderr.contains(&want), "{}", run.stderr);
}

#[test]
fn an_unknown_key_id_from_the_environment_gets_a_hint_naming_the_variables() {
    let sandbox = Sandbox::start();
    let home = home();
    let mut call = vec![
        "ListChatGroupParticipants",
        "--endpoint",
        &sandbox.endpoint,
        "--region",
        "ap-southeast-1",
        "--GroupId",
        "SBXGRP003",
    ];
    call.extend(SPACE);
    let run = finish(
        command(&call, home.path())
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "no-such-key")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "whatever")
            .spawn()
            .unwrap(),
    );
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("InvalidAccessKeyId.NotFound"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("knows no access key id \"no-such-key\"")
            && run.stderr.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("whatever"));
}

#[test]
fn policy_from_file_skips_shell_lines_and_names_the_line_of_a_bad_one() {
    let home = home();
    let script = home.path().join("deploy.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nset -eu\nexport CS=cs-1\ncams ListChatGroup --CustSpaceId \"$CS\" --all-pages\necho listed\ncams configure list\nif true; then\n  cams AddChatGroup --CustSpaceId x\nfi\n",
    )
    .unwrap();
    let path = script.to_str().unwrap();
    let run = cams(&["policy", "--from-file", path], home.path());
    assert_eq!(run.code, Some(0), "{run:?}");
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        doc["Statement"][0]["Action"],
        serde_json::json!(["cams:ListChatGroup", "cams:AddChatGroup"])
    );
    std::fs::write(&script, "ListChatGroup\n\ncams ListChatGrop --X y\n").unwrap();
    let run = cams(&["policy", "--from-file", path], home.path());
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr
            .contains("line 3: unknown action \"ListChatGrop\""),
        "{}",
        run.stderr
    );
}

#[test]
fn flags_in_another_case_are_suggested_and_signature_takes_any_case() {
    let sandbox = Sandbox::start();
    let home = home();
    let run = cams(
        &["ListChatGroupParticipants", "--groupid", "G", "--dry-run"],
        home.path(),
    );
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("did you mean --GroupId?"),
        "{}",
        run.stderr
    );
    let run = cams(
        &["ListChatGroup", "--Region", "x", "--dry-run"],
        home.path(),
    );
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("did you mean the flag --region?"),
        "{}",
        run.stderr
    );
    for spelling in ["v1", "V1"] {
        let flags = sandbox.flags();
        let mut call = join(
            &flags,
            &[
                "ListChatGroupParticipants",
                "--GroupId",
                "SBXGRP003",
                "--signature",
                spelling,
                "--output",
                "raw",
                "--cli-query",
                "Data.List[].ParticipantNumber",
            ],
        );
        call.extend(SPACE);
        let run = cams(&call, home.path());
        assert_eq!(run.code, Some(0), "{spelling}: {run:?}");
        // `--output raw`: one unquoted number a line, as `jq -r` prints them.
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(lines.len(), 3, "{}", run.stdout);
        assert!(
            lines.iter().all(|l| l.starts_with("861380003")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn a_repeated_header_sends_both_values() {
    let home = home();
    let run = cams(
        &[
            "ListChatGroup",
            "--dry-run",
            "--region",
            "ap-southeast-1",
            "--CustSpaceId",
            "cs",
            "--BusinessNumber",
            "86",
            "--Page",
            r#"{"Index":1,"Size":10}"#,
            "--header",
            "X-Trace=one",
            "--header",
            "X-Trace=two",
        ],
        home.path(),
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains("x-trace: one\n") && run.stdout.contains("x-trace: two\n"),
        "{}",
        run.stdout
    );
}

/// On a terminal (a pseudo-terminal from util-linux's `script`), `configure set` without a
/// secret asks for it and does not echo it.
#[cfg(target_os = "linux")]
#[test]
fn configure_set_on_a_terminal_asks_for_the_secret_without_echo() {
    let home = home();
    let config = home.path().join("config.json");
    let line = format!(
        "{} configure set --config-path {} --profile p --mode AK --access-key-id id --region ap-southeast-1",
        support::BIN,
        config.display()
    );
    let mut child = std::process::Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env("HOME", home.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs the binary on a pseudo-terminal");
    let mut stdin = child.stdin.take().unwrap();
    // Typed once the prompt is up (the terminal keeps what comes earlier, too).
    std::thread::sleep(std::time::Duration::from_millis(300));
    stdin.write_all(b"typed-secret\r").unwrap();
    let run = finish(child);
    drop(stdin);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout.contains("Access Key Secret (not shown)"),
        "{run:?}"
    );
    assert!(!run.stdout.contains("typed-secret"), "echoed: {run:?}");
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&config).unwrap()).unwrap();
    assert_eq!(file["profiles"][0]["access_key_secret"], "typed-secret");
}
