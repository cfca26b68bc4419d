//! Calls through the real binary against `cams sandbox`: paging, queries, tables, errors.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use support::{SPACE, Sandbox, cams, join, member};

fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn all_pages_prints_every_member_of_each_group_as_one_page() {
    let sandbox = Sandbox::start();
    let flags = sandbox.flags();
    let home = home();
    for (group, size) in [("SBXGRP250", 250), ("SBXGRP057", 57), ("SBXGRP000", 0)] {
        for page in [r#"{"Index":1,"Size":20}"#, r#"{"Size":7}"#] {
            let mut args = join(
                &flags,
                &[
                    "ListChatGroupParticipants",
                    "--all-pages",
                    "--GroupId",
                    group,
                    "--Page",
                    page,
                ],
            );
            args.extend(SPACE);
            let run = cams(&args, home.path());
            assert_eq!(run.code, Some(0), "{group}: {}", run.stderr);
            let doc: Value = serde_json::from_str(&run.stdout).unwrap();
            let numbers: Vec<&str> = doc["Data"]["List"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["ParticipantNumber"].as_str().unwrap())
                .collect();
            let want: Vec<String> = (1..=size).map(|i| member(size, i)).collect();
            assert_eq!(numbers, want, "{group} {page}");
            assert_eq!(doc["Data"]["Total"], size, "{group}");
            assert_eq!(doc["Code"], "OK");
        }
    }
}

#[test]
fn the_response_keeps_the_service_key_order_with_two_space_indent() {
    let sandbox = Sandbox::start();
    let home = home();
    let flags = sandbox.flags();
    let mut args = join(
        &flags,
        &["ListChatGroupParticipants", "--GroupId", "SBXGRP003"],
    );
    args.extend(SPACE);
    let run = cams(&args, home.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with("{\n  \""), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "\n    \"List\": [\n      {\n        \"ParticipantNumber\": \"8613800030001\"\n"
        ),
        "{}",
        run.stdout
    );
    args.extend(["--output", "json-compact"]);
    let compact = cams(&args, home.path());
    assert_eq!(compact.stdout.lines().count(), 1);
    let a: Value = serde_json::from_str(&run.stdout).unwrap();
    let b: Value = serde_json::from_str(&compact.stdout).unwrap();
    assert_eq!(a["Data"], b["Data"]);
}

#[test]
fn cli_query_and_table_output_give_the_expected_text() {
    let sandbox = Sandbox::start();
    let home = home();
    let flags = sandbox.flags();
    let mut query = join(
        &flags,
        &[
            "ListChatGroupParticipants",
            "--GroupId",
            "SBXGRP057",
            "--all-pages",
            "--cli-query",
            "Data.List[-2:].ParticipantNumber",
        ],
    );
    query.extend(SPACE);
    let run = cams(&query, home.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "[\n  \"8613800570056\",\n  \"8613800570057\"\n]\n"
    );

    let mut table = join(
        &flags,
        &[
            "ListChatGroupParticipants",
            "--GroupId",
            "SBXGRP003",
            "--output",
            "cols=ParticipantNumber",
            "rows=Data.List[]",
            "num=true",
        ],
    );
    table.extend(SPACE);
    let run = cams(&table, home.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "Num | ParticipantNumber\n\
         --- | -----------------\n\
         0   | 8613800030001\n\
         1   | 8613800030002\n\
         2   | 8613800030003\n"
    );

    let mut groups = join(
        &flags,
        &[
            "ListChatGroup",
            "--all-pages",
            "--output",
            "cols=GroupId,Subject",
            "rows=Data.List[?GroupId=='SBXGRP057']",
        ],
    );
    groups.extend(SPACE);
    let run = cams(&groups, home.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(
        lines[0].starts_with("GroupId   | Subject"),
        "{}",
        run.stdout
    );
    assert!(lines[2].starts_with("SBXGRP057 | "), "{}", run.stdout);
}

#[test]
fn a_wrong_secret_exits_1_with_signature_does_not_match_and_no_secret() {
    let sandbox = Sandbox::start();
    let home = home();
    let flags = sandbox.flags_with_secret("not-the-secret-value");
    let mut args = join(
        &flags,
        &["ListChatGroupParticipants", "--GroupId", "SBXGRP003"],
    );
    args.extend(SPACE);
    let run = cams(&args, home.path());
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.is_empty());
    for want in [
        "Code:      SignatureDoesNotMatch",
        "RequestId: ",
        "\"sandbox-demo-ak\"",
        "Hint:",
    ] {
        assert!(run.stderr.contains(want), "{want} not in {}", run.stderr);
    }
    assert!(
        !run.stderr.contains("not-the-secret-value"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_service_error_of_a_known_group_exits_1_with_its_code() {
    let sandbox = Sandbox::start();
    let home = home();
    let flags = sandbox.flags();
    let mut args = join(
        &flags,
        &["ListChatGroupParticipants", "--GroupId", "NOSUCHGROUP"],
    );
    args.extend(SPACE);
    let run = cams(&args, home.path());
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr.contains("Code:") && run.stderr.contains("RequestId:"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unreachable_endpoint_exits_3_naming_the_host() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let home = home();
    let endpoint = format!("http://{addr}");
    let mut args = vec![
        "ListChatGroupParticipants",
        "--GroupId",
        "G",
        "--endpoint",
        &endpoint,
        "--region",
        "ap-southeast-1",
        "--access-key-id",
        "a",
        "--access-key-secret",
        "b",
        "--retry-count",
        "0",
    ];
    args.extend(SPACE);
    let run = cams(&args, home.path());
    assert_eq!(run.code, Some(3), "{run:?}");
    assert!(
        run.stderr.contains(&format!("cannot reach {addr}")),
        "{}",
        run.stderr
    );
}

#[test]
fn bad_push_flags_are_usage_errors_naming_the_flag() {
    let home = home();
    for (args, flag) in [
        (
            &["sandbox", "--receipt-delay", "soon"][..],
            "--receipt-delay",
        ),
        (&["sandbox", "--push-retry", "1m,5"][..], "--push-retry"),
    ] {
        let run = cams(args, home.path());
        assert_eq!(run.code, Some(2), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(flag), "{args:?}: {}", run.stderr);
    }
}
