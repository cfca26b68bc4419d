//! Every capture row of the official SDK (`*.jsonl` in the vectors directory): the request
//! built from the row's `inputs` must give exactly the business parameters the SDK sent (query
//! and form body), and the row's response body parsed with the operation's response type and
//! serialized back must equal the SDK's parsed response.
//!
//! The vectors are `tests/vectors` in the repository; `CAMS_VECTORS_DIR` overrides the folder.
//! Run with `cargo test -p cams-model --test vectors -- --nocapture` to see the
//! `model vectors: N checked, M skipped` and `response vectors: R matched` lines.
#![allow(clippy::unwrap_used)]

mod support;

use percent_encoding::percent_decode_str;
use serde_json::Value;
use support::{build, expected_violations, is_boolean, without_empty_lists};

/// Decodes a raw query or form body form-style: `+` is a space, `%XX` are UTF-8 bytes.
fn decode_form(query: &str) -> Vec<(String, String)> {
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

fn header<'a>(row: &'a Value, name: &str) -> Option<&'a str> {
    row["headers"].as_array()?.iter().find_map(|h| {
        let h = h.as_array()?;
        (h.first()?.as_str()?.eq_ignore_ascii_case(name)).then(|| h.get(1)?.as_str())?
    })
}

/// What one row gave: its parameters were checked, and whether its response was matched.
struct RowResult {
    response_matched: bool,
}

fn check_row(file: &str, row: &Value) -> Result<RowResult, String> {
    let case = row["case"].as_str().unwrap_or("?");
    let action = cams_vectors::action_of(row);
    let at = format!("{file} {case} ({action})");
    let inputs = row["inputs"]
        .as_object()
        .ok_or_else(|| format!("{at}: no inputs"))?;
    if cams_catalog::find(action).is_none() {
        return Err(format!("{at}: unknown action"));
    }
    let req = build(action, inputs).map_err(|e| format!("{at}: {e}"))?;
    assert_eq!(req.action(), action);

    // Validation, against the catalog's required flags.
    let expected = expected_violations(action, inputs);
    let got: Vec<String> = match req.validate() {
        Ok(()) => Vec::new(),
        Err(e) => e.violations.iter().map(ToString::to_string).collect(),
    };
    if got != expected {
        return Err(format!("{at}: violations {got:?}, expected {expected:?}"));
    }

    // Parameters: exactly the business parameters of the capture, query and body, in order.
    let mut wire_query = decode_form(row["query"].as_str().unwrap_or(""));
    if wire_query.iter().any(|(k, _)| k == "Signature") {
        wire_query.retain(|(k, _)| !cams_auth::V1_COMMON_PARAMS.contains(&k.as_str()));
    }
    let form = header(row, "content-type")
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    let wire_body = if form {
        decode_form(row["body"].as_str().unwrap_or(""))
    } else {
        Vec::new()
    };
    let params = req.to_params();
    let ours = |it: &mut dyn Iterator<Item = (&str, &str)>| -> Vec<(String, String)> {
        it.map(|(k, v)| (k.to_owned(), v.to_owned())).collect()
    };
    let same = |ours: &[(String, String)], wire: &[(String, String)]| {
        ours.len() == wire.len()
            && ours.iter().zip(wire).all(|((ok, ov), (wk, wv))| {
                ok == wk && (ov == wv || (is_boolean(action, ok) && ov.eq_ignore_ascii_case(wv)))
            })
    };
    let (q, b) = (ours(&mut params.query()), ours(&mut params.body()));
    if !same(&q, &wire_query) || !same(&b, &wire_body) {
        return Err(format!(
            "{at}: params differ\n ours: {q:?} body {b:?}\n wire: {wire_query:?} body {wire_body:?}"
        ));
    }

    // Response: the raw body when the row has it, else the SDK's own view re-encoded; a row
    // without the SDK's view has nothing to match against and is not counted as matched.
    let Some(want) = row.get("parsed_response_body").filter(|v| !v.is_null()) else {
        return Ok(RowResult {
            response_matched: false,
        });
    };
    let body = match row.get("response_body").and_then(Value::as_str) {
        Some(text) => text.as_bytes().to_vec(),
        None => serde_json::to_vec(want).unwrap(),
    };
    let parsed =
        cams_catalog::dynamic::parse_response(action, &body).map_err(|e| format!("{at}: {e}"))?;
    if without_empty_lists(&parsed) != without_empty_lists(want) {
        return Err(format!(
            "{at}: response differs\n ours: {parsed}\n sdk:  {want}"
        ));
    }
    Ok(RowResult {
        response_matched: true,
    })
}

#[test]
fn capture_rows_match_the_official_sdk() {
    let (mut checked, mut matched, mut with_response) = (0usize, 0usize, 0usize);
    // Every skip is counted with its reason; there are none today.
    let skipped: Vec<(String, &str)> = Vec::new();
    let mut failures = Vec::new();
    for file in cams_vectors::capture_files() {
        let rows = cams_vectors::capture_rows(&file);
        let mut file_checked = 0usize;
        with_response += rows
            .iter()
            .filter(|r| r.get("parsed_response_body").is_some_and(|v| !v.is_null()))
            .count();
        for row in &rows {
            match check_row(&file, row) {
                Ok(r) => {
                    file_checked += 1;
                    matched += usize::from(r.response_matched);
                }
                Err(e) => failures.push(e),
            }
        }
        println!("{file}: {file_checked} of {} rows checked", rows.len());
        if failures.is_empty() {
            assert_eq!(
                file_checked,
                rows.len(),
                "{file}: every row must be checked"
            );
        }
        checked += file_checked;
    }
    println!(
        "model vectors: {checked} checked, {} skipped",
        skipped.len()
    );
    println!("response vectors: {matched} matched");
    eprintln!(
        "model vectors: {checked} checked, {} skipped",
        skipped.len()
    );
    eprintln!("response vectors: {matched} matched");
    for (row, why) in &skipped {
        println!("skipped {row}: {why}");
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 0, "no capture row checked");
    assert_eq!(
        matched, with_response,
        "every row with the SDK's parsed response, and only those, is matched"
    );
    let ops_rows = cams_vectors::capture_rows("official-python-ops-captures.jsonl").len();
    assert!(
        checked >= ops_rows,
        "the all-operations file must be covered"
    );
}

#[test]
fn query_decoding_is_form_style() {
    assert_eq!(
        decode_form("a=x+y%2Bz&b=%E4%B8%AD&c="),
        vec![
            ("a".to_owned(), "x y+z".to_owned()),
            ("b".to_owned(), "中".to_owned()),
            ("c".to_owned(), String::new()),
        ]
    );
}

#[test]
fn a_row_without_the_sdks_parsed_response_is_not_a_matched_response() {
    let mut row = cams_vectors::capture_rows("official-python-ops-captures.jsonl")
        .into_iter()
        .next()
        .unwrap();
    let full = check_row("ops", &row).unwrap();
    assert!(full.response_matched);
    for without in [false, true] {
        let obj = row.as_object_mut().unwrap();
        obj.remove("parsed_response_body");
        if without {
            obj.remove("response_body");
        }
        let r = check_row("ops", &row).unwrap();
        assert!(!r.response_matched, "counted as matched: {row}");
    }
}
