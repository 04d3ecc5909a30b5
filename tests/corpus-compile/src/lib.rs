//! The Rust thriftgen generates for the shared corpus, one module per
//! corpus file (see `build/main.rs` for how files are selected). Building
//! this crate is the test: it compiles only if the generated code does, and
//! `cargo clippy --workspace --all-targets -- -D warnings` fails on any
//! lint in it.

// KNOWN codegen bugs, listed in /work/notes/corpus-compile-failures.md:
// each `allow` goes as soon as the generator stops tripping the lint.
// Nothing else may be added here: the point of this crate is that
// generated code is warning-free.
#![allow(
    unreachable_code,          // empty union: `match *self {}` then more code
    clippy::derivable_impls,   // `impl Default` equal to the derived one
    clippy::redundant_closure, // `unwrap_or_else(|| Vec::new())` for `= []`
    clippy::type_complexity,   // deeply nested IDL container types
    clippy::disallowed_names   // IDL fields named `foo`
)]

include!(concat!(env!("OUT_DIR"), "/all.rs"));
