//! `cams`: every CAMS 2020-06-06 operation from the command line (see `docs/cli.md`).

mod argv;
mod cli;
mod error;
mod headers;
mod net;
mod output;
mod policy;
mod suggest;

fn main() {}
