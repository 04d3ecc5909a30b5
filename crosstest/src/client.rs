//! `cross-client`: calls every ThriftTest method through thriftgen's
//! generated client, prints `N passed, M failed`, fails on any failure.

use std::process::ExitCode;

use clap::Parser;

use crate::checks::Checks;
use crate::cli::Args;
use crate::client_calls::{check_all, check_oneway, check_second_service};
use crate::connection::connect;
use crate::generated::thrift_test::{SecondServiceClient, ThriftTestClient};
use crate::{SECOND_SERVICE_NAME, SERVICE_NAME};

/// The `cross-client` command.
pub fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(checks) => {
            println!("{}", checks.summary());
            match checks.failed {
                0 => ExitCode::SUCCESS,
                _ => ExitCode::FAILURE,
            }
        }
        Err(error) => {
            eprintln!(
                "cross-client: cannot connect to {}: {error}",
                args.address()
            );
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<Checks, String> {
    let open = |service| {
        connect(&args.address(), args.protocol, args.transport, service).map_err(|e| e.to_string())
    };
    let mut checks = Checks::default();
    let service = args.multiplexed.then_some(SERVICE_NAME);
    let (input, output) = open(service)?;
    let client = ThriftTestClient::new(input, output);
    check_all(&client, &mut checks, !args.skip_uuid);
    check_oneway(&client, &mut checks);
    if args.multiplexed {
        // A second connection, so both services are reached through one
        // multiplexed server.
        let (input, output) = open(Some(SECOND_SERVICE_NAME))?;
        check_second_service(&SecondServiceClient::new(input, output), &mut checks);
    }
    Ok(checks)
}
