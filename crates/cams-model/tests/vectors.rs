//! Every capture row of the official SDK (`*.jsonl` in the vectors directory): the request
//! built from the row's `inputs` must give exactly the business parameters the SDK sent,
//! and the SDK's parsed response must parse into the operation's output.
//!
//! The vectors are `tests/vectors` in the repository; `CAMS_VECTORS_DIR` overrides the folder.
//! Run with `cargo test -p cams-model --test vectors -- --nocapture` to see the
//! `model vectors: N checked, M skipped` line.
#![allow(clippy::unwrap_used)]

mod support;

use percent_encoding::percent_decode_str;
use serde_json::Value;
use std::path::PathBuf;
use support::{AnyRequest, Inputs, build};

/// Common parameters of a V1 (signature in the query) request, which are not the operation's.
const V1_COMMON: [&str; 10] = [
    "Action",
    "Format",
    "Version",
    "Timestamp",
    "SignatureNonce",
    "SignatureMethod",
    "SignatureVersion",
    "AccessKeyId",
    "SecurityToken",
    "Signature",
];

fn vectors_dir() -> PathBuf {
    cams_vectors::vectors_dir()
}

/// Decodes a raw query form-style: `+` is a space, `%XX` are UTF-8 bytes.
fn decode_query(query: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8()
            .unwrap()
            .into_owned()
    };
    query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// The violations a row's inputs should cause, worked out from the API rules independently
/// of the crate: blank required fields, an empty `ChannelType`, a `Page` field below 1.
fn expected_violations(action: &str, inputs: &Inputs) -> Vec<String> {
    let mut out = Vec::new();
    let blank = |name: &str| {
        inputs
            .get(name)
            .is_none_or(|v| v.as_str().is_some_and(|s| s.trim().is_empty()))
    };
    let mut required = vec!["BusinessNumber", "CustSpaceId"];
    if !matches!(action, "AddChatGroup" | "ListChatGroup") {
        required.push("GroupId");
    }
    for name in required {
        if blank(name) {
            out.push(format!("{name}: required"));
        }
    }
    if inputs
        .get("ChannelType")
        .and_then(Value::as_str)
        .is_some_and(|s| s.trim().is_empty())
    {
        out.push("ChannelType: must not be empty".to_owned());
    }
    if let Some(page) = inputs.get("Page") {
        for key in ["Index", "Size"] {
            if let Some(n) = page.get(key).and_then(Value::as_i64).filter(|n| *n < 1) {
                out.push(format!("Page.{key}: must be at least 1 (got {n})"));
            }
        }
    }
    out
}

fn check_row(file: &str, row: &Value) -> Result<bool, String> {
    let case = row["case"].as_str().unwrap_or("?");
    let action = row
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or("ListChatGroupParticipants");
    let inputs = row["inputs"]
        .as_object()
        .ok_or_else(|| format!("{file} {case}: no inputs"))?;
    let req: AnyRequest = match build(action, inputs) {
        None => return Ok(false),
        Some(r) => r.map_err(|e| format!("{file} {case}: {e}"))?,
    };
    assert_eq!(req.action(), action);

    // Validation.
    let expected = expected_violations(action, inputs);
    match (req.validate(), expected.is_empty()) {
        (Ok(()), true) => {}
        (Ok(()), false) => {
            return Err(format!("{file} {case}: validated, expected {expected:?}"));
        }
        (Err(e), true) => return Err(format!("{file} {case}: unexpected {e}")),
        (Err(e), false) => {
            let got: Vec<String> = e.violations.iter().map(ToString::to_string).collect();
            if got != expected {
                return Err(format!("{file} {case}: got {got:?}, expected {expected:?}"));
            }
        }
    }

    // Parameters: exactly the business parameters of the capture, in the same order.
    let query = row["query"].as_str().unwrap();
    let mut wire = decode_query(query);
    if wire.iter().any(|(k, _)| k == "Signature") {
        wire.retain(|(k, _)| !V1_COMMON.contains(&k.as_str()));
    }
    let ours: Vec<(String, String)> = req
        .to_params()
        .iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    if ours != wire {
        return Err(format!(
            "{file} {case}: params differ\n ours: {ours:?}\n wire: {wire:?}"
        ));
    }

    // Response.
    let body = &row["parsed_response_body"];
    let bytes = serde_json::to_vec(body).unwrap();
    let parsed = req
        .parse(&bytes)
        .map_err(|e| format!("{file} {case}: {e}"))?;
    if parsed.json != *body {
        return Err(format!(
            "{file} {case}: response differs\n ours: {}\n body: {body}",
            parsed.json
        ));
    }
    if parsed.code.as_deref() != body["Code"].as_str() {
        return Err(format!("{file} {case}: Code {:?}", parsed.code));
    }
    if let Some((total, len)) = parsed.page {
        let data = &body["Data"];
        let want_len = data["List"].as_array().map_or(0, Vec::len);
        if total != data["Total"].as_i64() || len != want_len {
            return Err(format!("{file} {case}: page ({total:?}, {len})"));
        }
    }
    Ok(true)
}

#[test]
fn capture_rows_match_the_official_sdk() {
    let dir = vectors_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("vectors directory {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();

    let (mut checked, mut skipped) = (0usize, 0usize);
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let row: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{name}:{}: not JSON: {e}", n + 1));
            match check_row(&name, &row) {
                Ok(true) => checked += 1,
                Ok(false) => skipped += 1,
                Err(e) => failures.push(e),
            }
        }
    }
    println!("model vectors: {checked} checked, {skipped} skipped");
    eprintln!("model vectors: {checked} checked, {skipped} skipped");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked > 0, "no capture row checked in {}", dir.display());
}

#[test]
fn query_decoding_is_form_style() {
    assert_eq!(
        decode_query("a=x+y%2Bz&b=%E4%B8%AD&c="),
        vec![
            ("a".to_owned(), "x y+z".to_owned()),
            ("b".to_owned(), "中".to_owned()),
            ("c".to_owned(), String::new()),
        ]
    );
}
