//! The emulator's schema-shaped answers as `cams` shows them: listings that page through a
//! fixed total, distinct items with fresh ids, echoed request values, no documentation
//! placeholders (`示例值`) nor masked numbers, the same answer for the same request.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::Value;
use std::collections::HashSet;
use support::{Sandbox, cams, join};

fn call(sandbox: &Sandbox, args: &[&str]) -> Value {
    let home = tempfile::tempdir().unwrap();
    let flags = sandbox.flags();
    let mut all = join(&flags, args);
    all.extend(["--CustSpaceId", "cams-sandbox-1"]);
    let run = cams(&all, home.path());
    assert_eq!(run.code, Some(0), "{args:?}: {run:?}");
    serde_json::from_str(&run.stdout).unwrap()
}

#[test]
fn a_schema_shaped_listing_pages_to_its_end_with_distinct_items() {
    let sandbox = Sandbox::start();
    let mut codes = HashSet::new();
    let mut sizes = Vec::new();
    for index in 1..=4 {
        let page = format!(r#"{{"Index":{index},"Size":10}}"#);
        let body = call(&sandbox, &["ListChatappTemplate", "--Page", &page]);
        assert_eq!(body["Total"], 23, "{body}");
        let list = body["ListTemplate"].as_array().unwrap();
        sizes.push(list.len());
        for item in list {
            assert!(
                codes.insert(item["TemplateCode"].clone()),
                "repeated: {item}"
            );
        }
        let text = body.to_string();
        assert!(!text.contains("示例值") && !text.contains('*'), "{text}");
    }
    assert_eq!(sizes, [10, 10, 3, 0]);
}

#[test]
fn request_values_are_echoed_and_answers_are_deterministic() {
    let sandbox = Sandbox::start();
    let args = [
        "GetChatappTemplateDetail",
        "--TemplateCode",
        "welcome_msg_code",
        "--Language",
        "en",
    ];
    let first = call(&sandbox, &args);
    assert_eq!(first["Data"]["TemplateCode"], "welcome_msg_code", "{first}");
    let again = call(&sandbox, &args);
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("RequestId");
        v
    };
    assert_eq!(strip(first.clone()), strip(again));
    assert!(!first.to_string().contains("示例值"), "{first}");
}
