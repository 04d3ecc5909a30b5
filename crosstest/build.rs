//! Generates the ThriftTest code into OUT_DIR with thriftgen itself, so the
//! cross-test always exercises the generator of this very checkout.
//!
//! The IDL comes from the shared corpus beside the repository. Without it
//! (a user's clone) the crate still builds: `cfg(crosstest_unavailable)` is
//! set and `CROSSTEST_UNAVAILABLE` says why, so the binaries refuse to run
//! and the tests skip (or fail under `CI=true`).

use std::path::{Path, PathBuf};
use std::process::exit;

/// Relative to this crate: the shared corpus sits next to the repository root.
const IDL: &str = "../../shared/corpus/thrift/test/ThriftTest.thrift";

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let idl = manifest_dir.join(IDL);
    println!("cargo::rustc-check-cfg=cfg(crosstest_unavailable)");
    println!("cargo:rerun-if-changed={}", idl.display());
    if !idl.is_file() {
        let why = format!(
            "crosstest needs the shared corpus: {} does not exist \
             (check out the shared data at ../shared beside the repository root)",
            idl.display()
        );
        println!("cargo::rustc-cfg=crosstest_unavailable");
        println!("cargo::rustc-env=CROSSTEST_UNAVAILABLE={why}");
        return;
    }
    let compilation = thriftgen::compile(&thriftgen::Options {
        inputs: vec![idl],
        include_dirs: Vec::new(),
        layout: thriftgen::ModuleLayout::Include,
        // The async items and pooled proxies are compiled here too (a
        // large IDL).
        codegen: thriftgen::CodegenOptions {
            generate_async: true,
            generate_pooled: true,
            ..Default::default()
        },
    });
    for (_, file) in compilation.sources.files() {
        println!("cargo:rerun-if-changed={}", file.path.display());
    }
    if compilation.has_errors() {
        fail(&compilation.render_diagnostics(false));
    }
    let Some(files) = compilation.files else {
        fail("thriftgen reported no error but generated no files");
    };
    for file in files {
        write(&out_dir.join(&file.name), &file.contents);
    }
}

fn write(path: &Path, contents: &str) {
    if let Err(error) = std::fs::write(path, contents) {
        fail(&format!("cannot write {}: {error}", path.display()));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    exit(1);
}
