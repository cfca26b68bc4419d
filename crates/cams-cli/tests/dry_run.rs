//! `--dry-run`: shows the signed request and sends nothing; its query is exactly what the
//! official SDK sends for the same inputs.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use std::net::TcpListener;
use support::cams;

/// Form-decodes a query or body (`+` is a space) into sorted pairs.
fn decode(query: &str) -> Vec<(String, String)> {
    fn unescape(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' if i + 2 < bytes.len() => {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (unescape(k), unescape(v))
        })
        .collect();
    pairs.sort();
    pairs
}

/// A capture row's inputs as `--Name value` flags.
fn flags_of(inputs: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (name, value) in inputs.as_object().unwrap() {
        out.push(format!("--{name}"));
        out.push(match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
    }
    out
}

fn same_value(a: &str, b: &str) -> bool {
    a == b || (matches!(a, "True" | "False" | "true" | "false") && a.eq_ignore_ascii_case(b))
}

#[test]
fn the_dry_run_query_equals_the_official_sdk_capture_for_every_operation() {
    let home = tempfile::tempdir().unwrap();
    let rows = cams_vectors::capture_rows("official-python-ops-captures.jsonl");
    let nested = rows
        .iter()
        .filter(|r| {
            r["inputs"]
                .as_object()
                .unwrap()
                .values()
                .any(|v| v.is_object() || v.is_array())
        })
        .count();
    // The repository's copy: one row per operation, 45 of them with nested JSON inputs. A
    // newer set (CAMS_VECTORS_DIR) may hold more rows, never fewer kinds.
    if std::env::var_os(cams_vectors::VECTORS_DIR_ENV).is_none() {
        assert_eq!((rows.len(), nested), (172, 45));
    } else {
        assert!(
            rows.len() >= 172 && nested >= 45,
            "{} rows, {nested} nested",
            rows.len()
        );
    }
    let mut failures = Vec::new();
    for row in &rows {
        let action = row["action"].as_str().unwrap();
        let mut args = vec![
            action.to_owned(),
            "--dry-run".into(),
            "--region".into(),
            "ap-southeast-1".into(),
            "--access-key-id".into(),
            row["access_key_id"].as_str().unwrap().into(),
            "--access-key-secret".into(),
            row["access_key_secret"].as_str().unwrap().into(),
        ];
        args.extend(flags_of(&row["inputs"]));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = cams(&args, home.path());
        if run.code != Some(0) {
            failures.push(format!("{action}: exit {:?}: {}", run.code, run.stderr));
            continue;
        }
        let first = run.stdout.lines().next().unwrap_or_default();
        let url = first.strip_prefix("POST ").unwrap_or(first);
        let query = url.split_once('?').map_or("", |(_, q)| q);
        let got = decode(query);
        let want = decode(row["query"].as_str().unwrap());
        let same = got.len() == want.len()
            && got
                .iter()
                .zip(&want)
                .all(|(g, w)| g.0 == w.0 && same_value(&g.1, &w.1));
        if !same {
            failures.push(format!("{action}: query\n  got  {got:?}\n  want {want:?}"));
        }
        let body = row["body"].as_str().unwrap_or_default();
        if !body.is_empty() {
            let shown = run.stdout.split("\n\n").nth(1).unwrap_or_default().trim();
            if decode(shown) != decode(body) {
                failures.push(format!("{action}: body {shown:?} != {body:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn a_dry_run_sends_nothing_and_masks_the_signature_and_token() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    let home = tempfile::tempdir().unwrap();
    for signature in ["v3", "v1"] {
        let run = cams(
            &[
                "ListChatGroupParticipants",
                "--CustSpaceId",
                "c",
                "--BusinessNumber",
                "b",
                "--GroupId",
                "g",
                "--Page",
                "{\"Index\":2,\"Size\":5}",
                "--endpoint",
                &endpoint,
                "--region",
                "ap-southeast-1",
                "--access-key-id",
                "AKID",
                "--access-key-secret",
                "very-secret-key",
                "--sts-token",
                "very-secret-token",
                "--signature",
                signature,
                "--dry-run",
                "--all-pages",
                "--header",
                "X-Trace-Id=t1",
            ],
            home.path(),
        );
        assert_eq!(run.code, Some(0), "{run:?}");
        let text = &run.stdout;
        assert!(text.starts_with(&format!("POST {endpoint}/?")), "{text}");
        assert!(
            text.contains("Page=%7B%22Index%22%3A2%2C%22Size%22%3A5%7D"),
            "{text}"
        );
        assert!(text.contains("\nx-trace-id: t1\n"), "{text}");
        assert!(text.contains("***"), "{text}");
        for secret in ["very-secret-key", "very-secret-token"] {
            assert!(
                !text.contains(secret) && !run.stderr.contains(secret),
                "{secret}: {text}"
            );
        }
        match signature {
            "v3" => assert!(
                text.contains(",Signature=***\n") && text.contains("\nx-acs-security-token: ***\n"),
                "{text}"
            ),
            _ => assert!(
                text.contains("&Signature=***") && text.contains("SecurityToken=***"),
                "{text}"
            ),
        }
    }
    assert!(
        listener.accept().is_err(),
        "the dry run connected to the server"
    );
}
