//! `batch-bench [--rounds R]`: how long a batch of 10 delayed calls takes
//! against its slowest call. An async server in this process (its own
//! thread and current-thread runtime) answers `echo("delay:<ms>")` after
//! sleeping that long; the client sends batches of 10 calls with delays
//! 5, 10, …, 50 ms (rotated each round) in one write on one connection,
//! and also times the slowest call (50 ms) alone. Prints per-round
//! medians and the worst round, and as its last line
//! `batch_ms=<median> slowest_alone_ms=<median> ratio=<median> ratio_max=<float> errors=<int>`
//! where `ratio` is a round's batch time over the slowest call alone.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::generated::echo::{EchoAsyncClient, EchoAsyncIface, EchoAsyncProcessor, Payload};
use clap::Parser;
use thriftgen_runtime::CallError;
use thriftgen_runtime::nonblocking::{ClientConfig, Server, ServerConfig, Shutdown, async_trait};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 20)]
    rounds: usize,
}

const DELAYS_MS: [u64; 10] = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50];

struct Delayed;

#[async_trait]
impl EchoAsyncIface for Delayed {
    async fn echo(&self, msg: String) -> Result<String, CallError> {
        if let Some(ms) = msg.strip_prefix("delay:").and_then(|ms| ms.parse().ok()) {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        Ok(msg)
    }

    async fn roundtrip(&self, p: Payload) -> Result<Payload, CallError> {
        Ok(p)
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    crate::percentile(values, 0.5)
}

/// The command.
pub fn main() -> ExitCode {
    let args = Args::parse();
    let listener = match std::net::TcpListener::bind(("127.0.0.1", 0)) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("batch-bench: cannot listen: {e}");
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    let _ = listener.set_nonblocking(true);
    let shutdown = Shutdown::new();
    let stop = shutdown.clone();
    let server = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            Server::new(ServerConfig::default(), EchoAsyncProcessor::new(Delayed))
                .serve(listener, stop)
                .await
        })
    });
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("batch-bench: cannot start tokio: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = runtime.block_on(run(port, args.rounds.max(1)));
    shutdown.trigger();
    let _ = server.join();
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("batch-bench: {e}");
            println!("batch_ms=0 slowest_alone_ms=0 ratio=0 ratio_max=0 errors=1");
            ExitCode::FAILURE
        }
    }
}

async fn run(port: u16, rounds: usize) -> Result<ExitCode, String> {
    let client = EchoAsyncClient::connect(("127.0.0.1", port), &ClientConfig::default())
        .await
        .map_err(|e| format!("cannot connect: {e}"))?;
    let slowest = *DELAYS_MS.iter().max().unwrap_or(&0);
    let mut errors = 0;
    let (mut batches, mut alone, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let began = Instant::now();
        match client.echo(format!("delay:{slowest}")).await {
            Ok(_) => {}
            Err(_) => errors += 1,
        }
        let single = began.elapsed().as_secs_f64() * 1e3;

        let mut batch = client.batch();
        let replies: Vec<_> = (0..DELAYS_MS.len())
            .map(|i| {
                let ms = DELAYS_MS[(i + round) % DELAYS_MS.len()];
                (format!("delay:{ms}"), batch.echo(format!("delay:{ms}")))
            })
            .collect();
        let began = Instant::now();
        batch.send();
        for (sent, reply) in replies {
            match reply.await {
                Ok(got) if got == sent => {}
                _ => errors += 1,
            }
        }
        let total = began.elapsed().as_secs_f64() * 1e3;
        batches.push(total);
        alone.push(single);
        ratios.push(total / single);
    }
    let worst = ratios.iter().copied().fold(0.0, f64::max);
    let sum: u64 = DELAYS_MS.iter().sum();
    println!(
        "batch of {} calls with delays 5..=50 ms (sum {sum} ms), {rounds} rounds",
        DELAYS_MS.len()
    );
    println!(
        "batch_ms={:.2} slowest_alone_ms={:.2} ratio={:.3} ratio_max={worst:.3} errors={errors}",
        median(&mut batches),
        median(&mut alone),
        median(&mut ratios),
    );
    Ok(match errors {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}
