//! Generates thriftgen's code for `idl/roundtrip.thrift` into
//! `OUT_DIR/thriftgen/`.

#[path = "build/generate.rs"]
mod generate;

fn main() {
    let idl = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("idl/roundtrip.thrift");
    generate::generate_thriftgen(&[idl], "thriftgen");
}
