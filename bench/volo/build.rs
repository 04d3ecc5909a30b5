//! Generates volo's code for the standard workload
//! (`../shared/bench/echo.thrift` beside the repository) into
//! `OUT_DIR/volo_gen.rs` with volo-build's defaults.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let echo = manifest.join("../../../shared/bench/echo.thrift");
    println!("cargo:rerun-if-changed={}", echo.display());
    assert!(
        echo.is_file(),
        "thriftgen-volo-bench needs the standard workload at {}: \
         check out the shared data beside the repository (../shared)",
        echo.display()
    );
    volo_build::Builder::thrift()
        .add_service(&echo)
        .ignore_unused(false)
        .write()
        .expect("volo-build generates the echo service");
}
