//! Generates the suite's services (`idl/calculator.thrift`, which
//! includes `idl/shared.thrift`) into `$OUT_DIR`, with the async items.

fn main() -> Result<(), thriftgen::Error> {
    thriftgen::Builder::new()
        .include_dir("idl")
        .generate_async(true)
        .compile(&["idl/calculator.thrift"])
}
