//! `cams`: every CAMS 2020-06-06 operation from the command line (see `docs/cli.md`).

mod app;
mod argv;
mod call;
mod cams_file;
mod cli;
mod client;
mod completion;
mod configure;
mod error;
mod headers;
mod help;
mod input;
mod net;
mod output;
mod paging;
mod policy;
mod profile_credentials;
mod progress;
mod receipts;
mod request;
mod resolve;
mod sandbox;
mod strict_json;
mod suggest;

use std::process::ExitCode;

fn main() -> ExitCode {
    // A bug must not print a backtrace (it could show request data): one line, exit 70.
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("cams: internal error{place}; please report it");
        std::process::exit(70);
    }));
    match app::run(std::env::args_os().collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match &e {
                error::CliError::Interrupted => eprintln!("cams: interrupted"),
                error::CliError::ClosedPipe => {}
                other => eprintln!("cams: error: {other}"),
            }
            ExitCode::from(e.exit_code())
        }
    }
}
