//! Generates Rust for the repository's example IDL into `$OUT_DIR`.
//! Cargo runs build scripts in the package's directory, so paths are
//! relative to this manifest.

fn main() -> Result<(), thriftgen::Error> {
    thriftgen::Builder::new()
        .include_dir("../../idl")
        .compile(&["../../idl/ping.thrift"])
}
