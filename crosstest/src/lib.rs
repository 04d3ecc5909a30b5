//! The Rust side of the cross-language test: a ThriftTest server and client
//! built on the code thriftgen generates from Apache's `ThriftTest.thrift`,
//! run against Apache's Python library by `tests/matrix.rs`.
//!
//! The IDL comes from the shared corpus (`../shared` beside the
//! repository). Where it is absent the crate still builds, without the
//! generated code: [`UNAVAILABLE`] says why, the binaries refuse to run and
//! the tests skip, or fail under `CI=true` ([`skip_unavailable`]).

use std::io::Write as _;

pub mod checks;
pub mod cli;
pub mod connection;

#[cfg(not(crosstest_unavailable))]
pub mod async_adapters;
#[cfg(not(crosstest_unavailable))]
pub mod client;
#[cfg(not(crosstest_unavailable))]
pub mod client_calls;
#[cfg(not(crosstest_unavailable))]
pub mod discovery;
#[cfg(not(crosstest_unavailable))]
pub mod handler;
#[cfg(not(crosstest_unavailable))]
pub mod server;

/// The code thriftgen generated from `ThriftTest.thrift` (see `build.rs`).
/// CrazyNesting's nested containers trip clippy's type_complexity, which
/// the generated `mod.rs` does not allow (yet).
#[cfg(not(crosstest_unavailable))]
#[allow(clippy::type_complexity)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

#[cfg(crosstest_unavailable)]
mod unavailable;
#[cfg(crosstest_unavailable)]
pub use unavailable::{client, server};

/// Why this checkout cannot run the cross-test (the shared corpus is not
/// beside the repository), or `None` when it can.
pub const UNAVAILABLE: Option<&str> = option_env!("CROSSTEST_UNAVAILABLE");

/// For tests: `true` when the cross-test cannot run here, after printing
/// why; under `CI=true` that is a failure instead (CI must run it).
pub fn skip_unavailable() -> bool {
    let Some(why) = UNAVAILABLE else {
        return false;
    };
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true but the cross-test cannot run: {why}");
    }
    // Straight to stderr: libtest captures `println!` of passing tests.
    let _ = writeln!(std::io::stderr(), "skipping: {why}");
    true
}

/// Service names a multiplexed server registers and clients address.
pub const SERVICE_NAME: &str = "ThriftTest";
pub const SECOND_SERVICE_NAME: &str = "SecondService";
