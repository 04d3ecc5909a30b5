//! `cross-client`: calls every ThriftTest method through thriftgen's
//! generated client, prints `N passed, M failed`, fails on any failure.

use std::process::ExitCode;

use clap::Parser;

use crate::checks::Checks;
use crate::cli::{Args, Transport};
use crate::client_calls::{check_all, check_oneway, check_second_service};
use crate::connection::{connect, connect_framed};
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

/// Runs every check over the thrift crate's protocols (buffered), or over
/// the runtime's framed fast path (`FramedChannel`, framed).
fn run(args: &Args) -> Result<Checks, String> {
    let mut checks = Checks::default();
    let service = args.multiplexed.then_some(SERVICE_NAME);
    match args.transport {
        Transport::Buffered => {
            let open = |service| {
                connect(&args.address(), args.protocol, args.transport, service)
                    .map_err(|e| e.to_string())
            };
            let (input, output) = open(service)?;
            let client = ThriftTestClient::new(input, output);
            check_all(&client, &mut checks, !args.skip_uuid);
            check_oneway(&client, &mut checks);
            if args.multiplexed {
                // A second connection, so both services are reached
                // through one multiplexed server.
                let (input, output) = open(Some(SECOND_SERVICE_NAME))?;
                check_second_service(&SecondServiceClient::new(input, output), &mut checks);
            }
        }
        Transport::Framed => {
            let open = |service| connect_framed(&args.address(), args.protocol, service);
            let client = ThriftTestClient::with_channel(open(service)?);
            check_all(&client, &mut checks, !args.skip_uuid);
            check_oneway(&client, &mut checks);
            if args.multiplexed {
                let second = SecondServiceClient::with_channel(open(Some(SECOND_SERVICE_NAME))?);
                check_second_service(&second, &mut checks);
            }
        }
    }
    Ok(checks)
}
