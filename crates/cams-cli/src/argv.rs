//! Splits an operation call, `cams [flags] <Action> [--<Param> <value> | flags]...`, into the
//! global flags (for clap), the action and its `--PascalCase` parameters (for the metadata).

use crate::cli::{BUILTINS, Cli};
use crate::error::CliError;
use clap::CommandFactory;
use std::ffi::OsString;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Invocation {
    /// A built-in command or no command at all: clap parses the whole line.
    Clap(Vec<OsString>),
    /// An operation call.
    Call(CallArgs),
}

/// An operation call, split.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct CallArgs {
    /// `cams` and the global flags, for clap.
    pub(crate) globals: Vec<OsString>,
    /// The action as typed.
    pub(crate) action: String,
    /// `--Param value` pairs in the order given.
    pub(crate) params: Vec<(String, String)>,
    /// Whether `-h`/`--help` was given.
    pub(crate) help: bool,
}

/// Whether a flag name is an operation parameter (the metadata's names are PascalCase).
fn is_param(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
}

/// Splits the command line (program name first).
pub(crate) fn split(args: Vec<OsString>) -> Result<Invocation, CliError> {
    let command = Cli::command();
    let takes_value = |name: &str| {
        command.get_arguments().any(|a| {
            a.get_long() == Some(name) && a.get_action().takes_values()
                || a.get_visible_aliases()
                    .is_some_and(|al| al.contains(&name) && a.get_action().takes_values())
        })
    };
    let known = |name: &str| {
        name == "help"
            || name == "version"
            || command.get_arguments().any(|a| {
                a.get_long() == Some(name)
                    || a.get_visible_aliases().is_some_and(|al| al.contains(&name))
            })
    };
    let mut strings = Vec::with_capacity(args.len());
    for arg in &args {
        match arg.to_str() {
            Some(s) => strings.push(s.to_owned()),
            // Non-UTF-8 input cannot be an action or parameter: let clap report it.
            None => return Ok(Invocation::Clap(args)),
        }
    }
    let mut globals: Vec<OsString> = vec![strings.first().cloned().unwrap_or_default().into()];
    let mut action: Option<String> = None;
    let mut params = Vec::new();
    let mut help = false;
    let mut i = 1;
    while i < strings.len() {
        let token = &strings[i];
        i += 1;
        if let Some(flag) = token.strip_prefix("--") {
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (flag, None),
            };
            if is_param(name) {
                let value = match inline {
                    Some(v) => v,
                    None if i < strings.len() => {
                        i += 1;
                        strings[i - 1].clone()
                    }
                    None => return Err(CliError::usage(format!("--{name} needs a value"))),
                };
                params.push((name.to_owned(), value));
                continue;
            }
            help |= name == "help";
            globals.push(token.into());
            // An unknown flag goes to clap with its value (clap names it and suggests the
            // closest flag), rather than leaving the value behind as a stray word.
            let unknown_with_value =
                !known(name) && i < strings.len() && !strings[i].starts_with('-');
            if inline.is_none() && unknown_with_value {
                globals.push(strings[i].clone().into());
                i += 1;
            } else if inline.is_none() && takes_value(name) && i < strings.len() {
                globals.push(strings[i].clone().into());
                i += 1;
                if name == "output" {
                    // `--output cols=A,B rows=X num=true`: the words after the first too.
                    while i < strings.len() && is_output_word(&strings[i]) {
                        globals.push(strings[i].clone().into());
                        i += 1;
                    }
                }
            }
        } else if token.starts_with('-') && token.len() > 1 {
            help |= token == "-h";
            globals.push(token.into());
            if token == "-o" && i < strings.len() {
                globals.push(strings[i].clone().into());
                i += 1;
                while i < strings.len() && is_output_word(&strings[i]) {
                    globals.push(strings[i].clone().into());
                    i += 1;
                }
            }
        } else if action.is_none() && token == "help" && !help {
            // `cams help [<Action>]` is `cams [<Action>] --help`.
            help = true;
        } else if action.is_none() {
            if BUILTINS.contains(&token.as_str()) {
                return Ok(Invocation::Clap(args));
            }
            action = Some(token.clone());
        } else {
            return Err(CliError::usage(format!(
                "unexpected argument {token:?}: parameters are given as --Name value"
            )));
        }
    }
    match action {
        Some(action) => Ok(Invocation::Call(CallArgs {
            globals,
            action,
            params,
            help,
        })),
        None if params.is_empty() => Ok(Invocation::Clap(args)),
        None => Err(CliError::usage(format!(
            "--{} is an operation parameter: give the action first (cams <Action> --{} ...)",
            params[0].0, params[0].0
        ))),
    }
}

fn is_output_word(word: &str) -> bool {
    ["cols=", "rows=", "num="]
        .iter()
        .any(|p| word.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    fn call(line: &str) -> CallArgs {
        match split(os(line)).expect("splits") {
            Invocation::Call(c) => c,
            other => panic!("not a call: {other:?}"),
        }
    }

    #[test]
    fn params_and_globals_are_told_apart_on_either_side_of_the_action() {
        let c = call(
            "cams --region ap-southeast-1 ListChatGroup --CustSpaceId cs --Page={\"Index\":1} --dry-run --output cols=A,B rows=Data.List[] --BusinessNumber 86",
        );
        assert_eq!(c.action, "ListChatGroup");
        assert_eq!(
            c.params,
            [
                ("CustSpaceId".to_owned(), "cs".to_owned()),
                ("Page".to_owned(), "{\"Index\":1}".to_owned()),
                ("BusinessNumber".to_owned(), "86".to_owned()),
            ]
        );
        assert_eq!(
            c.globals,
            os("cams --region ap-southeast-1 --dry-run --output cols=A,B rows=Data.List[]")
        );
        assert!(!c.help);
    }

    #[test]
    fn a_value_may_start_with_a_dash() {
        let c = call("cams X --Offset -1 --quiet");
        assert_eq!(c.params, [("Offset".to_owned(), "-1".to_owned())]);
        assert_eq!(c.globals, os("cams --quiet"));
    }

    #[test]
    fn an_unknown_flag_keeps_its_value_for_clap_to_report() {
        let c = call("cams X --regoin ap --GroupId g");
        assert_eq!(c.globals, os("cams --regoin ap"));
        assert_eq!(c.params, [("GroupId".to_owned(), "g".to_owned())]);
    }

    #[test]
    fn builtins_and_bare_flags_go_to_clap() {
        assert!(matches!(
            split(os("cams configure list")),
            Ok(Invocation::Clap(_))
        ));
        assert!(matches!(
            split(os("cams --profile p policy X")),
            Ok(Invocation::Clap(_))
        ));
        assert!(matches!(
            split(os("cams --version")),
            Ok(Invocation::Clap(_))
        ));
        assert!(call("cams ListChatGroup --help").help);
        let c = call("cams help ListChatGroup");
        assert!(c.help && c.action == "ListChatGroup");
    }

    #[test]
    fn misplaced_words_are_usage_errors_naming_them() {
        let err = split(os("cams X --GroupId")).expect_err("no value");
        assert!(err.to_string().contains("--GroupId"), "{err}");
        let err = split(os("cams --GroupId g")).expect_err("no action");
        assert!(err.to_string().contains("--GroupId"), "{err}");
        let err = split(os("cams X stray")).expect_err("stray word");
        assert!(err.to_string().contains("stray"), "{err}");
    }
}
