//! The Rust thriftgen generates for the shared corpus, one module per
//! corpus file (see `build/main.rs` for how files are selected). Building
//! this crate is the test: it compiles only if the generated code does, and
//! `cargo clippy --workspace --all-targets -- -D warnings` fails on any
//! lint in it.

// Nothing may be allowed here: the point of this crate is that generated
// code is warning-free.

include!(concat!(env!("OUT_DIR"), "/all.rs"));
