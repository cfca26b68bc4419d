//! Every usage or validation error exits 2 with a message naming the flag, and sends nothing.
#![allow(clippy::unwrap_used)]

mod support;

use support::cams;

#[test]
fn each_usage_error_exits_2_naming_its_flag() {
    let home = tempfile::tempdir().unwrap();
    let base = [
        "ListChatGroupParticipants",
        "--CustSpaceId",
        "c",
        "--BusinessNumber",
        "b",
        "--GroupId",
        "g",
        "--region",
        "ap-southeast-1",
        // No server listens here: an error that got this far would exit 3, not 2.
        "--endpoint",
        "http://127.0.0.1:9",
        "--access-key-id",
        "a",
        "--access-key-secret",
        "b",
    ];
    let cases: &[(&[&str], &str)] = &[
        (&["--OwnerId", "abc"], "--OwnerId"),
        (&["--Page", "{\"Index\":1"], "--Page"),
        (&["--Page", "{\"Index\":1,\"Nope\":2}"], "--Page"),
        (&["--Page", "{\"Index\":\"one\"}"], "--Page"),
        (&["--GroupIdd", "x"], "--GroupIdd"),
        (&["--GroupId"], "--GroupId"),
        (&["--regoin", "x"], "--regoin"),
        (&["--signature", "v2"], "--signature"),
        (&["--read-timeout", "soon"], "--read-timeout"),
        (&["--retry-count", "-1"], "--retry-count"),
        (&["--header", "x-acs-action=Other"], "--header"),
        (&["--header", "Host=evil.example"], "--header"),
        (&["--header", "novalue"], "--header"),
        (&["--output", "yaml"], "--output"),
        (&["--output", "rows=Data.List[]"], "--output"),
        (&["--cli-query", "Data.[?"], "--cli-query"),
        (&["--endpoint", "ftp://x y"], "--endpoint"),
        (&["--profile", "nosuch"], "--profile"),
        (&["stray"], "stray"),
    ];
    for (extra, flag) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let run = cams(&args, home.path());
        assert_eq!(run.code, Some(2), "{extra:?}: {run:?}");
        assert!(
            run.stderr.contains(flag),
            "{extra:?}: {flag} not in {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{extra:?}: {}", run.stdout);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn missing_required_parameters_are_all_listed() {
    let home = tempfile::tempdir().unwrap();
    let run = cams(
        &["ListChatGroupParticipants", "--region", "ap-southeast-1"],
        home.path(),
    );
    assert_eq!(run.code, Some(2), "{run:?}");
    for flag in ["--BusinessNumber", "--CustSpaceId", "--GroupId"] {
        assert!(run.stderr.contains(flag), "{flag} not in {}", run.stderr);
    }
}

#[test]
fn an_unknown_action_suggests_the_closest_and_force_is_refused_for_paging_it() {
    let home = tempfile::tempdir().unwrap();
    let run = cams(&["ListChatGroupParticipant"], home.path());
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("did you mean ListChatGroupParticipants"),
        "{}",
        run.stderr
    );
    let run = cams(
        &[
            "BrandNewAction",
            "--force",
            "--all-pages",
            "--region",
            "ap-southeast-1",
        ],
        home.path(),
    );
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("--all-pages"), "{}", run.stderr);
    let run = cams(&["AddChatGroup", "--all-pages"], home.path());
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains("--all-pages: AddChatGroup is not paginated"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_call_without_region_or_credentials_names_what_is_missing() {
    let home = tempfile::tempdir().unwrap();
    let mut args = vec![
        "ListChatGroupParticipants",
        "--CustSpaceId",
        "c",
        "--BusinessNumber",
        "b",
        "--GroupId",
        "g",
    ];
    let run = cams(&args, home.path());
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("credentials"), "{}", run.stderr);
    args.extend(["--access-key-id", "a", "--access-key-secret", "b"]);
    let run = cams(&args, home.path());
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("--region"), "{}", run.stderr);
    let valid = [
        "ListChatGroupParticipants",
        "--CustSpaceId",
        "c",
        "--BusinessNumber",
        "b",
        "--GroupId",
        "g",
        "--region",
        "ap-southeast-1",
    ];
    for (extra, flag) in [
        (["--access-key-id", "a"], "--access-key-secret"),
        (["--access-key-secret", "s"], "--access-key-id"),
        (["--sts-token", "t"], "--sts-token"),
    ] {
        let mut args = valid.to_vec();
        args.extend(extra);
        let run = cams(&args, home.path());
        assert_eq!(run.code, Some(2), "{run:?}");
        assert!(run.stderr.contains(flag), "{flag}: {}", run.stderr);
    }
}

#[test]
fn help_lists_families_and_an_action_shows_its_parameters() {
    let home = tempfile::tempdir().unwrap();
    let run = cams(&["--help"], home.path());
    assert_eq!(run.code, Some(0));
    for want in [
        "--all-pages",
        "--cli-query",
        "Chat groups:",
        "ListChatGroupParticipants",
        "configure",
    ] {
        assert!(run.stdout.contains(want), "{want} not in --help");
    }
    let run = cams(&["ListChatGroupParticipants", "--help"], home.path());
    assert_eq!(run.code, Some(0));
    for want in [
        "--GroupId (string, required)",
        "--Page (JSON object {Index, Size})",
        "The pagination information.",
    ] {
        assert!(run.stdout.contains(want), "{want} not in\n{}", run.stdout);
    }
    let run = cams(&["--version"], home.path());
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.starts_with("cams "), "{}", run.stdout);
}
