//! The codec benchmark's subjects: thriftgen's and Apache's code generated
//! from the standard workload (`../shared/bench/echo.thrift`), the
//! workload's `Payload` built for each, and one way to encode and decode
//! shared by both so they are measured the same.
//!
//! Run the benchmark with `cargo bench -p thriftgen-codec-bench`.

pub mod codec;
pub mod fixture;

/// thriftgen's code for `echo.thrift` (`thriftgen_echo::echo::Payload`).
pub mod thriftgen_echo {
    include!(concat!(env!("OUT_DIR"), "/thriftgen/mod.rs"));
}

/// Apache's code for `echo.thrift` (`thrift --gen rs`), with the inner
/// attributes the build script removed stated here.
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
