//! The pooled proxies on the standard echo workload
//! (`../shared/bench/echo.thrift`, read in place): the code generated
//! for it, and an in-process echo server. `benches/pool_compare.rs`
//! drives them. Without `../shared` the crate builds empty
//! ([`UNAVAILABLE`] says why).

#[cfg(not(pool_bench_unavailable))]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

#[cfg(not(pool_bench_unavailable))]
pub mod server;

/// Why this checkout cannot build the benchmark (no
/// `../shared/bench/echo.thrift` beside the repository), or `None`.
pub const UNAVAILABLE: Option<&str> = option_env!("POOL_BENCH_UNAVAILABLE");
