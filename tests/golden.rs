//! Golden tests: each `tests/golden/<case>/input.thrift` is compiled and the
//! generated files are compared with `tests/golden/<case>/expected/`.
//!
//! Regenerate the expected files (and drop stale ones) with
//! `THRIFTGEN_BLESS=1 cargo test --test golden`, then review the diff.

#[path = "support/diff.rs"]
mod diff;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use thriftgen::{CodegenOptions, DefaultFields, GeneratedFile, Options};

const BLESS_COMMAND: &str = "THRIFTGEN_BLESS=1 cargo test --test golden";

/// One `#[test]` per case, so each shows up on its own report line.
macro_rules! golden_cases {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                check_case(stringify!($case));
            }
        )*
        const CASES: &[&str] = &[$(stringify!($case)),*];
    };
}

golden_cases!(
    ping,
    constants,
    typedefs,
    enums,
    structs,
    recursive,
    services,
    keywords,
    includes,
    presence,
    async_services,
    pooled_services,
    types_only,
);

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn blessing() -> bool {
    std::env::var_os("THRIFTGEN_BLESS").is_some_and(|v| v != "0" && !v.is_empty())
}

#[test]
fn every_case_directory_is_listed() {
    let mut on_disk: Vec<String> = fs::read_dir(golden_dir())
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().join("input.thrift").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "add new case directories to golden_cases!");
}

fn check_case(case: &str) {
    let dir = golden_dir().join(case);
    let compilation = thriftgen::compile(&Options {
        inputs: vec![dir.join("input.thrift")],
        include_dirs: vec![dir.clone()],
        codegen: codegen_options(&dir),
        ..Options::default()
    });
    assert!(
        !compilation.has_errors(),
        "golden case `{case}` does not compile:\n{}",
        compilation.render_diagnostics(false)
    );
    let Some(files) = compilation.files else {
        panic!("golden case `{case}`: no errors, but no files were generated");
    };
    for file in &files {
        if let Err(e) = syn::parse_file(&file.contents) {
            panic!(
                "golden case `{case}`: {} is not valid Rust: {e}\n{}",
                file.name, file.contents
            );
        }
    }
    let expected_dir = dir.join("expected");
    if blessing() {
        bless(&expected_dir, &files);
        return;
    }
    let mismatches = compare(&expected_dir, &files);
    assert!(
        mismatches.is_empty(),
        "golden case `{case}` differs from {}:\n\n{}\n\nIf the new output is right, bless it: {BLESS_COMMAND}",
        expected_dir.display(),
        mismatches.join("\n")
    );
}

/// The case's generator options: its `options` file (`key = value`
/// lines), or the defaults.
fn codegen_options(dir: &Path) -> CodegenOptions {
    let mut options = CodegenOptions::default();
    let Ok(text) = fs::read_to_string(dir.join("options")) else {
        return options;
    };
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        match line.split_once('=').map(|(k, v)| (k.trim(), v.trim())) {
            Some(("default_fields", "optional")) => {
                options.default_fields = DefaultFields::Optional;
            }
            Some(("default_fields", "filled")) => options.default_fields = DefaultFields::Filled,
            Some(("async", "true")) => options.generate_async = true,
            Some(("pooled", "true")) => options.generate_pooled = true,
            Some(("types_only", "true")) => options.types_only = true,
            _ => panic!("{}: unknown option line {line:?}", dir.display()),
        }
    }
    options
}

/// The expected `.rs` files, by name relative to `dir`.
fn read_expected(dir: &Path) -> BTreeMap<String, String> {
    let Ok(entries) = fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    entries
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect()
}

fn compare(expected_dir: &Path, files: &[GeneratedFile]) -> Vec<String> {
    let mut expected = read_expected(expected_dir);
    let mut mismatches = Vec::new();
    for file in files {
        match expected.remove(&file.name) {
            None => mismatches.push(format!("{}: generated, but not expected", file.name)),
            Some(text) => {
                if let Some(diff) = diff::first_difference(&text, &file.contents) {
                    mismatches.push(format!("{}: differs\n{diff}", file.name));
                }
            }
        }
    }
    for name in expected.keys() {
        mismatches.push(format!("{name}: expected, but not generated"));
    }
    mismatches
}

fn bless(expected_dir: &Path, files: &[GeneratedFile]) {
    fs::create_dir_all(expected_dir).unwrap();
    for stale in read_expected(expected_dir).keys() {
        if !files.iter().any(|file| &file.name == stale) {
            fs::remove_file(expected_dir.join(stale)).unwrap();
        }
    }
    for file in files {
        let path = expected_dir.join(&file.name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, &file.contents).unwrap();
    }
}

#[test]
fn diff_shows_the_changed_lines_with_context() {
    let expected = "a\nb\nc\nd\ne\nf\ng\n";
    let actual = "a\nb\nc\nD\ne\nf\ng\n";
    let diff = diff::first_difference(expected, actual).unwrap();
    assert_eq!(
        diff,
        "@@ expected line 4, actual line 4 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n"
    );
}

#[test]
fn diff_handles_insertions_and_equal_texts() {
    assert_eq!(diff::first_difference("x\n", "x\n"), None);
    let diff = diff::first_difference("a\nz\n", "a\nb\nz\n").unwrap();
    assert_eq!(diff, "@@ expected line 2, actual line 2 @@\n a\n+b\n z\n");
    let newline_only = diff::first_difference("a\n", "a").unwrap();
    assert!(
        newline_only.contains("line endings differ"),
        "{newline_only}"
    );
}
