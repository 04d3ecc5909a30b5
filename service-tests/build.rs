//! Generates the suite's services (`idl/calculator.thrift`, which
//! includes `idl/shared.thrift`) into `$OUT_DIR`, with the async items and
//! the pooled proxies.

fn main() -> Result<(), thriftgen::Error> {
    thriftgen::Builder::new()
        .include_dir("idl")
        .generate_async(true)
        .generate_pooled(true)
        .compile(&["idl/calculator.thrift"])
}
