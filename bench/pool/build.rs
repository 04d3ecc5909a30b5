//! Generates the standard workload's `../shared/bench/echo.thrift` (read
//! in place, never copied) with the async items and pooled proxies.
//! Without it (a bare clone) the crate builds without the generated code:
//! `cfg(pool_bench_unavailable)` and `POOL_BENCH_UNAVAILABLE` say why.

use std::path::PathBuf;

fn main() -> Result<(), thriftgen::Error> {
    println!("cargo::rustc-check-cfg=cfg(pool_bench_unavailable)");
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let echo = manifest.join("../../../shared/bench/echo.thrift");
    println!("cargo:rerun-if-changed={}", echo.display());
    if !echo.is_file() {
        println!("cargo::rustc-cfg=pool_bench_unavailable");
        println!(
            "cargo::rustc-env=POOL_BENCH_UNAVAILABLE=thriftgen-pool-bench needs the standard \
             workload at {}: check out the shared data beside the repository (../shared)",
            echo.display()
        );
        return Ok(());
    }
    thriftgen::Builder::new()
        .generate_async(true)
        .generate_pooled(true)
        .compile(&[&echo])
}
