//! `cross-client`: calls every ThriftTest method through thriftgen's
//! generated client, prints `N passed, M failed`, fails on any failure.

use std::process::ExitCode;

use clap::Parser;

use crate::checks::Checks;
use crate::cli::{Args, POOL_SIZE, Transport};
use crate::client_calls::{check_all, check_oneway, check_second_service};
use crate::connection::{connect, connect_framed};
use crate::generated::thrift_test::{SecondServiceClient, ThriftTestClient, ThriftTestIface};
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
    if let Some(url) = &args.registry {
        return run_discovering(args, url);
    }
    match (args.use_async, args.pooled) {
        (true, true) => return run_async_pooled(args),
        (true, false) => return run_async(args),
        (false, true) => return run_pooled(args),
        (false, false) => {}
    }
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

/// `--async`: the same checks through the generated async client (driven
/// from this thread), plus a batch of calls in flight together.
fn run_async(args: &Args) -> Result<Checks, String> {
    use std::time::Duration;

    use thriftgen_runtime::nonblocking::ClientConfig;

    use crate::async_adapters::Blocking;
    use crate::generated::thrift_test::{SecondServiceAsyncClient, ThriftTestAsyncClient};

    let runtime = tokio_runtime()?;
    let config = ClientConfig::default()
        .protocol(args.protocol.nonblocking())
        .transport(args.transport.nonblocking())
        .call_timeout(Some(Duration::from_secs(30)));
    let config_for = |service: &str| match args.multiplexed {
        true => config.clone().multiplexed(service),
        false => config.clone(),
    };
    let client = runtime
        .block_on(ThriftTestAsyncClient::connect(
            args.address(),
            &config_for(SERVICE_NAME),
        ))
        .map_err(|e| e.to_string())?;
    let mut checks = Checks::default();
    let blocking = Blocking {
        client: client.clone(),
        runtime: runtime.handle().clone(),
    };
    check_all(&blocking, &mut checks, !args.skip_uuid);
    check_oneway(&blocking, &mut checks);
    check_batch(client.batch(), &mut checks);
    if args.multiplexed {
        let second = runtime
            .block_on(SecondServiceAsyncClient::connect(
                args.address(),
                &config_for(SECOND_SERVICE_NAME),
            ))
            .map_err(|e| e.to_string())?;
        let blocking = Blocking {
            client: second,
            runtime: runtime.handle().clone(),
        };
        check_second_service(&blocking, &mut checks);
    }
    Ok(checks)
}

/// How many threads (or tasks) `--pooled` runs the checks from at once:
/// more than the pool's connections, so calls wait for each other.
const POOLED_CALLERS: usize = 6;

/// A tokio runtime for the async clients, driven from this thread.
fn tokio_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start tokio: {e}"))
}

/// A batch: several methods queued, sent in one write, collected.
fn check_batch(
    mut batch: crate::generated::thrift_test::ThriftTestAsyncBatch,
    checks: &mut Checks,
) {
    let strings: Vec<_> = (0..8)
        .map(|i| batch.test_string(format!("batch {i}")))
        .collect();
    let number = batch.test_i64(-7);
    let failing = batch.test_exception("Xception".into());
    batch.send();
    for (i, reply) in strings.into_iter().enumerate() {
        checks.expect_eq("batch testString", reply.wait(), &format!("batch {i}"));
    }
    checks.expect_eq("batch testI64", number.wait(), &-7);
    let outcome = match failing.wait() {
        Err(thriftgen_runtime::CallError::Declared(_)) => Ok(()),
        other => Err(format!("{other:?}")),
    };
    checks.record("batch testException(Xception)", outcome);
}

/// Every check from [`POOLED_CALLERS`] threads at once through `client`.
fn check_all_concurrently(client: &impl ThriftTestIface, args: &Args) -> Checks {
    let mut checks = Checks::default();
    let callers = (0..POOLED_CALLERS).map(|_| {
        || {
            let mut checks = Checks::default();
            check_all(client, &mut checks, !args.skip_uuid);
            checks
        }
    });
    for caller in thriftgen_runtime::pool::join_all(callers) {
        checks.absorb(caller);
    }
    checks
}

/// That the pool never opened more than its maximum.
fn check_pool_bound(state: thriftgen_runtime::pool::PoolState, checks: &mut Checks) {
    let within = state.created <= u64::from(POOL_SIZE) && state.connections <= POOL_SIZE;
    checks.record(
        &format!("pool kept at most {POOL_SIZE} connections"),
        within.then_some(()).ok_or_else(|| format!("{state:?}")),
    );
}

/// `--pooled`: every check through the generated pooled proxy, from
/// several threads at once over a pool of 4 connections.
fn run_pooled(args: &Args) -> Result<Checks, String> {
    use crate::generated::thrift_test::{SecondServicePooledClient, ThriftTestPooledClient};

    let client = ThriftTestPooledClient::pooled(&args.pool_config(SERVICE_NAME))
        .map_err(|e| e.to_string())?;
    let mut checks = check_all_concurrently(&client, args);
    check_oneway(&client, &mut checks);
    check_pool_bound(client.pool_state(), &mut checks);
    if args.multiplexed {
        let second = SecondServicePooledClient::pooled(&args.pool_config(SECOND_SERVICE_NAME))
            .map_err(|e| e.to_string())?;
        check_second_service(&second, &mut checks);
    }
    Ok(checks)
}

/// `--async --pooled`: every check through the generated async pooled
/// proxy, from several tasks at once, plus a batch on a pooled
/// connection.
fn run_async_pooled(args: &Args) -> Result<Checks, String> {
    use crate::async_adapters::Blocking;
    use crate::generated::thrift_test::{
        SecondServiceAsyncPooledClient, ThriftTestAsyncPooledClient,
    };

    let runtime = tokio_runtime()?;
    let client = {
        let _inside = runtime.enter();
        ThriftTestAsyncPooledClient::pooled(&args.pool_config(SERVICE_NAME))
            .map_err(|e| e.to_string())?
    };
    let blocking = Blocking {
        client: client.clone(),
        runtime: runtime.handle().clone(),
    };
    let mut checks = check_all_concurrently(&blocking, args);
    check_oneway(&blocking, &mut checks);
    match runtime.block_on(client.batch()) {
        Ok(batch) => check_batch(batch, &mut checks),
        Err(e) => checks.record("pooled batch", Err(e.to_string())),
    }
    check_pool_bound(client.pool_state(), &mut checks);
    if args.multiplexed {
        let second = {
            let _inside = runtime.enter();
            SecondServiceAsyncPooledClient::pooled(&args.pool_config(SECOND_SERVICE_NAME))
                .map_err(|e| e.to_string())?
        };
        let blocking = Blocking {
            client: second,
            runtime: runtime.handle().clone(),
        };
        check_second_service(&blocking, &mut checks);
    }
    Ok(checks)
}

/// `--registry`: `ThriftTest` found in ZooKeeper, every check through
/// the runtime's discovering, balancing channel: blocking (framed only),
/// or with `--async` the generated async client over the async
/// discovering channel.
fn run_discovering(args: &Args, url: &str) -> Result<Checks, String> {
    let registry = crate::discovery::registry(url)?;
    if args.use_async {
        return run_async_discovering(args, &registry);
    }
    if args.transport != Transport::Framed {
        return Err("--registry needs --transport framed (or --async)".to_owned());
    }
    let service = args.multiplexed.then_some(SERVICE_NAME);
    let mut checks = Checks::default();
    let client = ThriftTestClient::with_channel(crate::discovery::channel(&registry, service));
    check_all(&client, &mut checks, !args.skip_uuid);
    check_oneway(&client, &mut checks);
    if args.multiplexed {
        let second = crate::discovery::channel(&registry, Some(SECOND_SERVICE_NAME));
        check_second_service(&SecondServiceClient::with_channel(second), &mut checks);
    }
    Ok(checks)
}

fn run_async_discovering(
    args: &Args,
    registry: &thriftgen_runtime::registry::ZooKeeperRegistry,
) -> Result<Checks, String> {
    use crate::async_adapters::Blocking;
    use crate::generated::thrift_test::{SecondServiceAsyncClient, ThriftTestAsyncClient};

    let runtime = tokio_runtime()?;
    let service = args.multiplexed.then_some(SERVICE_NAME);
    let mut checks = Checks::default();
    let client =
        ThriftTestAsyncClient::with_channel(crate::discovery::async_channel(registry, service));
    let blocking = Blocking {
        client,
        runtime: runtime.handle().clone(),
    };
    check_all(&blocking, &mut checks, !args.skip_uuid);
    check_oneway(&blocking, &mut checks);
    if args.multiplexed {
        let second = SecondServiceAsyncClient::with_channel(crate::discovery::async_channel(
            registry,
            Some(SECOND_SERVICE_NAME),
        ));
        let blocking = Blocking {
            client: second,
            runtime: runtime.handle().clone(),
        };
        check_second_service(&blocking, &mut checks);
    }
    Ok(checks)
}
