//! Generates `echo.thrift` (a copy of `../shared/bench/echo.thrift`, kept
//! here so a bare clone builds) with the async items.

fn main() -> Result<(), thriftgen::Error> {
    thriftgen::Builder::new()
        .generate_async(true)
        .compile(&["echo.thrift"])
}
