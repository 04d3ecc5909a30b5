//! The codec benchmark's subjects: thriftgen's and Apache's code generated
//! from the standard workload (`../shared/bench/echo.thrift`), the
//! workload's `Payload` built for each, and one way to encode and decode
//! shared by both so they are measured the same.
//!
//! [`harness`] measures [`stacks`] alternating in one process (and
//! `bench/pilota`, outside the workspace, adds pilota to them).
//!
//! Run the benchmark with `cargo bench -p thriftgen-codec-bench`.
//!
//! Without `../shared` or Apache's compiler the crate builds without its
//! subjects ([`UNAVAILABLE`] says why).

pub mod codec;
#[cfg(not(codec_bench_unavailable))]
pub mod fixture;
#[cfg(not(codec_bench_unavailable))]
pub mod harness;
#[cfg(not(codec_bench_unavailable))]
pub mod stacks;

/// Why this checkout cannot build the benchmark's subjects (no
/// `../shared/bench/echo.thrift`, or no Apache `thrift` compiler), or
/// `None` when it can.
pub const UNAVAILABLE: Option<&str> = option_env!("CODEC_BENCH_UNAVAILABLE");

/// thriftgen's code for `echo.thrift` (`thriftgen_echo::echo::Payload`).
#[cfg(not(codec_bench_unavailable))]
pub mod thriftgen_echo {
    include!(concat!(env!("OUT_DIR"), "/thriftgen/mod.rs"));
}

/// Apache's code for `echo.thrift` (`thrift --gen rs`), with the inner
/// attributes the build script removed stated here.
#[cfg(not(codec_bench_unavailable))]
#[allow(
    unused_imports,
    unused_extern_crates,
    dead_code,
    clippy::all,
    clippy::pedantic
)]
pub mod apache_echo {
    include!(concat!(env!("OUT_DIR"), "/apache/echo.rs"));
}
