//! Code generated from `idl/calculator.thrift` (and `shared.thrift`); the
//! tests in `tests/` run it.

include!(concat!(env!("OUT_DIR"), "/mod.rs"));
