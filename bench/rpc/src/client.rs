//! `rpc-client --port P --callers N --seconds S --warmup W [--msg-bytes B]`:
//! N concurrent callers share one pipelined connection to `rpc-server`,
//! each with one `echo` call in flight at a time and every reply checked.
//! Calls that start and end within the S seconds after the W-second
//! warm-up are counted. The last line printed is
//! `calls_per_sec=<float> p50_us=<float> p99_us=<float> errors=<int>`;
//! the exit status is non-zero if any call failed.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::generated::echo::{EchoAsyncClient, EchoAsyncIface};
use crate::{ClientArgs, Summary};
use clap::Parser;
use thriftgen_runtime::nonblocking::ClientConfig;

/// The command.
pub fn main() -> ExitCode {
    let args = ClientArgs::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("rpc-client: cannot start tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&args)) {
        Ok((latencies, errors)) => {
            let mut summary = Summary::new(args.seconds);
            summary.add(latencies, errors);
            summary.print()
        }
        Err(e) => {
            eprintln!("rpc-client: {e}");
            Summary::failed().print()
        }
    }
}

/// The latencies (µs) of the counted calls, and how many calls failed.
async fn run(args: &ClientArgs) -> Result<(Vec<f64>, usize), String> {
    let config = ClientConfig::default().call_timeout(Some(Duration::from_secs(10)));
    let client = EchoAsyncClient::connect(("127.0.0.1", args.port), &config)
        .await
        .map_err(|e| format!("cannot connect to 127.0.0.1:{}: {e}", args.port))?;
    let start = Instant::now();
    let window_start = start + Duration::from_secs_f64(args.warmup);
    let window_end = window_start + Duration::from_secs_f64(args.seconds);
    let msg: String = "x".repeat(args.msg_bytes);
    let mut callers = tokio::task::JoinSet::new();
    for _ in 0..args.callers.max(1) {
        let (client, msg) = (client.clone(), msg.clone());
        callers.spawn(async move {
            let mut latencies = Vec::new();
            let mut errors = 0;
            loop {
                let began = Instant::now();
                if began >= window_end {
                    break;
                }
                match client.echo(msg.clone()).await {
                    Ok(reply) if reply == msg => {}
                    _ => errors += 1,
                }
                let ended = Instant::now();
                if began >= window_start && ended <= window_end {
                    latencies.push((ended - began).as_secs_f64() * 1e6);
                }
            }
            (latencies, errors)
        });
    }
    let mut all = Vec::new();
    let mut errors = 0;
    while let Some(done) = callers.join_next().await {
        let (latencies, failed) = done.map_err(|e| format!("a caller failed: {e}"))?;
        all.extend(latencies);
        errors += failed;
    }
    Ok((all, errors))
}
