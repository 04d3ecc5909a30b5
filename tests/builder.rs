//! `thriftgen::Builder`, the build.rs API, through its public surface.
//! These need the whole pipeline (parser, resolver, codegen).

use std::fs;
use std::path::Path;

fn ping_idl() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("idl/ping.thrift")
}

#[test]
fn writes_an_include_layout_into_the_out_dir() {
    let out = tempfile::tempdir().unwrap();
    thriftgen::Builder::new()
        .out_dir(out.path())
        .emit_rerun_if_changed(false)
        .compile(&[ping_idl()])
        .unwrap();
    let mod_rs = fs::read_to_string(out.path().join("mod.rs")).unwrap();
    assert!(mod_rs.contains("include!(\"ping.rs\")"), "{mod_rs}");
    let ping_rs = fs::read_to_string(out.path().join("ping.rs")).unwrap();
    assert!(ping_rs.contains("RemotePingService"), "{ping_rs}");
    // include! rejects inner attributes and inner doc comments.
    assert!(!ping_rs.contains("#!["), "{ping_rs}");
    assert!(!ping_rs.contains("//!"), "{ping_rs}");
}

#[test]
fn an_input_error_is_returned_rendered_without_color_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.thrift");
    fs::write(&bad, "struct Point {\n  1: Missing x\n}\n").unwrap();
    let out = tmp.path().join("out");

    let error = thriftgen::Builder::new()
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .compile(&[&bad])
        .unwrap_err()
        .to_string();
    assert!(error.contains("bad.thrift:2:6"), "{error}");
    assert!(error.contains('^'), "{error}");
    assert!(!error.contains('\u{1b}'), "no ANSI escapes: {error:?}");
    assert!(!out.exists());
}
