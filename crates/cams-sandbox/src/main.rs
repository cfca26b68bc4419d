//! `cams-sandbox serve --listen 127.0.0.1:0 [--fixture FILE]`: the CAMS emulator on a socket.

use cams_sandbox::{
    Engine, Fixture, PushConfig, ServerConfig, parse_duration, parse_duration_list, serve_with,
};
use std::io::Write as _;
use std::process::ExitCode;
use std::time::Duration;

const USAGE: &str = "\
cams-sandbox: a local emulator of the CAMS 2020-06-06 API that pushes message receipts

USAGE:
    cams-sandbox serve [--listen ADDR] [--fixture FILE] [LIMITS]
    cams-sandbox --help

OPTIONS:
    --listen ADDR            address to listen on (default 127.0.0.1:0, a free port)
    --fixture FILE           JSON fixture with credentials and groups (default: the demo fixture)
    --header-timeout SECS    time allowed for a request head, then its body (default 10)
    --idle-timeout SECS      time a keep-alive connection may sit idle (default 60)
    --max-connections N      connections open at once; idle ones are shed at the cap (default 1024)
    --receipt-delay DURATION time between a message's status steps (Sent, Delivered, Read) and
                             a template's audit steps (default 1s; e.g. 200ms, 1s, 5m)
    --push-retry LIST        waits before pushing a refused receipt batch again, comma-separated
                             (default 1m,5m: three pushes in all; `none` for no retry)
    -h, --help               print this help

Prints one line `listening on http://ADDR` once it accepts connections, serves until
SIGINT or SIGTERM, then shuts down cleanly (exit 0).
";

#[derive(Debug)]
struct Args {
    listen: String,
    fixture: Option<String>,
    limits: ServerConfig,
    push: PushConfig,
}

enum Command {
    Help,
    Serve(Args),
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Command, String> {
    let mut parsed = Args {
        listen: "127.0.0.1:0".to_owned(),
        fixture: None,
        limits: ServerConfig::default(),
        push: PushConfig::default(),
    };
    let mut saw_serve = false;
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs {what}"))
        };
        match name.as_str() {
            "-h" | "--help" | "help" => return Ok(Command::Help),
            "serve" if !saw_serve => saw_serve = true,
            "--listen" => parsed.listen = value("an address")?,
            "--fixture" => parsed.fixture = Some(value("a file")?),
            "--header-timeout" => {
                let d = seconds(&name, &value("a number of seconds")?)?;
                parsed.limits = parsed.limits.with_header_timeout(d);
            }
            "--idle-timeout" => {
                let d = seconds(&name, &value("a number of seconds")?)?;
                parsed.limits = parsed.limits.with_idle_timeout(d);
            }
            "--max-connections" => {
                let v = value("a number")?;
                let n = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("{name}: {v:?} is not a positive whole number"))?;
                parsed.limits = parsed.limits.with_max_connections(n);
            }
            "--receipt-delay" => {
                let d =
                    parse_duration(&value("a duration")?).map_err(|e| format!("{name}: {e}"))?;
                parsed.push = parsed.push.with_receipt_delay(d);
            }
            "--push-retry" => {
                let list = parse_duration_list(&value("a list of durations")?)
                    .map_err(|e| format!("{name}: {e}"))?;
                parsed.push = parsed.push.with_retries(list);
            }
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
    }
    if !saw_serve {
        return Err("missing command: serve".to_owned());
    }
    Ok(Command::Serve(parsed))
}

/// A positive number of seconds (fractions allowed, e.g. `0.5`).
fn seconds(flag: &str, v: &str) -> Result<Duration, String> {
    v.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{flag}: {v:?} is not a number of seconds between 0 and 86400"))
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
    let engine = Engine::builder(fixture).push_config(args.push).build();
    match runtime.block_on(run(args.listen, engine, args.limits)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("cams-sandbox: {msg}");
            ExitCode::from(1)
        }
    }
}

async fn run(listen: String, engine: Engine, limits: ServerConfig) -> Result<(), String> {
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
    serve_with(listener, engine, limits, shutdown)
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        match parse_args(args.iter().map(|s| (*s).to_owned()))? {
            Command::Serve(a) => Ok(a),
            Command::Help => Err("help".to_owned()),
        }
    }

    #[test]
    fn limits_default_and_flags_set_them() {
        let a = parse(&["serve"]).unwrap();
        assert_eq!(a.limits, ServerConfig::default());
        assert_eq!(a.limits.header_timeout, Duration::from_secs(10));
        assert_eq!(a.limits.idle_timeout, Duration::from_secs(60));
        let a = parse(&[
            "serve",
            "--header-timeout",
            "2.5",
            "--idle-timeout=30",
            "--max-connections",
            "64",
            "--listen=127.0.0.1:9",
        ])
        .unwrap();
        assert_eq!(a.limits.header_timeout, Duration::from_millis(2500));
        assert_eq!(a.limits.idle_timeout, Duration::from_secs(30));
        assert_eq!(a.limits.max_connections, 64);
        assert_eq!(a.listen, "127.0.0.1:9");
    }

    #[test]
    fn push_flags_default_to_the_contract_and_parse_durations() {
        let a = parse(&["serve"]).unwrap();
        assert_eq!(a.push, PushConfig::default());
        let a = parse(&["serve", "--receipt-delay", "200ms", "--push-retry=500ms,1s"]).unwrap();
        assert_eq!(a.push.receipt_delay, Duration::from_millis(200));
        assert_eq!(
            a.push.retries,
            [Duration::from_millis(500), Duration::from_secs(1)]
        );
        for (args, flag) in [
            (&["serve", "--receipt-delay", "1"][..], "--receipt-delay"),
            (&["serve", "--push-retry", "1m,soon"][..], "--push-retry"),
        ] {
            let err = parse(args).unwrap_err();
            assert!(err.contains(flag), "{args:?}: {err}");
        }
    }

    #[test]
    fn bad_limits_are_refused_with_the_flag_named() {
        for (args, flag) in [
            (&["serve", "--header-timeout", "0"][..], "--header-timeout"),
            (&["serve", "--idle-timeout=soon"][..], "--idle-timeout"),
            (
                &["serve", "--max-connections", "-1"][..],
                "--max-connections",
            ),
            (&["serve", "--max-connections"][..], "--max-connections"),
        ] {
            let err = parse(args).unwrap_err();
            assert!(err.contains(flag), "{args:?}: {err}");
        }
    }
}
