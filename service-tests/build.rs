//! Generates the suite's services into `OUT_DIR` with the library API.
//! (The `Builder` will replace this once it exists.)

use std::path::PathBuf;

fn main() {
    let idl = PathBuf::from("idl");
    println!("cargo:rerun-if-changed=idl");
    let compilation = thriftgen::compile(&thriftgen::Options {
        inputs: vec![idl.join("calculator.thrift")],
        include_dirs: vec![idl],
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
