//! `cross-server`: the ThriftTest server built on thriftgen's generated code.

use std::process::ExitCode;

use clap::Parser;
use crosstest::cli::Args;

fn main() -> ExitCode {
    let args = Args::parse();
    match crosstest::server::run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cross-server: {error}");
            ExitCode::FAILURE
        }
    }
}
