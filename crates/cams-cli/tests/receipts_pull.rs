//! `cams receipts pull` through the real binary against `cams sandbox`: the status receipts of a
//! message sent with QueueFlag=Y are printed as JSON lines and deleted once printed.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use support::{Sandbox, cams, join};

const QUEUE: &str = "Alicom-Queue-1234567890123456-ChatAppStatus";

#[test]
fn pull_prints_each_status_once_as_a_json_line_and_deletes_it() {
    let sandbox = Sandbox::start();
    let home = tempfile::tempdir().unwrap();
    let flags = sandbox.flags();
    let run = cams(
        &join(
            &flags,
            &[
                "UpdateAccountWebhook",
                "--CustSpaceId",
                "cams-sandbox-1",
                "--QueueFlag",
                "Y",
            ],
        ),
        home.path(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let run = cams(
        &join(
            &flags,
            &[
                "QueryChatappPhoneNumbers",
                "--CustSpaceId",
                "cams-sandbox-1",
            ],
        ),
        home.path(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains(QUEUE),
        "StatusQueue names the queue: {}",
        run.stdout
    );
    let run = cams(
        &join(
            &flags,
            &[
                "SendChatappMessage",
                "--ChannelType",
                "whatsapp",
                "--Type",
                "message",
                "--MessageType",
                "text",
                "--Content",
                r#"{"text":"hi"}"#,
                "--CustSpaceId",
                "cams-sandbox-1",
                "--From",
                "8613800001234",
                "--To",
                "8613911116666",
            ],
        ),
        home.path(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let sent: Value = serde_json::from_str(&run.stdout).unwrap();
    let message_id = sent["MessageId"].as_str().unwrap().to_owned();

    let pull = join(
        &flags,
        &[
            "receipts", "pull", "--type", "status", "--queue", QUEUE, "--once", "--wait", "5",
        ],
    );
    let mut lines: Vec<Value> = Vec::new();
    for _ in 0..10 {
        if lines.len() >= 3 {
            break;
        }
        let run = cams(&pull, home.path());
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        lines.extend(
            run.stdout
                .lines()
                .map(|l| serde_json::from_str::<Value>(l).unwrap()),
        );
    }
    let statuses: Vec<&str> = lines
        .iter()
        .map(|l| l["Status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["Sent", "Delivered", "Read"], "{lines:?}");
    for l in &lines {
        assert_eq!(l["MessageType"], "ChatAppStatus");
        assert_eq!(l["MessageId"], message_id.as_str());
        assert_eq!(l["To"], "8613911116666");
    }
    // Deleted once printed: nothing comes back.
    let run = cams(
        &join(
            &flags,
            &[
                "receipts", "pull", "--type", "status", "--queue", QUEUE, "--once", "--wait", "1",
            ],
        ),
        home.path(),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(run.stdout, "");
}

#[test]
fn pull_refuses_bad_flags_and_reports_queue_errors() {
    let sandbox = Sandbox::start();
    let home = tempfile::tempdir().unwrap();
    let flags = sandbox.flags();
    let run = cams(
        &join(
            &flags,
            &["receipts", "pull", "--type", "nope", "--queue", QUEUE],
        ),
        home.path(),
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let run = cams(
        &join(
            &flags,
            &[
                "receipts", "pull", "--type", "status", "--queue", QUEUE, "--wait", "31",
            ],
        ),
        home.path(),
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    // A queue of another account: the token call is refused, with its code.
    let run = cams(
        &join(
            &flags,
            &[
                "receipts",
                "pull",
                "--type",
                "status",
                "--queue",
                "Alicom-Queue-42-ChatAppStatus",
                "--once",
            ],
        ),
        home.path(),
    );
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr.contains("InvalidParameter.QueueName"),
        "{}",
        run.stderr
    );
}
