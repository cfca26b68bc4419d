//! `cams completion bash|zsh|fish|powershell`: the global flags, the built-in commands, and
//! every operation with its parameters.

use crate::cli::Cli;
use clap::{Arg, ArgAction, Command, CommandFactory};
use clap_complete::Shell;

/// The completion script for `shell`.
pub(crate) fn script(shell: Shell) -> Vec<u8> {
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
