//! thriftgen's generated code for `idl/roundtrip.thrift`, and proptest
//! strategies for its types. The properties are in `tests/`: round trips
//! in both protocols, unknown enum values and fields, malformed input.

pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/thriftgen/mod.rs"));
}

/// The same IDL generated with `DefaultFields::Optional`: fields of
/// default requiredness are `Option<T>` and absent ones stay absent.
pub mod presence {
    include!(concat!(env!("OUT_DIR"), "/presence/mod.rs"));
}

pub mod codecs;
pub mod strategies;

/// Encoding and decoding in either protocol over memory, shared with the
/// codec benchmark.
#[path = "../../bench/codec/src/codec.rs"]
pub mod wire;

pub use generated::roundtrip;
