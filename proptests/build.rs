//! Generates thriftgen's code for `idl/roundtrip.thrift` twice: with the
//! default field mapping into `OUT_DIR/thriftgen/`, and with fields of
//! default requiredness as `Option<T>` (`DefaultFields::Optional`) into
//! `OUT_DIR/presence/`.

use std::path::PathBuf;

use thriftgen::DefaultFields;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (dir, fields) in [
        ("thriftgen", DefaultFields::Filled),
        ("presence", DefaultFields::Optional),
    ] {
        thriftgen::Builder::new()
            .out_dir(out.join(dir))
            .default_fields(fields)
            .compile(&["idl/roundtrip.thrift"])
            .unwrap_or_else(|e| panic!("thriftgen failed on idl/roundtrip.thrift:\n{e}"));
    }
}
