//! `cargo xtask build-weight`: what a user pays to build a small program on this SDK, beside
//! the same program on AWS's WhatsApp business messaging SDK.
//!
//! Three fresh binary crates are written to a temporary directory outside the workspace, each
//! listing one group's members (the AWS one lists its linked WhatsApp business accounts, the
//! nearest paged listing it has):
//!
//! - (a) `cams` with its default features;
//! - (b) `cams-api` on hyper alone (`default-features = false, features = ["hyper", "tokio"]`);
//! - (c) `aws-sdk-socialmessaging` + `aws-config` with their default features.
//!
//! Each gets its own cold target directory. Sources are fetched first so downloads are not
//! timed. For each program, one after another in the same run: a cold debug build, the
//! incremental debug rebuild after touching `main.rs`, and the size of the stripped release
//! binary (a second cold build, `--release`). The result is a markdown table on stdout, with
//! ratios to (c), so runs on a loaded machine still compare. The scratch directory is removed
//! unless `--keep` is given; `--timings` also writes cargo's timing report of each cold debug
//! build to `target/build-weight/`. For a quick look, `--only a,b` narrows the programs and
//! `--no-release` skips the release builds.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// One user program: its name in the table, its dependencies and its `main.rs`.
struct Program {
    key: &'static str,
    label: &'static str,
    dependencies: String,
    main: &'static str,
}

/// The figures measured for one program.
struct Figures {
    cold: Duration,
    incremental: Duration,
    release_bytes: u64,
}

const CAMS_MAIN: &str = r#"//! Lists one chat group's members (build-weight program).
use cams::Client;

#[tokio::main]
async fn main() -> Result<(), cams::Error> {
    let client = Client::builder().region("ap-southeast-1").build()?;
    let mut members = client
        .list_chat_group_participants()
        .cust_space_id("cams-space")
        .business_number("8613800001234")
        .group_id("GROUP1")
        .page(1, 20)
        .into_paginator()
        .items();
    while let Some(member) = members.next().await {
        println!("{:?}", member?.participant_number);
    }
    Ok(())
}
"#;

const CAMS_API_MAIN: &str = r#"//! Lists one chat group's members (build-weight program).
use cams_api::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), cams_api::Error> {
    let client = Client::builder().region("ap-southeast-1").build()?;
    let mut members = client
        .list_chat_group_participants()
        .cust_space_id("cams-space")
        .business_number("8613800001234")
        .group_id("GROUP1")
        .page(1, 20)
        .into_paginator()
        .items();
    while let Some(member) = members.next().await {
        println!("{:?}", member?.participant_number);
    }
    Ok(())
}
"#;

const AWS_MAIN: &str = r#"//! Lists the linked WhatsApp business accounts (build-weight program).
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_socialmessaging::Client::new(&config);
    let mut accounts = client
        .list_linked_whats_app_business_accounts()
        .into_paginator()
        .items()
        .send();
    while let Some(account) = accounts.next().await {
        println!("{:?}", account?.id());
    }
    Ok(())
}
"#;

fn programs(root: &Path) -> Vec<Program> {
    let root = root.display();
    vec![
        Program {
            key: "a",
            label: "`cams`, default features",
            dependencies: format!(
                "cams = {{ path = \"{root}\" }}\n\
                 tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }}\n"
            ),
            main: CAMS_MAIN,
        },
        Program {
            key: "b",
            label: "`cams-api`, hyper alone",
            dependencies: format!(
                "cams-api = {{ path = \"{root}/crates/cams-api\", default-features = false, features = [\"hyper\", \"tokio\"] }}\n\
                 tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n"
            ),
            main: CAMS_API_MAIN,
        },
        Program {
            key: "c",
            label: "`aws-sdk-socialmessaging` + `aws-config`",
            dependencies: "aws-config = \"1\"\n\
                 aws-sdk-socialmessaging = \"1\"\n\
                 tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }\n"
                .to_owned(),
            main: AWS_MAIN,
        },
    ]
}

/// Runs the measurement; `args` are the words after `build-weight`.
pub(crate) fn run(root: &Path, args: &[&str]) -> Result<(), String> {
    let mut opts = Options {
        keep: false,
        timings: false,
        release: true,
        only: None,
    };
    let mut args = args.iter();
    while let Some(a) = args.next() {
        match *a {
            "--keep" => opts.keep = true,
            "--timings" => opts.timings = true,
            "--no-release" => opts.release = false,
            "--only" => opts.only = args.next().map(|s| (*s).to_owned()),
            other => {
                return Err(format!(
                    "build-weight: unknown argument {other:?} (usage: cargo xtask build-weight [--keep] [--timings] [--no-release] [--only a,b,c])"
                ));
            }
        }
    }
    let stamp = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let scratch =
        std::env::temp_dir().join(format!("cams-build-weight-{}-{stamp}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    eprintln!("build-weight: scratch directory {}", scratch.display());
    let result = measure_all(root, &scratch, &opts);
    if opts.keep {
        eprintln!("build-weight: kept {}", scratch.display());
    } else if let Err(e) = std::fs::remove_dir_all(&scratch) {
        eprintln!("build-weight: could not remove {}: {e}", scratch.display());
    }
    let rows = result?;
    print!("{}", table(&rows));
    Ok(())
}

/// What to run: all three programs with the release build unless narrowed for a quick look.
struct Options {
    keep: bool,
    timings: bool,
    release: bool,
    only: Option<String>,
}

fn measure_all(
    root: &Path,
    scratch: &Path,
    opts: &Options,
) -> Result<Vec<(Program, Figures)>, String> {
    let mut rows = Vec::new();
    for p in programs(root) {
        if opts
            .only
            .as_deref()
            .is_some_and(|only| !only.split(',').any(|k| k == p.key))
        {
            continue;
        }
        let dir = scratch.join(format!("user-{}", p.key));
        write_program(&dir, &p, root)?;
        let figures = measure(&dir, &p, root, opts)?;
        // Each program's build is removed before the next one starts: the disk holds one at a time.
        let _ = std::fs::remove_dir_all(dir.join("target"));
        rows.push((p, figures));
    }
    Ok(rows)
}

fn write_program(dir: &Path, p: &Program, root: &Path) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let manifest = format!(
        "[package]\nname = \"user-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{}\n\
         [profile.release]\nstrip = true\n\n\
         # Not a member of any workspace above the scratch directory.\n[workspace]\n",
        p.key, p.dependencies
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    write(&src.join("main.rs"), p.main)?;
    // The programs on this SDK start from the workspace's lock file, so the versions built are
    // the ones the workspace is tested with; cargo adds what is missing.
    if p.key != "c" {
        let lock = root.join("Cargo.lock");
        if lock.exists() {
            std::fs::copy(&lock, dir.join("Cargo.lock"))
                .map_err(|e| format!("{}: {e}", lock.display()))?;
        }
    }
    Ok(())
}

fn measure(dir: &Path, p: &Program, root: &Path, opts: &Options) -> Result<Figures, String> {
    let timings = opts.timings;
    eprintln!("build-weight ({}): fetching sources", p.key);
    cargo(dir, &["fetch"])?;
    eprintln!("build-weight ({}): cold debug build", p.key);
    let mut cold_args = vec!["build"];
    if timings {
        cold_args.push("--timings");
    }
    let cold = timed(dir, &cold_args)?;
    if timings {
        let out = root.join("target/build-weight");
        std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
        let report = dir.join("target/cargo-timings/cargo-timing.html");
        let _ = std::fs::copy(&report, out.join(format!("{}.html", p.key)));
    }
    touch(&dir.join("src/main.rs"))?;
    eprintln!("build-weight ({}): incremental rebuild", p.key);
    let incremental = timed(dir, &["build"])?;
    eprintln!(
        "build-weight ({}): cold {:.1} s, incremental {:.2} s",
        p.key,
        cold.as_secs_f64(),
        incremental.as_secs_f64()
    );
    let release_bytes = if opts.release {
        eprintln!("build-weight ({}): release build", p.key);
        // The debug build goes first: the disk holds one build at a time.
        let _ = std::fs::remove_dir_all(dir.join("target/debug"));
        cargo(dir, &["build", "--release"])?;
        let bin = dir.join("target/release").join(format!(
            "user-{}{}",
            p.key,
            std::env::consts::EXE_SUFFIX
        ));
        let bytes = std::fs::metadata(&bin)
            .map_err(|e| format!("{}: {e}", bin.display()))?
            .len();
        eprintln!(
            "build-weight ({}): stripped release binary {bytes} bytes",
            p.key
        );
        bytes
    } else {
        0
    };
    Ok(Figures {
        cold,
        incremental,
        release_bytes,
    })
}

fn table(rows: &[(Program, Figures)]) -> String {
    let base = rows.iter().find(|(p, _)| p.key == "c").map(|(_, f)| f);
    let ratio = |x: f64, y: Option<f64>| match y {
        Some(y) if y > 0.0 => format!(" ({:.2}×)", x / y),
        _ => String::new(),
    };
    let mut s = String::from(
        "| program | cold debug build | incremental rebuild | stripped release binary |\n|---|---|---|---|\n",
    );
    for (p, f) in rows {
        let cold = f.cold.as_secs_f64();
        let inc = f.incremental.as_secs_f64();
        let size = f.release_bytes as f64 / (1024.0 * 1024.0);
        let size_ratio = ratio(f.release_bytes as f64, base.map(|b| b.release_bytes as f64));
        let size = if f.release_bytes == 0 {
            "not built".to_owned()
        } else {
            format!("{size:.1} MiB{size_ratio}")
        };
        let _ = writeln!(
            s,
            "| ({}) {} | {:.1} s{} | {:.2} s{} | {} |",
            p.key,
            p.label,
            cold,
            ratio(cold, base.map(|b| b.cold.as_secs_f64())),
            inc,
            ratio(inc, base.map(|b| b.incremental.as_secs_f64())),
            size,
        );
    }
    s
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn touch(path: &Path) -> Result<(), String> {
    let f = std::fs::File::options()
        .append(true)
        .open(path)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    f.set_modified(SystemTime::now())
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn timed(dir: &Path, args: &[&str]) -> Result<Duration, String> {
    let start = Instant::now();
    cargo(dir, args)?;
    Ok(start.elapsed())
}

/// Runs cargo in `dir` with a target directory of its own, whatever the caller's environment says.
fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_INCREMENTAL")
        .status()
        .map_err(|e| format!("cargo {}: {e}", args.join(" ")))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo {} in {}: {status}",
            args.join(" "),
            dir.display()
        ))
    }
}
