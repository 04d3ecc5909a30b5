//! A crate whose Thrift code is generated at build time by `build.rs`.

/// Everything generated from `idl/ping.thrift`: `generated::ping`.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
