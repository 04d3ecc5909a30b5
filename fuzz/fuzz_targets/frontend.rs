//! Arbitrary bytes as a `.thrift` file through the whole pipeline
//! (load and parse, resolve, generate). Any panic, hang or runaway memory
//! use is a bug; diagnostics are the expected outcome for junk.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// The pipeline reads files from disk, so each input is written to one
/// file in a per-process scratch directory (includes of it resolve there).
fn input_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("thriftgen-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create fuzz scratch directory");
        dir.join("input.thrift")
    })
}

fuzz_target!(|data: &[u8]| {
    let path = input_path();
    std::fs::write(path, data).expect("write fuzz input");
    let compilation = thriftgen::compile(&thriftgen::Options {
        inputs: vec![path.clone()],
        ..thriftgen::Options::default()
    });
    // Rendering walks every span: a span outside its file would panic here.
    let _ = compilation.render_diagnostics(false);
    assert!(
        compilation.files.is_none() || !compilation.has_errors(),
        "files generated despite errors"
    );
});
