//! The standard RPC workload's thriftgen side (`../shared/bench/README.md`):
//! `rpc-server` serves `echo.thrift`'s `Echo` with the async server,
//! `rpc-client` drives it with N concurrent callers over one pipelined
//! connection, framed strict binary on 127.0.0.1.

pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
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
