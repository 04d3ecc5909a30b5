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
pub mod client;
#[cfg(not(rpc_bench_unavailable))]
pub mod server;

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
