//! `configure set` then a call with `--profile`; `configure list/get` masking; `policy`;
//! `completion`; Ctrl-C during `--all-pages`.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use support::{SPACE, Sandbox, cams, command, finish};

#[test]
fn configure_set_then_a_call_with_the_profile() {
    let sandbox = Sandbox::start();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("cfg").join("config.json");
    let config = config.to_str().unwrap();
    let set = cams(
        &[
            "configure",
            "set",
            "--config-path",
            config,
            "--profile",
            "sbx",
            "--mode",
            "AK",
            "--access-key-id",
            "sandbox-demo-ak",
            "--access-key-secret",
            "sandbox-demo-secret",
            "--region",
            "ap-southeast-1",
            "--endpoint",
            &sandbox.endpoint,
        ],
        home.path(),
    );
    assert_eq!(set.code, Some(0), "{set:?}");
    assert!(set.stderr.contains("shell history"), "{}", set.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(config).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let file: Value = serde_json::from_str(&std::fs::read_to_string(config).unwrap()).unwrap();
    assert_eq!(file["current"], "sbx");
    assert_eq!(file["profiles"][0]["mode"], "AK");
    assert_eq!(file["profiles"][0]["region_id"], "ap-southeast-1");

    let mut call = vec![
        "ListChatGroupParticipants",
        "--config-path",
        config,
        "--profile",
        "sbx",
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

    // The default path is $HOME/.aliyun/config.json, and the current profile is used.
    let default_dir = home.path().join(".aliyun");
    std::fs::create_dir_all(&default_dir).unwrap();
    std::fs::copy(config, default_dir.join("config.json")).unwrap();
    // The endpoint is a `cams`-only setting, kept in cams.json beside config.json.
    let cams_file = std::path::Path::new(config).with_file_name("cams.json");
    std::fs::copy(cams_file, default_dir.join("cams.json")).unwrap();
    let mut call = vec![
        "ListChatGroupParticipants",
        "--GroupId",
        "SBXGRP057",
        "--all-pages",
        "--cli-query",
        "length(Data.List)",
    ];
    call.extend(SPACE);
    let run = cams(&call, home.path());
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "57\n");

    let listed = cams(&["configure", "list", "--config-path", config], home.path());
    assert_eq!(listed.code, Some(0), "{listed:?}");
    assert!(listed.stdout.contains("sbx *"), "{}", listed.stdout);
    let got = cams(
        &[
            "configure",
            "get",
            "--config-path",
            config,
            "--profile",
            "sbx",
        ],
        home.path(),
    );
    assert_eq!(got.code, Some(0), "{got:?}");
    // `get` shows the profile (an empty answer would pass the secret check below), its
    // secret masked, not absent.
    let shown: Value = serde_json::from_str(&got.stdout)
        .unwrap_or_else(|e| panic!("configure get printed no profile ({e}): {got:?}"));
    assert_eq!(shown["name"], "sbx", "{shown}");
    assert_eq!(shown["mode"], "AK", "{shown}");
    assert_eq!(shown["region_id"], "ap-southeast-1", "{shown}");
    assert_eq!(shown["access_key_secret"], "******", "{shown}");
    assert!(
        listed.stdout.contains("******"),
        "the listing masks the secret: {}",
        listed.stdout
    );
    for text in [&listed.stdout, &got.stdout] {
        assert!(!text.contains("sandbox-demo-secret"), "{text}");
    }
    let refused = cams(
        &[
            "configure",
            "set",
            "--config-path",
            config,
            "--profile",
            "x",
            "--mode",
            "StsToken",
            "--access-key-id",
            "a",
        ],
        home.path(),
    );
    assert_eq!(refused.code, Some(2), "{refused:?}");
    assert!(refused.stderr.contains("--sts-token"), "{}", refused.stderr);
}

#[test]
fn policy_prints_a_ram_policy_document() {
    let home = tempfile::tempdir().unwrap();
    let list = home.path().join("ops.txt");
    std::fs::write(
        &list,
        "# my script\ncams AddChatGroup --CustSpaceId x\nListChatGroup\n",
    )
    .unwrap();
    let run = cams(
        &[
            "policy",
            "ListChatGroupParticipants",
            "ListChatGroup",
            "--from-file",
            list.to_str().unwrap(),
        ],
        home.path(),
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    // The RAM policy grammar: Version "1"; Statement a non-empty list of {Effect, Action, Resource}.
    assert_eq!(doc.as_object().unwrap().len(), 2);
    assert_eq!(doc["Version"], "1");
    let statements = doc["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 1);
    let s = statements[0].as_object().unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s["Effect"], "Allow");
    assert_eq!(s["Resource"], "*");
    let actions: Vec<&str> = s["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "cams:ListChatGroupParticipants",
            "cams:ListChatGroup",
            "cams:AddChatGroup"
        ]
    );
    assert!(
        actions
            .iter()
            .all(|a| a.starts_with("cams:") && a[5..].chars().all(|c| c.is_ascii_alphanumeric()))
    );

    let bad = cams(&["policy", "ListChatGrop"], home.path());
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr.contains("did you mean ListChatGroup"),
        "{}",
        bad.stderr
    );
}

#[test]
fn completion_scripts_name_the_operations() {
    let home = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = cams(&["completion", shell], home.path());
        assert_eq!(run.code, Some(0), "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("ListChatGroupParticipants"), "{shell}");
    }
    assert_eq!(cams(&["completion", "tcsh"], home.path()).code, Some(2));
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_all_pages_exits_130_with_nothing_printed() {
    // A server that accepts and never answers: the first page is still on its way.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let home = tempfile::tempdir().unwrap();
    let mut args = vec![
        "ListChatGroupParticipants",
        "--GroupId",
        "SBXGRP250",
        "--all-pages",
        "--endpoint",
        &endpoint,
        "--region",
        "ap-southeast-1",
        "--access-key-id",
        "a",
        "--access-key-secret",
        "b",
        "--read-timeout",
        "50",
    ];
    args.extend(SPACE);
    let child = command(&args, home.path()).spawn().unwrap();
    let (_connection, _) = listener.accept().unwrap();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let run = finish(child);
    assert_eq!(run.code, Some(130), "{run:?}");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("interrupted"), "{}", run.stderr);
}

#[test]
fn a_flag_wins_over_the_profile_and_the_profile_over_the_environment() {
    let sandbox = Sandbox::start();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.json");
    let config = config.to_str().unwrap();
    let set = cams(
        &[
            "configure",
            "set",
            "--config-path",
            config,
            "--profile",
            "wrong",
            "--mode",
            "AK",
            "--access-key-id",
            "sandbox-demo-ak",
            "--access-key-secret",
            "not-the-secret",
            "--region",
            "ap-southeast-1",
            "--endpoint",
            &sandbox.endpoint,
        ],
        home.path(),
    );
    assert_eq!(set.code, Some(0), "{set:?}");
    let mut call = vec![
        "ListChatGroupParticipants",
        "--config-path",
        config,
        "--GroupId",
        "SBXGRP003",
        "--cli-query",
        "Data.Total",
    ];
    call.extend(SPACE);
    let with_env = |args: &[&str]| {
        let mut cmd = command(args, home.path());
        cmd.env("ALIBABA_CLOUD_ACCESS_KEY_ID", "sandbox-demo-ak")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "sandbox-demo-secret");
        finish(cmd.spawn().unwrap())
    };
    // The profile (current) beats the right key in the environment: its wrong secret fails.
    let run = with_env(&call);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("SignatureDoesNotMatch"),
        "{}",
        run.stderr
    );
    // Flags beat the profile.
    let mut flagged = call.clone();
    flagged.extend([
        "--access-key-id",
        "sandbox-demo-ak",
        "--access-key-secret",
        "sandbox-demo-secret",
    ]);
    let run = with_env(&flagged);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "3\n");
    // With the file ignored, the environment's key is used (endpoint and region by flag).
    let mut plain = vec![
        "ListChatGroupParticipants",
        "--GroupId",
        "SBXGRP003",
        "--cli-query",
        "Data.Total",
        "--endpoint",
        &sandbox.endpoint,
        "--region",
        "ap-southeast-1",
    ];
    plain.extend(SPACE);
    let run = with_env(&plain);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(run.stdout, "3\n");
}
