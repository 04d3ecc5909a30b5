//! Generates both implementations of `../shared/bench/echo.thrift`:
//! thriftgen's into `OUT_DIR/thriftgen/`, Apache's (`thrift --gen rs`)
//! into `OUT_DIR/apache/`. Nothing generated is committed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let echo = echo_thrift();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    thriftgen::Builder::new()
        .out_dir(out.join("thriftgen"))
        .compile(&[&echo])
        .unwrap_or_else(|e| panic!("thriftgen failed on {}:\n{e}", echo.display()));
    generate_apache(&echo, &out.join("apache"));
}

/// The standard workload's IDL, from `../shared` beside the repository.
fn echo_thrift() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let echo = manifest.join("../../../shared/bench/echo.thrift");
    if !echo.is_file() {
        panic!(
            "thriftgen-codec-bench needs the standard workload at {}: \
             check out the shared data beside the repository (../shared)",
            echo.display()
        );
    }
    echo
}

/// Runs Apache's compiler and makes its output `include!`-able: inner
/// attributes (`#![allow(..)]`) are only legal at the top of a real file,
/// so they are dropped here and re-stated on the `mod` item in lib.rs.
fn generate_apache(echo: &Path, out: &Path) {
    std::fs::create_dir_all(out).unwrap_or_else(|e| panic!("creating {}: {e}", out.display()));
    let status = Command::new("thrift")
        .args(["--gen", "rs", "-out"])
        .arg(out)
        .arg(echo)
        .status()
        .unwrap_or_else(|e| {
            panic!(
                "thriftgen-codec-bench needs Apache's `thrift` compiler (0.17+) on PATH \
                 to generate the code it compares against ({e}); \
                 install it, e.g. `apt-get install thrift-compiler`"
            )
        });
    if !status.success() {
        panic!("`thrift --gen rs {}` failed: {status}", echo.display());
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
}
