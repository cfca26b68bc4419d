//! Fixture loading: the demo fixture, and refusals that name the place.
#![allow(clippy::unwrap_used)]

use cams_sandbox::{Fixture, SandboxError};

fn err(json: &str) -> String {
    Fixture::from_json(json).unwrap_err().to_string()
}

#[test]
fn the_demo_fixture_is_valid_and_as_documented() {
    let f = Fixture::demo();
    f.check().unwrap();
    let sizes: Vec<_> = f
        .groups
        .iter()
        .map(|g| (g.group_id.as_str(), g.participants.len()))
        .collect();
    assert_eq!(
        sizes,
        [
            ("SBXGRP000", 0),
            ("SBXGRP003", 3),
            ("SBXGRP057", 57),
            ("SBXGRP250", 250),
            ("SBXOTHER05", 5)
        ]
    );
    assert_eq!(f.credentials[0].access_key_id, "sandbox-demo-ak");
    assert_eq!(f.credentials[0].access_key_secret, "sandbox-demo-secret");
    // round trip through JSON
    let text = serde_json::to_string(&f).unwrap();
    assert_eq!(Fixture::from_json(&text).unwrap(), f);
}

#[test]
fn defaults_apply() {
    let f = Fixture::from_json(
        r#"{"credentials":[{"access_key_id":"a","access_key_secret":"s","security_token":null}],
            "groups":[{"cust_space_id":"c","business_number":"b","group_id":"g"}]}"#,
    )
    .unwrap();
    assert_eq!(f.groups[0].status, "ACTIVE");
    assert!(f.groups[0].participants.is_empty());
}

#[test]
fn rule_violations_name_the_place() {
    let dup_group = r#"{"credentials":[{"access_key_id":"a","access_key_secret":"s"}],"groups":[
        {"cust_space_id":"cams-k1","business_number":"b","group_id":"EA9391234"},
        {"cust_space_id":"cams-k2","business_number":"b","group_id":"EA9391234"},
        {"cust_space_id":"cams-k1","business_number":"b","group_id":"EA9391234"}]}"#;
    assert_eq!(
        err(dup_group),
        r#"groups[2].group_id: duplicate "EA9391234" in space "cams-k1""#
    );
    assert_eq!(
        err(r#"{"credentials":[{"access_key_id":"","access_key_secret":"s"}]}"#),
        "credentials[0].access_key_id: must not be empty"
    );
    assert_eq!(
        err(
            r#"{"credentials":[{"access_key_id":"a","access_key_secret":"s"},{"access_key_id":"b","access_key_secret":""}]}"#
        ),
        "credentials[1].access_key_secret: must not be empty"
    );
    assert_eq!(
        err(
            r#"{"credentials":[{"access_key_id":"a","access_key_secret":"s"},{"access_key_id":"a","access_key_secret":"t"}]}"#
        ),
        r#"credentials[1].access_key_id: duplicate "a""#
    );
    assert_eq!(
        err(
            r#"{"credentials":[],"groups":[{"cust_space_id":"","business_number":"b","group_id":"g"}]}"#
        ),
        "groups[0].cust_space_id: must not be empty"
    );
    assert!(matches!(
        Fixture::from_json(r#"{"credentials":[{"access_key_id":"","access_key_secret":"s"}]}"#),
        Err(SandboxError::FixtureRule { .. })
    ));
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let e =
        Fixture::from_json("{\n  \"credentials\": [\n    {\"access_key_id\": \"a\",, }\n  ]\n}")
            .unwrap_err();
    match &e {
        SandboxError::FixtureSyntax { line, column, .. } => {
            assert_eq!(*line, 3);
            assert!(*column > 0);
        }
        other => panic!("{other:?}"),
    }
    assert!(e.to_string().contains("line 3 column"), "{e}");
    // shape errors too: unknown fields, missing fields, wrong types
    assert!(err(r#"{"credentials":[],"gruops":[]}"#).contains("unknown field `gruops`"));
    assert!(err(r#"{"groups":[]}"#).contains("missing field `credentials`"));
    assert!(
        err(r#"{"credentials":[{"access_key_id":1,"access_key_secret":"s"}]}"#)
            .contains("line 1 column")
    );
}

#[test]
fn from_file_reports_unreadable_files() {
    let e = Fixture::from_file("/nonexistent/fixture.json").unwrap_err();
    assert!(matches!(e, SandboxError::Io { .. }));
    assert!(e.to_string().contains("/nonexistent/fixture.json"));
}
