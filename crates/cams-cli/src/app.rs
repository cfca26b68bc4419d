//! What `cams` does with its command line.

use crate::argv::{self, CallArgs, Invocation};
use crate::call::{Outcome, execute};
use crate::cli::{Builtin, Cli, GlobalArgs};
use crate::error::CliError;
use crate::output::{self, Format};
use crate::request::Prepared;
use crate::resolve::{resolve, secret_warning};
use crate::suggest::did_you_mean;
use crate::{client, completion, configure, help, paging, policy, sandbox};
use clap::{CommandFactory, Parser};
use std::ffi::OsString;
use std::io::Write as _;

/// Writes to stdout; a closed pipe (`cams ... | head`) is not an error worth a message.
pub(crate) fn emit(text: &[u8]) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text).and_then(|()| out.flush());
}

/// Runs the command line (program name first).
pub(crate) fn run(args: Vec<OsString>) -> Result<(), CliError> {
    match argv::split(args)? {
        Invocation::Clap(args) => run_builtin(&args),
        Invocation::Call(call) => run_call(call),
    }
}

/// Parses with clap: `--help` and `--version` print and succeed, anything else wrong is a
/// usage error with clap's message (which names the flag and suggests the closest).
fn parse(args: &[OsString]) -> Result<Option<Cli>, CliError> {
    match Cli::try_parse_from(args) {
        Ok(cli) => Ok(Some(cli)),
        Err(e) => match e.kind() {
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                emit(e.render().to_string().as_bytes());
                Ok(None)
            }
            _ => {
                let text = e.render().to_string();
                let text = text.strip_prefix("error: ").unwrap_or(&text);
                Err(CliError::usage(text.trim_end().to_owned()))
            }
        },
    }
}

fn root_help() {
    let mut text = Cli::command().render_long_help().to_string();
    text.push('\n');
    text.push_str(&help::families());
    emit(text.as_bytes());
}

fn run_builtin(args: &[OsString]) -> Result<(), CliError> {
    let builtin_named = args.iter().skip(1).any(|a| {
        a.to_str()
            .is_some_and(|a| crate::cli::BUILTINS.contains(&a))
    });
    let asks_help =
        args.iter().any(|a| a == "--help" || a == "-h") || args.get(1).is_some_and(|a| a == "help");
    if asks_help && !builtin_named {
        root_help();
        return Ok(());
    }
    let Some(cli) = parse(args)? else {
        return Ok(());
    };
    let global = cli.global;
    match cli.command {
        None => {
            root_help();
            Ok(())
        }
        Some(Builtin::Configure { action }) => configure::run(&global, action),
        Some(Builtin::Policy { actions, from_file }) => {
            let known: Vec<&str> = cams_catalog::operations()
                .iter()
                .map(|o| o.action)
                .collect();
            let mut words = actions;
            if let Some(path) = from_file {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    CliError::usage(format!("--from-file: cannot read {}: {e}", path.display()))
                })?;
                words.extend(policy::words_of_file(&text, &known));
            }
            let actions = policy::actions(words, &known)?;
            emit(policy::document(&actions).as_bytes());
            Ok(())
        }
        Some(Builtin::Completion { shell }) => {
            emit(&completion::script(shell));
            Ok(())
        }
        Some(Builtin::Sandbox { listen, fixture }) => {
            sandbox::run(&global, &listen, fixture.as_deref())
        }
    }
}

fn run_call(call: CallArgs) -> Result<(), CliError> {
    let op = cams_catalog::find(&call.action);
    if call.help {
        let Some(op) = op else {
            return Err(unknown_action(&call.action));
        };
        emit(help::operation(op).as_bytes());
        return Ok(());
    }
    let Some(cli) = parse(&call.globals)? else {
        return Ok(());
    };
    let global = cli.global;
    if op.is_none() && !global.force {
        return Err(unknown_action(&call.action));
    }
    let format = Format::parse(&global.output)?;
    if let Some(q) = &global.cli_query {
        output::compile(q, "--cli-query")?;
    }
    let paging = match (global.all_pages, op) {
        (false, _) => None,
        (true, Some(op)) => Some(op.paging.ok_or_else(|| {
            CliError::usage(format!("--all-pages: {} is not paginated", op.action))
        })?),
        (true, None) => {
            return Err(CliError::usage(format!(
                "--all-pages: {} is not in the metadata, so its paging is unknown",
                call.action
            )));
        }
    };
    let prepared = Prepared::new(
        &call.action,
        op,
        &call.params,
        global.force,
        global.all_pages,
    )?;
    if let Some(warning) = secret_warning(&global) {
        eprintln!("{warning}");
    }
    let resolved = resolve(&global, &cams_credentials::Env::process())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start the runtime: {e}")))?;
    let outcome = runtime.block_on(async {
        // Listening before the first request, so a Ctrl-C at any point of the paging is seen.
        let interrupt = match paging {
            Some(_) => Some(interrupt()?),
            None => None,
        };
        let client = client::build(&global, &resolved).await?;
        match (paging, interrupt) {
            (Some(paging), Some(interrupt)) => {
                tokio::select! {
                    result = paging::all_pages(&client, prepared, &paging, global.max_pages) => result,
                    () = interrupt => Err(CliError::Interrupted),
                }
            }
            _ => execute(&client, &prepared).await,
        }
    })?;
    print_outcome(&global, &format, outcome)
}

/// Resolves at the first Ctrl-C (SIGINT); the handler is installed when this returns.
fn interrupt() -> Result<impl std::future::Future<Output = ()>, CliError> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut sigint = signal(SignalKind::interrupt())
            .map_err(|e| CliError::failure(format!("cannot watch for Ctrl-C: {e}")))?;
        Ok(async move {
            sigint.recv().await;
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

fn print_outcome(global: &GlobalArgs, format: &Format, outcome: Outcome) -> Result<(), CliError> {
    match outcome {
        Outcome::DryRun(text) => emit(text.as_bytes()),
        Outcome::Response(_) if global.quiet => {}
        Outcome::Response(doc) => {
            let text = output::render(&doc, global.cli_query.as_deref(), format)?;
            emit(text.as_bytes());
        }
    }
    Ok(())
}

fn unknown_action(action: &str) -> CliError {
    let names = cams_catalog::operations().iter().map(|o| o.action);
    CliError::usage(format!(
        "unknown action {action:?}{} (`cams --help` lists them; --force sends it anyway)",
        did_you_mean(action, names, "")
    ))
}
