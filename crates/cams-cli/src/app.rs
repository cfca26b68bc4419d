//! What `cams` does with its command line.

use crate::argv::{self, CallArgs, Invocation};
use crate::call::{Outcome, execute};
use crate::cli::{Builtin, Cli, GlobalArgs};
use crate::error::CliError;
use crate::output::{self, Format};
use crate::progress::Progress;
use crate::request::Prepared;
use crate::resolve::{read_secret_from_stdin, resolve, secret_warning};
use crate::suggest::did_you_mean;
use crate::{client, completion, configure, help, paging, policy, receipts, sandbox};
use clap::{CommandFactory, Parser};
use std::ffi::OsString;
use std::io::Write as _;

/// Writes to stdout. A closed pipe (`cams ... | head`) ends the command quietly; any other
/// failed write (`> /dev/full`) is an error, so a script never takes a lost output for success.
pub(crate) fn emit(text: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(text)
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => CliError::ClosedPipe,
            _ => CliError::failure(format!("cannot write to standard output: {e}")),
        })
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
                emit(e.render().to_string().as_bytes())?;
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

/// `cams --help`: every flag and every operation by family; `cams -h`: the flags' one-line
/// summaries and how to see more.
fn root_help(short: bool) -> Result<(), CliError> {
    let mut command = Cli::command();
    let mut text = if short {
        command.render_help().to_string()
    } else {
        command.render_long_help().to_string()
    };
    text.push('\n');
    if short {
        text.push_str(&help::families_summary());
    } else {
        text.push_str(&help::families());
    }
    emit(text.as_bytes())
}

fn run_builtin(args: &[OsString]) -> Result<(), CliError> {
    let builtin_named = args.iter().skip(1).any(|a| {
        a.to_str()
            .is_some_and(|a| crate::cli::BUILTINS.contains(&a))
    });
    let asks_help =
        args.iter().any(|a| a == "--help" || a == "-h") || args.get(1).is_some_and(|a| a == "help");
    if asks_help && !builtin_named {
        return root_help(args.iter().any(|a| a == "-h"));
    }
    let Some(cli) = parse(args)? else {
        return Ok(());
    };
    let global = cli.global;
    match cli.command {
        None => root_help(false),
        Some(Builtin::Configure { action }) => configure::run(&global, action),
        Some(Builtin::Policy { actions, from_file }) => {
            let known: Vec<&str> = cams_catalog::operations()
                .iter()
                .map(|o| o.action)
                .collect();
            let mut words: Vec<policy::Word> =
                actions.into_iter().map(policy::Word::from).collect();
            if let Some(path) = from_file {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    CliError::usage(format!("--from-file: cannot read {}: {e}", path.display()))
                })?;
                words.extend(policy::words_of_file(&text, &known));
            }
            let actions = policy::actions(words, &known)?;
            emit(policy::document(&actions).as_bytes())
        }
        Some(Builtin::Completion { shell }) => emit(&completion::script(shell)),
        Some(Builtin::Sandbox {
            listen,
            fixture,
            receipt_delay,
            push_retry,
        }) => {
            let push = sandbox::push_config(&receipt_delay, &push_retry)?;
            sandbox::run(&global, &listen, fixture.as_deref(), push)
        }
        Some(Builtin::Receipts {
            action: crate::cli::ReceiptsAction::Listen(args),
        }) => receipts::listen(&args),
    }
}

fn run_call(call: CallArgs) -> Result<(), CliError> {
    let op = cams_catalog::find(&call.action);
    if call.help {
        let Some(op) = op else {
            return Err(unknown_action(&call.action));
        };
        let short =
            call.globals.iter().any(|a| a == "-h") && !call.globals.iter().any(|a| a == "--help");
        return match short {
            true => emit(help::operation_short(op).as_bytes()),
            false => emit(help::operation(op).as_bytes()),
        };
    }
    let cli = match parse(&call.globals) {
        Ok(Some(cli)) => cli,
        Ok(None) => return Ok(()),
        Err(e) => return Err(param_in_other_case(op, &call.globals).unwrap_or(e)),
    };
    let mut global = cli.global;
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
    if let Some(warning) = secret_warning(&global, false) {
        eprintln!("{warning}");
    }
    read_secret_from_stdin(&mut global)?;
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
                // The bar is taken off the terminal however the listing ends (Ctrl-C included).
                let progress = Progress::new();
                let result = tokio::select! {
                    result = paging::all_pages(&client, prepared, &paging, global.max_pages, progress.clone()) => result,
                    () = interrupt => Err(CliError::Interrupted),
                };
                progress.clear();
                result
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
        Outcome::DryRun(text) => emit(text.as_bytes())?,
        Outcome::Response(_) if global.quiet => {}
        Outcome::Response(doc) => {
            let text = output::render(&doc, global.cli_query.as_deref(), format)?;
            emit(text.as_bytes())?;
        }
    }
    Ok(())
}

/// `--groupid` for `--GroupId`: a flag clap does not know that names one of the operation's
/// parameters in another case (parameters are case-sensitive, as the API's names are).
fn param_in_other_case(
    op: Option<&'static cams_catalog::OperationInfo>,
    globals: &[OsString],
) -> Option<CliError> {
    let op = op?;
    globals.iter().find_map(|arg| {
        let name = arg.to_str()?.strip_prefix("--")?;
        let name = name.split('=').next().unwrap_or(name);
        let param = op
            .params
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))?;
        Some(CliError::usage(format!(
            "--{name}: no such flag; did you mean --{}? (parameter names are case-sensitive)",
            param.name
        )))
    })
}

fn unknown_action(action: &str) -> CliError {
    let names = cams_catalog::operations().iter().map(|o| o.action);
    CliError::usage(format!(
        "unknown action {action:?}{} (`cams --help` lists them; --force sends it anyway)",
        did_you_mean(action, names, "")
    ))
}
