use std::fs;

use super::*;
use crate::Diagnostic;
use crate::source::{SourceMap, Span};

fn compilation_with(diagnostics: Vec<Diagnostic>, sources: SourceMap) -> Compilation {
    Compilation {
        sources,
        diagnostics,
        files: None,
    }
}

#[test]
fn out_dir_prefers_the_explicit_directory_then_the_environment() {
    let explicit = out_dir(Some(Path::new("mine")), Some("env".into())).unwrap();
    assert_eq!(explicit, PathBuf::from("mine"));
    assert_eq!(
        out_dir(None, Some("env".into())).unwrap(),
        PathBuf::from("env")
    );
    for unset in [None, Some(OsString::new())] {
        let error = out_dir(None, unset).unwrap_err();
        assert!(error.to_string().contains("OUT_DIR"), "{error}");
    }
}

#[test]
fn directives_name_every_input_and_read_file_once_and_turn_warnings_into_lines() {
    let mut sources = SourceMap::new();
    let text = "struct A {\n  1: i32 x\n}\n";
    let a = sources.add("/idl/a.thrift".into(), "a.thrift".into(), text.into());
    sources.add("/idl/b.thrift".into(), "b.thrift".into(), String::new());
    let warning =
        Diagnostic::warning(Span::new(a, 15, 18), "field x has no requiredness").with_label("here");
    let compilation = compilation_with(vec![warning], sources);
    let inputs = [PathBuf::from("/idl/a.thrift")];

    let text = directives(&inputs, &compilation, true);
    let rerun: Vec<&str> = text.lines().filter(|l| l.contains("rerun")).collect();
    assert_eq!(
        rerun,
        [
            "cargo:rerun-if-changed=/idl/a.thrift",
            "cargo:rerun-if-changed=/idl/b.thrift"
        ]
    );
    let warnings: Vec<&str> = text.lines().filter(|l| l.contains("warning=")).collect();
    assert!(warnings.iter().all(|l| l.starts_with("cargo:warning=")));
    assert!(
        warnings[0].contains("field x has no requiredness"),
        "{text}"
    );
    assert!(warnings.iter().any(|l| l.contains("a.thrift:2:")), "{text}");
    assert!(!directives(&inputs, &compilation, false).contains("rerun"));
}

#[test]
fn directives_leave_errors_to_the_returned_error() {
    let mut sources = SourceMap::new();
    let a = sources.add("a.thrift".into(), "a.thrift".into(), "oops\n".into());
    let error = Diagnostic::error(Span::new(a, 0, 4), "expected a definition");
    let text = directives(&[], &compilation_with(vec![error], sources), true);
    assert_eq!(text, "cargo:rerun-if-changed=a.thrift\n");
}

#[test]
fn error_debug_is_the_rendered_text() {
    let error = Error::new("error: bad\n --> a.thrift:1:1\n");
    assert_eq!(format!("{error:?}"), "error: bad\n --> a.thrift:1:1\n");
    assert_eq!(error.to_string(), format!("{error:?}"));
}

// Needs the parser and resolver (`resolve::load` reads includes).
#[test]
fn compile_reruns_on_every_included_file() {
    let tmp = tempfile::tempdir().unwrap();
    let idl = tmp.path().join("idl");
    fs::create_dir(&idl).unwrap();
    fs::write(
        idl.join("shared.thrift"),
        "struct Shared {\n  1: i32 id\n}\n",
    )
    .unwrap();
    let main = "include \"shared.thrift\"\nstruct Main {\n  1: shared.Shared s\n}\n";
    fs::write(idl.join("main.thrift"), main).unwrap();
    let out = tmp.path().join("out");
    let mut cargo = Vec::new();

    Builder::new()
        .out_dir(&out)
        .compile_reporting_to(&[idl.join("main.thrift")], &mut cargo, &Rustfmt::default())
        .unwrap();
    let cargo = String::from_utf8(cargo).unwrap();
    let watched: Vec<&Path> = cargo
        .lines()
        .filter_map(|l| l.strip_prefix("cargo:rerun-if-changed="))
        .map(Path::new)
        .collect();
    for file in ["main.thrift", "shared.thrift"] {
        let found = watched
            .iter()
            .any(|p| p.file_name() == Some(file.as_ref()) && p.is_file());
        assert!(found, "{file} not watched in:\n{cargo}");
    }
    assert!(out.join("mod.rs").is_file());
}

#[test]
fn directives_name_an_input_reached_two_ways_once() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a.thrift");
    fs::write(&file, "").unwrap();
    let canonical = file.canonicalize().unwrap();
    let mut sources = SourceMap::new();
    sources.add(canonical.clone(), "a.thrift".into(), String::new());
    let roundabout = tmp.path().join(".").join("a.thrift");

    let text = directives(&[roundabout], &compilation_with(vec![], sources), true);
    assert_eq!(
        text,
        format!("cargo:rerun-if-changed={}\n", canonical.display())
    );
}

fn ping_idl() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("idl/ping.thrift")
}

#[test]
fn rustfmt_true_with_rustfmt_missing_is_an_error_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let missing = Rustfmt::new(tmp.path().join("no-rustfmt-here"));

    let error = Builder::new()
        .out_dir(&out)
        .rustfmt(true)
        .compile_reporting_to(&[ping_idl()], &mut Vec::new(), &missing)
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("Builder::rustfmt(true): could not run `"),
        "{error}"
    );
    assert!(error.contains("rustup component add rustfmt"), "{error}");
    assert!(!out.exists());
}

#[test]
fn rustfmt_is_not_run_unless_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let missing = Rustfmt::new(tmp.path().join("no-rustfmt-here"));

    Builder::new()
        .out_dir(&out)
        .compile_reporting_to(&[ping_idl()], &mut Vec::new(), &missing)
        .unwrap();
    assert!(out.join("ping.rs").is_file());
}
