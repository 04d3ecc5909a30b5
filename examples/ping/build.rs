//! Generates the ping service from `idl/ping.thrift` into `$OUT_DIR`.
//! Cargo runs build scripts in the package's directory, so paths are
//! relative to this manifest.

fn main() -> Result<(), thriftgen::Error> {
    // With the async items, for the async server and client, and the
    // pooled proxies, for the pooled client.
    thriftgen::Builder::new()
        .generate_async(true)
        .generate_pooled(true)
        .compile(&["../../idl/ping.thrift"])
}
