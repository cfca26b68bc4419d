//! `--all-pages` on every paginated operation, through the real binary against `cams sandbox`:
//! each pages to its end (every item once, as many as the listing's `Total`), in a bounded
//! number of requests, with the page cursor in the parameter's own type.
#![allow(clippy::unwrap_used)]

mod support;

use cams_catalog::{OperationInfo, PagingStyle, ParamKind, operations};
use serde_json::Value;
use support::{SPACE, Sandbox, cams, join};

/// The items a listing holds in the emulator (its stateful chat-group tables aside).
const LISTING_TOTAL: usize = 23;

/// A value of the right type for each required parameter the test does not set itself.
fn required_flags(op: &OperationInfo, style: &PagingStyle) -> Vec<String> {
    let paging: Vec<&str> = match *style {
        PagingStyle::PageObject { param, .. } => vec![param],
        PagingStyle::Flat { index, size } => vec![index, size],
        PagingStyle::Token { token, max } => [Some(token), max].into_iter().flatten().collect(),
    };
    let mut out = Vec::new();
    for p in op.params.iter().filter(|p| p.required) {
        if ["CustSpaceId", "BusinessNumber", "GroupId"].contains(&p.name)
            || paging.contains(&p.name)
        {
            continue;
        }
        let value = match p.kind {
            ParamKind::Integer | ParamKind::Long => "1",
            ParamKind::Boolean => "true",
            ParamKind::Object | ParamKind::Map | ParamKind::Any => "{}",
            ParamKind::Array => "[]",
            ParamKind::String => "x",
        };
        out.push(format!("--{}", p.name));
        out.push(value.to_owned());
    }
    out
}

/// A small page size, so that every listing takes several pages.
fn small_pages(style: &PagingStyle) -> Vec<String> {
    match *style {
        PagingStyle::PageObject { param, size, .. } => {
            vec![format!("--{param}"), format!(r#"{{"{size}":5}}"#)]
        }
        PagingStyle::Flat { size, .. }
        | PagingStyle::Token {
            max: Some(size), ..
        } => {
            vec![format!("--{size}"), "5".to_owned()]
        }
        PagingStyle::Token { max: None, .. } => Vec::new(),
    }
}

#[test]
fn every_paginated_operation_pages_to_its_end() {
    let sandbox = Sandbox::start();
    let home = tempfile::tempdir().unwrap();
    let flags = sandbox.flags();
    let paginated: Vec<&OperationInfo> =
        operations().iter().filter(|o| o.paging.is_some()).collect();
    assert!(paginated.len() >= 16, "{}", paginated.len());
    for op in paginated {
        let paging = op.paging.as_ref().unwrap();
        for sized in [false, true] {
            let mut args = join(
                &flags,
                &[op.action, "--all-pages", "--output", "json-compact"],
            );
            let extra = required_flags(op, &paging.style);
            args.extend(extra.iter().map(String::as_str));
            let names: Vec<&str> = op.params.iter().map(|p| p.name).collect();
            for pair in SPACE.chunks(2) {
                if names.contains(&pair[0].trim_start_matches("--")) {
                    args.extend(pair);
                }
            }
            if names.contains(&"GroupId") {
                args.extend(["--GroupId", "SBXGRP057"]);
            }
            let small = small_pages(&paging.style);
            if sized {
                args.extend(small.iter().map(String::as_str));
            }
            // A bounded number of requests: the pages the items fill, and one more at most
            // (an empty page past the end); the binary fails past --max-pages.
            let expected = match op.action {
                "ListChatGroupParticipants" => 57,
                _ => LISTING_TOTAL,
            };
            let size = if sized && !small.is_empty() { 5 } else { 50 };
            let cap = (expected.div_ceil(size) + 1).to_string();
            args.extend(["--max-pages", cap.as_str()]);
            let run = cams(&args, home.path());
            assert_eq!(
                run.code,
                Some(0),
                "{} sized={sized}: {}",
                op.action,
                run.stderr
            );
            let doc: Value = serde_json::from_str(&run.stdout).unwrap();
            let mut list = &doc;
            for key in paging.items_path {
                list = &list[*key];
            }
            let items = list
                .as_array()
                .unwrap_or_else(|| panic!("{}: {doc}", op.action));
            let want = match op.action {
                "ListChatGroupParticipants" => 57,
                "ListChatGroup" => items.len().max(1),
                _ => LISTING_TOTAL,
            };
            assert_eq!(items.len(), want, "{} sized={sized}", op.action);
            let distinct: std::collections::HashSet<String> =
                items.iter().map(Value::to_string).collect();
            assert_eq!(distinct.len(), items.len(), "{}: repeated items", op.action);
        }
    }
}

#[test]
fn all_pages_asks_for_the_largest_documented_page_in_the_parameter_type() {
    let home = tempfile::tempdir().unwrap();
    let base = ["--dry-run", "--region", "ap-southeast-1", "--all-pages"];
    // No largest size documented: 50, as `--help` says.
    let mut args = vec!["ListChatGroupParticipants", "--GroupId", "G"];
    args.extend(SPACE);
    args.extend(base);
    let run = cams(&args, home.path());
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout
            .contains("Page=%7B%22Index%22%3A1%2C%22Size%22%3A50%7D"),
        "{}",
        run.stdout
    );
    let help = cams(&["ListChatGroupParticipants", "--help"], home.path());
    assert!(
        help.stdout.contains("asking for 50 items a page"),
        "{}",
        help.stdout
    );
    // "Valid values: 1 to 1000": 1000.
    let mut args = vec!["ListProductCatalog"];
    args.extend(base);
    let help = cams(&["ListProductCatalog", "--help"], home.path());
    if help.stdout.contains("Paginated") {
        assert!(help.stdout.contains("1000 items a page"), "{}", help.stdout);
    }
    // A string-typed page index is sent as a string (no "expected a string" refusal).
    let run = cams(
        &[
            "ListMarketingFlow",
            "--dry-run",
            "--region",
            "ap-southeast-1",
            "--all-pages",
            "--PageIndex",
            "1",
        ],
        home.path(),
    );
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("PageIndex=1"), "{}", run.stdout);
    assert!(run.stdout.contains("PageSize=50"), "{}", run.stdout);
}
