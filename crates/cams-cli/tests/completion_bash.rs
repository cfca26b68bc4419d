//! The generated bash completion, driven in a real `bash` the way readline drives it:
//! `COMP_WORDS`/`COMP_CWORD` set, the `_cams` function called, `COMPREPLY` read back.
#![allow(clippy::unwrap_used)]

mod support;

use std::process::Command;
use support::cams;

/// What `_cams` offers for the words of `line` (the last one being completed).
fn complete(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\n_cams\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &program])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn flag_values_are_never_read_as_commands() {
    let home = tempfile::tempdir().unwrap();
    let run = cams(&["completion", "bash"], home.path());
    assert_eq!(run.code, Some(0), "{run:?}");
    let script = home.path().join("cams.bash");
    std::fs::write(&script, &run.stdout).unwrap();

    // The documented profile name is a value, not the `sandbox` command.
    let got = complete(
        &script,
        &["cams", "--profile", "sandbox", "ListChatGroupPart"],
    );
    assert_eq!(got, ["ListChatGroupParticipants"]);
    let got = complete(&script, &["cams", "--profile", "sandbox", ""]);
    assert!(got.contains(&"ListChatGroup".to_owned()), "{got:?}");
    assert!(got.contains(&"configure".to_owned()), "{got:?}");
    assert!(
        !got.contains(&"--listen".to_owned()),
        "sandbox's flags offered: {got:?}"
    );

    // An operation's parameters, after a value that looks like a command.
    let got = complete(
        &script,
        &[
            "cams",
            "--region",
            "policy",
            "ListChatGroupParticipants",
            "--Gro",
        ],
    );
    assert_eq!(got, ["--GroupId"]);
    let got = complete(
        &script,
        &[
            "cams",
            "ListChatGroupParticipants",
            "--GroupId",
            "configure",
            "--Cust",
        ],
    );
    assert_eq!(got, ["--CustSpaceId"]);

    // A flag's value: its possible values, or nothing rather than commands.
    let got = complete(&script, &["cams", "ListChatGroup", "--signature", ""]);
    assert_eq!(got, ["v3", "v1"]);
    let got = complete(&script, &["cams", "--profile", ""]);
    assert!(got.is_empty(), "{got:?}");

    // Built-ins still complete their own words.
    let got = complete(&script, &["cams", "sandbox", "--li"]);
    assert_eq!(got, ["--listen"]);
    let got = complete(&script, &["cams", "configure", "s"]);
    assert_eq!(got, ["set"]);
    let got = complete(&script, &["cams", "configure", "set", "--mo"]);
    assert_eq!(got, ["--mode"]);
    let got = complete(&script, &["cams", "policy", "ListChatGroupP"]);
    assert_eq!(got, ["ListChatGroupParticipants"]);
}
