//! Generates pilota's code for the standard workload
//! (`../shared/bench/echo.thrift` beside the repository) into
//! `OUT_DIR/echo.rs`, with pilota-build's defaults (what volo users get).

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let echo = manifest.join("../../../shared/bench/echo.thrift");
    println!("cargo:rerun-if-changed={}", echo.display());
    assert!(
        echo.is_file(),
        "thriftgen-pilota-bench needs the standard workload at {}: \
         check out the shared data beside the repository (../shared)",
        echo.display()
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    pilota_build::Builder::thrift()
        .ignore_unused(false)
        .compile([&echo], pilota_build::Output::File(out.join("echo.rs")));
}
