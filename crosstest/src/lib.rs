//! The Rust side of the cross-language test: a ThriftTest server and client
//! built on the code thriftgen generates from Apache's `ThriftTest.thrift`,
//! run against Apache's Python library by `tests/matrix.rs`.

pub mod checks;
pub mod cli;
pub mod client_calls;
pub mod connection;
pub mod handler;
pub mod server;

/// The code thriftgen generated from `ThriftTest.thrift` (see `build.rs`).
/// CrazyNesting's nested containers trip clippy's type_complexity, which
/// the generated `mod.rs` does not allow (yet).
#[allow(clippy::type_complexity)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

/// Service names a multiplexed server registers and clients address.
pub const SERVICE_NAME: &str = "ThriftTest";
pub const SECOND_SERVICE_NAME: &str = "SecondService";
