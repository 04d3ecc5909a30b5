// Shared by the build scripts of `thriftgen-roundtrip` and
// `thriftgen-codec-bench` (via `#[path]`): runs thriftgen on IDL files and
// writes the result, laid out for `include!`, under OUT_DIR.

use std::path::{Path, PathBuf};

/// Compiles `inputs` with thriftgen into `OUT_DIR/<subdir>/` and returns
/// that directory. Panics with the rendered diagnostics on a compile
/// error: in a build script that is how a failure is reported.
pub fn generate_thriftgen(inputs: &[PathBuf], subdir: &str) -> PathBuf {
    for input in inputs {
        println!("cargo:rerun-if-changed={}", input.display());
    }
    let options = thriftgen::Options {
        inputs: inputs.to_vec(),
        include_dirs: Vec::new(),
        layout: thriftgen::ModuleLayout::Include,
    };
    let compilation = thriftgen::compile(&options);
    let rendered = compilation.render_diagnostics(false);
    let Some(files) = compilation.files else {
        panic!("thriftgen failed on {inputs:?}:\n{rendered}");
    };
    let out = out_dir().join(subdir);
    write_files(
        &out,
        files.iter().map(|f| (f.name.as_str(), f.contents.as_str())),
    );
    out
}

/// `OUT_DIR`, which Cargo always sets for build scripts.
pub fn out_dir() -> PathBuf {
    PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts"))
}

fn write_files<'a>(dir: &Path, files: impl Iterator<Item = (&'a str, &'a str)>) {
    // Start clean so a file no longer generated cannot linger.
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("creating {}: {e}", dir.display()));
    for (name, contents) in files {
        let path = dir.join(name);
        std::fs::write(&path, contents)
            .unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }
}
