//! Generates thriftgen's code for `idl/roundtrip.thrift` into
//! `OUT_DIR/thriftgen/`.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    thriftgen::Builder::new()
        .out_dir(out.join("thriftgen"))
        .compile(&["idl/roundtrip.thrift"])
        .unwrap_or_else(|e| panic!("thriftgen failed on idl/roundtrip.thrift:\n{e}"));
}
