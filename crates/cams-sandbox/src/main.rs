//! `cams-sandbox serve --listen 127.0.0.1:0 [--fixture FILE]`: the CAMS emulator on a socket.

use cams_sandbox::{Engine, Fixture, serve};
use std::io::Write as _;
use std::process::ExitCode;

const USAGE: &str = "\
cams-sandbox: a local emulator of the CAMS 2020-06-06 chat-group API

USAGE:
    cams-sandbox serve [--listen ADDR] [--fixture FILE]
    cams-sandbox --help

OPTIONS:
    --listen ADDR     address to listen on (default 127.0.0.1:0, a free port)
    --fixture FILE    JSON fixture with credentials and groups (default: the demo fixture)
    -h, --help        print this help

Prints one line `listening on http://ADDR` once it accepts connections, serves until
SIGINT or SIGTERM, then shuts down cleanly (exit 0).
";

#[derive(Debug)]
struct Args {
    listen: String,
    fixture: Option<String>,
}

enum Command {
    Help,
    Serve(Args),
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut parsed = Args {
        listen: "127.0.0.1:0".to_owned(),
        fixture: None,
    };
    let mut saw_serve = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" | "help" => return Ok(Command::Help),
            "serve" if !saw_serve => saw_serve = true,
            "--listen" => parsed.listen = args.next().ok_or("--listen needs an address")?,
            "--fixture" => parsed.fixture = Some(args.next().ok_or("--fixture needs a file")?),
            other => {
                if let Some(v) = other.strip_prefix("--listen=") {
                    parsed.listen = v.to_owned();
                } else if let Some(v) = other.strip_prefix("--fixture=") {
                    parsed.fixture = Some(v.to_owned());
                } else {
                    return Err(format!("unexpected argument {other:?}"));
                }
            }
        }
    }
    if !saw_serve {
        return Err("missing command: serve".to_owned());
    }
    Ok(Command::Serve(parsed))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Serve(a)) => a,
        Err(msg) => {
            eprintln!("cams-sandbox: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let fixture = match &args.fixture {
        Some(path) => match Fixture::from_file(path) {
            Ok(f) => f,
            Err(err) => {
                eprintln!("cams-sandbox: fixture {path}: {err}");
                return ExitCode::from(1);
            }
        },
        None => Fixture::demo(),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("cams-sandbox: cannot start the runtime: {err}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(args.listen, Engine::new(fixture))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("cams-sandbox: {msg}");
            ExitCode::from(1)
        }
    }
}

async fn run(listen: String, engine: Engine) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // Install the signal handlers before announcing, so a signal right after the line is honoured.
    let shutdown = shutdown_signal()?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "listening on http://{addr}").map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    drop(out);
    serve(listener, engine, shutdown)
        .await
        .map_err(|e| e.to_string())
}

#[cfg(unix)]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()> + Send, String> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate()).map_err(|e| format!("SIGTERM handler: {e}"))?;
    let mut int = signal(SignalKind::interrupt()).map_err(|e| format!("SIGINT handler: {e}"))?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => {}
            _ = int.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> Result<impl std::future::Future<Output = ()> + Send, String> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
