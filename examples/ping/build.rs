//! Generates the ping service from `idl/ping.thrift` into `OUT_DIR`.
//! (To become `thriftgen::Builder` once it lands.)

use std::path::PathBuf;

fn main() {
    let idl = PathBuf::from("../../idl/ping.thrift");
    println!("cargo:rerun-if-changed={}", idl.display());
    let compilation = thriftgen::compile(&thriftgen::Options {
        inputs: vec![idl],
        include_dirs: Vec::new(),
        layout: thriftgen::ModuleLayout::Include,
    });
    let Some(files) = compilation.files.as_ref() else {
        panic!("{}", compilation.render_diagnostics(false));
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for file in files {
        std::fs::write(out.join(&file.name), &file.contents).expect("OUT_DIR is writable");
    }
}
