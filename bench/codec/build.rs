//! Generates both implementations of `../shared/bench/echo.thrift`:
//! thriftgen's into `OUT_DIR/thriftgen/`, Apache's (`thrift --gen rs`,
//! or `$THRIFT`) into `OUT_DIR/apache/`. Nothing generated is committed.
//!
//! Without the workload or Apache's compiler (a user's clone) the crate
//! still builds, empty: `cfg(codec_bench_unavailable)` is set and
//! `CODEC_BENCH_UNAVAILABLE` says why, so the bench says so and the tests
//! skip (or fail under `CI=true`).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(codec_bench_unavailable)");
    println!("cargo:rerun-if-env-changed=THRIFT");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let generated = echo_thrift().and_then(|echo| {
        generate_apache(&echo, &out.join("apache"))?;
        thriftgen::Builder::new()
            .out_dir(out.join("thriftgen"))
            .compile(&[&echo])
            .unwrap_or_else(|e| panic!("thriftgen failed on {}:\n{e}", echo.display()));
        Ok(())
    });
    if let Err(why) = generated {
        println!("cargo::rustc-cfg=codec_bench_unavailable");
        println!("cargo::rustc-env=CODEC_BENCH_UNAVAILABLE={why}");
    }
}

/// The standard workload's IDL, from `../shared` beside the repository.
fn echo_thrift() -> Result<PathBuf, String> {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let echo = manifest.join("../../../shared/bench/echo.thrift");
    println!("cargo:rerun-if-changed={}", echo.display());
    match echo.is_file() {
        true => Ok(echo),
        false => Err(format!(
            "thriftgen-codec-bench needs the standard workload at {}: \
             check out the shared data beside the repository (../shared)",
            echo.display()
        )),
    }
}

/// Runs Apache's compiler and makes its output `include!`-able: inner
/// attributes (`#![allow(..)]`) are only legal at the top of a real file,
/// so they are dropped here and re-stated on the `mod` item in lib.rs.
fn generate_apache(echo: &Path, out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).unwrap_or_else(|e| panic!("creating {}: {e}", out.display()));
    let thrift = std::env::var("THRIFT").unwrap_or_else(|_| "thrift".to_owned());
    let status = Command::new(&thrift)
        .args(["--gen", "rs", "-out"])
        .arg(out)
        .arg(echo)
        .status()
        .map_err(|e| {
            format!(
                "thriftgen-codec-bench needs Apache's `thrift` compiler (0.17+) on PATH \
                 to generate the code it compares against (`{thrift}`: {e}); \
                 install it, e.g. `apt-get install thrift-compiler`"
            )
        })?;
    if !status.success() {
        panic!("`{thrift} --gen rs {}` failed: {status}", echo.display());
    }
    let file = out.join("echo.rs");
    let code = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
    let includable: String = code
        .lines()
        .filter(|line| !line.starts_with("#!["))
        .map(|line| format!("{line}\n"))
        .collect();
    std::fs::write(&file, includable).unwrap_or_else(|e| panic!("writing {}: {e}", file.display()));
    Ok(())
}
