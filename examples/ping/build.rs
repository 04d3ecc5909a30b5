//! Generates the ping service from `idl/ping.thrift` into `$OUT_DIR`.
//! Cargo runs build scripts in the package's directory, so paths are
//! relative to this manifest.

fn main() -> Result<(), thriftgen::Error> {
    thriftgen::Builder::new().compile(&["../../idl/ping.thrift"])
}
