//! Generates the suite's services (`idl/calculator.thrift`, which
//! includes `idl/shared.thrift`) into `$OUT_DIR`.

fn main() -> Result<(), thriftgen::Error> {
    thriftgen::Builder::new()
        .include_dir("idl")
        .compile(&["idl/calculator.thrift"])
}
