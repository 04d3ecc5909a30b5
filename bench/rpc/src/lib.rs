//! The standard RPC workload's thriftgen side (`../shared/bench/README.md`):
//! `rpc-server` serves `echo.thrift`'s `Echo` with the async server,
//! `rpc-client` drives it with N concurrent callers over one pipelined
//! connection, framed strict binary on 127.0.0.1.
//!
//! The IDL is the workload's own (`../shared/bench/echo.thrift`, read in
//! place). Without `../shared` the crate builds without it: the binaries
//! say why ([`UNAVAILABLE`]) and exit 2, and the tests skip (fail under
//! `CI=true`).

#[cfg(not(rpc_bench_unavailable))]
pub mod batch;
#[cfg(not(rpc_bench_unavailable))]
pub mod client;
#[cfg(not(rpc_bench_unavailable))]
pub mod server;
#[cfg(not(rpc_bench_unavailable))]
pub mod sync;

#[cfg(not(rpc_bench_unavailable))]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

/// Why this checkout cannot build the benchmark binaries (no
/// `../shared/bench/echo.thrift` beside the repository), or `None`.
pub const UNAVAILABLE: Option<&str> = option_env!("RPC_BENCH_UNAVAILABLE");

/// The binaries' stand-in when [`UNAVAILABLE`]: says why, exit status 2.
pub fn refuse(command: &str) -> std::process::ExitCode {
    eprintln!(
        "{command}: not built with the echo service: {}",
        UNAVAILABLE.unwrap_or("unknown reason")
    );
    std::process::ExitCode::from(2)
}

/// The clients' common command line:
/// `--port P --callers N --seconds S --warmup W [--msg-bytes B]`.
#[derive(clap::Parser, Debug, Clone)]
pub struct ClientArgs {
    #[arg(long)]
    pub port: u16,
    #[arg(long, default_value_t = 1)]
    pub callers: usize,
    #[arg(long, default_value_t = 10.0)]
    pub seconds: f64,
    #[arg(long, default_value_t = 1.0)]
    pub warmup: f64,
    #[arg(long, default_value_t = 1024)]
    pub msg_bytes: usize,
}

/// What a client run measured: the latencies (µs) of the calls counted
/// and how many calls failed; [`Summary::print`] prints the summary line
/// `calls_per_sec=<float> p50_us=<float> p99_us=<float> errors=<int>`.
#[derive(Debug, Default)]
pub struct Summary {
    seconds: f64,
    latencies: Vec<f64>,
    errors: usize,
}

impl Summary {
    pub fn new(seconds: f64) -> Self {
        Summary {
            seconds,
            ..Summary::default()
        }
    }

    /// A run that could not start: one error, no calls.
    pub fn failed() -> Self {
        Summary {
            errors: 1,
            ..Summary::default()
        }
    }

    pub fn add(&mut self, latencies: Vec<f64>, errors: usize) {
        self.latencies.extend(latencies);
        self.errors += errors;
    }

    /// Prints the summary line; the exit status fails if any call did.
    pub fn print(mut self) -> std::process::ExitCode {
        self.latencies.sort_by(f64::total_cmp);
        let rate = match self.seconds > 0.0 {
            true => self.latencies.len() as f64 / self.seconds,
            false => 0.0,
        };
        println!(
            "calls_per_sec={rate:.1} p50_us={:.1} p99_us={:.1} errors={}",
            percentile(&self.latencies, 0.5),
            percentile(&self.latencies, 0.99),
            self.errors,
        );
        match self.errors {
            0 => std::process::ExitCode::SUCCESS,
            _ => std::process::ExitCode::FAILURE,
        }
    }
}

/// Latency percentile `p` (0..=1) of `sorted` microsecond samples.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_ranks() {
        let samples: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&samples, 0.5), 51.0);
        assert_eq!(percentile(&samples, 0.99), 99.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
