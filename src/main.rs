//! The `thriftgen` command: IDL files in, a directory of Rust modules out.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    cli::run(&cli::Args::parse())
}
