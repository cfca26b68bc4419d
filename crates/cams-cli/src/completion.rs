//! `cams completion bash|zsh|fish|powershell`: the global flags, the built-in commands, and
//! every operation with its parameters.
//!
//! Bash gets a script of its own: clap's reads every word as a possible subcommand, so the
//! documented profile name in `cams --profile sandbox <TAB>` was taken for the `sandbox`
//! command. This one skips each flag's value before looking for the command.

use crate::cli::Cli;
use clap::{Arg, ArgAction, Command, CommandFactory};
use clap_complete::Shell;
use std::fmt::Write as _;

/// The completion script for `shell`.
pub(crate) fn script(shell: Shell) -> Vec<u8> {
    if shell == Shell::Bash {
        return bash().into_bytes();
    }
    let mut command = Cli::command();
    for op in cams_catalog::operations() {
        let mut sub = Command::new(op.action).about(op.description);
        for p in op.params {
            sub = sub.arg(
                Arg::new(p.name)
                    .long(p.name)
                    .value_name(p.name)
                    .action(ArgAction::Set),
            );
        }
        command = command.subcommand(sub);
    }
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "cams", &mut out);
    out
}

/// `--name` (and `-x`) of each argument of `command`, and those of them that take a value.
fn flags(command: &Command, only_global: bool) -> (Vec<String>, Vec<String>) {
    let mut all = Vec::new();
    let mut valued = Vec::new();
    for arg in command.get_arguments() {
        if only_global && !arg.is_global_set() {
            continue;
        }
        let mut names: Vec<String> = arg
            .get_long()
            .map(|l| format!("--{l}"))
            .into_iter()
            .collect();
        names.extend(arg.get_short().map(|s| format!("-{s}")));
        names.extend(
            arg.get_visible_aliases()
                .unwrap_or_default()
                .into_iter()
                .map(|a| format!("--{a}")),
        );
        if arg.get_long().is_none() && arg.get_short().is_none() {
            continue;
        }
        if arg.get_action().takes_values() {
            valued.extend(names.iter().cloned());
        }
        all.extend(names);
    }
    (all, valued)
}

/// Possible values of an argument, space-separated (`--signature`, `--mode`, a shell).
fn values(arg: &Arg) -> Option<String> {
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .map(|v| v.get_name().to_owned())
        .collect();
    (!values.is_empty()).then(|| values.join(" "))
}

fn bash() -> String {
    let root = Cli::command();
    let (root_flags, mut valued) = flags(&root, false);
    let (global_flags, _) = flags(&root, true);
    let mut value_cases = String::new();
    let mut builtin_cases = String::new();
    let mut builtins = Vec::new();
    let collect_values = |cmd: &Command, value_cases: &mut String| {
        for arg in cmd.get_arguments() {
            let (Some(long), Some(words)) = (arg.get_long(), values(arg)) else {
                continue;
            };
            let _ = writeln!(
                value_cases,
                "        --{long}) COMPREPLY=($(compgen -W \"{words}\" -- \"$cur\")) ;;"
            );
        }
    };
    collect_values(&root, &mut value_cases);
    for sub in root.get_subcommands() {
        let name = sub.get_name();
        builtins.push(name.to_owned());
        let (own, own_valued) = flags(sub, false);
        valued.extend(own_valued);
        collect_values(sub, &mut value_cases);
        let mut words: Vec<String> = own;
        words.extend(global_flags.iter().cloned());
        let mut subs: Vec<String> = Vec::new();
        for inner in sub.get_subcommands() {
            let (inner_flags, inner_valued) = flags(inner, false);
            valued.extend(inner_valued);
            collect_values(inner, &mut value_cases);
            subs.push(inner.get_name().to_owned());
            let mut inner_words = inner_flags;
            inner_words.extend(global_flags.iter().cloned());
            let _ = writeln!(
                builtin_cases,
                "        {name},{inner}) words=\"{}\" ;;",
                inner_words.join(" "),
                inner = inner.get_name()
            );
        }
        // Positional values: the shells, or the operation names for `policy`.
        let positional = sub
            .get_positionals()
            .find_map(values)
            .unwrap_or_else(|| match name {
                "policy" => "$_cams_operations".to_owned(),
                _ => String::new(),
            });
        let _ = writeln!(
            builtin_cases,
            "        {name},*) words=\"{} {} {positional}\" ;;",
            subs.join(" "),
            words.join(" ")
        );
    }
    let mut operations = String::new();
    let mut op_cases = String::new();
    for op in cams_catalog::operations() {
        operations.push_str(op.action);
        operations.push(' ');
        let params: Vec<String> = op.params.iter().map(|p| format!("--{}", p.name)).collect();
        let _ = writeln!(
            op_cases,
            "        {}) words=\"{}\" ;;",
            op.action,
            params.join(" ")
        );
    }
    valued.sort();
    valued.dedup();
    format!(
        r#"# bash completion for cams (generated by `cams completion bash`)
_cams_operations="{operations}"

# Whether flag $1 takes a value (every --PascalCase operation parameter does).
_cams_takes_value() {{
    case "$1" in
        --[A-Z]*) return 0 ;;
        {valued}) return 0 ;;
    esac
    return 1
}}

_cams() {{
    local cur prev word cmd="" sub="" words="" i=1
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev=""
    [ "$COMP_CWORD" -gt 0 ] && prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    # The command is the first word that is neither a flag nor a flag's value.
    while [ "$i" -lt "$COMP_CWORD" ]; do
        word="${{COMP_WORDS[i]}}"
        case "$word" in
            -*=*) ;;
            -*) if _cams_takes_value "$word"; then i=$((i + 1)); fi ;;
            *) if [ -z "$cmd" ]; then cmd="$word"; elif [ -z "$sub" ]; then sub="$word"; fi ;;
        esac
        i=$((i + 1))
    done
    # A flag's value: its possible values, a file, or nothing to offer.
    if [ "$COMP_CWORD" -gt 1 ] && _cams_takes_value "$prev"; then
        case "$prev" in
{value_cases}        --config-path|--fixture|--from-file) COMPREPLY=($(compgen -f -- "$cur")) ;;
        *) COMPREPLY=() ;;
        esac
        return 0
    fi
    case "$cmd" in
        "") words="{root_words} {builtins} $_cams_operations" ;;
        {builtin_names})
            case "$cmd,$sub" in
{builtin_cases}            esac ;;
        *)
            case "$cmd" in
{op_cases}            esac
            words="$words {root_words}" ;;
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    return 0
}}

complete -F _cams -o bashdefault -o default cams
"#,
        valued = valued.join("|"),
        root_words = root_flags.join(" "),
        builtins = builtins.join(" "),
        builtin_names = builtins.join("|"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_shell_completes_operations_and_their_parameters() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
            let text = String::from_utf8(script(shell)).expect("utf-8");
            for word in [
                "ListChatGroupParticipants",
                "all-pages",
                "configure",
                "CustSpaceId",
            ] {
                assert!(text.contains(word), "{shell}: {word} missing");
            }
        }
    }
}
