//! volo-thrift's side of the standard RPC workload
//! (`../shared/bench/README.md`): `volo-server --port P [--multiplex]`
//! and `volo-client --port P --callers N --seconds S --warmup W
//! [--msg-bytes B] [--multiplex]`, with the command line and summary line
//! of bench/rpc's `rpc-server` / `rpc-client`. Framed binary
//! (`DefaultMakeCodec::framed()`), current-thread tokio runtimes.
//! Without `--multiplex` the client is volo's default pooled client (a
//! connection per call in flight, returned to the pool after the reply);
//! with it, volo's multiplexed client (every call on one connection),
//! which needs the server's `--multiplex` too.

// volo-build's output is `pub mod volo_gen { … }`.
include!(concat!(env!("OUT_DIR"), "/volo_gen.rs"));

/// The parsed command line: `--name value` pairs and bare flags.
pub struct Args(Vec<String>);

impl Args {
    pub fn from_env() -> Args {
        Args(std::env::args().skip(1).collect())
    }

    pub fn flag(&self, name: &str) -> bool {
        self.0.iter().any(|a| a == name)
    }

    /// The value after `name`, parsed, or `default`; exits with status 2
    /// on a value that does not parse.
    pub fn value<T: std::str::FromStr>(&self, name: &str, default: Option<T>) -> T {
        let found = self
            .0
            .iter()
            .position(|a| a == name)
            .and_then(|i| self.0.get(i + 1));
        match (found.map(|v| v.parse::<T>()), default) {
            (Some(Ok(v)), _) => v,
            (None, Some(d)) => d,
            _ => {
                eprintln!("{name}: missing or invalid value");
                std::process::exit(2)
            }
        }
    }
}

/// Latency percentile `p` (0..=1) of `sorted` samples.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}
